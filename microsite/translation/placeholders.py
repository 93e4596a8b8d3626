"""Placeholders and percent signs in a translation: one rule for each.

Percent signs follow one rule: a message is %-formatted exactly when it is an
interface message whose English has ``%(name)s`` placeholders (those carry
``python-format``, which Poedit and Weblate show). There a percent sign is
written ``%%``; everywhere else a message is shown as written, so a percent
sign is ``%``. A formatted translation uses exactly the English's placeholders,
plain (no width or precision), converted as the English converts them.

Part of the rules every shown translation obeys (:mod:`.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .pofiles import PoEntry

DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[#0 +-]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d*))?(?P<length>[hlL])?(?P<conversion>[diouxXeEfFgGcrsa%])?"
)
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)")


def formatted(entry: PoEntry) -> bool:
    """Whether the site %-formats this message: interface text with ``%(name)s`` placeholders."""
    return entry.msgctxt is None and any(NAMED_PLACEHOLDER.search(text) for text in entry.ids)


def directives(text: str) -> Iterator[re.Match[str] | int]:
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


def _kind(conversion: str) -> str:
    """``s`` or ``d``: ``%(n)i`` is the same conversion as ``%(n)d``."""
    return "d" if conversion in "di" else conversion


def placeholder_problems(entry: PoEntry) -> list[str]:
    """Placeholders of a formatted message: the English's, plain, and ``%%`` for a percent sign."""
    ids, problems = entry.ids, []
    expected = set().union(*(_names(source) for source in ids))
    kinds: dict[str, set[str]] = {}  # name -> "s" or "d", as the English converts it
    for source in ids:
        for match in directives(source):
            if not isinstance(match, int) and match.group("name"):
                kinds.setdefault(match.group("name"), set()).add(_kind(match.group("conversion")))
    for index, translated in enumerate(entry.strings):
        if not translated:
            continue
        found = set()
        for match in directives(translated):
            if isinstance(match, int):
                problems.append("a lone % in the translation (write %% for a percent sign here)")
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
            elif _kind(match.group("conversion")) not in kinds.get(name, set()):
                english = "%(" + name + ")" + ("s" if "s" in kinds.get(name, ()) else "d")
                problems.append(f"placeholder {match.group(0)} must be written {english}, as in "
                                "the English (the value would not fit)")  # fmt: skip
            found.add(name)
        # A plural form may leave the number out ("one" needs no digit in many languages).
        source = ids[min(index, len(ids) - 1)]
        required = _names(source) - ({"num"} if len(ids) > 1 else set())
        for name in sorted(required - found):
            problems.append(f"placeholder %({name})s is missing from the translation")
    return problems


def percent_problems(entry: PoEntry) -> list[str]:
    """The one percent rule (see the module docstring), and the flag that says which applies."""
    if formatted(entry):
        return placeholder_problems(entry)
    problems = []
    if "python-format" in entry.flags:
        problems.append(
            "the python-format flag is set, but this message is shown as written, never "
            "formatted: remove the flag"
        )
    if any("%%" in text and "%%" not in entry.msgid for text in entry.strings):
        problems.append(
            "%% in the translation: this message is shown as written, so write a percent sign as %"
        )
    return problems
