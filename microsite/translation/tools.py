"""The translators' files: extract the English, update and create each language's catalogue.

Interface strings (from Python and templates, found through ``babel.cfg``) and
content segments (pages from the content loader, :func:`microsite.content.loading.load_site`,
the one door to content) go into one template, ``<translations>/messages.pot``,
and from it into ``<translations>/<name>/LC_MESSAGES/messages.po``. Content
messages always carry a context (``"<slug>: <field>"``); interface messages
never do. References name the file only (``#: content/home.json``): a line
number would go stale with every edit above it and send a translator to the
wrong line.

``update`` merges with GNU ``msgmerge --previous``, exactly what Poedit's
"Update from POT" and Weblate's msgmerge add-on run, so the site's tools and
the translators' agree on every file. Around it, the English each translation
was made from is recorded (:mod:`.provenance`), so an entry whose English
changed is stale whether or not msgmerge wrote a ``#|`` line for it.

Two promises to translators:

- Running extract and update again without a change in the English changes
  no byte; a file some other tool wrote (msgmerge's header order, ``msgcat
  --no-wrap``, polib's wrapping, Weblate's header) is left as it is.
- Every header field and comment a translator's tool added is kept.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from ..config import PROJECT_ROOT
from ..content.loading import load_site
from ..content.segments import page_segments
from .catalogue import (
    BACK_LINK_FIELD,
    LOGO_LABEL_FIELD,
    back_link_message,
    logo_label_message,
)
from .locales import disk_name, known, po_path
from .plurals import plural_forms_header
from .pofiles import PoEntry, PoFile, dump, english_of, meaning_of, to_bytes, write_if_changed
from .poread import read_po
from .provenance import RECORD, Status, digest, previous_ids, record_of, set_record, status_of
from .rules import NAMED_PLACEHOLDER

PROJECT = "microsite"
COPYRIGHT = "NHS England"
BUGS_ADDRESS = "england.cancerpolicy@nhs.net"
CODE_FOLDERS = ("microsite", "templates")
Location = tuple[str, int]  # (file, position): sorts the template; only the file is written


def pot_path(translations: Path) -> Path:
    return translations / "messages.pot"


def _version() -> str:
    try:
        return version(PROJECT)
    except PackageNotFoundError:
        return "0"


def _read(path: Path) -> PoFile:
    return read_po(path.read_bytes(), str(path))


def _location(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def _date(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M+0000")


def _template_header(created: dt.datetime) -> PoEntry:
    fields = {
        "Project-Id-Version": f"{PROJECT} {_version()}",
        "Report-Msgid-Bugs-To": BUGS_ADDRESS,
        "POT-Creation-Date": _date(created),
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
        method_map, options_map = parse_mapping_cfg(handle, str(root / "babel.cfg"))

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
    return pot.exists() and _same_template(_read(pot), build_template(content_dir, root))


def extract(content_dir: Path, translations: Path, root: Path = PROJECT_ROOT) -> tuple[Path, bool]:
    """Write the template catalogue; returns it and whether it changed.

    An unchanged template is left as it is (its creation date too).
    """
    pot = pot_path(translations)
    template = build_template(content_dir, root)
    if pot.exists() and _same_template(_read(pot), template):
        return pot, False
    return pot, write_if_changed(pot, to_bytes(template))


@dataclass(frozen=True)
class UpdateReport:
    po: Path
    new: int  # messages with no translation yet
    changed: int  # translations whose English changed (now stale)
    obsolete: int  # translations of English that no longer exists (kept as #~)
    written: bool  # (or, in a dry run, would be)
    stale: bool = False  # the catalogue's English differs from the template's
    fuzzy: int = 0  # entries marked fuzzy in all (unreviewed or stale), waiting for review
    recorded: int = 0  # translations whose English was recorded (or would be)

    def __str__(self) -> str:
        verb = "updated" if self.written else "unchanged"
        return (
            f"{verb} {self.po}: {self.new} new, {self.changed} changed (stale until reviewed), "
            f"{self.fuzzy} fuzzy in all, {self.obsolete} obsolete, "
            f"{self.recorded} newly recorded (# {RECORD})"
        )


def record_sources(po: PoFile) -> int:
    """Record the English each translation stands beside (see :mod:`.provenance`); returns
    how many records were added or changed. A stale entry keeps the record of the
    English it was made from (or gets it from its ``#|`` line)."""
    count = 0
    for entry in po.messages:
        status = status_of(entry)
        if status.shown:
            wanted: str | None = digest(entry.ids)
        elif status is Status.STALE and record_of(entry) is None:
            previous = previous_ids(entry)
            wanted = digest(previous) if previous else None
        else:
            wanted = None
        if wanted is not None and record_of(entry) != wanted:
            set_record(entry, wanted)
            count += 1
    return count


def msgmerge(po: PoFile, pot: Path) -> PoFile:
    """``po`` merged with the template by GNU ``msgmerge --previous``, as Poedit and Weblate do."""
    command = shutil.which("msgmerge")
    if command is None:
        raise RuntimeError("GNU gettext is needed (Debian: apt-get install gettext)")
    with tempfile.TemporaryDirectory() as scratch:
        source, merged = Path(scratch) / "old.po", Path(scratch) / "new.po"
        source.write_text(dump(po), encoding="utf-8")  # (msgcat drops a lone header)
        result = subprocess.run(
            [command, "--previous", "--quiet", "-o", str(merged), str(source), str(pot)],
            capture_output=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"msgmerge: {result.stderr.decode(errors='replace').strip()}")
        return read_po(merged.read_bytes(), str(pot))


def _show_previous(merged: PoFile, before: PoFile) -> None:
    """Give a stale entry the ``#|`` lines msgmerge leaves out for entries that were already
    fuzzy, so Poedit and Weblate show the reviewer what changed."""
    by_record = {digest(entry.ids): entry for entry in before.messages}
    for entry in merged.messages:
        record = record_of(entry)
        if entry.fuzzy and entry.previous_msgid is None and record != digest(entry.ids):
            old = by_record.get(record or "")
            if old is not None:
                entry.previous_msgctxt = old.msgctxt
                entry.previous_msgid = old.msgid
                entry.previous_msgid_plural = old.msgid_plural


def update_one(po: Path, pot: Path, dry_run: bool = False) -> UpdateReport:
    """Merge the template into one catalogue; write it only if its meaning changed."""
    old = _read(po)
    stamped = copy.deepcopy(old)
    recorded = record_sources(stamped)
    merged = msgmerge(stamped, pot)
    _show_previous(merged, stamped)
    before = {entry.key for entry in old.messages}
    added = [entry for entry in merged.messages if entry.key not in before]
    new = sum(1 for entry in added if status_of(entry) is Status.MISSING)
    changed = sum(1 for entry in added if status_of(entry) is Status.STALE)
    obsolete = sum(e.obsolete for e in merged.entries) - sum(e.obsolete for e in old.entries)
    written = meaning_of(merged) != meaning_of(old)
    if written and not dry_run:
        po.write_bytes(to_bytes(merged))
    stale = english_of(merged) != english_of(old)
    fuzzy = sum(1 for entry in merged.messages if entry.fuzzy)
    return UpdateReport(po, new, changed, max(obsolete, 0), written, stale, fuzzy, recorded)


def update(translations: Path, tags: list[str], dry_run: bool = False) -> list[UpdateReport]:
    """Merge the template into each language's existing catalogue."""
    pot = pot_path(translations)
    _read(pot)  # a broken template is reported before any catalogue is touched
    return [update_one(po_path(translations, tag), pot, dry_run) for tag in tags]


def init(translations: Path, tag: str) -> Path:
    """Create the catalogue of ``tag`` (BCP 47, such as ``pt-BR``) from the template,
    every entry still to translate; :class:`~.locales.UnknownLanguage` if CLDR does not know it."""
    tag = known(tag)
    po = po_path(translations, tag)
    if po.exists():
        raise FileExistsError(f"{po} already exists: use translate update")
    pot = pot_path(translations)
    template = _read(pot)
    name = Locale.parse(disk_name(tag)).get_display_name("en") or tag
    created = template.header_value("POT-Creation-Date") or _date(dt.datetime.now(dt.UTC))
    fields = {
        "Project-Id-Version": f"{PROJECT} {_version()}",
        "Report-Msgid-Bugs-To": BUGS_ADDRESS,
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "none yet",
        "Language": disk_name(tag),
        "Language-Team": f"{name} (no team yet)",
        "Plural-Forms": plural_forms_header(disk_name(tag)),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    comments = [
        f"{name} translations for {PROJECT}.",
        f"Copyright (C) {created[:4]} {COPYRIGHT}",
        f"This file is distributed under the same license as the {PROJECT} project.",
        "",
    ]
    text = "".join(f"{key}: {value}\n" for key, value in fields.items())
    catalogue = msgmerge(PoFile([PoEntry("", [text], comments=comments)]), pot)
    write_if_changed(po, to_bytes(catalogue))
    return po
