"""The sanitizer, fed hostile input: nothing executable survives, good markup does."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import parse, parse_fragment, xss_vectors
from microsite.content.sanitize import (
    EXTERNAL_LINK,
    clean,
    internal_links,
    link_treatment,
    resolve_internal_links,
)

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>body{}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    '<p onmouseover="alert(1)">x</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://nhs.uk" target="_blank" onclick="x">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<object data="x.swf"></object><embed src="x.swf">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]


def executable_parts(html: str) -> list[str]:
    """Script elements, event-handler attributes and script URLs in parsed HTML."""
    tree = parse(html)
    found = []
    for element in tree.iter():
        tag = str(element.tag).split("}")[-1]
        if tag in {"script", "style", "iframe", "object", "embed", "base", "meta", "form"}:
            found.append(tag)
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(name)
            normalized = "".join(value.split()).lower()
            if normalized.startswith(("javascript:", "data:", "vbscript:")):
                found.append(value)
    return found


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_executable_survives(hostile):
    assert executable_parts(clean(hostile)) == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_clean_is_idempotent(hostile):
    assert clean(clean(hostile)) == clean(hostile)


def test_allowed_markup_is_kept():
    html = (
        "<p>A <strong>bold</strong> <em>claim</em> "
        '<abbr title="National Health Service">NHS</abbr></p>'
    )
    assert clean(html) == html


def test_external_links_get_the_external_treatment():
    assert clean('<a href="https://www.nhs.uk/" target="_blank">NHS</a>') == (
        '<a href="https://www.nhs.uk/" rel="external noopener noreferrer" '
        'class="microsite-link--external">NHS</a>'
    )


def test_internal_links_are_not_marked_external():
    assert clean('<a href="page:news" rel="external">News</a>') == '<a href="page:news">News</a>'


def test_bad_lang_values_are_dropped():
    assert clean('<span lang="cy">Croeso</span><span lang="x&quot;y">z</span>') == (
        '<span lang="cy">Croeso</span><span>z</span>'
    )


def test_internal_links_found_and_resolved():
    html = clean('<a href="page:news">News</a> and <a href="page:home">home</a>')
    assert internal_links(html) == ["news", "home"]
    assert resolve_internal_links(html, lambda slug: f"/en/{slug}/") == (
        '<a href="/en/news/">News</a> and <a href="/en/home/">home</a>'
    )


# --- Nothing edits HTML after the sanitizer except on a parse tree ----------------------

ATTRIBUTE_TEXT = st.lists(
    st.sampled_from([*"<>/=\"' abdeilnoprstx:&;()1", "lang=", "href=", "title="]), max_size=40
).map("".join)
TAGGED = st.lists(
    st.sampled_from(
        [
            '<abbr title="x lang=">',
            "<span lang='cy'>",
            '<p lang="',
            '<a href="',
            "page:home",
            '"',
            "'",
            ">",
            "</abbr>",
            " tabindex=1",
            " onfocus=alert(1)",
            " x=",
            'lang="en"',
            '<td colspan="1>x">',
            "text",
        ]
    ),  # fmt: skip
    max_size=12,
).map("".join)


def attributes(html: str) -> Counter:
    """How many times each attribute name occurs in ``html``, on html5lib's parse tree."""
    root = parse_fragment(html)
    return Counter(str(name) for element in root.iter() for name in element.attrib)


def test_lang_inside_another_value_cannot_end_the_attribute():
    hostile = '<abbr title="x lang=">"" tabindex=1 autofocus onfocus=alert(1) x=</abbr>'
    abbr = parse_fragment(clean(hostile)).find("abbr")
    assert dict(abbr.attrib) == {"title": "x lang="}


@settings(max_examples=300, deadline=None)
@given(html=TAGGED | ATTRIBUTE_TEXT | st.sampled_from(xss_vectors()))
def test_cleaning_never_adds_an_attribute(html):
    before, after = attributes(html), attributes(clean(html))
    anchors = after["href"]  # the link treatment may add rel and class to each link
    added = after - before - Counter({"rel": anchors, "class": anchors})
    assert not added, (html, clean(html))


@settings(max_examples=200, deadline=None)
@given(html=TAGGED | ATTRIBUTE_TEXT | st.sampled_from(xss_vectors()))
def test_resolving_links_changes_only_hrefs(html):
    cleaned = clean(html)
    resolved = resolve_internal_links(cleaned, lambda slug: f'/en/{slug}/?q="> onfocus=x ')
    assert attributes(resolved) == attributes(cleaned), (cleaned, resolved)


def test_resolved_urls_are_attribute_values_not_markup():
    html = clean('<a href="page:home">Home</a>')
    resolved = resolve_internal_links(html, lambda slug: '/en/"><script>x()</script>')
    anchor = parse_fragment(resolved).find("a")
    assert dict(anchor.attrib) == {"href": '/en/"><script>x()</script>'}
    assert executable_parts(resolved) == []


def test_internal_links_are_found_on_the_tree_not_in_text():
    html = clean('<p>Type href="page:home" to link. <a href="page:news">News</a></p>')
    assert internal_links(html) == ["news"]


def test_the_external_link_treatment_is_defined_once():
    """Templates take it from link_treatment(); none spells it out again."""
    templates = Path(__file__).resolve().parent.parent / "templates"
    restated = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if any(value in path.read_text() for value in EXTERNAL_LINK.values())
    ]
    assert restated == []
    assert link_treatment("https://www.nhs.uk/") == EXTERNAL_LINK
    assert link_treatment("/en/news/") == link_treatment("mailto:x@nhs.net") == {}


def test_clean_is_safe_from_many_threads_at_once():
    """A reload on the store's watcher thread cleans while requests clean translations:
    one shared bleach Cleaner failed then (its parser's state is per call, not per thread)."""
    from concurrent.futures import ThreadPoolExecutor

    samples = [f"<table><tr><td><td><p>words {n} <a href='https://x.example/{n}'>x</a>"
               for n in range(40)]  # fmt: skip
    expected = [clean(sample) for sample in samples]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(10):
            assert list(pool.map(clean, samples)) == expected
