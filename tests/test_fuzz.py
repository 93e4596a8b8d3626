"""Fuzzing with hypothesis: any input to the loader either loads or fails with the
documented ContentError; the sanitizer returns inert HTML for any string."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import minimal_pages, parse
from microsite.content.loading import load_site
from microsite.content.sanitize import clean
from microsite.problems import ContentError

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)  # fmt: skip
FIELDS = st.sampled_from(["slug", "title", "summary", "template", "parent", "section",
                          "published", "updated", "blocks", "extra"])  # fmt: skip
BLOCK_TYPES = st.sampled_from(["rich_text", "heading", "list", "card_group", "notice", "inset",
                               "video", "image", "related_links", "news_list", "test_run",
                               "x"])  # fmt: skip
HTMLISH = st.text(alphabet=st.sampled_from(list("<>/=\"' abcdehijlnoprstvx:&#;()")), max_size=80)


def load_or_fail(folder) -> None:
    try:
        load_site(folder)
    except ContentError as error:
        assert error.problems and all(str(p).count(": ") >= 2 for p in error.problems)


@FUZZ
@given(page=st.dictionaries(FIELDS, JSON, max_size=9))
def test_any_json_page_loads_or_fails_cleanly(make_content, page):
    load_or_fail(make_content({**minimal_pages(), "child": page}))


@FUZZ
@given(block=st.fixed_dictionaries({"type": BLOCK_TYPES}, optional={
    "html": HTMLISH, "text": JSON, "level": JSON, "items": JSON, "links": JSON, "cards": JSON,
    "src": JSON, "alt": JSON, "transcript": JSON, "heading": JSON}))  # fmt: skip
def test_any_block_loads_or_fails_cleanly(make_content, block):
    pages = minimal_pages()
    pages["child"]["blocks"] = [block]
    load_or_fail(make_content(pages))


@FUZZ
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_load_or_fail_cleanly(make_content, raw):
    folder = make_content()
    (folder / "child.json").write_bytes(raw)
    load_or_fail(folder)


@FUZZ
@given(html=HTMLISH | st.text(max_size=200))
def test_sanitizer_output_is_inert_and_stable(html):
    cleaned = clean(html)
    assert clean(cleaned) == cleaned
    tree = parse(f"<div>{cleaned}</div>")
    for element in tree.find("body").iter():
        assert element.tag in {"body", "div", "p", "a", "strong", "em", "ul", "ol", "li", "br",
                               "abbr", "span", "blockquote", "table", "caption", "thead",
                               "tbody", "tr", "th", "td"}, element.tag  # fmt: skip
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on")
            squashed = "".join(value.split()).lower()
            assert not squashed.startswith(("javascript:", "data:", "vbscript:"))
