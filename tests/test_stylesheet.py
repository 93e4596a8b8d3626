"""The shipped stylesheet: every ``url()`` in it resolves.

The NHS.UK Sass points its icons at ``/assets/images/``, which this site does not
serve (issue 14: four icons answered 404). The stylesheet is parsed with
tinycss2, every ``url()`` is resolved against the stylesheet's own URL, as a
browser does, and fetched from the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import html5lib
import tinycss2
from tinycss2.ast import FunctionBlock, Node, URLToken


def css_urls(nodes: list[Node]) -> Iterator[str]:
    """Every ``url(...)`` target in a list of parsed CSS component values."""
    for node in nodes:
        if isinstance(node, URLToken):
            yield node.value
        elif isinstance(node, FunctionBlock) and node.lower_name == "url":
            yield from (arg.value for arg in node.arguments if arg.type == "string")
        for child in ("content", "arguments"):
            yield from css_urls(getattr(node, child, None) or [])


def stylesheets(html: str) -> list[str]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [link.get("href") for link in tree.iter("link") if link.get("rel") == "stylesheet"]


def test_css_urls_finds_every_form():
    css = '@media print { a { background: url(a.svg) } } b { mask: url("b.svg"), url( c.png ) }'
    assert list(css_urls(tinycss2.parse_component_value_list(css))) == ["a.svg", "b.svg", "c.png"]


def test_every_url_in_the_shipped_css_resolves(client):
    sheets = stylesheets(client.get("/en/").get_data(as_text=True))
    assert sheets, "the hub links no stylesheet"
    broken = []
    for sheet in sheets:
        css = client.get(sheet).get_data(as_text=True)
        for url in css_urls(tinycss2.parse_component_value_list(css)):
            if url.startswith("data:"):
                continue
            target = urljoin(sheet, url)
            assert not urlsplit(target).netloc, f"{sheet}: url({url}) loads from another host"
            status = client.get(target).status_code
            if status != 200:
                broken.append(f"{sheet}: url({url}) -> {target} answered {status}")
    assert not broken, "\n".join(sorted(set(broken)))
