"""The translation cycle on gettext catalogues: extract, update, compile, stats, check.

Interface strings (from Python and templates) and content segments (from the
JSON files, via :func:`microsite.segments.extract_content`) go into the same
catalogue, ``translations/<locale>/LC_MESSAGES/messages.po``. Content messages
always carry a context (``"<slug>: <field>"``); interface messages never do,
which is how :func:`stats` tells them apart.

:func:`check` catches translators' mistakes before visitors see them, each
reported as ``file:line: message``.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from .config import PROJECT_ROOT

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
HREF = re.compile(r'href="([^"]*)"')


def pot_path(translations: Path) -> Path:
    return translations / "messages.pot"


def po_path(translations: Path, locale: str) -> Path:
    return translations / locale / "LC_MESSAGES" / "messages.po"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(translations: Path, root: Path = PROJECT_ROOT) -> Path:
    """Write the template catalogue from Python, templates and content JSON under ``root``.

    Runs from ``root`` so the source references translators see are short
    relative paths (``content/home.json:12``).
    """
    pot = pot_path(translations).resolve()
    pot.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.chdir(root):
        _extract(pot)
    return pot


def _extract(pot: Path) -> None:
    _pybabel(
        "extract", "-F", "babel.cfg", "-o", str(pot), "--sort-by-file",
        "--project", "microsite", "--copyright-holder", "NHS England",
        "--msgid-bugs-address", "england.cancerpolicy@nhs.net",
        "-c", "TRANSLATORS:", ".",
    )  # fmt: skip


def update(translations: Path, locales: list[str]) -> list[Path]:
    """Merge the template into each locale's catalogue, creating missing ones."""
    pot, written = pot_path(translations), []
    for locale in locales:
        po = po_path(translations, locale)
        command = "update" if po.exists() else "init"
        _pybabel(command, "-i", str(pot), "-d", str(translations), "-l", locale)
        written.append(po)
    return written


def compile_all(translations: Path, locales: list[str]) -> list[Path]:
    """Compile each catalogue to its ``.mo`` file (fuzzy and empty entries are left out).

    The site itself compiles the ``.po`` files in memory (see
    :func:`translations_from`); ``.mo`` files are for other gettext tools.
    Babel's own compile step is not used: it treats "40% of" in content as a
    printf placeholder, while :func:`check` knows content is never formatted.
    """
    written = []
    for locale in locales:
        po = po_path(translations, locale)
        if not po.exists():
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(mo)
    return written


def compile_folder(folder: str | Path) -> list[Path]:
    """Compile every catalogue under ``folder`` (used by ``make install``, without the app)."""
    folder = Path(folder)
    codes = sorted(p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/messages.po"))
    return compile_all(folder, codes)


@dataclass(frozen=True)
class Completion:
    translated: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def stats(po: Path) -> dict[str, Completion]:
    """Completion of interface (``ui``) and ``content`` messages in one catalogue."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    counts = {"ui": [0, 0], "content": [0, 0]}
    for message in catalog:
        if not message.id:
            continue
        kind = counts["content" if message.context else "ui"]
        kind[1] += 1
        kind[0] += _translated(message)
    return {kind: Completion(done, total) for kind, (done, total) in counts.items()}


def _placeholders(text: str) -> Counter:
    return Counter(match.group(0) for match in PLACEHOLDER.finditer(text))


def _markup(text: str) -> Counter:
    return Counter(match.group(0).split()[0].rstrip(">") for match in TAG.finditer(text))


def message_problems(message: Message) -> list[str]:
    """What is wrong with one translated message (empty list: nothing)."""
    if not message.id or not message.string:
        return []
    problems = []
    if message.fuzzy:
        problems.append("fuzzy translation (review it, then remove the fuzzy flag)")
    sources = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    for index, translated in enumerate(strings):
        if not translated:
            continue
        source = sources[min(index, len(sources) - 1)]
        expected, found = _placeholders(source), _placeholders(translated)
        # A plural form may drop %(num)d ("one" needs no number in some languages).
        if len(sources) > 1:
            found = found | Counter({k: v for k, v in expected.items() if k.startswith("%(num)")})
        for name in sorted(set(expected) - set(found)):
            problems.append(f"placeholder {name} is missing from the translation")
        for name in sorted(set(found) - set(expected)):
            problems.append(f"placeholder {name} is not in the source text")
        if _markup(source) != _markup(translated):
            expected_tags = sorted(_markup(source).elements())
            found_tags = sorted(_markup(translated).elements())
            problems.append(
                f"markup differs from the source text: expected {expected_tags}, found {found_tags}"
            )
        elif sorted(HREF.findall(source)) != sorted(HREF.findall(translated)):
            problems.append("a link's href differs from the source text")
    return problems


class UnreadableCatalogue(Exception):
    """A ``.po`` file that cannot be parsed, with the 1-based line to look at."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse(data: bytes, locale: str | None = None) -> Catalog:
    """Parse ``.po`` bytes strictly; raise :class:`UnreadableCatalogue` on any syntax error."""
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as error:
        message = f"invalid PO syntax: {str(error).rsplit(' on ', 1)[0]}"
        raise UnreadableCatalogue(error.lineno + 1, message) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise UnreadableCatalogue(1, f"cannot read catalogue: {error}") from None


def check(po: Path) -> list[str]:
    """Every problem in one catalogue as ``file:line: message``."""
    name = str(po)
    try:
        catalog = parse(po.read_bytes())
    except OSError as error:
        return [f"{name}:1: cannot read catalogue: {error}"]
    except UnreadableCatalogue as error:
        return [f"{name}:{error.line}: {error}"]
    found = []
    for message in catalog:
        for problem in message_problems(message):
            found.append(f"{name}:{message.lineno}: {problem}")
    return found


def translations_from(data: bytes, locale: str) -> Translations:
    """A catalogue ready for the site, compiled in memory from ``.po`` bytes.

    The site reads ``.po`` files (the translators' source) so that an edit is
    picked up without a build step. Fuzzy and empty entries are left out, as
    ``msgfmt`` does; invalid syntax raises :class:`UnreadableCatalogue`.
    """
    catalog = parse(data, locale)
    # Filled directly rather than through a compiled .mo: writing a .mo sorts every
    # message in Python, the slowest step at start-up for large catalogues.
    translations = Translations()
    translations.plural = gettext.c2py(catalog.plural_expr)
    entries = translations._catalog
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings):
                for index, text in enumerate(strings):
                    entries[(prefix + message.id[0], index)] = text
        elif message.string:
            entries[prefix + message.id] = message.string
    return translations
