"""Nesting depth is limited at load: content the check accepts renders in every language
(no 5xx), and content nested too deep is refused with the field that holds it."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import minimal_pages
from microsite import create_app
from microsite.content.loading import display_name, load_site
from microsite.content.nesting import JSON_DEPTH, RICH_TEXT_DEPTH, rich_text_depth
from microsite.problems import ContentError

# Markup that nests as html5lib parses it: opening, closing, levels it adds.
PAIRS = {
    "list": ("<ul><li>", "</li></ul>", 2),
    "quote": ("<blockquote><span>", "</span></blockquote>", 2),
    "inline": ("<span><strong>", "</strong></span>", 2),
    "table": (
        "<table><caption>T</caption><tbody><tr><th>H</th><td>",
        "</td></tr></tbody></table>",
        4,
    ),
}


def nested(kind: str, levels: int) -> str:
    """Rich text whose elements nest exactly ``levels`` deep."""
    opening, closing, per = PAIRS[kind]
    repeats, extra = divmod(levels, per)
    html = opening * repeats + "<em>" * extra + "x" + "</em>" * extra + closing * repeats
    assert rich_text_depth(html) == levels, (kind, levels, rich_text_depth(html))
    return html


def site_with(make_content, html: str):
    pages = minimal_pages()
    pages["child"]["blocks"] = [{"type": "rich_text", "html": html}]
    return make_content(pages)


def problems(folder) -> list[str]:
    try:
        load_site(folder)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize("kind", PAIRS)
def test_rich_text_at_the_limit_renders_in_every_language(make_content, kind):
    folder = site_with(make_content, nested(kind, RICH_TEXT_DEPTH))
    app = create_app({"TESTING": True, "CONTENT_DIR": str(folder)})  # every locale of the real site
    client = app.test_client()
    for locale in app.config["LOCALES"]:
        response = client.get(f"/{locale}/child/")
        assert response.status_code == 200, locale


@pytest.mark.parametrize("kind", PAIRS)
@pytest.mark.parametrize("levels", [RICH_TEXT_DEPTH + 1, 500])
def test_rich_text_nested_too_deep_is_refused_naming_the_field(make_content, kind, levels):
    folder = site_with(make_content, nested(kind, levels))
    name = display_name(folder / "child.json")
    assert problems(folder) == [
        f"{name}: $.blocks[0].html: elements are nested {levels} deep; rich text may nest at"
        f" most {RICH_TEXT_DEPTH} (a list inside a list counts two): simplify the structure"
    ]


@pytest.mark.parametrize("levels", [JSON_DEPTH + 1, 5_000, 100_000])
def test_json_nested_too_deep_is_refused_with_where(make_content, levels):
    pages = minimal_pages()
    folder = make_content(pages)
    deep = "[" * levels + "]" * levels
    (folder / "child.json").write_text(json.dumps(pages["child"])[:-1] + ', "extra": ' + deep + "}")
    found = problems(folder)
    assert len(found) == 1, found
    assert found[0].startswith(f"{display_name(folder / 'child.json')}: $")
    assert f"nested more than {JSON_DEPTH} levels deep" in found[0]
    if levels < 1000:  # measured by us, so the place is named
        assert ": $.extra[0][0]" in found[0]


ALLOWED = ["p", "ul", "li", "ol", "blockquote", "span", "strong", "em", "a", "abbr",
           "table", "tbody", "tr", "td", "th", "caption", "br"]  # fmt: skip


@st.composite
def markup(draw, depth: int = 0) -> str:
    """Random rich text of allowed (and some refused) tags, up to 30 levels deep."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        if depth < 30 and draw(st.booleans()):
            tag = draw(st.sampled_from([*ALLOWED, "div", "section", "b"]))
            parts.append(f"<{tag}>{draw(markup(depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.sampled_from(["x", "words ", "&amp;", " "])))
    return "".join(parts)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(html=markup())
def test_no_rich_text_the_check_accepts_produces_a_5xx(make_content, html):
    folder = site_with(make_content, "<p>" + html + "</p>")
    try:
        app = create_app(
            {"TESTING": True, "CONTENT_DIR": str(folder),
             "LOCALES": ["en", "ar"]}
        )  # fmt: skip
    except ContentError as error:
        assert all(": $.blocks[0].html: " in str(p) for p in error.problems), error.problems
        return
    client = app.test_client()
    for locale in ("en", "ar"):
        assert client.get(f"/{locale}/child/").status_code == 200, (locale, html)
