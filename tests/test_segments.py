"""Content segments: what translators get, and how translations come back in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from helpers import minimal_pages, parse_fragment, xss_vectors
from microsite.content.models import Page
from microsite.content.sanitize import clean, removals
from microsite.content.segments import Localizer, page_segments, rich_pieces


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
         "watch_url": "https://www.youtube.com/watch?v=abcdefghijk", "watch_text": "Watch",
         "transcript": {"source": {"title": "T", "publisher": "P", "url": "https://example.org/t",
                                   "accessed": "2026-01-01"},
                        "lines": [{"speaker": "Ann", "text": "<p>Hello.</p>"}]}},
    )  # fmt: skip
    fields = [segment.field for segment in page_segments(page)][2:]
    assert fields == [
        "image.alt", "image.caption", "video.title", "video.summary", "video.watch_text",
        "video.transcript.lines.speaker", "video.transcript.lines.text",
    ]  # fmt: skip


def test_a_source_note_is_a_segment_and_its_title_and_publisher_are_not():
    """The note says, in the site's words, what the page took from a source: visitors
    read it, so translators get it. Titles and publishers stay as published."""
    source = {"title": "A report", "publisher": "NHS England", "url": "https://example.org/r",
              "accessed": "2026-01-01", "note": "how many people were screened"}  # fmt: skip
    page = Page.model_validate(dict(minimal_pages()["child"], sources=[source]))
    found = {(segment.field, segment.text) for segment in page_segments(page)}
    assert ("sources.note", "how many people were screened") in found
    assert not {text for _, text in found} & {"A report", "NHS England"}


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


# --- Segmenting on a parse tree -----------------------------------------------------


def test_nested_lists_are_one_segment_per_item():
    html = clean("<ul><li>Outer<ul><li>Inner <em>deep</em></li></ul></li><li>Last</li></ul>")
    assert rich_pieces(html) == ["Outer", "Inner <em>deep</em>", "Last"]


def test_nested_lists_translate_without_stray_tags():
    html = clean("<ul><li>Outer<ul><li>Inner</li></ul></li></ul>")
    words = {"Outer": "Allanol", "Inner": "Mewnol"}
    localizer = Localizer(lambda context, text: words.get(text), "en", rtl=False)
    assert localizer.rich("x", html) == "<ul><li>Allanol<ul><li>Mewnol</li></ul></li></ul>"
    assert localizer.fallbacks == 0


def test_untranslated_run_beside_a_nested_list_is_marked_alone():
    html = clean("<ul><li>Outer<ul><li>Inner</li></ul></li></ul>")
    localizer = Localizer(lambda context, text: "Mewnol" if text == "Inner" else None, "en", True)
    assert localizer.rich("x", html) == (
        '<ul><li><span lang="en" dir="ltr">Outer</span><ul><li>Mewnol</li></ul></li></ul>'
    )
    assert localizer.fallbacks == 1


def test_a_quoted_angle_bracket_in_an_attribute_cannot_open_the_tag():
    html = clean(
        "<table><caption>C</caption><tr><th>H</th></tr><tr>"
        '<td colspan="1>x"> tabindex=0 autofocus onfocus=alert(1) x</td></tr></table>'
    )
    for lookup in (lambda c, t: t, lambda c, t: None, lambda c, t: f"<em>{t}</em>"):
        out = Localizer(lookup, "en", rtl=True).rich("x", html)
        cells = [e for e in parse_fragment(out).iter("td")]
        assert [sorted(cell.attrib) for cell in cells] in (
            [["colspan"]],
            [["colspan", "dir", "lang"]],
        )
        assert "onfocus" not in out.replace("onfocus=alert(1)", ""), out
        assert removals(out) == [], out


def test_extraction_yields_exactly_the_runs_the_renderer_looks_up():
    html = clean(
        "<p>One</p>Loose <strong>text</strong><ul><li>Two<ol><li>Three</li></ol></li></ul>"
    )
    asked: list[str] = []
    Localizer(lambda context, text: asked.append(text), "en", rtl=False).rich("x", html)
    assert asked == rich_pieces(html) == ["One", "Loose <strong>text</strong>", "Two", "Three"]


VECTORS = xss_vectors()
HTMLISH = st.text(alphabet=st.sampled_from(list("<>/=\"' abdehilnoprstux:&#;()")), max_size=80)
TAGGED = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<ul>",
            "<li>",
            "</li>",
            "</ul>",
            "<ol>",
            "<table>",
            "<tr>",
            "<td colspan='1>x'>",
            "<th>",
            "</td>",
            "<caption>",
            "<a href='page:x'>",
            "</a>",
            "<em>",
            "</em>",
            "<br>",
            "<blockquote>",
            "<span lang=cy>",
            "text",
            " ",
            "a>b",
            "<abbr title='x lang=\"'>",
        ]
    ),  # fmt: skip
    max_size=14,
).map("".join)
TRANSLATIONS = st.sampled_from([None, "same", "Cyfieithiad", *VECTORS[:40]])


@settings(max_examples=300, deadline=None)
@given(source=TAGGED | HTMLISH | st.sampled_from(VECTORS), translation=TRANSLATIONS,
       rtl=st.booleans())  # fmt: skip
def test_localized_rich_text_holds_only_what_the_allowlist_allows(source, translation, rtl):
    html = clean(source)
    asked: list[str] = []

    def lookup(context: str, text: str) -> str | None:
        asked.append(text)
        return text if translation == "same" else translation

    out = Localizer(lookup, "en", rtl).rich("x", html)
    assert removals(out) == [], (source, translation, out)
    assert asked == rich_pieces(html)


@pytest.mark.parametrize("vector", VECTORS)
def test_every_corpus_vector_localizes_to_allowed_markup(vector):
    html = clean(vector)
    for lookup in (lambda c, t: t, lambda c, t: None, lambda c, t: vector):
        assert removals(Localizer(lookup, "en", rtl=True).rich("x", html)) == []


def test_a_translated_field_is_cleaned_once_not_on_every_render(monkeypatch):
    import microsite.content.segments

    calls: list[str] = []
    real_clean = microsite.content.segments.clean
    monkeypatch.setattr(
        microsite.content.segments, "clean", lambda h: calls.append(h) or real_clean(h)
    )
    html = clean("<p>Once only</p><ul><li>Item <em>one</em></li></ul>")
    words = {"Once only": "Unwaith yn unig", "Item <em>one</em>": "Eitem <em>un</em> (cached)"}
    localizer = Localizer(lambda context, text: words.get(text), "en", rtl=False)
    first = localizer.rich("cache-test", html)
    assert calls, "the translated field was never cleaned"
    calls.clear()
    assert localizer.rich("cache-test", html) == first
    assert calls == []
