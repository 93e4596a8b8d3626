"""Characters that must not reach a page: the one definition, for content and catalogues alike.

Control characters (U+0000 to U+001F except tab and newline, U+007F, and the C1
controls U+0080 to U+009F) are invisible in an editor, mean nothing in HTML (where
each is a parse error), and the C0 ones make the Atom feed ill-formed XML. Unicode's
66 non-characters (U+FDD0 to U+FDEF, and the last two code points of every plane,
U+FFFE and U+FFFF to U+10FFFE and U+10FFFF) are never text; the site uses some
of them internally (:data:`INTERNAL_MARKS`, the marks :mod:`microsite.web.marking`
puts around English fallbacks), so one arriving from content or a catalogue could
forge a mark. Any field or translation holding one of these is refused.

Direction controls are judged where reordered text could mislead a reader
about what it says or where it goes: titles, headings and link text. The
*overrides and embeddings* (U+202A to U+202E) are refused there. The
*isolates* (U+2066 LRI, U+2067 RLI, U+2068 FSI, closed by U+2069 PDI) are what
a right-to-left writer uses to keep an English name whole inside Arabic text;
they are allowed when each one is closed (an unclosed isolate reorders
everything after it). Right-to-left text is otherwise marked with ``lang``
and ``dir``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .fields import raw_text_fields
from .jsonpath import json_path, walk
from .richtext import parse

# The site's own marks around an English fallback (see microsite.web.marking).
INTERNAL_MARKS = ("\ufdd0", "\ufdd1")
# The last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF) and
# U+FDD0 to U+FDEF: all 66 of Unicode's non-characters.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# C0 controls but tab and newline, DEL, the C1 controls (U+0080 to U+009F: HTML calls
# each a parse error) and the non-characters.
FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{NONCHARACTERS}]")
OVERRIDES = re.compile("[\u202a-\u202e]")
ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")
ISOLATE_CLOSER = "\u2069"
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Plain fields that name or label something: where reordered text could mislead.
LABEL_FIELDS = frozenset({"title", "heading", "text", "watch_text", "caption", "speaker"})

assert all(FORBIDDEN.match(mark) for mark in INTERNAL_MARKS)


def character_name(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how a person can find the character."""
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    return f"{code} {name}" if name else code


def forbidden_in(text: str) -> list[str]:
    """Every forbidden character in ``text``, named, each once."""
    return sorted({character_name(c) for c in FORBIDDEN.findall(text)})


def direction_problem(text: str) -> str | None:
    """What is wrong with the direction controls of a label (None: nothing).

    Overrides and embeddings are refused; isolates must each be closed by
    U+2069 POP DIRECTIONAL ISOLATE, and a U+2069 must close one.
    """
    if found := OVERRIDES.search(text):
        return (
            f"the invisible direction control {character_name(found.group())}, which can make "
            "it display in a misleading order (to keep a phrase in another direction whole, "
            "use the isolates U+2066, U+2067 or U+2068 closed by U+2069)"
        )
    opened: list[str] = []
    for character in text:
        if character in ISOLATE_OPENERS:
            opened.append(character)
        elif character == ISOLATE_CLOSER:
            if not opened:
                return (
                    f"{character_name(character)}, which closes no isolate and can make it "
                    "display in a misleading order"
                )
            opened.pop()
    if opened:
        return (
            f"the direction isolate {character_name(opened[0])} without its closing U+2069, "
            "which makes the rest display in a misleading order"
        )
    return None


def control_problems(data: Any) -> Iterator[tuple[str, str]]:
    """``(json.path, message)`` for every string value holding a forbidden character."""
    for location, value in walk(data):
        if isinstance(value, str) and (found := FORBIDDEN.search(value)):
            yield (
                json_path(location),
                f"contains the invisible control character {character_name(found.group())} at "
                f"character {found.start() + 1}; remove it",
            )


def link_texts(html: str) -> Iterator[str]:
    """The text of each link in a piece of rich text, read by the parser that renders it."""
    for anchor in parse(html).iter("a"):
        yield "".join(anchor.itertext())


def bidi_problems(data: Any) -> Iterator[tuple[str, str]]:
    """``(json.path, message)`` for direction controls misused in titles, headings, link text."""
    for location, kind, value in raw_text_fields(data):
        if kind == "plain" and location[-1] in LABEL_FIELDS:
            if problem := direction_problem(value):
                yield json_path(location), f"the text contains {problem}; remove it"
        elif kind == "rich" and DIRECTION_CONTROLS.search(value):
            for text in link_texts(value):
                if problem := direction_problem(text):
                    yield json_path(location), f"a link's text contains {problem}; remove it"
