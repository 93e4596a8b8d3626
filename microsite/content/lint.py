"""Accessibility lint for content: what would fail WCAG is refused at load time.

The schema says what shape a page has; this module says whether it is
accessible: alt text, heading order, link text, tables, and rich text that
conveys meaning through presentation. It reads the *raw* JSON, before the
sanitizer removes anything, so an editor learns that ``<b>`` or a colour was
used rather than seeing it silently disappear; anything else the sanitizer
would remove (a tag, an attribute, a link address, a comment) is reported too,
by :func:`microsite.content.sanitize.removals`. It runs even when the page has schema
errors, so one check reports every problem in a file.

Pure functions: ``lint_page(data, page)`` returns ``(json.path, message)``
pairs; :mod:`microsite.content.loading` adds the file name. Readability is
measured apart (:mod:`microsite.content.readability`): advice, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .fields import raw_text_fields
from .jsonpath import JSONObject, Location, json_path, walk
from .models import Block, Page
from .richtext import parse
from .sanitize import removals
from .values import RICH_TEXT_LIMIT

VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "read more", "more", "link", "this link", "this page", "click",
     "find out more", "learn more", "go", "more info", "more information"}
)  # fmt: skip
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
NEW_WINDOW_WARNING = re.compile(r"opens? in (a )?new (tab|window)", re.I)
_BLOCKS: TypeAdapter[list[Block]] = TypeAdapter(list[Block])


@dataclass(frozen=True)
class _Anchor:
    href: str
    target: str
    text: str


@dataclass(frozen=True)
class _RichTextScan:
    """What the lint rules need from one rich-text value."""

    tags: list[str]
    styles: list[str]
    anchors: list[_Anchor]


def _scan(html: str) -> _RichTextScan:
    """Read ``html`` with html5lib, the parser that builds the page (STYLE lesson 18):
    a comment, CDATA or a stray quote is read here exactly as the renderer reads it."""
    tags: list[str] = []
    styles: list[str] = []
    anchors: list[_Anchor] = []
    for element in parse(html).iter():
        tag = element.tag
        if not isinstance(tag, str) or tag == "DOCUMENT_FRAGMENT":
            continue  # comments and the fragment's root
        tags.append(tag)
        if "style" in element.attrib:
            styles.append(element.attrib["style"])
        if tag == "font" and "color" in element.attrib:
            styles.append("color:" + element.attrib["color"])
        if tag == "a":
            text = "".join(element.itertext())
            anchors.append(
                _Anchor(element.attrib.get("href", ""), element.attrib.get("target", ""), text)
            )
    return _RichTextScan(tags, styles, anchors)


def _link_text_problem(text: str) -> str | None:
    normalized = " ".join(text.lower().split()).strip(".!:")
    if normalized in VAGUE_LINK_TEXT:
        return f"link text {text.strip()!r} says nothing out of context; name the destination"
    if BARE_URL.match(text.strip()):
        return f"link text {text.strip()!r} is a bare URL; describe the destination instead"
    return None


def _rich_text_problems(html: str) -> Iterator[str]:
    """Accessibility advice for one rich-text value, then whatever else the sanitizer
    would remove (once: markup the advice already names is not reported twice)."""
    scan = _scan(html)
    explained: set[tuple[str, str]] = set()
    for tag in sorted(set(scan.tags) & {"b", "i"}):
        replacement = "strong" if tag == "b" else "em"
        explained.add(("tag", tag))
        yield f"<{tag}> conveys meaning only visually; use <{replacement}>"
    for tag in sorted(set(scan.tags) & {"h1", "h2", "h3", "h4", "h5", "h6"}):
        explained.add(("tag", tag))
        yield f"<{tag}> inside rich text breaks the page outline; use a heading block"
    if any("color" in style.lower() for style in scan.styles):
        explained.update({("attribute", "style"), ("tag", "font")})
        yield "colour must not carry meaning (and is removed); use words or <strong>"
    if "table" in scan.tags:
        if "th" not in scan.tags:
            yield "a table needs header cells (<th>)"
        if "caption" not in scan.tags:
            yield "a table needs a <caption>"
    for anchor in scan.anchors:
        if anchor.target.lower() == "_blank" and not NEW_WINDOW_WARNING.search(anchor.text):
            explained.add(("attribute", "target"))
            yield (
                f"link {anchor.text.strip()!r} opens a new window without saying so; "
                "links here open in the same window, so remove target"
            )
        problem = _link_text_problem(anchor.text)
        if problem:
            yield problem
    for removal in removals(html):
        if (removal.kind, removal.name or removal.tag) not in explained:
            yield str(removal)


def _headings(blocks: list[Any]) -> Iterator[tuple[Location, int, str]]:
    """The headings the page will render, in order: (location, level, text).

    This restates what the block templates emit; tests/test_lint.py renders
    every block type and every real page and compares, so the two cannot
    drift apart. Repeated headings (cards, articles) appear once.
    """
    for index, block in enumerate(blocks):
        where = ("blocks", index)
        kind = block.type
        if kind == "heading":
            yield (*where, "level"), block.level, block.text
        elif kind == "card_group":
            if block.heading:
                yield (*where, "heading"), 2, block.heading
            yield (*where, "cards", 0, "title"), 3, block.cards[0].title
        elif kind == "notice":
            yield (*where, "heading"), 2, block.heading
        elif kind == "video":  # a heading only for a video the page can offer
            if block.watch_url is None:
                continue
            yield (*where, "title"), 2, block.title or "Video"
            if block.transcript:
                yield (*where, "transcript"), 3, "Transcript"
        elif kind == "related_links":
            yield (*where, "heading"), 2, block.heading or "Related information"
        elif kind == "news_list":  # article titles sit under the heading, if there is one
            if block.heading:
                yield (*where, "heading"), 2, block.heading
            yield (*where, "limit"), 3 if block.heading else 2, "(news article titles)"


def _valid_blocks(data: JSONObject, page: Page | None) -> list[Any] | None:
    """The page's blocks as models, if they all validate (else heading order is unknown)."""
    if page is not None:
        return list(page.blocks)
    try:
        return _BLOCKS.validate_python(data.get("blocks", []))
    except ValidationError:
        return None


