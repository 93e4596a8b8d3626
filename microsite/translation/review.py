"""What a translator needs to know about a catalogue: its problems and its review status.

:func:`check` reads the file with the same reader and rules as the site
(:mod:`microsite.translation.catalogue`), so nothing ``check`` passes is
refused at load and nothing it refuses is shown. It reports every problem as
``file:line: message``: at least what GNU ``msgfmt --check`` catches (syntax,
duplicates, headers, plural forms, a lone ``%``; ``msgfmt`` itself is run
too), plus the site's rules. Entries waiting for a translator (missing,
unreviewed, stale) are a status, counted by :func:`stats`, never a problem.
:func:`warnings` says what deserves a look but is no mistake (a glossary term
translated another way).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.plurals import get_plural

from ..problems import CatalogueError, CatalogueProblem
from .catalogue import header_line, parse, plural_forms
from .files import read_translation_file
from .glossary import Glossary, term_warnings
from .locales import disk_name
from .plurals import gettext_plural_count
from .pofiles import PoFile
from .provenance import Status, previous_ids, record_of, status_of
from .rules import characters, entry_problems, newline_problems

# Values that tools leave in a header for a person to fill in.
HEADER_PLACEHOLDERS = ("PACKAGE", "VERSION", "FULL NAME", "EMAIL@ADDRESS", "LL@li.org", "YEAR-MO")
REQUIRED_HEADERS = ("Project-Id-Version", "Last-Translator", "Language-Team", "Language")


def header_problems(po: PoFile, text: str, name: str, folder: str) -> list[CatalogueProblem]:
    problems = []
    for header in REQUIRED_HEADERS:
        line = header_line(text, header)
        value = po.header_value(header) or ""
        if not value:
            problems.append(CatalogueProblem(name, line, f"header {header} is missing"))
        elif any(placeholder in value for placeholder in HEADER_PLACEHOLDERS):
            problems.append(
                CatalogueProblem(name, line, f"fill in header {header} (it says {value!r})")
            )
    language = po.header_value("Language")
    if language and disk_name(language) != folder:
        where = header_line(text, "Language")
        problems.append(
            CatalogueProblem(name, where, f"Language is {language}, but the folder is {folder}")
        )
    return problems


def plural_header_problems(po: PoFile, text: str, name: str, folder: str) -> list[CatalogueProblem]:
    """A wrong ``nplurals`` is the header's mistake: said once, at the header's line."""
    value = po.header_value("Plural-Forms") or ""
    match = re.search(r"nplurals\s*=\s*(\d+)", value)
    if not match:
        return []
    count, line = int(match.group(1)), header_line(text, "Plural-Forms")
    try:
        expected = get_plural(folder).num_plurals
    except (UnknownLocaleError, ValueError):
        return [
            CatalogueProblem(
                name, line, f"the folder {folder} names no language CLDR knows, so its plural "
                "forms cannot be checked: name the folder with a known tag (such as cy or pt_BR)",
            )
        ]  # fmt: skip
    gettext_count = gettext_plural_count(folder)
    if count in (expected, gettext_count):
        return []
    also = f" and GNU gettext {gettext_count}" if gettext_count not in (None, expected) else ""
    return [
        CatalogueProblem(
            name, line, f"Plural-Forms says nplurals={count}, but CLDR gives this language "
            f"{expected} plural forms{also}: correct the header (translate init writes CLDR's)",
        )
    ]  # fmt: skip


def check(po: Path, locale: str | None = None) -> list[str]:
    """Every problem in one catalogue as ``file:line: message`` (empty: it can be used)."""
    name = str(po)
    folder = disk_name(locale) if locale else po.parent.parent.name
    try:
        data = read_translation_file(po)
        catalogue = parse(data, name)
        plurals = plural_forms(catalogue, data, name)
    except OSError as error:
        return [f"{name}:1: cannot read catalogue: {error}"]
    except CatalogueError as error:
        return [str(problem) for problem in error.problems]
    text = data.decode("utf-8", "replace")
    problems = header_problems(catalogue, text, name, folder)
    header_plurals = plural_header_problems(catalogue, text, name, folder)
    problems += header_plurals
    for entry in catalogue.messages:
        # A stale entry is never shown: its old text may not fit the new English yet.
        shown = status_of(entry) is not Status.STALE
        found = entry_problems(entry, plurals) if shown else characters(entry)
        if not shown:  # msgfmt --check --use-fuzzy judges these too; said once, in words
            found += newline_problems(entry)
        if header_plurals:  # said once at the header, not at every plural entry
            found = [problem for problem in found if "but nplurals=" not in problem]
        problems.extend(CatalogueProblem(name, entry.line, problem) for problem in found)
    # newline_problems says these at the entry, for every entry msgfmt checks.
    found_by_msgfmt = [p for p in msgfmt(po) if "entries do not both" not in p.message]
    if header_plurals:  # msgfmt says it again, at the header and at plural entries
        found_by_msgfmt = [p for p in found_by_msgfmt if "plural" not in p.message]
    problems.extend(found_by_msgfmt)
    return [str(problem) for problem in sorted(problems, key=lambda p: p.line)]


def warnings(po: Path, glossary: Glossary | None) -> list[str]:
    """What deserves a translator's look but is no mistake, as ``file:line: message``."""
    try:
        catalogue = parse(read_translation_file(po), str(po))
    except (OSError, CatalogueError):
        return []  # check reports it
    found = []
    if glossary is not None:
        found += term_warnings(catalogue, glossary, po.parent.parent.name, str(po))
    unrecorded = [
        entry for entry in catalogue.messages
        if status_of(entry).shown and record_of(entry) is None
    ]  # fmt: skip
    if unrecorded:
        found.append(
            f"{po}:{unrecorded[0].line}: {len(unrecorded)} translation(s) without a record of "
            "their English yet: run translate update to record it"
        )
    unknown = [
        entry for entry in catalogue.messages
        if entry.fuzzy and any(entry.msgstr) and record_of(entry) is None
        and previous_ids(entry) is None
    ]  # fmt: skip
    if unknown:
        found.append(
            f"{po}:{unknown[0].line}: {len(unknown)} fuzzy translation(s) with no record of "
            "their English are not shown (plain msgmerge may have matched them to new "
            "English): check each against its English and clear fuzzy to show it, or, for "
            "drafts you just wrote, run translate update --record-drafts"
        )
    return found


