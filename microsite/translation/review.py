"""What a translator needs to know about a catalogue: its problems and its review status.

:func:`check` reports every problem as ``file:line: message``: at least what
GNU ``msgfmt --check`` catches (syntax, duplicates, headers, plural forms, a
lone ``%``), plus the rules the site enforces when it loads a catalogue (see
:mod:`microsite.translation.catalogue`). Entries waiting for a translator (missing,
unreviewed, stale) are a status, counted by :func:`stats`, never a problem.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import unescape

from ..problems import CatalogueError, CatalogueProblem
from .catalogue import Status, parse, plural_forms, status_of
from .rules import characters, entry_problems

# Values that tools leave in a header for a person to fill in.
HEADER_PLACEHOLDERS = ("PACKAGE", "VERSION", "FULL NAME", "EMAIL@ADDRESS", "LL@li.org", "YEAR-MO")
REQUIRED_HEADERS = ("Project-Id-Version", "Last-Translator", "Language-Team", "Language")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_problems(message) -> list[str]:
    """Bidi overrides and isolates in a title or link text can make it read as
    something else (a spoofed link); the page's own dir already handles direction."""
    field = (message.context or "").rsplit(".", 1)[-1].rsplit(" ", 1)[-1]
    if field not in ("title", "text", "watch_text"):
        return []
    texts = [message.string] if isinstance(message.string, str) else list(message.string)
    found = sorted({f"U+{ord(c):04X}" for t in texts for c in BIDI_CONTROLS.findall(t)})
    return [f"bidi control characters in a title or link text: {', '.join(found)}"] if found else []


def scan(text: str, name: str) -> list[CatalogueProblem]:
    """What only the file's text shows: entries defined twice (Babel's reader merges
    them silently; msgfmt refuses them), and content entries flagged python-format
    (Babel's reader adds that flag to anything with a ``%`` in it)."""
    seen: dict[tuple, int] = {}
    problems, context, msgid, field, start, flags = [], None, None, None, 0, ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#,"):
            flags = stripped
        elif not stripped:
            flags = ""
        if stripped.startswith("msgctxt "):
            if "python-format" in flags:
                message = "content is never formatted: remove the python-format flag"
                problems.append(CatalogueProblem(name, number, message))
            context, field, start = unescape(stripped[8:]), "ctxt", number
        elif stripped.startswith("msgid "):
            msgid, field = unescape(stripped[6:]), "id"
            start = start if context is not None else number
        elif stripped.startswith('"') and field == "ctxt":
            context = (context or "") + unescape(stripped)
        elif stripped.startswith('"') and field == "id":
            msgid = (msgid or "") + unescape(stripped)
        elif stripped.startswith(("msgstr", "msgid_plural")):
            if msgid:
                key = (context, msgid)
                if key in seen:
                    where = f"first defined at line {seen[key]}"
                    problems.append(CatalogueProblem(name, start, f"duplicate entry ({where})"))
                else:
                    seen[key] = start
            context, msgid, field = None, None, None
    return problems


def header_problems(catalog: Catalog, text: str, name: str, locale: str) -> list[CatalogueProblem]:
    headers, lines = dict(catalog.mime_headers), text.splitlines()
    problems = []
    for header in REQUIRED_HEADERS:
        line = next((n for n, t in enumerate(lines, 1) if t.startswith(f'"{header}:')), 1)
        value = headers.get(header, "")
        if not value:
            problems.append(CatalogueProblem(name, line, f"header {header} is missing"))
        elif any(placeholder in value for placeholder in HEADER_PLACEHOLDERS):
            problems.append(
                CatalogueProblem(name, line, f"fill in header {header} (it says {value!r})")
            )
    if catalog.locale_identifier and catalog.locale_identifier != locale:
        problems.append(
            CatalogueProblem(name, 1, f"Language is {catalog.locale_identifier}, not {locale}")
        )
    return problems


def check(po: Path, locale: str | None = None) -> list[str]:
    """Every problem in one catalogue as ``file:line: message`` (empty: it can be used)."""
    name = str(po)
    locale = locale or po.parent.parent.name
    try:
        data = po.read_bytes()
        catalog = parse(data, name, locale)
        text = data.decode(catalog.charset or "utf-8")
        plurals = plural_forms(catalog, text, name)
    except OSError as error:
        return [f"{name}:1: cannot read catalogue: {error}"]
    except CatalogueError as error:
        return [str(problem) for problem in error.problems]
    problems = scan(text, name) + header_problems(catalog, text, name, locale)
    for message in catalog:
        if not message.id:
            continue
        # A stale entry is never shown: its old text may not fit the new English yet.
        stale = status_of(message) is Status.STALE
        found = characters(message) if stale else entry_problems(message, plurals)
        found += bidi_problems(message)
        problems.extend(CatalogueProblem(name, message.lineno or 1, text) for text in found)
    problems.extend(msgfmt(po))
    return [str(problem) for problem in sorted(problems, key=lambda p: p.line)]


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
        match = re.match(r"(.+?):(\d+): (.*)", line)
        if match and match.group(1) == str(po):
            problems.append(
                CatalogueProblem(str(po), int(match.group(2)), f"msgfmt: {match.group(3)}")
            )
    if result.returncode and not problems:
        problems.append(CatalogueProblem(str(po), 1, f"msgfmt: {result.stderr.strip()}"))
    return problems


def stats(po: Path) -> dict[str, Counter[Status]]:
    """How many interface (``ui``) and ``content`` entries have each review status."""
    catalog = parse(po.read_bytes(), str(po))
    counts: dict[str, Counter[Status]] = {"ui": Counter(), "content": Counter()}
    for message in catalog:
        if message.id:
            counts["content" if message.context else "ui"][status_of(message)] += 1
    return counts


def message_counts(pot: Path) -> dict[str, int]:
    """How many interface (``ui``) and ``content`` messages a template holds."""
    catalog = parse(pot.read_bytes(), str(pot))
    counts = {"ui": 0, "content": 0}
    for message in catalog:
        if message.id:
            counts["content" if message.context else "ui"] += 1
    return counts