def _heading_problems(blocks: list[Any] | None) -> Iterator[tuple[str, str]]:
    previous = 1  # the page title is the one h1
    for location, level, text in _headings(blocks or []):
        if level > previous + 1 and location[2:3] == ("cards",):
            # A card's title is always an h3: what the editor can change is the
            # group's own heading, so that is the field named.
            yield (
                json_path((*location[:2], "heading")),
                (
                    f"card titles are h3 but this group follows an h{previous}: "
                    f"give it a heading, or put an h{previous + 1} heading block before it"
                ),
            )
        elif level > previous + 1:
            yield (
                json_path(location),
                (
                    f"heading {text!r} is h{level} but follows an h{previous}: "
                    f"levels must not skip (use h{previous + 1})"
                ),
            )
        previous = level


def _destination(link: JSONObject) -> str:
    return f"page:{link['page']}" if link.get("page") else str(link.get("url", ""))


def lint_page(data: JSONObject, page: Page | None = None) -> list[tuple[str, str]]:
    """Accessibility problems in one page: ``(json.path, message)`` pairs.

    ``page`` is the validated page, or None when the schema refused it: then
    everything that can be checked on the raw JSON still is.
    """
    problems: list[tuple[str, str]] = list(_heading_problems(_valid_blocks(data, page)))
    destinations: dict[str, tuple[str, str]] = {}  # link text -> (destination, where)

    def seen(text: str, destination: str, where: str) -> None:
        key = " ".join(text.lower().split())
        if not key:
            return
        first = destinations.setdefault(key, (destination, where))
        if first[0] != destination:
            problems.append(
                (where, f"link text {text.strip()!r} also leads to {first[0]} at {first[1]}; "
                        "the same text must not go to different places")
            )  # fmt: skip

    for location, value in walk(data):
        where = json_path(location)
        if isinstance(value, dict) and "text" in value and ("page" in value or "url" in value):
            text = str(value["text"])
            problem = _link_text_problem(text)
            if problem:
                problems.append((f"{where}.text", problem))
            seen(text, _destination(value), f"{where}.text")
        elif isinstance(value, dict) and value.get("type") == "image":
            alt, src = str(value.get("alt", "")).strip(), str(value.get("src", ""))
            name = PurePosixPath(src.split("?")[0]).name.lower()
            if alt and alt.lower() in {name, PurePosixPath(name).stem, src.lower()}:
                problems.append(
                    (f"{where}.alt", "alt text repeats the file name; describe the image")
                )
    for location, kind, value in raw_text_fields(data):
        if kind == "rich" and len(value) <= RICH_TEXT_LIMIT:  # longer: the schema refuses it
            where = json_path(location)
            problems.extend((where, message) for message in _rich_text_problems(value))
            for anchor in _scan(value).anchors:
                seen(anchor.text, anchor.href, where)
    return problems
