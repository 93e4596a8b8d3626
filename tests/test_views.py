"""Every page through the Flask test client, plus the feeds, redirects and errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from helpers import minimal_pages, own_title, parse, site_locales, site_pages, text_of
from microsite import create_app
from microsite.content.sanitize import EXTERNAL_LINK
from microsite.problems import ContentError
from microsite.web import languages

PAGES = site_pages()
LOCALES = site_locales()


def locale_of(path: str) -> str:
    return path.split("/")[1]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_one_h1_title_lang_and_dir(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    tree = parse(response)
    headings = tree.findall(".//h1")
    assert len(headings) == 1, f"{path} has {len(headings)} h1 elements"
    locale = locale_of(path)
    assert tree.get("lang") == locale
    assert tree.get("dir") == ("rtl" if locale == "ar" else "ltr")
    parts = text_of(tree.find(".//title")).split(" - ")
    assert parts[0] == own_title(headings[0])
    assert len(parts) == (2 if path == f"/{locale}/" else 3), parts


def test_english_titles(client):
    assert text_of(parse(client.get("/en/")).find(".//title")) == "Cancer - NHS England"
    title = text_of(parse(client.get("/en/news/")).find(".//title"))
    assert title == "News and blogs - Cancer - NHS England"


@pytest.mark.parametrize("path", PAGES)
def test_page_has_description_and_open_graph(client, path):
    tree = parse(client.get(path))
    meta = {m.get("name") or m.get("property"): m.get("content") for m in tree.iter("meta")}
    assert meta["description"]
    assert meta["og:title"] and meta["og:description"] == meta["description"]
    assert meta["og:url"].endswith(path)


@pytest.mark.parametrize("path", [PAGES[0], PAGES[-1], "/en/no-such-page/"])
def test_every_page_shares_a_picture_from_this_site_with_its_description(app, client, path):
    """og:image, absolute, on this site (no third-party host), a real PNG, described."""
    tree = parse(client.get(path))
    meta = {m.get("property"): m.get("content") for m in tree.iter("meta") if m.get("property")}
    image = meta["og:image"]
    assert image.startswith(app.config["SITE_URL"].rstrip("/") + "/static/"), image
    picture = client.get(urlsplit(image).path)
    assert picture.status_code == 200 and picture.mimetype == "image/png", image
    assert meta["og:image:alt"] and (meta["og:image:width"], meta["og:image:height"]) == (
        "1200",
        "630",
    )


@pytest.mark.parametrize("path", [p for p in PAGES if p.count("/") > 2])
def test_page_has_breadcrumbs_back_to_the_hub(client, path):
    tree = parse(client.get(path))
    nav = tree.find(".//nav[@class='nhsuk-breadcrumb']")
    assert nav is not None, f"{path} has no breadcrumb"
    hrefs = [a.get("href") for a in nav.iter("a")]
    assert hrefs[:2] == ["https://www.england.nhs.uk/", f"/{locale_of(path)}/"], hrefs


@pytest.mark.parametrize("path", PAGES)
def test_every_internal_link_resolves(client, path):
    tree = parse(client.get(path))
    hrefs = {a.get("href") for a in tree.iter("a")} | {
        link.get("href") for link in tree.iter("link")
    }
    for href in sorted(h for h in hrefs if h and not urlsplit(h).scheme):
        if href.startswith("#"):
            assert tree.find(f".//*[@id='{href[1:]}']") is not None, f"{path}: {href}"
            continue
        target = client.get(href)
        assert target.status_code == 200, f"{path} links to {href}: {target.status_code}"


def test_titles_are_unique_in_each_locale(client):
    titles = [(locale_of(p), text_of(parse(client.get(p)).find(".//title"))) for p in PAGES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("path", PAGES)
def test_switcher_and_hreflang_lead_to_the_same_page(app, client, path):
    tree = parse(client.get(path))
    rest = path.split("/", 2)[2]
    switcher = tree.find(".//nav[@class='microsite-languages']")
    links = {a.get("hreflang"): a for a in switcher.iter("a")}
    others = [code for code in LOCALES if code != locale_of(path)]
    assert sorted(links) == sorted(others)
    for code, link in links.items():
        assert link.get("href") == f"/{code}/{rest}" and link.get("lang") == code
        assert client.get(link.get("href")).status_code == 200
    alternates = {
        link.get("hreflang"): urlsplit(link.get("href")).path
        for link in tree.iter("link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }
    advertised = advertised_in(app)
    expected = {code: f"/{code}/{rest}" for code in advertised} | {"x-default": f"/en/{rest}"}
    assert alternates == (expected if len(advertised) > 1 else {})


def advertised_in(app) -> list[str]:
    """The languages hreflang offers: only those translated enough (languages decides)."""
    with app.test_request_context():
        return languages.advertised_locales()


def test_root_redirects_to_english_hub(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


def test_home_slug_redirects_to_the_hub(client):
    response = client.get("/en/home/")
    assert (response.status_code, response.headers["Location"]) == (301, "/en/")


def news_site(make_content) -> FlaskClient:
    """A news list with an approved article of a known date, one older and one whose date
    no source confirms (``published`` left out)."""
    pages = minimal_pages()
    pages["news"] = {**pages.pop("child"), "slug": "news", "title": "News",
                     "template": "news_index", "role": "news",
                     "blocks": [{"type": "news_list"}]}  # fmt: skip
    article = {"parent": "news", "template": "article", "summary": "About it.",
               "reviewed": "2026-03-01", "next_review": "2027-03-01",
               "blocks": [{"type": "rich_text", "html": "<p>Words.</p>"}]}  # fmt: skip
    pages["dated"] = {**article, "slug": "dated", "title": "Dated", "published": "2025-05-13"}
    pages["older"] = {**article, "slug": "older", "title": "Older", "published": "2021-01-02"}
    pages["undated"] = {**article, "slug": "undated", "title": "Undated"}
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(pages)), "LOCALES": ["en"]})
    return app.test_client()


def test_an_article_shows_its_date_only_when_it_has_one(make_content):
    client = news_site(make_content)
    assert "Published: 13 May 2025" in text_of(parse(client.get("/en/dated/")).find(".//main"))
    undated = parse(client.get("/en/undated/"))
    assert "Published" not in text_of(undated.find(".//main"))
    assert undated.find(".//h1") is not None


def test_the_news_list_puts_an_undated_article_after_every_dated_one(make_content):
    items = parse(news_site(make_content).get("/en/news/")).iter("li")
    listed = [text_of(li) for li in items if "microsite-news-list__item" in li.get("class", "")]
    assert [text.split("Published")[0].split("About")[0].strip() for text in listed] == [
        "Dated", "Older", "Undated"
    ]  # fmt: skip
    assert "Published: 13 May 2025" in listed[0] and "Published" not in listed[2]


def test_the_feed_dates_an_undated_article_by_its_review(make_content):
    root = ET.fromstring(news_site(make_content).get("/en/news/feed.xml").data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = {
        urlsplit(e.find("a:link", ns).get("href")).path: e for e in root.findall("a:entry", ns)
    }
    undated = entries["/en/undated/"]
    assert undated.find("a:published", ns) is None
    assert undated.find("a:updated", ns).text == "2026-03-01T00:00:00Z"
    assert entries["/en/dated/"].find("a:published", ns).text == "2025-05-13T00:00:00Z"
    assert root.find("a:updated", ns).text == "2026-03-01T00:00:00Z"  # the latest entry's


def test_unknown_page_is_an_accessible_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    tree = parse(response)
    assert text_of(tree.find(".//h1")) == "Page not found"
    assert text_of(tree.find(".//title")) == "Page not found - Cancer - NHS England"
    assert tree.find(".//main") is not None and tree.get("lang") == "en"


@pytest.mark.parametrize("path", ["/fr/", "/EN/", "/en/Bad_Slug/", "/en/../etc/passwd", "/x/y/z/"])
def test_bad_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_server_error_page(tmp_path):
    app = create_app({"TESTING": False})

    @app.route("/en/boom/")
    def boom():
        raise RuntimeError("deliberate")

    response = app.test_client().get("/en/boom/")
    assert response.status_code == 500
    assert text_of(parse(response).find(".//h1")) == "Sorry, there is a problem with the service"


def test_sitemap_lists_every_approved_page(app, client):
    root = ET.fromstring(client.get("/sitemap.xml").data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", ns)]
    site = app.extensions["microsite.store"].current().site
    drafts = {slug for slug, page in site.pages.items() if page.draft}
    advertised = advertised_in(app)
    approved = [p for p in PAGES if p.split("/")[2] not in drafts]
    assert sorted(locs) == sorted(p for p in approved if locale_of(p) in advertised)
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for url in root.findall("s:url", ns):
        loc = urlsplit(url.find("s:loc", ns).text).path
        rest = loc.split("/", 2)[2]
        alternates = {
            link.get("hreflang"): urlsplit(link.get("href")).path for link in url.iter(xhtml)
        }
        expected = {code: f"/{code}/{rest}" for code in advertised}
        assert alternates == (
            (expected | {"x-default": f"/en/{rest}"}) if len(advertised) > 1 else {}
        )


def test_robots_points_to_the_sitemap(client):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "User-agent: *" in body and "Sitemap: http://127.0.0.1:5000/sitemap.xml" in body


def test_atom_feed_is_valid_and_lists_only_approved_news(app, client):
    response = client.get("/en/news/feed.xml")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    site = app.extensions["microsite.store"].current().site
    approved = {p.slug for p in site.articles() if not p.draft}
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert sorted(urlsplit(link).path.split("/")[2] for link in links) == sorted(approved)
    assert not root.find("a:updated", ns).text.startswith("2000-")


def test_pages_are_served_from_the_cache():
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/en/news/").headers["X-Cache"] == "miss"
    assert client.get("/en/news/").headers["X-Cache"] == "hit"
    assert client.get("/en/news/?utm=1").headers["X-Cache"] == "hit"


@pytest.mark.parametrize("path", PAGES)
def test_no_markup_leaks_into_attributes(client, path):
    """Localized text renders as markup in content but as bare text in attributes."""
    tree = parse(client.get(path))
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert "<" not in value, f"{path}: <{element.tag} {name}> holds markup: {value!r}"


LANDMARK_ROLES = {"nav": "navigation", "header": "banner", "footer": "contentinfo", "main": "main",
                  "aside": "complementary", "form": "form"}  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_repeated_landmarks_have_names(client, path):
    """Where a page has more than one landmark of a kind, each has an accessible name."""
    tree = parse(client.get(path))
    by_role: dict[str, list] = {}
    for element in tree.iter():
        role = element.get("role") or LANDMARK_ROLES.get(element.tag)
        if element.tag == "section" and (
            element.get("aria-label") or element.get("aria-labelledby")
        ):
            role = role or "region"
        if role in {*LANDMARK_ROLES.values(), "region"}:
            by_role.setdefault(role, []).append(element)
    for role, elements in by_role.items():
        if len(elements) > 1:
            unnamed = [
                e.tag for e in elements if not (e.get("aria-label") or e.get("aria-labelledby"))
            ]
            assert not unnamed, f"{path}: {len(elements)} {role} landmarks, unnamed: {unnamed}"


def test_statement_shows_the_recorded_test_run(tmp_path):
    report = tmp_path / "run.json"
    report.write_text(
        '{"date": "2026-11-20", "standard": "WCAG 2.2 AA", "pages": 44, "locales": ["en", "cy"],'
        ' "tools": [{"name": "axe-core", "version": "9.9.9"}], "checks": {"axe": 45}}'
    )
    client = create_app({"TESTING": True, "ACCESSIBILITY_REPORT": str(report)}).test_client()
    text = text_of(parse(client.get("/en/accessibility-statement/")).find(".//main"))
    assert "The last full test run was on 20 November 2026." in text
    assert "It checked 44 pages against WCAG 2.2 AA. The pages are in 2 languages." in text
    assert "against the accessibility rules a computer can check" in text  # the axe suite
    assert "zoomed to 400%" not in text, "a suite the run did not record is listed"
    assert "9.9.9" not in text, "tool names and versions are for the README, not the public"
    # Counts go through ngettext: Polish needs "strony" after 44, not "stron".
    polish = text_of(parse(client.get("/pl/accessibility-statement/")).find(".//main"))
    assert "Sprawdzono 44 strony pod kątem WCAG 2.2 AA." in polish


def test_statement_without_a_recorded_run(tmp_path):
    app = create_app({"TESTING": True, "ACCESSIBILITY_REPORT": str(tmp_path / "none.json")})
    text = text_of(parse(app.test_client().get("/en/accessibility-statement/")).find(".//main"))
    assert "No full test run has been recorded yet." in text


def test_a_malformed_run_report_is_refused(tmp_path):
    report = tmp_path / "run.json"
    report.write_text('{"date": "yesterday"}')
    with pytest.raises(ContentError) as caught:
        create_app({"TESTING": True, "ACCESSIBILITY_REPORT": str(report)})
    assert str(caught.value.problems[0]).endswith(
        "$.date: must be a date written as YYYY-MM-DD, like 2025-03-31"
    )


def test_every_link_to_another_site_gets_the_same_treatment(client):
    """Content links, link fields and video links all get sanitize.link_treatment."""
    seen = 0
    for path in [p for p in PAGES if p.startswith("/en/")]:
        for anchor in parse(client.get(path)).find(".//main").iter("a"):
            if urlsplit(anchor.get("href", "")).scheme in {"http", "https"}:
                seen += 1
                assert anchor.get("rel") == EXTERNAL_LINK["rel"], (path, anchor.attrib)
                assert anchor.get("class") == EXTERNAL_LINK["class"], (path, anchor.attrib)
                assert anchor.get("target") is None
    assert seen > 3


def test_the_paths_tests_collect_are_the_apps_own(app):
    """Parametrized tests list pages without building an app; the app agrees."""
    from microsite.web.views import page_paths

    assert site_pages() == page_paths(app)