def msgfmt(po: Path) -> list[CatalogueProblem]:
    """GNU ``msgfmt --check``'s own findings, when GNU gettext is installed (``make
    install`` installs it). Fuzzy entries are checked too: the site shows them."""
    command = shutil.which("msgfmt")
    if command is None:
        return []
    result = subprocess.run(
        [command, "--check", "--use-fuzzy", "-o", os.devnull, str(po)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    problems = []
    for line in result.stderr.splitlines():
        match = re.match(r"(.+?):(\d+):(?:\d+:)? (.*)", line)
        if match and match.group(1) == str(po):
            problems.append(
                CatalogueProblem(str(po), int(match.group(2)), f"msgfmt: {match.group(3)}")
            )
    if result.returncode and not problems:
        problems.append(CatalogueProblem(str(po), 1, f"msgfmt: {result.stderr.strip()}"))
    return problems


def stats(po: Path) -> dict[str, Counter[Status]]:
    """How many interface (``ui``) and ``content`` entries have each review status."""
    catalogue = parse(read_translation_file(po), str(po))
    counts: dict[str, Counter[Status]] = {"ui": Counter(), "content": Counter()}
    for entry in catalogue.messages:
        counts["content" if entry.msgctxt else "ui"][status_of(entry)] += 1
    return counts


def message_counts(pot: Path) -> dict[str, int]:
    """How many interface (``ui``) and ``content`` messages a template holds."""
    catalogue = parse(read_translation_file(pot), str(pot))
    counts = {"ui": 0, "content": 0}
    for entry in catalogue.messages:
        counts["content" if entry.msgctxt else "ui"] += 1
    return counts
