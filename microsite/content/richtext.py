"""Rich text as a parsed tree: split into translatable runs, and written back out.

Translators see rich text one *run* at a time: the inline content (text,
links, emphasis) between block boundaries. ``<p>One</p><ul><li>Two<ul><li>Three``
has three runs, "One", "Two" and "Three", however deeply lists nest.

Everything here works on html5lib's parse tree and token stream, never on
the serialized string, so a ``>`` or a quote inside an attribute value can
never be mistaken for the end of a tag. Output is written by html5lib's
serializer, which quotes every attribute value and escapes every text node.

:func:`split` is cached: content strings are immutable and shared by every
request, so each is parsed once per process, not once per render.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import html5lib
from html5lib.serializer import HTMLSerializer

from .sanitize import LANGUAGE_TAGS, SITE_ATTRIBUTES

Token = dict[str, Any]

# Elements that start a new run: whatever is inside them is never part of the
# run around them. Everything else (a, strong, em, abbr, span, br) is inline.
BLOCK_TAGS: frozenset[str] = frozenset(
    {"p", "li", "blockquote", "caption", "th", "td", "ul", "ol", "table", "thead", "tbody", "tr"}
)
_walker = html5lib.getTreeWalker("etree")
_serializer = HTMLSerializer(quote_attr_values="always", omit_optional_tags=False)


def _for_translators(token: Token) -> Token:
    """``token`` without the attributes the site itself adds (the external-link treatment):
    translators never see them, the sanitizer puts them back from the English's link
    target, and a change to that treatment changes no message."""
    if token["type"] != "StartTag" or not token.get("data"):
        return token
    data = {
        key: value for key, value in token["data"].items()
        if (token["name"], key[1], value) not in SITE_ATTRIBUTES
    }  # fmt: skip
    return {**token, "data": data}


@dataclass(frozen=True)
class Run:
    """One translatable run of inline content.

    ``element`` holds the start and end tag when the run is the whole content
    of an element that may carry ``lang`` (then a fallback marks the element
    itself); otherwise it is None and a fallback is wrapped in ``<span lang>``.
    """

    text: str  # the serialized run as translators see it (no site-added attributes)
    tokens: tuple[Token, ...]
    element: tuple[Token, Token] | None = None


Part = Token | Run


def parse(html: str) -> Any:
    """``html`` as an html5lib etree fragment (the root's tag is ``DOCUMENT_FRAGMENT``)."""
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def tokens(html: str) -> list[Token]:
    """The token stream of ``html`` as html5lib's tree walker gives it."""
    return list(_walker(parse(html)))


def serialize(stream: Iterable[Token]) -> str:
    """HTML from tokens: every attribute quoted, every text node escaped."""
    return _serializer.render(iter(stream))


def text_of(html: str) -> str:
    """The text content of ``html``, without any markup."""
    return "".join(parse(html).itertext())


def _is_block(element: Any) -> bool:
    return any(isinstance(node.tag, str) and node.tag in BLOCK_TAGS for node in element.iter())


def _start(element: Any) -> Token:
    data = {(None, name): value for name, value in element.attrib.items()}
    return {"type": "StartTag", "name": element.tag, "namespace": None, "data": data}


def _end(element: Any) -> Token:
    return {"type": "EndTag", "name": element.tag, "namespace": None}


def _text(data: str) -> Token:
    return {"type": "Characters", "data": data}


def _finish(run: list[Token]) -> Iterator[Part]:
    """A collected run: a :class:`Run` if it has text, else its tokens (whitespace, ``<br>``)."""
    if not run:
        return
    text = serialize(_for_translators(token) for token in run)
    if "".join(t["data"] for t in run if t["type"] == "Characters").strip():
        yield Run(text, tuple(run))
    else:
        yield from run


def _children(container: Any) -> Iterator[Part]:
    """The parts inside ``container``: runs of inline content and nested blocks."""
    run: list[Token] = [_text(container.text)] if container.text else []
    for child in container:
        if _is_block(child):
            yield from _finish(run)
            run = []
            yield from _block(child)
        else:
            run.extend(_walker(child))
        if child.tail:
            run.append(_text(child.tail))
    yield from _finish(run)


def _block(element: Any) -> Iterator[Part]:
    inner = list(_children(element))
    if len(inner) == 1 and isinstance(inner[0], Run) and element.tag in LANGUAGE_TAGS:
        yield Run(inner[0].text, inner[0].tokens, (_start(element), _end(element)))
        return
    yield _start(element)
    yield from inner
    yield _end(element)


@lru_cache(maxsize=8192)
def split(html: str) -> tuple[Part, ...]:
    """``html`` as tokens and :class:`Run` objects, in document order.

    Joining every part's tokens gives back the document. The result is shared
    between callers: treat the tokens as read-only.
    """
    return tuple(_children(parse(html)))


def runs(html: str) -> list[str]:
    """The text of every run in ``html``: what translators see, in document order."""
    return [part.text for part in split(html) if isinstance(part, Run)]
