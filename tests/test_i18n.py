"""Languages: locale URLs, lang/dir, the switcher, fallback marking and broken catalogues.

These tests build their own small catalogues, so they check the machinery
whatever state the shipped translations are in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from helpers import interface_messages, minimal_pages, parse, raw_text_of
from microsite import create_app


def build_catalogue(folder: Path, locale: str, messages: dict) -> None:
    """Write ``{msgid or (context, msgid): translation}`` to folder/<locale>/.../messages.po."""
    catalog = Catalog(locale=locale)
    for key, translation in messages.items():
        context, msgid = key if isinstance(key, tuple) else (None, key)
        catalog.add(msgid, translation, context=context)
    target = folder / locale / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture
def make_app(make_content, tmp_path):
    def make(catalogues: dict[str, dict]):
        folder = tmp_path / "translations"
        folder.mkdir(exist_ok=True)
        for locale, messages in catalogues.items():
            build_catalogue(folder, locale, messages)
        return create_app(
            {
                "TESTING": True,
                "CONTENT_DIR": str(make_content(minimal_pages())),
                "TRANSLATIONS_DIR": str(folder),
                "LOCALES": ["en", "cy", "ar"],
            }
        )

    return make


FULL_CY = {
    **interface_messages(),
    ("home: title", "Cancer"): "Canser",
    ("home: summary", "The hub."): "Yr hwb.",
    ("home: rich_text.html", "Welcome."): "Croeso.",
    ("child: title", "Child page"): "Tudalen plentyn",
    ("child: summary", "A child."): "Plentyn.",
    ("child: rich_text.html", "Child text."): "Testun plentyn.",
}


def test_translated_page_has_no_fallback(make_app):
    client = make_app({"cy": FULL_CY}).test_client()
    main = parse(client.get("/cy/child/")).find(".//main")
    assert "Testun plentyn." in raw_text_of(main)
    assert [e for e in main.iter() if e.get("lang")] == []
    assert "have not been translated yet" not in raw_text_of(main)


def test_missing_translation_is_wrapped_in_lang_en_and_announced(make_app):
    partial = {k: v for k, v in FULL_CY.items() if k[1] != "Child text."}
    client = make_app({"cy": partial, "ar": {}}).test_client()
    tree = parse(client.get("/cy/child/"))
    marked = [p for p in tree.iter("p") if p.get("lang") == "en"]
    assert [raw_text_of(p) for p in marked] == ["Child text."]
    assert "Parts of this page have not been translated yet" in raw_text_of(tree)
    rtl = parse(client.get("/ar/child/"))
    assert rtl.get("dir") == "rtl"
    marked = [p for p in rtl.iter("p") if p.get("lang") == "en"]
    assert marked and all(p.get("dir") == "ltr" for p in marked)


def test_a_ui_translation_that_could_not_format_is_refused_at_load(make_content, tmp_path, caplog):
    pages = minimal_pages()
    pages["child"]["reviewed"] = "2024-03-05"
    folder = tmp_path / "translations"
    # A known placeholder, but converted as a number: the date is text.
    build_catalogue(folder, "cy", {"Page last reviewed: %(date)s": "Adolygwyd: %(date)d"})
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(make_content(pages)),
            "TRANSLATIONS_DIR": str(folder),
            "LOCALES": ["en", "cy"],
        }
    )
    response = app.test_client().get("/cy/child/")
    assert response.status_code == 200
    assert "Page last reviewed: 5 Mawrth 2024" in response.get_data(as_text=True)
    assert "placeholder %(date)d must be written %(date)s" in caplog.text


def test_ui_translation_cannot_inject_markup(make_app, caplog):
    evil = {**FULL_CY, "Skip to main content": "<script>alert(1)</script>"}
    client = make_app({"cy": evil}).test_client()
    html = client.get("/cy/").get_data(as_text=True)
    assert "alert(1)" not in html  # refused at load: the English is shown instead
    assert '<span lang="en">Skip to main content</span>' in html
    assert "markup differs from the English" in caplog.text


def test_root_redirects_by_accept_language(make_app):
    client = make_app({"cy": FULL_CY}).test_client()
    response = client.get("/", headers={"Accept-Language": "ar;q=0.5, cy;q=0.9, en;q=0.1"})
    assert response.headers["Location"] == "/cy/"
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"] == "/en/"
    assert client.get("/").headers["Location"] == "/en/"


@pytest.mark.parametrize(("locale", "direction"), [("en", "ltr"), ("cy", "ltr"), ("ar", "rtl")])
def test_lang_and_dir(make_app, locale, direction):
    root = parse(make_app({"cy": FULL_CY}).test_client().get(f"/{locale}/child/"))
    assert (root.get("lang"), root.get("dir")) == (locale, direction)


def test_unknown_locale_is_404(make_app):
    assert make_app({}).test_client().get("/fr/child/").status_code == 404


def test_switcher_and_hreflang_point_to_the_same_page(make_app):
    client = make_app({"cy": FULL_CY, "ar": FULL_CY}).test_client()
    tree = parse(client.get("/cy/child/"))
    nav = tree.find(".//nav[@class='microsite-languages']")
    links = {
        a.get("hreflang"): (a.get("href"), a.get("lang"), raw_text_of(a)) for a in nav.iter("a")
    }
    assert links == {"en": ("/en/child/", "en", "English"), "ar": ("/ar/child/", "ar", "العربية")}
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in tree.iter("link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }
    assert alternates == {
        "en": "http://127.0.0.1:5000/en/child/",
        "cy": "http://127.0.0.1:5000/cy/child/",
        "ar": "http://127.0.0.1:5000/ar/child/",
        "x-default": "http://127.0.0.1:5000/en/child/",
    }


def test_dates_are_formatted_for_the_locale(make_content, tmp_path):
    pages = minimal_pages()
    pages["child"]["reviewed"] = "2024-03-05"
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(make_content(pages)),
            "TRANSLATIONS_DIR": str(tmp_path),
            "LOCALES": ["en", "pl"],
        }
    )
    client = app.test_client()
    assert "5 March 2024" in client.get("/en/child/").get_data(as_text=True)
    assert "5 marca 2024" in client.get("/pl/child/").get_data(as_text=True)


def test_an_untranslated_article_the_page_does_not_list_is_not_announced(make_content, tmp_path):
    pages = minimal_pages()
    pages["story"] = {"slug": "story", "title": "Story", "summary": "A story.", "parent": "home",
                      "template": "article", "published": "2024-01-01",
                      "reviewed": "2024-01-01", "next_review": "2025-01-01"}  # fmt: skip
    pages["home"]["blocks"].append({"type": "news_list", "heading": "News", "limit": 3})
    folder = tmp_path / "translations"
    build_catalogue(folder, "cy", {**FULL_CY, ("home: news_list.heading", "News"): "Newyddion"})
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content(pages)),
         "TRANSLATIONS_DIR": str(folder), "LOCALES": ["en", "cy"]}
    )  # fmt: skip
    client = app.test_client()
    child = raw_text_of(parse(client.get("/cy/child/")).find(".//main"))
    assert "Testun plentyn." in child
    assert "have not been translated yet" not in child  # the story is not on this page
    hub = raw_text_of(parse(client.get("/cy/")))
    assert "Story" in hub and "have not been translated yet" in hub  # listed here, untranslated


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar-EG;q=0.9,en;q=0.8", "/ar/"),
        ("cy-GB,en-GB;q=0.9,en;q=0.8", "/cy/"),
        ("en-GB,cy;q=0.9", "/en/"),
        ("fr-FR,ar;q=0.5", "/ar/"),
        ("*", "/en/"),
    ],
)
def test_accept_language_is_matched_as_rfc_4647_lookup(make_app, header, expected):
    client = make_app({"cy": FULL_CY, "ar": FULL_CY}).test_client()  # both fully translated
    assert client.get("/", headers={"Accept-Language": header}).headers["Location"] == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "en_GB"), ("cy", "cy_GB"), ("ar", "ar_EG")]
)
def test_og_locale_names_language_and_territory(make_app, locale, expected):
    tree = parse(make_app({"cy": FULL_CY}).test_client().get(f"/{locale}/child/"))
    [meta] = [m for m in tree.iter("meta") if m.get("property") == "og:locale"]
    assert meta.get("content") == expected


def test_header_logo_label_and_back_link_are_whole_messages(make_app):
    messages = {
        **FULL_CY,
        "%(organisation)s %(service)s homepage": "Hafan %(organisation)s %(service)s",
        "Back to %(title)s": "Yn ôl i %(title)s (wedi treiglo)",
    }
    tree = parse(make_app({"cy": messages}).test_client().get("/cy/child/"))
    labels = [a.get("aria-label") for a in tree.iter("a") if a.get("aria-label")]
    assert "Hafan NHS England Canser" in labels
    assert not any("homepage" in label for label in labels)
    hidden = [
        raw_text_of(s) for s in tree.iter("span") if "visually-hidden" in (s.get("class") or "")
    ]
    assert "Yn ôl i Canser (wedi treiglo)" in hidden


def test_a_language_below_the_threshold_is_served_but_not_advertised(make_app):
    """Arabic here has only empty entries: its pages work (in marked English), but
    hreflang links and the sitemap offer only the languages translated enough."""
    empty_ar = dict.fromkeys(FULL_CY, "")
    client = make_app({"cy": FULL_CY, "ar": empty_ar}).test_client()
    assert client.get("/ar/child/").status_code == 200
    tree = parse(client.get("/en/child/"))
    hreflangs = {link.get("hreflang") for link in tree.iter("link") if link.get("hreflang")}
    assert hreflangs == {"en", "cy", "x-default"}
    switcher = tree.find(".//nav[@class='microsite-languages']")
    assert "/ar/child/" in [a.get("href") for a in switcher.iter("a")]  # still reachable
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/cy/child/" in sitemap and "/ar/" not in sitemap


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "2 minutes 30 seconds"), ("ar", "دقيقتان و30 ثانية"), ("en", "1 minute")],
)
def test_durations_are_joined_as_each_language_joins_a_list(locale, expected):
    """Arabic needs "و" (and) between the parts, which a space cannot give."""
    from flask import g

    from microsite.web.i18n import format_duration

    app = create_app({"TESTING": True})  # the shipped catalogues
    with app.test_request_context(f"/{locale}/"):
        g.locale = locale
        assert format_duration(60 if expected == "1 minute" else 150) == expected


def test_a_pages_own_back_link_message_lets_a_language_inflect_its_title(make_app):
    messages = {**FULL_CY, ("home: back_link", "Back to Cancer"): "Yn ôl i Ganser"}
    tree = parse(make_app({"cy": messages}).test_client().get("/cy/child/"))
    hidden = [
        raw_text_of(s) for s in tree.iter("span") if "visually-hidden" in (s.get("class") or "")
    ]
    assert "Yn ôl i Ganser" in hidden
