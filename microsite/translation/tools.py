"""The translators' files: extract the English, update and create each language's catalogue.

Interface strings (from Python and templates, found through ``babel.cfg``) and
content segments (from the configured content folder, via
:func:`microsite.content.segments.extract_content`) go into one template,
``<translations>/messages.pot``, and from it into
``<translations>/<locale>/LC_MESSAGES/messages.po``. Content messages always
carry a context (``"<slug>: <field>"``); interface messages never do.

Two promises to translators:

- Running extract and update again without a change in the English leaves
  every file byte-identical: no new dates, nothing reordered.
- Files are laid out as GNU gettext writes them (see :mod:`microsite.translation.pofiles`),
  so a save in Poedit or a pass through ``msgmerge`` does not rewrap them.

``update`` keeps previous msgids (``#| msgid``): an entry whose English
changed becomes *stale* (``fuzzy`` with a previous msgid) and the site shows
the English until a translator reviews it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg

from ..config import PROJECT_ROOT
from ..content.segments import extract_content
from ..problems import CatalogueError, CatalogueProblem
from .catalogue import BACK_LINK_FIELD, back_link_message, parse
from .plurals import CLDR_PLURAL_FORMS
from .pofiles import messages_differ, serialize, write_if_changed
from .rules import ids_of, placeholder_problems, strings_of

PROJECT = "microsite"
COPYRIGHT = "NHS England"
BUGS_ADDRESS = "england.cancerpolicy@nhs.net"
CODE_FOLDERS = ("microsite", "templates")


def pot_path(translations: Path) -> Path:
    return translations / "messages.pot"


def po_path(translations: Path, locale: str) -> Path:
    return translations / locale / "LC_MESSAGES" / "messages.po"


def _version() -> str:
    try:
        return version(PROJECT)
    except PackageNotFoundError:
        return "0"


def _read(path: Path, locale: str | None = None) -> Catalog:
    return parse(path.read_bytes(), str(path), locale)


def _location(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def build_template(content_dir: Path, root: Path = PROJECT_ROOT) -> Catalog:
    """Every English message: interface strings under ``root`` and the content's segments."""
    template = Catalog(
        project=PROJECT, version=_version(), copyright_holder=COPYRIGHT,
        msgid_bugs_address=BUGS_ADDRESS,
    )  # fmt: skip
    with (root / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(root / "babel.cfg"))

    def in_code(path: str) -> bool:
        relative = Path(path).resolve().relative_to(root.resolve()).parts
        return not relative or relative[0] in CODE_FOLDERS

    found = extract_from_dir(
        root, method_map, options_map, comment_tags=("TRANSLATORS:",), directory_filter=in_code
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    _add_back_links(template, content_dir, root)
    for path in sorted(content_dir.glob("*.json")):
        for lineno, message, comments, context in extract_from_file(
            extract_content, path, keywords={"pgettext": ((1, "c"), 2)}
        ):
            added = template.add(
                message, None, [(_location(path, root), lineno)], auto_comments=comments,
                context=context,
            )  # fmt: skip
            # Content is never %-formatted: "40% of" is text, not a placeholder.
            added.flags.discard("python-format")
    return template


def _add_back_links(template: Catalog, content_dir: Path, root: Path) -> None:
    """One "Back to <title>" message for each page that has children: the back link's
    screen-reader text, translated whole so a language can inflect the title."""
    pages = {}
    for path in sorted(content_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # reported by content check; extraction of that file fails on its own
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            pages[data["slug"]] = (path, data)
    parents = {data["parent"] for _, data in pages.values() if isinstance(data.get("parent"), str)}
    for slug in sorted(parent for parent in parents if parent in pages):
        path, data = pages[slug]
        added = template.add(
            back_link_message(str(data.get("title", ""))),
            None,
            [(_location(path, root), 1)],
            auto_comments=[
                f'Back link to page "{data.get("title")}" ({slug}), read by screen readers; '
                "inflect the title as your language needs"
            ],
            context=f"{slug}: {BACK_LINK_FIELD}",
        )
        added.flags.discard("python-format")


def extract(content_dir: Path, translations: Path, root: Path = PROJECT_ROOT) -> tuple[Path, bool]:
    """Write the template catalogue; returns it and whether it changed.

    An unchanged template keeps its creation date, so the file stays byte-identical.
    """
    pot = pot_path(translations)
    template = build_template(content_dir, root)
    if pot.exists():
        template.creation_date = _read(pot).creation_date
        if serialize(template) == pot.read_bytes():
            return pot, False
        template.creation_date = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    return pot, write_if_changed(pot, serialize(template))


@dataclass(frozen=True)
class UpdateReport:
    po: Path
    new: int  # messages with no translation yet
    changed: int  # translations whose English changed (now stale)
    obsolete: int  # translations of English that no longer exists (kept as #~)
    written: bool  # (or, in a dry run, would be)
    stale: bool = False  # messages differ, not only source references and dates
    fuzzy: int = 0  # entries marked fuzzy in all (unreviewed or stale), waiting for review

    def __str__(self) -> str:
        verb = "updated" if self.written else "unchanged"
        return (
            f"{verb} {self.po}: {self.new} new, {self.changed} changed (stale until reviewed), "
            f"{self.fuzzy} fuzzy in all, {self.obsolete} obsolete"
        )


def merge(template: Catalog, catalog: Catalog) -> tuple[int, int, int]:
    """Merge ``template`` into ``catalog`` in place; (new, changed, obsolete) counts.

    Babel's merge drops the previous msgid of an entry whose English is
    unchanged since the last update; it is put back, so a stale entry stays stale.
    """
    before = {(m.context, ids_of(m)[0]) for m in catalog if m.id}
    previous = {(m.context, ids_of(m)[0]): m.previous_id for m in catalog if m.previous_id}
    obsolete_before = set(catalog.obsolete)
    catalog.update(template, update_creation_date=True)
    new = changed = 0
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, ids_of(message)[0])
        if message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]
        if isinstance(message.id, tuple | list):
            strings = strings_of(message)
            message.string = (*strings, *[""] * (catalog.num_plurals - len(strings)))
        if key not in before and message.fuzzy and placeholder_problems(message):
            # Babel's fuzzy match took a translation of other English whose
            # placeholders differ ("Published: %(date)s" for "Published by
            # %(publisher)s."): msgfmt --check refuses it, so it starts empty.
            plural = isinstance(message.id, tuple | list)
            message.string = ("",) * catalog.num_plurals if plural else ""
            message.flags.discard("fuzzy")
            message.previous_id = []
        if key not in before:
            if message.previous_id:
                changed += 1
            elif not any(strings_of(message)):
                new += 1
    return new, changed, len(set(catalog.obsolete) - obsolete_before)


