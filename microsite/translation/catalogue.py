"""Catalogues as the site reads them: strict parsing, the rules every entry obeys, review status.

A translator's ``.po`` file is untrusted input that arrives while the site runs.
:func:`read_catalogue` returns a :class:`Catalogue` in which every entry the
site may show obeys the rules of :mod:`.rules`; an entry that breaks one is
refused (the English is shown, marked) and reported as ``file:line: message``.
A file that cannot be read as a whole raises :class:`CatalogueError`, and the
content store keeps the last good version. Nothing here formats, renders or
evaluates a translator's text.

The file as a whole is read by :func:`parse`, the same reader ``translate
check`` uses (:mod:`.poread`: as strict as ``msgfmt``), with a usable
``Plural-Forms`` (:mod:`.plurals`). Review status, including what makes a
translation stale whichever tool merged the file, is :mod:`.provenance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import CatalogueError, CatalogueProblem
from .plurals import PluralForms, PluralFormsError, parse_header
from .pofiles import PoFile
from .poread import read_po
from .provenance import Status, status_of
from .rules import characters, entry_problems

DEFAULT_PLURALS = "nplurals=2; plural=(n != 1);"

ORGANISATION = "NHS England"


def back_link_message(title: str) -> str:
    return f"Back to {title}"


def logo_label_message(service: str) -> str:
    return f"{ORGANISATION} {service} homepage"


@dataclass(frozen=True)
class Entry:
    strings: tuple[str, ...]
    status: Status
    where: str = ""  # "file:line", for a log line about this translation


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


def header_line(text: str, name: str) -> int:
    """The line of header field ``name`` (1 if the header has none)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().lstrip('"').lower().startswith(f"{name.lower()}:"):
            return number
    return 1


def parse(data: bytes, name: str) -> PoFile:
    """Parse ``.po`` bytes strictly; raise :class:`CatalogueError` naming the line."""
    return read_po(data, name)


def plural_forms(po: PoFile, data: bytes, name: str) -> PluralForms:
    """The file's plural forms; a bad header is reported at its own line.

    A file with no Plural-Forms header reads as English's two forms, unless it has
    plural translations: then, as for ``msgfmt --check``, the file cannot be used, since
    nothing says which form is which."""
    value = po.header_value("Plural-Forms")
    if value is None:
        plural = next((e for e in po.messages if e.plural and any(e.strings)), None)
        if plural is not None:
            message = (
                "plural translations (the first at line "
                f"{plural.line}) need a Plural-Forms header: run translate init for the "
                "language, or copy the header from another catalogue of it"
            )
            raise CatalogueError([CatalogueProblem(name, 1, message)])
    try:
        return parse_header(value or DEFAULT_PLURALS)
    except PluralFormsError as error:
        line = header_line(data.decode("utf-8", "replace"), "Plural-Forms")
        raise CatalogueError([CatalogueProblem(name, line, f"Plural-Forms: {error}")]) from None


def read_catalogue(data: bytes, locale: str, name: str) -> Catalogue:
    """A catalogue the site can use, or :class:`CatalogueError` if the file as a whole
    cannot be (syntax, charset, plural formula).

    An entry that breaks a rule is refused on its own: the page shows the English
    for it, marked, and the problem is kept in :attr:`Catalogue.refused` for the
    log, so one mistake does not hold back the rest of a translator's work.
    """
    po = parse(data, name)
    plurals = plural_forms(po, data, name)
    entries: dict[Key, Entry] = {}
    refused: list[CatalogueProblem] = []
    for entry in po.messages:
        status = status_of(entry)
        found = entry_problems(entry, plurals) if status.shown else characters(entry)
        refused.extend(CatalogueProblem(name, entry.line, text) for text in found)
        if status.shown and not found:
            entries[entry.key] = Entry(entry.strings, status, f"{name}:{entry.line}")
    return Catalogue(locale, plurals, entries, tuple(refused), len(po.messages))
