"""Characters that must not reach a page, found in raw content with their JSON paths.

Control characters (U+0000 to U+001F except tab and newline, and the
non-characters U+FFFE and U+FFFF) are invisible in an editor, mean nothing in
HTML, and make the Atom feed ill-formed XML, so any field holding one is
refused. Bidirectional override and isolate characters can make a title or a
link's text display in an order that misleads a reader about what it says or
where it goes, so they are refused where that matters: titles, headings and
link text. (Right-to-left text is marked with ``lang`` and ``dir`` instead.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .fields import raw_text_fields
from .jsonpath import json_path, walk
from .richtext import parse

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Plain fields that name or label something: where reordered text could mislead.
LABEL_FIELDS = frozenset({"title", "heading", "text", "watch_text", "caption", "speaker"})


def _name(character: str) -> str:
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    return f"{code} {name}" if name else code


def control_problems(data: Any) -> Iterator[tuple[str, str]]:
    """``(json.path, message)`` for every string value holding a control character."""
    for location, value in walk(data):
        if isinstance(value, str) and (found := CONTROL.search(value)):
            yield (
                json_path(location),
                f"contains the invisible control character {_name(found.group())} at "
                f"character {found.start() + 1}; remove it",
            )


def _bidi_message(character: str, where: str) -> str:
    return (
        f"{where} contains the invisible direction control {_name(character)}, which can make "
        "it display in a misleading order; remove it (mark right-to-left text with lang and dir)"
    )


def bidi_problems(data: Any) -> Iterator[tuple[str, str]]:
    """``(json.path, message)`` for bidi controls in titles, headings and link text."""
    for location, kind, value in raw_text_fields(data):
        if kind == "plain" and location[-1] in LABEL_FIELDS:
            if found := BIDI.search(value):
                yield json_path(location), _bidi_message(found.group(), "the text")
        elif kind == "rich" and BIDI.search(value):
            for anchor in parse(value).iter("a"):
                if found := BIDI.search("".join(anchor.itertext())):
                    yield json_path(location), _bidi_message(found.group(), "a link's text")