def update(translations: Path, locales: list[str], dry_run: bool = False) -> list[UpdateReport]:
    """Merge the template into each locale's existing catalogue."""
    template = _read(pot_path(translations))
    reports = []
    for locale in locales:
        po = po_path(translations, locale)
        catalog = _read(po, locale)
        new, changed, obsolete = merge(template, catalog)
        data, old = serialize(catalog), po.read_bytes()
        written = old != data
        if written and not dry_run:
            po.write_bytes(data)
        stale = messages_differ(old, data)
        fuzzy = sum(1 for message in catalog if message.id and message.fuzzy)
        reports.append(UpdateReport(po, new, changed, obsolete, written, stale, fuzzy))
    return reports


def plural_forms_header(locale: str) -> str:
    """The ``Plural-Forms`` a new catalogue gets: CLDR's, as Weblate uses them."""
    if locale in CLDR_PLURAL_FORMS:
        return CLDR_PLURAL_FORMS[locale]
    probe = Catalog(locale=locale)
    return f"nplurals={probe.num_plurals}; plural={probe.plural_expr};"


def init(translations: Path, locale: str) -> Path:
    """Create ``locale``'s catalogue from the template, every entry still to translate."""
    po = po_path(translations, locale)
    if po.exists():
        raise FileExistsError(f"{po} already exists: use translate update")
    template = _read(pot_path(translations))
    name = Locale.parse(locale).get_display_name("en") or locale
    created = template.creation_date
    year = created.year if isinstance(created, dt.datetime) else dt.datetime.now(dt.UTC).year
    catalog = Catalog(
        locale=locale, project=PROJECT, version=_version(), copyright_holder=COPYRIGHT,
        msgid_bugs_address=BUGS_ADDRESS, creation_date=template.creation_date,
        revision_date=template.creation_date, last_translator="none yet",
        language_team=f"{name} (no team yet)", fuzzy=False,
        header_comment=f"# {name} translations for {PROJECT}.\n"
        f"# Copyright (C) {year} {COPYRIGHT}\n"
        f"# This file is distributed under the same license as the {PROJECT} project.\n#",
    )  # fmt: skip
    catalog.mime_headers = [("Plural-Forms", plural_forms_header(locale))]
    merge(template, catalog)
    write_if_changed(po, serialize(catalog))
    return po


__all__ = [
    "CatalogueError", "CatalogueProblem", "UpdateReport", "extract", "init", "messages_differ",
    "serialize", "update",
]  # fmt: skip
