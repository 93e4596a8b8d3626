"""How deep content may nest, checked at load so that rendering never runs out of stack.

Rendering walks rich text and JSON recursively (html5lib's tree, the run
splitter, the JSON walkers of the checks). Input nested hundreds of levels deep
passes every other check and then fails on every request with a
``RecursionError``: a 500 in every language. So depth is a limit like length,
checked when a file is loaded, named in the error with the field it is in, and
measured without recursion, so measuring can never fail the same way.

Rich text is measured on the tree of html5lib, the parser that renders it, so
the depth judged is the depth rendered (``<p><p>`` is two siblings, not two
levels).
"""

from __future__ import annotations

from typing import Any

import html5lib

# Elements inside elements. Real content needs about 8 (a link in bold in a
# paragraph in a list item, in a list in a list item, in a table cell).
RICH_TEXT_DEPTH = 20
# Objects and lists inside each other in a page file: the schema's deepest
# field is at about 5 ($.blocks[2].items[0].text).
JSON_DEPTH = 32


def rich_text_depth(html: str) -> int:
    """The most elements nested inside each other in ``html``, as html5lib parses it."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    deepest = 0
    stack = [(child, 1) for child in root]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def shallow_rich_text(html: str) -> str:
    """pydantic validator: ``html`` unchanged, or :class:`ValueError` if nested too deep."""
    depth = rich_text_depth(html)
    if depth > RICH_TEXT_DEPTH:
        raise ValueError(
            f"elements are nested {depth} deep; rich text may nest at most {RICH_TEXT_DEPTH}"
            " (a list inside a list counts two): simplify the structure"
        )
    return html


def too_deep(data: Any, limit: int = JSON_DEPTH) -> tuple[int | str, ...] | None:
    """The location of the first value nested deeper than ``limit`` in JSON ``data``,
    or None. The top-level value is at depth 0."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]
    while stack:
        value, location = stack.pop()
        if len(location) > limit:
            return location
        if isinstance(value, dict):
            stack.extend((item, (*location, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*location, index)) for index, item in enumerate(value))
    return None
