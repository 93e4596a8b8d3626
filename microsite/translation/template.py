"""The template: every English message, from code, templates and content, in ``messages.pot``.

Interface strings (from Python and templates, found through ``babel.cfg``, with
their ``TRANSLATORS:`` notes) and content segments (pages from the content
loader, :func:`microsite.content.loading.load_site`, the one door to content)
go into one template, ``<translations>/messages.pot``. Content messages always
carry a context (``"<slug>: <field>"``); interface messages never do.
References name the file only (``#: content/home.json``): a line number would
go stale with every edit above it and send a translator to the wrong line.
Only messages with ``%(name)s`` placeholders carry ``python-format`` (the one
percent rule, :mod:`.rules`). An unchanged template is never rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO

from babel.messages import frontend
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from ..config import PROJECT_ROOT
from ..content.loading import load_site
from ..content.segments import page_segments
from .catalogue import (
    back_link_message,
    logo_label_message,
)
from .files import read_translation_file
from .placeholders import NAMED_PLACEHOLDER
from .pofiles import PoEntry, PoFile, english_of, meaning_of, to_bytes, write_if_changed
from .poread import read_po
from .rules import BACK_LINK_FIELD, LOGO_LABEL_FIELD

PROJECT = "microsite"
COPYRIGHT = "NHS England"
BUGS_ADDRESS = "england.cancerpolicy@nhs.net"
CODE_FOLDERS = ("microsite", "templates")
# Babel's reader of babel.cfg has no type hints; this is its documented shape.
_parse_mapping: Callable[[IO[str], str], tuple[list[tuple[str, str]], dict[str, dict[str, str]]]]
_parse_mapping = frontend.parse_mapping_cfg
Location = tuple[str, int]  # (file, position): sorts the template; only the file is written


def pot_path(translations: Path) -> Path:
    return translations / "messages.pot"


def project_version() -> str:
    try:
        return version(PROJECT)
    except PackageNotFoundError:
        return "0"


def read_file(path: Path) -> PoFile:
    """A catalogue or template file, read strictly."""
    return read_po(read_translation_file(path), str(path))


def _location(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def gettext_date(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M+0000")


def _template_header(created: dt.datetime) -> PoEntry:
    fields = {
        "Project-Id-Version": f"{PROJECT} {project_version()}",
        "Report-Msgid-Bugs-To": BUGS_ADDRESS,
        "POT-Creation-Date": gettext_date(created),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": "microsite translate extract",
    }
    comments = [
        f"Translations template for {PROJECT}.",
        f"Copyright (C) {created.year} {COPYRIGHT}",
        f"This file is distributed under the same license as the {PROJECT} project.",
        f"FIRST AUTHOR <EMAIL@ADDRESS>, {created.year}.",
        "",
    ]
    text = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return PoEntry("", [text], comments=comments, flags=["fuzzy"])


def _interface(root: Path) -> list[tuple[Location, PoEntry]]:
    """Interface strings from code and templates, as Babel's extractors find them."""
    catalog = Catalog()
    with (root / "babel.cfg").open() as handle:
        method_map, options_map = _parse_mapping(handle, str(root / "babel.cfg"))

    def in_code(path: str) -> bool:
        relative = Path(path).resolve().relative_to(root.resolve()).parts
        return not relative or relative[0] in CODE_FOLDERS

    found = extract_from_dir(
        root,
        method_map,
        options_map,
        comment_tags=("TRANSLATORS:",),
        directory_filter=in_code,
        strip_comment_tags=True,
    )
    for filename, lineno, text, comments, context in found:
        catalog.add(text, None, [(filename, lineno)], auto_comments=comments, context=context)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        entry = PoEntry(
            ids[0], [""] * len(ids), message.context, ids[1] if len(ids) > 1 else None,
            # One line per "#." line, as the file will read back (multi-line template notes).
            extracted=[line.strip() for text in message.auto_comments for line in text.split("\n")],
            references=sorted({filename for filename, _ in message.locations}),
        )  # fmt: skip
        # One percent rule: only messages with %(name)s placeholders are formatted.
        if any(NAMED_PLACEHOLDER.search(text) for text in ids):
            entry.flags = ["python-format"]
        entries.append((min(message.locations), entry))
    return entries


def _content(content_dir: Path, root: Path) -> list[tuple[Location, PoEntry]]:
    """Every segment of every page, read through the content loader (the one door)."""
    site = load_site(content_dir)
    parents = {page.parent for page in site.pages.values() if page.parent}
    entries: list[tuple[Location, PoEntry]] = []
    for slug, page in site.pages.items():
        where = _location(content_dir / f"{slug}.json", root)

        def add(position: int, context: str, text: str, comment: str) -> None:
            entry = PoEntry(text, [""], context, extracted=[comment], references=[where])  # noqa: B023
            entries.append(((where, position), entry))  # noqa: B023

        if slug in parents:
            add(-2, f"{slug}: {BACK_LINK_FIELD}", back_link_message(page.title),
                f'Back link to page "{page.title}" ({slug}), read by screen readers; '
                "inflect the title as your language needs")  # fmt: skip
        if page is site.home:
            add(-1, f"{slug}: {LOGO_LABEL_FIELD}", logo_label_message(page.title),
                f'The NHS logo\'s label for screen readers: a link to the home page of "'
                f'{page.title}" ({slug}); inflect the names as your language needs')  # fmt: skip
        seen: set[tuple[str, str]] = set()
        for position, segment in enumerate(page_segments(page)):
            if (segment.context, segment.text) not in seen:
                seen.add((segment.context, segment.text))
                comment = f'Page "{page.title}" ({slug}), field {segment.field}'
                add(position, segment.context, segment.text, comment)
    return entries


def build_template(content_dir: Path, root: Path = PROJECT_ROOT) -> PoFile:
    """Every English message: interface strings under ``root`` and the content's segments."""
    found = _interface(root) + _content(content_dir, root)
    found.sort(key=lambda item: item[0])
    created = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    return PoFile([_template_header(created), *(entry for _, entry in found)])


def _same_template(old: PoFile, new: PoFile) -> bool:
    return english_of(old) == english_of(new) and meaning_of(old)[:2] == meaning_of(new)[:2]


def template_is_current(content_dir: Path, translations: Path, root: Path = PROJECT_ROOT) -> bool:
    """Whether ``messages.pot`` holds today's English (its layout and dates aside)."""
    pot = pot_path(translations)
    return pot.exists() and _same_template(read_file(pot), build_template(content_dir, root))


def extract(content_dir: Path, translations: Path, root: Path = PROJECT_ROOT) -> tuple[Path, bool]:
    """Write the template catalogue; returns it and whether it changed.

    An unchanged template is left as it is (its creation date too).
    """
    pot = pot_path(translations)
    template = build_template(content_dir, root)
    if pot.exists() and _same_template(read_file(pot), template):
        return pot, False
    return pot, write_if_changed(pot, to_bytes(template))
