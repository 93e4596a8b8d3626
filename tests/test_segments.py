"""Content segments: what translators get, and how translations come back in."""

from __future__ import annotations

import io
import json

from markupsafe import escape

from helpers import minimal_pages
from microsite.models import Page
from microsite.segments import Localizer, extract_content, page_segments, rich_pieces


def page_with(*blocks) -> Page:
    data = minimal_pages()["child"]
    return Page.model_validate(dict(data, blocks=list(blocks)))


def test_rich_text_splits_into_one_segment_per_paragraph_and_item():
    html = "<p>One <strong>two</strong>.</p><ul><li>Three</li><li>Four</li></ul>"
    assert rich_pieces(html) == ["One <strong>two</strong>.", "Three", "Four"]


def test_inline_rich_text_is_one_segment():
    assert rich_pieces("Just <em>text</em>") == ["Just <em>text</em>"]


def test_segments_carry_slug_and_field_as_context():
    page = page_with(
        {"type": "heading", "text": "Why"},
        {"type": "card_group", "cards": [
            {"title": "Card", "summary": "<p>Sum</p>", "link": {"text": "Go", "page": "home"}},
        ]},
    )  # fmt: skip
    assert [(s.context, s.text) for s in page_segments(page)] == [
        ("child: title", "Child page"),
        ("child: summary", "A child."),
        ("child: heading.text", "Why"),
        ("child: card_group.cards.title", "Card"),
        ("child: card_group.cards.summary", "Sum"),
        ("child: card_group.cards.link.text", "Go"),
    ]


def test_every_translatable_block_field_is_a_segment():
    page = page_with(
        {"type": "image", "src": "/static/a.png", "alt": "A chart", "caption": "Cap"},
        {"type": "video", "title": "V", "summary": "S", "duration_seconds": 5,
         "watch_url": "https://www.youtube.com/@NHSEngland", "watch_text": "Watch",
         "transcript": [{"speaker": "Ann", "text": "<p>Hello.</p>"}]},
    )  # fmt: skip
    fields = [segment.field for segment in page_segments(page)][2:]
    assert fields == [
        "image.alt", "image.caption", "video.title", "video.summary", "video.watch_text",
        "video.transcript.speaker", "video.transcript.text",
    ]  # fmt: skip


def test_translation_replaces_text_and_is_sanitized():
    page = page_with({"type": "rich_text", "html": "<p>Hello</p>"})
    translations = {
        ("child: rich_text.html", "Hello"): 'Helo<script>x()</script><b onclick="y">!</b>'
    }
    localizer = Localizer(lambda c, m: translations.get((c, m), m), "en", rtl=False)
    html = localizer.page(page)["blocks"][0]["html"]
    assert html == "<p>Helox()!</p>"
    assert localizer.fallbacks == 0


def test_missing_translation_is_marked_with_the_source_language():
    page = page_with({"type": "rich_text", "html": "<p>Hello</p>"})
    localizer = Localizer(lambda c, m: None, "en", rtl=True)
    view = localizer.page(page)
    assert view["blocks"][0]["html"] == '<p lang="en" dir="ltr">Hello</p>'
    assert str(escape(view["title"])) == '<span lang="en" dir="ltr">Child page</span>'
    assert str(view["title"]) == "Child page"
    assert localizer.fallbacks == 3  # title, summary, paragraph


def test_plain_translations_are_escaped_in_html():
    page = page_with()
    localizer = Localizer(lambda c, m: "<img src=x onerror=alert(1)>", "en", rtl=False)
    assert str(escape(localizer.page(page)["title"])) == "&lt;img src=x onerror=alert(1)&gt;"


def test_extractor_yields_pgettext_messages_with_comments():
    data = dict(minimal_pages()["child"], blocks=[{"type": "list", "items": ["A", "B"]}])
    raw = json.dumps(data, indent=2).encode()
    messages = list(extract_content(io.BytesIO(raw), [], [], {}))
    assert [m[2] for m in messages] == [
        ("child: title", "Child page"),
        ("child: summary", "A child."),
        ("child: list.items", "A"),
        ("child: list.items", "B"),
    ]
    assert all(m[1] == "pgettext" for m in messages)
    assert messages[0][3] == ['Page "Child page" (child), field title']
    lines = raw.decode().splitlines()
    assert messages[2][0] == 1 + next(i for i, line in enumerate(lines) if line.strip() == '"A",')
