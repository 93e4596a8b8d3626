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
  ``Plural-Forms`` (see :mod:`microsite.translation.plurals`);
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
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from ..problems import CatalogueError, CatalogueProblem
from .plurals import PluralForms, PluralFormsError, parse_header
from .rules import characters, entry_problems, ids_of, strings_of

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
class Catalogue:
    """One language's translations that the site may show, and how far each is reviewed."""

    locale: str
    plurals: PluralForms
    entries: dict[Key, Entry] = field(default_factory=dict)  # shown entries only
    refused: tuple[CatalogueProblem, ...] = ()  # entries that broke a rule: English is shown
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
        raise CatalogueError([CatalogueProblem(name, error.lineno + 1, message)]) from None
    except LookupError:
        line = _header_line(text, "Content-Type")
        message = f"unknown charset {_charset(data)!r} in Content-Type (use charset=UTF-8)"
        raise CatalogueError([CatalogueProblem(name, line, message)]) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"bytes that are not valid {error.encoding}: save the file as UTF-8"
        raise CatalogueError([CatalogueProblem(name, line, message)]) from None
    except ValueError as error:  # Babel's int() of a bad nplurals, and the like
        line = _header_line(text, "Plural-Forms")
        raise CatalogueError([CatalogueProblem(name, line, f"bad header: {error}")]) from None
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
        raise CatalogueError([CatalogueProblem(name, line, f"Plural-Forms: {error}")]) from None


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
    refused: list[CatalogueProblem] = []
    for message in catalog:
        if not message.id:
            continue
        status = status_of(message)
        found = entry_problems(message, plurals) if status.shown else characters(message)
        refused.extend(CatalogueProblem(name, message.lineno or 1, text) for text in found)
        if status.shown and not found:
            key = (message.context, ids_of(message)[0])
            entries[key] = Entry(strings_of(message), status)
    total = sum(1 for message in catalog if message.id)
    return Catalogue(locale, plurals, entries, tuple(refused), total)
