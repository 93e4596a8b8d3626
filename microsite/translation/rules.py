"""The rules every translation the site shows must obey, one function per rule.

Used twice with the same meaning: when the site loads a catalogue (an entry
that breaks a rule is refused and its English shown, see
:mod:`microsite.translation.catalogue`) and by ``translate check`` (see
:mod:`microsite.translation.review`). Pure functions of one Babel ``Message``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser

from babel.messages.catalog import Message

from .plurals import PluralForms

FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff]")
DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[#0 +-]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d*))?(?P<length>[hlL])?(?P<conversion>[diouxXeEfFgGcrsa%])?"
)


def strings_of(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, tuple | list):
        return tuple(message.string)
    return (message.string or "",)


def ids_of(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def directives(text: str) -> Iterator[re.Match | int]:
    """Each ``%`` directive of a Python format string; an int is the offset of a lone ``%``."""
    position = text.find("%")
    while position >= 0:
        match = DIRECTIVE.match(text, position)
        conversion = match.group("conversion") if match else None
        if match is None or conversion is None or (conversion == "%" and match.group(0) != "%%"):
            yield position
            position = text.find("%", position + 1)
            continue
        yield match
        position = text.find("%", match.end())


def _names(text: str) -> set[str]:
    return {
        match.group("name") or match.group(0)
        for match in directives(text)
        if not isinstance(match, int) and match.group(0) != "%%"
    }


def placeholder_problems(message: Message) -> list[str]:
    """Rules for interface messages whose English has ``%(name)s`` placeholders."""
    ids, problems = ids_of(message), []
    expected = set().union(*(_names(source) for source in ids))
    if not expected:
        return []
    for index, translated in enumerate(strings_of(message)):
        if not translated:
            continue
        found = set()
        for match in directives(translated):
            if isinstance(match, int):
                problems.append("a lone % in the translation (write %% for a percent sign)")
                continue
            if match.group(0) == "%%":
                continue
            name = match.group("name")
            if name is None or name not in expected:
                problems.append(f"placeholder {match.group(0)} is not in the English")
            elif any(match.group(part) for part in ("flags", "width", "precision", "length")):
                problems.append(f"placeholder {match.group(0)} must not set a width or precision")
            elif match.group("conversion") not in "sdi":
                problems.append(f"placeholder {match.group(0)} must end in s or d")
            found.add(name)
        # A plural form may leave the number out ("one" needs no digit in many languages).
        source = ids[min(index, len(ids) - 1)]
        required = _names(source) - ({"num"} if len(ids) > 1 else set())
        for name in sorted(required - found):
            problems.append(f"placeholder %({name})s is missing from the translation")
    return problems


class _Tags(HTMLParser):
    """The tags and link targets of a piece of rich text, read by a real HTML parser."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.hrefs: Counter = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[f"<{tag}>"] += 1
        for attribute, value in attrs:
            if attribute in ("href", "src"):
                self.hrefs[value or ""] += 1

    def handle_endtag(self, tag: str) -> None:
        self.tags[f"</{tag}>"] += 1


def markup_problems(message: Message) -> list[str]:
    """A content translation keeps the English's tags and link targets exactly."""
    source = _Tags(ids_of(message)[0])
    for translated in strings_of(message):
        if not translated:
            continue
        found = _Tags(translated)
        if found.tags != source.tags:
            expected, actual = sorted(source.tags.elements()), sorted(found.tags.elements())
            return [f"markup differs from the English: expected {expected}, found {actual}"]
        if found.hrefs != source.hrefs:
            return ["a link's target differs from the English"]
    return []


def characters(message: Message) -> list[str]:
    """Control characters break feeds and hide text; no entry may carry them."""
    texts = [message.context or "", *ids_of(message), *strings_of(message)]
    bad = sorted({f"U+{ord(c):04X}" for t in texts for c in FORBIDDEN_CHARACTERS.findall(t)})
    return [f"control or non-characters are not allowed: {', '.join(bad)}"] if bad else []


def entry_problems(message: Message, plurals: PluralForms) -> list[str]:
    """What stops one message from being shown (empty: nothing)."""
    problems = characters(message)
    strings = strings_of(message)
    if isinstance(message.id, tuple | list) and any(strings):
        if len(strings) != plurals.count:
            problems.append(f"{len(strings)} plural forms, but nplurals={plurals.count}")
        empty = [str(index) for index, text in enumerate(strings) if not text]
        if empty:
            problems.append(f"plural form msgstr[{', '.join(empty)}] is empty")
    problems.extend(markup_problems(message))
    if not message.context:  # content is never %-formatted
        problems.extend(placeholder_problems(message))
    return problems
