"""Accessibility lint: inaccessible content is refused with ``file: json.path: message``."""

from __future__ import annotations

import pytest

from helpers import minimal_pages, parse
from microsite import create_app
from microsite.content.lint import _headings
from microsite.content.loading import display_name, load_site
from microsite.problems import ContentError


def problems_with(make_content, *blocks) -> list[str]:
    pages = minimal_pages()
    pages["child"]["blocks"] = list(blocks)
    folder = make_content(pages)
    with pytest.raises(ContentError) as caught:
        load_site(folder)
    prefix = display_name(folder / "child.json") + ": "
    return [str(problem).removeprefix(prefix) for problem in caught.value.problems]


def rich(html: str) -> dict:
    return {"type": "rich_text", "html": html}


def test_accessible_content_passes(make_content):
    pages = minimal_pages()
    pages["child"]["blocks"] = [
        {"type": "heading", "text": "Section", "level": 2},
        {"type": "heading", "text": "Part", "level": 3},
        rich('<p>See <a href="https://www.nhs.uk/">the NHS website</a>.</p>'),
        {"type": "image", "src": "/static/chart.png", "alt": "Cases fell from 10 to 4"},
    ]
    load_site(make_content(pages))


def test_alt_text_repeating_the_file_name(make_content):
    image = {"type": "image", "src": "/static/images/chart-2024.png", "alt": "chart-2024.png"}
    assert problems_with(make_content, image) == [
        "$.blocks[0].alt: alt text repeats the file name; describe the image"
    ]


def test_skipped_heading_level(make_content):
    blocks = [
        {"type": "heading", "text": "A", "level": 2},
        {"type": "heading", "text": "B", "level": 4},
    ]
    assert problems_with(make_content, *blocks) == [
        "$.blocks[1].level: heading 'B' is h4 but follows an h2: levels must not skip (use h3)"
    ]


def test_first_heading_must_be_h2(make_content):
    assert problems_with(make_content, {"type": "heading", "text": "A", "level": 3}) == [
        "$.blocks[0].level: heading 'A' is h3 but follows an h1: levels must not skip (use h2)"
    ]


def test_cards_without_a_heading_need_an_h2_before_them(make_content):
    cards = {
        "type": "card_group",
        "cards": [{"title": "T", "summary": "S", "link": {"text": "T", "page": "home"}}],
    }
    assert problems_with(make_content, cards) == [
        "$.blocks[0].heading: card titles are h3 but this group follows an h1: "
        "give it a heading, or put an h2 heading block before it"
    ]


def test_heading_inside_rich_text_is_a_second_h1(make_content):
    assert problems_with(make_content, rich("<h1>Another title</h1>")) == [
        "$.blocks[0].html: <h1> inside rich text breaks the page outline; use a heading block"
    ]


@pytest.mark.parametrize("text", ["Click here", "here", "Read more", "https://www.nhs.uk/"])
def test_vague_link_text_in_rich_text(make_content, text):
    [problem] = problems_with(
        make_content, rich(f'<p><a href="https://www.nhs.uk/">{text}</a></p>')
    )
    assert problem.startswith(f"$.blocks[0].html: link text {text!r}")


def test_vague_link_text_in_a_link_field(make_content):
    block = {"type": "related_links", "links": [{"text": "Read more", "page": "home"}]}
    assert problems_with(make_content, block) == [
        "$.blocks[0].links[0].text: link text 'Read more' says nothing out of context; "
        "name the destination"
    ]


def test_same_text_for_different_destinations(make_content):
    block = {"type": "related_links", "links": [
        {"text": "Cancer", "page": "home"}, {"text": "Cancer", "url": "https://www.nhs.uk/"},
    ]}  # fmt: skip
    assert problems_with(make_content, block) == [
        "$.blocks[0].links[1].text: link text 'Cancer' also leads to page:home at "
        "$.blocks[0].links[0].text; the same text must not go to different places"
    ]


def test_table_needs_headers_and_caption(make_content):
    assert problems_with(make_content, rich("<table><tr><td>1</td></tr></table>")) == [
        "$.blocks[0].html: a table needs header cells (<th>)",
        "$.blocks[0].html: a table needs a <caption>",
    ]


def test_presentational_markup(make_content):
    html = '<p><b>Bold</b> <i>it</i> <span style="color:red">red</span></p>'
    assert problems_with(make_content, rich(html)) == [
        "$.blocks[0].html: <b> conveys meaning only visually; use <strong>",
        "$.blocks[0].html: <i> conveys meaning only visually; use <em>",
        "$.blocks[0].html: colour must not carry meaning (and is removed); use words or <strong>",
    ]


