"""Provenance, drafts and honest videos: what the site tells visitors can be traced.

Every page shows when it was last reviewed, when it is next due and the sources
its facts come from; a draft says it is not approved and stays out of search
engines, the sitemap and the feed; a video page never shows a guessed length, a
channel link dressed as the video, or a "transcript" nobody transcribed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from helpers import minimal_pages, parse, real_site, text_of
from microsite import create_app
from microsite.content.loading import display_name, load_site
from microsite.problems import ContentError

SOURCE = {"title": "A report", "publisher": "NHS England", "url": "https://www.england.nhs.uk/r/",
          "accessed": "2026-11-27"}  # fmt: skip
NOINDEX = '<meta name="robots" content="noindex">'


def problems(make_content, pages) -> list[str]:
    folder = make_content(pages)
    with pytest.raises(ContentError) as caught:
        load_site(folder)
    prefix = display_name(folder / "child.json") + ": "
    return [str(problem).removeprefix(prefix) for problem in caught.value.problems]


def app_on(make_content, tmp_path, pages):
    config = {"TESTING": True, "CONTENT_DIR": str(make_content(pages)),
              "TRANSLATIONS_DIR": str(tmp_path), "LOCALES": ["en"]}  # fmt: skip
    return create_app(config)


# --- Schema -----------------------------------------------------------------------


def test_review_dates_are_required(make_content):
    pages = minimal_pages()
    del pages["child"]["reviewed"], pages["child"]["next_review"]
    assert problems(make_content, pages) == [
        "$.reviewed: required field is missing",
        "$.next_review: required field is missing",
    ]


def test_next_review_must_follow_the_review(make_content):
    pages = minimal_pages()
    pages["child"]["next_review"] = pages["child"]["reviewed"]
    assert problems(make_content, pages) == ["$: 'next_review' must be later than 'reviewed'"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"url": "not a url"}, "$.sources[0].url: must be a full web address"),
        ({"publisher": ""}, "$.sources[0].publisher: must not be empty"),
        ({"published": "2027-01-01"}, "$.sources[0]: 'published' is later than 'accessed'"),
    ],
)
def test_sources_are_validated(make_content, change, expected):
    pages = minimal_pages()
    pages["child"]["sources"] = [SOURCE | change]
    assert [p.split(",")[0] for p in problems(make_content, pages)] == [expected.split(",")[0]]


@pytest.mark.parametrize(
    ("video", "message"),
    [
        ({"watch_url": "https://www.youtube.com/@NHSEngland", "watch_text": "Watch"},
         "'watch_url' is a channel or home page, not the video itself"),
        ({"watch_url": "https://www.youtube.com/watch?v=abc"},
         "'watch_url' and 'watch_text' go together"),
        ({"watch_url": "https://www.youtube.com/watch?v=short", "watch_text": "Watch"},
         "'watch_url' is on YouTube but names no video"),
        ({"transcript": [{"text": "<p>Hi</p>"}]}, "transcript: must be an object"),
        ({"transcript": {"lines": [{"text": "<p>Hi</p>"}]}}, "required field is missing"),
    ],
)  # fmt: skip
def test_video_facts_cannot_be_guessed(make_content, video, message):
    pages = minimal_pages()
    pages["child"]["blocks"] = [{"type": "video"} | video]
    assert any(message in problem for problem in problems(make_content, pages))


# --- Every real page --------------------------------------------------------------


@pytest.mark.parametrize("slug", list(real_site().pages))
def test_every_page_shows_review_dates_and_its_sources(client, slug):
    page = real_site().pages[slug]
    path = "/en/" if slug == "home" else f"/en/{slug}/"
    tree = parse(client.get(path))
    text = text_of(tree.find(".//main"))
    assert f"Page last reviewed: {page.reviewed.day} " in text
    assert f"Next review due: {page.next_review.day} " in text
    hrefs = {a.get("href") for a in tree.iter("a")}
    for source in page.sources:
        assert str(source.url) in hrefs, f"{slug}: source {source.title!r} is not listed"


@pytest.mark.parametrize("slug", [s for s, p in real_site().pages.items() if p.template == "video"])
def test_a_video_page_offers_its_video_or_says_once_that_it_cannot(client, slug):
    tree = parse(client.get(f"/en/{slug}/"))
    main = tree.find(".//main")
    text = text_of(main)
    videos = [block for block in real_site().pages[slug].blocks if block.type == "video"]
    missing = [block for block in videos if block.watch_url is None]
    assert text.count("The video is not available on this site.") == len(missing), text
    regions = main.findall(".//section[@class='microsite-video']")
    assert len(regions) == len(videos) - len(missing), "a region without a video to offer"
    hrefs = {a.get("href") for a in tree.iter("a")}
    for block in videos:
        if block.watch_url:
            assert str(block.watch_url) in hrefs
        if block.transcript:
            assert str(block.transcript.source.url) in hrefs
    for placeholder in ["not available yet", "length of this video is not available",
                        "No transcript is available"]:  # fmt: skip
        assert placeholder not in text, f"{slug}: {placeholder!r}"
    assert "youtube.com/@" not in ET.tostring(main, encoding="unicode")


@pytest.mark.parametrize(("video", "promised"), [
    ({}, False),
    ({"watch_url": "https://www.youtube.com/watch?v=abcdefghijk", "watch_text": "Watch"}, True),
])  # fmt: skip
def test_a_hub_card_never_promises_a_video_the_page_cannot_play(
    make_content, tmp_path, video, promised
):
    pages = minimal_pages()
    pages["child"] |= {"template": "video", "blocks": [{"type": "video"} | video]}
    card = {
        "title": "A film",
        "summary": "<p>Watch it.</p>",
        "link": {"text": "Film", "page": "child"},
    }
    pages["home"]["blocks"].append({"type": "card_group", "heading": "Videos", "cards": [card]})
    hub = app_on(make_content, tmp_path, pages).test_client().get("/en/").get_data(as_text=True)
    card_text = text_of(
        parse(hub).find(".//li[@class='nhsuk-grid-column-one-third nhsuk-card-group__item']")
    )
    assert ("The video is not available on this site." in card_text) is not promised, card_text


def test_no_page_carries_a_placeholder(client):
    for slug in real_site().pages:
        text = text_of(parse(client.get(f"/en/{slug}/" if slug != "home" else "/en/").data))
        for marker in ["placeholder", "TBC", "lorem ipsum", "to be confirmed", "written account"]:
            assert marker.lower() not in text.lower(), f"{slug}: {marker!r}"


# --- Drafts -----------------------------------------------------------------------


def draft_site(make_content, tmp_path):
    pages = minimal_pages()
    pages["child"]["draft"] = True
    for slug, draft in [("approved-news", False), ("draft-news", True)]:
        pages[slug] = dict(pages["child"], slug=slug, title=slug, template="article",
                           published="2026-01-01", draft=draft)  # fmt: skip
    return app_on(make_content, tmp_path, pages).test_client()


def test_a_draft_says_who_wrote_it_and_that_it_is_unchecked_and_is_noindex(make_content, tmp_path):
    client = draft_site(make_content, tmp_path)
    html = client.get("/en/child/").get_data(as_text=True)
    assert NOINDEX in html
    main = text_of(parse(html).find(".//main"))
    assert "Written by the site team; not yet checked by NHS England’s cancer programme" in main
    assert "Not yet checked by NHS England" in text_of(parse(html).find(".//h1"))
    approved = client.get("/en/approved-news/").get_data(as_text=True)
    assert NOINDEX not in approved and "not yet checked" not in approved.lower()


def test_drafts_are_left_out_of_sitemap_and_feed(make_content, tmp_path):
    client = draft_site(make_content, tmp_path)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)
    locs = {urlsplit(loc.text).path for loc in sitemap.findall("s:url/s:loc", ns)}
    assert locs == {"/en/", "/en/approved-news/"}
    feed = ET.fromstring(client.get("/en/news/feed.xml").data)
    links = [urlsplit(e.find("a:link", ns).get("href")).path for e in feed.findall("a:entry", ns)]
    assert links == ["/en/approved-news/"]


# --- Section order ----------------------------------------------------------------


def test_section_order_follows_the_hubs_cards(make_content, tmp_path):
    pages = minimal_pages()
    for slug in ["alpha", "beta", "gamma"]:
        pages[slug] = dict(pages["child"], slug=slug, title=slug.title(), section="s")
    card = lambda slug: {"title": slug, "summary": "<p>S</p>", "link": {"text": slug, "page": slug}}  # noqa: E731
    pages["home"]["blocks"].append(
        {"type": "card_group", "heading": "Topics", "cards": [card("gamma"), card("alpha")]}
    )
    site = load_site(make_content(pages))
    assert [page.slug for page in site.section("alpha")] == ["gamma", "alpha", "beta"]


def test_real_sections_follow_the_hubs_cards():
    """Every page on a hub card: its section lists the carded pages in the cards' order
    (whatever the pages are called, so renaming one moves nothing here)."""
    site = real_site()
    hub = [c.link.page for b in site.home.blocks if b.type == "card_group" for c in b.cards]
    assert hub, "the real hub has no cards: nothing to check"
    for slug in hub:
        section = [page.slug for page in site.section(slug)]
        assert section == [s for s in hub if s in section], slug
