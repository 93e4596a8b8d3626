"""Errors name the exact field: ``$.blocks[0].heading``, never a path cut short.

Pydantic inserts a tagged union's tag into its error paths (``blocks.0.notice.heading``);
the loader drops that tag, and only that: a field that is merely named like a block
type (``heading``, ``list``, ``image``...) must stay in the path an editor reads.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import minimal_pages
from microsite.content.loading import load_site
from microsite.content.models import BLOCK_TYPES
from microsite.problems import ContentError

# One valid block of each type that has a required text field, and that field.
BLOCKS: list[tuple[dict[str, Any], str]] = [
    ({"type": "notice", "heading": "Heads up", "html": "<p>Body.</p>"}, "heading"),
    ({"type": "notice", "heading": "Heads up", "html": "<p>Body.</p>"}, "html"),
    ({"type": "heading", "text": "A heading"}, "text"),
    (
        {
            "type": "card_group",
            "heading": "Cards",
            "cards": [
                {"title": "T", "summary": "<p>S.</p>", "link": {"text": "Go", "page": "home"}}
            ],
        },
        "heading",
    ),  # fmt: skip
    (
        {
            "type": "related_links",
            "heading": "See also",
            "links": [{"text": "Home", "page": "home"}],
        },
        "heading",
    ),  # fmt: skip
    ({"type": "news_list", "heading": "News"}, "heading"),
    ({"type": "image", "src": "/static/a.png", "alt": "A", "caption": "Caption"}, "caption"),
    ({"type": "inset", "html": "<p>Inset.</p>"}, "html"),
    ({"type": "rich_text", "html": "<p>Text.</p>"}, "html"),
]


def problems(make_content, block: dict[str, Any]) -> list[str]:
    pages = minimal_pages()
    pages["child"]["blocks"] = [block]
    with pytest.raises(ContentError) as caught:
        load_site(make_content(pages))
    return [f"{problem.path}: {problem.message}" for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("block", "field"), BLOCKS, ids=lambda v: v if isinstance(v, str) else v["type"]
)
def test_an_empty_field_is_named_exactly(make_content, block, field):
    found = problems(make_content, {**block, field: ""})
    assert any(line.startswith(f"$.blocks[0].{field}: ") for line in found), found


def test_a_nested_field_is_named_exactly(make_content):
    block = {"type": "related_links", "links": [{"text": "", "page": "home"}]}
    assert problems(make_content, block)[0].startswith("$.blocks[0].links[0].text: ")


def test_a_block_type_name_as_a_field_value_is_kept(make_content):
    """The tag is dropped because the file says this block's type is 'notice', not
    because 'notice' is a block type's name: an unknown field called 'notice' stays."""
    block = {"type": "inset", "html": "<p>x</p>", "notice": "stray"}
    assert "notice" in BLOCK_TYPES
    assert problems(make_content, block) == ["$.blocks[0].notice: unknown field"]


@pytest.mark.parametrize(
    ("block", "field"), BLOCKS, ids=lambda v: v if isinstance(v, str) else v["type"]
)
def test_a_field_of_only_spaces_is_empty_and_named_exactly(make_content, block, field):
    """A heading of spaces renders an empty heading, link text of spaces a link without a
    name: min_length alone let both through."""
    blank = "<p> </p>" if field == "html" else " \u00a0 "
    found = problems(make_content, {**block, field: blank})
    assert any(line.startswith(f"$.blocks[0].{field}: must not be empty") for line in found), found


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"title": "   "}, "$.title"),
        ({"summary": " "}, "$.summary"),
        ({"blocks": [{"type": "list", "items": ["One", "  "]}]}, "$.blocks[0].items[1]"),
        ({"blocks": [{"type": "related_links", "links": [{"text": " ", "page": "home"}]}]},
         "$.blocks[0].links[0].text"),
        ({"sources": [{"title": " ", "publisher": "NHS England", "url": "https://www.nhs.uk/",
                       "accessed": "2026-01-05"}]}, "$.sources[0].title"),
    ],
)  # fmt: skip
def test_page_and_nested_fields_of_only_spaces_are_named_exactly(make_content, change, path):
    pages = minimal_pages()
    pages["child"] |= change
    with pytest.raises(ContentError) as caught:
        load_site(make_content(pages))
    found = [f"{problem.path}: {problem.message}" for problem in caught.value.problems]
    assert any(line.startswith(f"{path}: must not be empty") for line in found), found