def test_new_window_without_warning(make_content):
    html = '<p><a href="https://www.nhs.uk/" target="_blank">NHS website</a></p>'
    assert problems_with(make_content, rich(html)) == [
        "$.blocks[0].html: link 'NHS website' opens a new window without saying so; "
        "links here open in the same window, so remove target"
    ]


def test_list_items_are_linted(make_content):
    block = {"type": "list", "items": ["<b>Bold</b>"]}
    assert problems_with(make_content, block) == [
        "$.blocks[0].items[0]: <b> conveys meaning only visually; use <strong>"
    ]


def test_a_transcript_needs_lines(make_content):
    source = {"title": "T", "publisher": "P", "url": "https://example.org/t",
              "accessed": "2026-01-01"}  # fmt: skip
    video = {"type": "video", "transcript": {"source": source, "lines": []}}
    assert problems_with(make_content, video) == [
        "$.blocks[0].transcript.lines: needs at least 1 item"
    ]


# --- The lint's outline is the outline templates render ---------------------------------

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


def collapse(levels: list[int]) -> list[int]:
    """Heading levels with repeats merged: what heading-order rules depend on."""
    return [level for i, level in enumerate(levels) if i == 0 or levels[i - 1] != level]


def rendered_levels(html: str) -> list[int]:
    """Levels of the headings in the page body: the column holding the h1 (not the
    section menu or the review dates, which the page adds after its content)."""
    main = parse(html).find(".//main")
    column = next(el for el in main.iter() if any(child.tag == "h1" for child in el))
    return [int(el.tag[1]) for el in column.iter() if el.tag in HEADINGS]


def linted_levels(page) -> list[int]:
    return [level for _where, level, _text in _headings(page.blocks)]


EVERY_HEADING_BLOCK = [
    {"type": "heading", "text": "Start", "level": 2},
    {"type": "card_group", "cards": [
        {"title": "C1", "summary": "S", "link": {"text": "Home", "page": "home"}},
        {"title": "C2", "summary": "S", "link": {"text": "Story", "page": "story"}}]},
    {"type": "heading", "text": "Section", "level": 2},
    {"type": "heading", "text": "Part", "level": 3},
    {"type": "card_group", "heading": "Cards", "cards": [
        {"title": "C3", "summary": "S", "link": {"text": "Child", "page": "child"}}]},
    {"type": "notice", "heading": "Notice", "html": "<p>Note.</p>"},
    {"type": "news_list", "heading": "Latest news", "limit": 2},
    {"type": "heading", "text": "Deep", "level": 4},
    {"type": "news_list", "limit": 1},
    {"type": "related_links", "links": [{"text": "NHS website", "url": "https://www.nhs.uk/"}]},
    {"type": "related_links", "heading": "More", "links": [{"text": "Hub", "page": "home"}]},
    {"type": "video", "title": "Video", "summary": "S", "duration_seconds": 60,
     "watch_url": "https://www.youtube.com/watch?v=abcdefghijk", "watch_text": "Watch the video",
     "transcript": {"source": {"title": "T", "publisher": "P", "url": "https://example.org/t",
                               "accessed": "2026-01-01"},
                    "lines": [{"text": "<p>Words.</p>"}]}},
    {"type": "video"},
    {"type": "inset", "html": "<p>Aside.</p>"},
    {"type": "list", "items": ["One"]},
]  # fmt: skip


def test_the_lint_sees_the_headings_every_block_renders(make_content):
    pages = minimal_pages()
    pages["child"]["blocks"] = EVERY_HEADING_BLOCK
    pages["story"] = {"slug": "story", "title": "Story", "summary": "A story.", "parent": "home",
                      "template": "article", "published": "2024-01-01",
                      "reviewed": "2024-01-01", "next_review": "2025-01-01"}  # fmt: skip
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(pages)), "LOCALES": ["en"]})
    page = app.extensions["microsite.store"].current().site.pages["child"]
    html = app.test_client().get("/en/child/").get_data(as_text=True)
    assert collapse(linted_levels(page)) == collapse(rendered_levels(html))


def test_the_lint_sees_the_headings_of_every_real_page(app, client):
    site = app.extensions["microsite.store"].current().site
    for slug, page in site.pages.items():
        path = "/en/" if slug == "home" else f"/en/{slug}/"
        rendered = rendered_levels(client.get(path).get_data(as_text=True))
        assert collapse(linted_levels(page)) == collapse(rendered), slug
