"""What a visitor sees for each review status: missing and stale show marked English,
unreviewed shows the translation with a notice in the page's language, reviewed shows it.
Interface strings without a translation are marked and counted like content."""

from __future__ import annotations

import pytest

from helpers import interface_messages, minimal_pages, parse, raw_text_of
from microsite import create_app
from microsite.translation.provenance import RECORD, digest

NOTICE_EN = "This page was translated by machine and has not yet been checked by a person."
NOTICE_CY = "Cyfieithwyd y dudalen hon gan beiriant."
UNTRANSLATED = "Parts of this page have not been translated yet."


def entry(
    msgid: str, msgstr: str, context: str | None = None, flags: str = "", recorded: bool = False
) -> str:
    """A PO entry; ``recorded`` adds the record of its English, as the site's tools write it."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"# {RECORD} {digest((msgid,))}"] if recorded else []
    lines += [flags] if flags else []
    if context:
        lines.append(f"msgctxt {quote(context)}")
    lines += [f"msgid {quote(msgid)}", f"msgstr {quote(msgstr)}"]
    return "\n".join(lines)


def interface(flags: str = "") -> list[str]:
    translated = {**interface_messages(), NOTICE_EN: NOTICE_CY}
    return [
        entry(msgid, msgstr, flags=flags, recorded="fuzzy" in flags)
        for msgid, msgstr in translated.items()
    ]


CHILD = [
    ("home: title", "Cancer", "Canser"),
    ("home: summary", "The hub.", "Yr hwb."),
    ("home: rich_text.html", "Welcome.", "Croeso."),
    ("child: title", "Child page", "Tudalen plentyn"),
    ("child: summary", "A child.", "Plentyn."),
]


def site(tmp_path, make_content, paragraph: str, ui_flags: str = "") -> object:
    """A Welsh site whose child paragraph ("Child text.") has the given entry."""
    entries = interface(ui_flags) + [entry(m, s, c) for c, m, s in CHILD] + [paragraph]
    po = tmp_path / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
    po.write_text(header + "\n\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content(minimal_pages())),
         "TRANSLATIONS_DIR": str(tmp_path / "translations"), "LOCALES": ["en", "cy"]}
    )  # fmt: skip
    return parse(app.test_client().get("/cy/child/"))


def main_text(tree) -> str:
    return raw_text_of(tree.find(".//main"))


def marked_english(tree) -> list[str]:
    return [raw_text_of(e) for e in tree.find(".//main").iter() if e.get("lang") == "en"]


PARAGRAPH = ("child: rich_text.html", "Child text.")


@pytest.mark.parametrize(
    ("flags", "recorded", "shown", "unreviewed_notice", "english_notice"),
    [
        ("", False, "Testun plentyn.", False, False),  # reviewed
        ("#, fuzzy", True, "Testun plentyn.", True, False),  # unreviewed (machine-made)
        # The same English moved to another block: msgmerge's #| names it, still unreviewed.
        (
            '#, fuzzy\n#| msgctxt "home: rich_text.html"\n#| msgid "Child text."',
            False,
            "Testun plentyn.",
            True,
            False,
        ),
        ('#, fuzzy\n#| msgid "Old child text."', False, "Child text.", False, True),  # stale
        ('#, fuzzy\n#| msgid "Old child text."', True, "Child text.", False, True),  # stale
        # Nothing says which English it was made from: plain msgmerge's guess, or a draft.
        ("#, fuzzy", False, "Child text.", False, True),
    ],
)
def test_each_status_of_a_translated_paragraph(
    tmp_path, make_content, flags, recorded, shown, unreviewed_notice, english_notice
):
    paragraph = entry("Child text.", "Testun plentyn.", PARAGRAPH[0], flags, recorded)
    tree = site(tmp_path, make_content, paragraph)
    text = main_text(tree)
    assert shown in text
    assert (NOTICE_CY in text) is unreviewed_notice
    assert (UNTRANSLATED in text) is english_notice
    assert (marked_english(tree) == ["Child text."]) is english_notice


def test_a_missing_paragraph_shows_marked_english_and_the_notice(tmp_path, make_content):
    tree = site(tmp_path, make_content, entry("Child text.", "", PARAGRAPH[0]))
    assert marked_english(tree) == ["Child text."]
    assert UNTRANSLATED in main_text(tree) and NOTICE_CY not in main_text(tree)


def test_the_machine_translation_notice_links_to_the_english_page(tmp_path, make_content):
    fuzzy = entry("Child text.", "Testun plentyn.", PARAGRAPH[0], "#, fuzzy", recorded=True)
    tree = site(tmp_path, make_content, fuzzy)
    notice = next(p for p in tree.iter("p") if NOTICE_CY in raw_text_of(p))
    [link] = notice.iter("a")
    assert (link.get("href"), link.get("hreflang")) == ("/en/child/", "en")


def test_unreviewed_interface_strings_also_bring_the_notice(tmp_path, make_content):
    tree = site(tmp_path, make_content, entry("Child text.", "Testun.", PARAGRAPH[0]), "#, fuzzy")
    assert NOTICE_CY in main_text(tree)


def test_an_untranslated_interface_string_is_marked_and_counted(tmp_path, make_content):
    """The skip link and the footer's copyright have no Welsh here: shown in English,
    marked lang="en" in text, unmarked in attributes, and announced by the notice."""
    paragraph = entry("Child text.", "Testun plentyn.", PARAGRAPH[0])
    po_entries = [e for e in interface() if '"Skip to main content"' not in e]
    po_entries = [e for e in po_entries if '"© NHS England"' not in e]
    po_entries = [e for e in po_entries if 'msgid "News and blogs"' not in e]
    po = tmp_path / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    body = po_entries + [entry(m, s, c) for c, m, s in CHILD] + [paragraph]
    po.write_text('msgid ""\nmsgstr ""\n\n' + "\n\n".join(body) + "\n", encoding="utf-8")
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content(minimal_pages())),
         "TRANSLATIONS_DIR": str(tmp_path / "translations"), "LOCALES": ["en", "cy"]}
    )  # fmt: skip
    html = app.test_client().get("/cy/child/").get_data(as_text=True)
    assert "\ufdd0" not in html and "\ufdd1" not in html
    tree = parse(html)
    marked = [raw_text_of(e) for e in tree.iter("span") if e.get("lang") == "en"]
    assert "Skip to main content" in marked and "© NHS England" in marked
    assert UNTRANSLATED in main_text(tree)  # the footer comes after the notice
    feed = app.test_client().get("/cy/news/feed.xml").get_data(as_text=True)
    assert "<title>News and blogs - " in feed and "\ufdd0" not in feed  # XML: no marks


def test_a_page_is_rendered_once_when_the_notices_are_already_right(
    tmp_path, make_content, monkeypatch
):
    """Footer strings counted after the notice must not cost a second rendering
    when they change no notice (every Welsh page here is unreviewed)."""
    import microsite.web.i18n

    calls: list[str] = []
    real = microsite.web.i18n.render_template
    monkeypatch.setattr(
        microsite.web.i18n,
        "render_template",
        lambda name, **c: calls.append(name) or real(name, **c),
    )
    fuzzy = entry("Child text.", "Testun plentyn.", PARAGRAPH[0], "#, fuzzy", recorded=True)
    tree = site(tmp_path, make_content, fuzzy, "#, fuzzy")
    assert NOTICE_CY in main_text(tree)
    assert calls == ["pages/page.html"]
