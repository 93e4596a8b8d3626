"""Catalogues as the site reads them: strict parsing, the rules every entry obeys, review status.

A translator's ``.po`` file is untrusted input that arrives while the site runs.
:func:`read_catalogue` returns a :class:`Catalogue` in which every entry the
site may show obeys the rules below; an entry that breaks one is refused (the
English is shown, marked) and reported as ``file:line: message``. A file that
cannot be read as a whole raises :class:`CatalogueError`, and the content
store keeps the last good version. Nothing here formats, renders or evaluates
a translator's text.

The rules (the same ones ``translate check`` reports):

- the file parses as PO, in a charset Python knows, with a usable
  ``Plural-Forms`` (see :mod:`microsite.plurals`);
- no control characters (U+0000 to U+001F except tab and newline), and no
  non-characters such as U+FFFE;
- each plural entry has exactly ``nplurals`` forms, all filled or all empty;
- an interface message with ``%(name)s`` placeholders is translated with the
  same placeholders only, without width, precision or flags, and ``%`` on
  its own is written ``%%``;
- a message keeps the English's markup: the same tags and the same link
  targets. (Translated rich text is also sanitized like the English.)

Review status comes from standard gettext marks that Poedit and Weblate set:

========== =========================================== ========================
status     in the ``.po`` file                         on the page
========== =========================================== ========================
missing    empty ``msgstr``                            English, marked ``lang``
unreviewed ``#, fuzzy`` and no ``#| msgid``            shown, with a notice
reviewed   no ``fuzzy`` flag                           shown
stale      ``#, fuzzy`` with ``#| msgid`` (the English English, marked ``lang``
           changed since it was translated)
========== =========================================== ========================
"""

from __future__ import annotations

import enum
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from .plurals import PluralForms, PluralFormsError, parse_header

FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff]")
DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[#0 +-]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d*))?(?P<length>[hlL])?(?P<conversion>[diouxXeEfFgGcrsa%])?"
)
DEFAULT_PLURALS = "nplurals=2; plural=(n != 1);"


# Each page with children has a message "<slug>: back_link" = "Back to <title>":
# the back link's screen-reader text, whole, so a language can inflect the title.
BACK_LINK_FIELD = "back_link"


def back_link_message(title: str) -> str:
    return f"Back to {title}"


class Status(enum.Enum):
    MISSING = "missing"
    UNREVIEWED = "unreviewed"
    REVIEWED = "reviewed"
    STALE = "stale"

    @property
    def shown(self) -> bool:
        return self in (Status.UNREVIEWED, Status.REVIEWED)


def status_of(message: Message) -> Status:
    """A message's review status, from its strings, ``fuzzy`` flag and previous msgid."""
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    if not all(strings):
        return Status.MISSING
    if message.fuzzy:
        return Status.STALE if message.previous_id else Status.UNREVIEWED
    return Status.REVIEWED


@dataclass(frozen=True)
class Entry:
    strings: tuple[str, ...]
    status: Status


Key = tuple[str | None, str]  # (context, msgid); interface messages have no context


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Catalogue:
    """One language's translations that the site may show, and how far each is reviewed."""

    locale: str
    plurals: PluralForms
    entries: dict[Key, Entry] = field(default_factory=dict)  # shown entries only
    refused: tuple[Problem, ...] = ()  # entries that broke a rule: English is shown
    total: int = 0  # every entry in the file (``translate update`` adds the template's)

    @property
    def completeness(self) -> float:
        """The share of entries a visitor sees translated (unreviewed or reviewed)."""
        return len(self.entries) / self.total if self.total else 0.0

    def find(self, context: str | None, msgid: str) -> Entry | None:
        """The entry to show for ``msgid``, or None (missing or stale: show the English)."""
        return self.entries.get((context, msgid))

    def plural_index(self, n: int) -> int:
        return self.plurals.formula(n)


class CatalogueError(Exception):
    """Every problem that stops a catalogue from being used, each as ``file:line: message``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _header_line(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip('"').startswith(f"{name}:"):
            return number
    return 1


def _charset(data: bytes) -> str:
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
    return match.group(1).decode("ascii") if match else "utf-8"


def parse(data: bytes, name: str, locale: str | None = None) -> Catalog:
    """Parse ``.po`` bytes strictly; raise :class:`CatalogueError` naming the line."""
    text = data.decode("utf-8", "replace")
    try:
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as error:
        message = f"invalid PO syntax: {str(error).rsplit(' on ', 1)[0]}"
        raise CatalogueError([Problem(name, error.lineno + 1, message)]) from None
    except LookupError:
        line = _header_line(text, "Content-Type")
        message = f"unknown charset {_charset(data)!r} in Content-Type (use charset=UTF-8)"
        raise CatalogueError([Problem(name, line, message)]) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"bytes that are not valid {error.encoding}: save the file as UTF-8"
        raise CatalogueError([Problem(name, line, message)]) from None
    except ValueError as error:  # Babel's int() of a bad nplurals, and the like
        line = _header_line(text, "Plural-Forms")
        raise CatalogueError([Problem(name, line, f"bad header: {error}")]) from None
    for entry in catalog:
        _restore_previous(entry)
    return catalog


def _restore_previous(message: Message) -> None:
    """Babel reads ``#| msgid "..."`` lines as translator comments; make them the
    message's previous msgid again, as gettext, Poedit and Weblate mean them."""
    previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    ids: list[str] = []
    field = None
    for line in previous:
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt"):
            field = keyword
            if keyword != "msgctxt":
                ids.append(unescape(rest) if rest.startswith('"') else "")
        elif line.startswith('"') and field in ("msgid", "msgid_plural") and ids:
            ids[-1] += unescape(line)
    message.previous_id = ids


def plural_forms(catalog: Catalog, text: str, name: str) -> PluralForms:
    value = catalog.mime_headers and dict(catalog.mime_headers).get("Plural-Forms")
    try:
        return parse_header(value or DEFAULT_PLURALS)
    except PluralFormsError as error:
        line = _header_line(text, "Plural-Forms")
        raise CatalogueError([Problem(name, line, f"Plural-Forms: {error}")]) from None


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


def read_catalogue(data: bytes, locale: str, name: str) -> Catalogue:
    """A catalogue the site can use, or :class:`CatalogueError` if the file as a whole
    cannot be (syntax, charset, plural formula).

    An entry that breaks a rule is refused on its own: the page shows the English
    for it, marked, and the problem is kept in :attr:`Catalogue.refused` for the
    log, so one mistake does not hold back the rest of a translator's work.
    """
    catalog = parse(data, name, locale)
    plurals = plural_forms(catalog, data.decode("utf-8", "replace"), name)
    entries: dict[Key, Entry] = {}
    refused: list[Problem] = []
    for message in catalog:
        if not message.id:
            continue
        status = status_of(message)
        found = entry_problems(message, plurals) if status.shown else characters(message)
        refused.extend(Problem(name, message.lineno or 1, text) for text in found)
        if status.shown and not found:
            key = (message.context, ids_of(message)[0])
            entries[key] = Entry(strings_of(message), status)
    total = sum(1 for message in catalog if message.id)
    return Catalogue(locale, plurals, entries, tuple(refused), total)
