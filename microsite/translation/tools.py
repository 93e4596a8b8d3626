"""The translators' files: update and create each language's catalogue from the template.

The template (``messages.pot``) is written by :mod:`.template`; each language's
catalogue lives in ``<translations>/<name>/LC_MESSAGES/messages.po``.

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
from pathlib import Path

from babel import Locale

from .locales import disk_name, known, po_path
from .placeholders import placeholder_problems
from .plurals import plural_forms_header
from .pofiles import PoEntry, PoFile, encoded, english_of, meaning_of, to_bytes, write_if_changed
from .poread import read_po
from .provenance import RECORD, Status, digest, previous_ids, record_of, set_record, status_of
from .template import (
    BUGS_ADDRESS,
    COPYRIGHT,
    PROJECT,
    build_template,
    extract,
    gettext_date,
    pot_path,
    project_version,
    read_file,
    template_is_current,
)


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
    # Obsolete entries too: msgmerge (Poedit, Weblate) may revive one by fuzzy matching
    # for new English, keeping its comments but writing no #| line; its record then
    # says which English it was made from, so the revived guess is stale, never shown.
    for entry in po.entries:
        if entry.obsolete and status_of(entry).shown and record_of(entry) is None:
            set_record(entry, digest(entry.ids))
            count += 1
    return count


def msgmerge(po: PoFile, pot: Path) -> PoFile:
    """``po`` merged with the template by GNU ``msgmerge --previous``, as Poedit and Weblate do."""
    command = shutil.which("msgmerge")
    if command is None:
        raise RuntimeError("GNU gettext is needed (Debian: apt-get install gettext)")
    with tempfile.TemporaryDirectory() as scratch:
        source, merged = Path(scratch) / "old.po", Path(scratch) / "new.po"
        source.write_bytes(encoded(po))  # (msgcat drops a lone header)
        result = subprocess.run(
            [command, "--previous", "--quiet", "-o", str(merged), str(source), str(pot)],
            capture_output=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"msgmerge: {result.stderr.decode(errors='replace').strip()}")
        return read_po(merged.read_bytes(), str(pot))


def _show_previous(merged: PoFile, before: PoFile) -> None:
    """Give a stale or moved entry the ``#|`` lines msgmerge leaves out for entries that
    were already fuzzy, so Poedit and Weblate show the reviewer what changed: the old
    English of a stale entry, or the old context of English that moved to another block.
    Where the same English stood in several places, the entry's own context is preferred,
    then a place that no longer exists."""
    by_record: dict[str, list[PoEntry]] = {}
    for entry in before.messages:
        by_record.setdefault(digest(entry.ids), []).append(entry)
    now = {entry.key for entry in merged.messages}
    was = {entry.key for entry in before.messages}
    for entry in merged.messages:
        if not entry.fuzzy or entry.previous_msgid is not None:
            continue
        record = record_of(entry)
        if record == digest(entry.ids) and entry.key in was:
            continue  # neither its English nor its place changed
        candidates = [  # (the same key with other English: only msgid_plural changed)
            old for old in by_record.get(record or "", [])
            if old.key != entry.key or old.ids != entry.ids
        ]  # fmt: skip
        if not candidates:
            continue
        old = min(candidates, key=lambda c: (c.msgctxt != entry.msgctxt, c.key in now))
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural


# The record of "some other English, not known": msgmerge filled the entry by fuzzy
# matching from an entry that carried neither a record nor a #| line.
UNKNOWN_ENGLISH = digest(("",))


def _settle_guesses(merged: PoFile, before: set[tuple[str | None, str]]) -> None:
    """Entries msgmerge's fuzzy matching just filled from other English: never shown.

    - A guess whose placeholders differ ("Published: %(date)s" offered for "Published
      by %(publisher)s.") starts empty: msgfmt --check refuses it, and no translator
      could show it.
    - Any other guess is recorded as made from other English, so it is stale now, not
      after the next update: from its ``#|`` line, or, where msgmerge wrote none (the
      matched entry was already fuzzy, as every machine translation here is), as
      unknown English.
    """
    for entry in merged.messages:
        if entry.key in before or not entry.fuzzy or not any(entry.msgstr):
            continue
        if placeholder_problems(entry):
            entry.msgstr = [""] * len(entry.msgstr)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
            entry.comments = [c for c in entry.comments if not c.startswith(RECORD)]
        elif record_of(entry) is None:
            previous = previous_ids(entry)
            set_record(entry, digest(previous) if previous else UNKNOWN_ENGLISH)


def record_drafts(po: PoFile) -> int:
    """Record every fuzzy translation that names no English (no record, no ``#|`` line)
    as made from the English beside it; returns how many.

    Only its author can know that is true: run it on drafts just written against
    the current English, never after another tool merged new English into the file
    (plain msgmerge leaves its guesses looking exactly like such drafts).
    """
    count = 0
    for entry in po.messages:
        unnamed = record_of(entry) is None and previous_ids(entry) is None
        if entry.fuzzy and any(entry.msgstr) and unnamed:
            set_record(entry, digest(entry.ids))
            count += 1
    return count


def update_one(po: Path, pot: Path, dry_run: bool = False, drafts: bool = False) -> UpdateReport:
    """Merge the template into one catalogue; write it only if its meaning changed.
    With ``drafts``, first record new fuzzy drafts (:func:`record_drafts`)."""
    old = read_file(po)
    stamped = copy.deepcopy(old)
    recorded = record_drafts(stamped) if drafts else 0
    recorded += record_sources(stamped)
    merged = msgmerge(stamped, pot)
    _show_previous(merged, stamped)
    before = {entry.key for entry in old.messages}
    _settle_guesses(merged, before)
    added = [entry for entry in merged.messages if entry.key not in before]
    new = sum(1 for entry in added if status_of(entry) is Status.MISSING)
    changed = sum(1 for entry in added if status_of(entry) is Status.STALE)
    obsolete = sum(e.obsolete for e in merged.entries) - sum(e.obsolete for e in old.entries)
    written = meaning_of(merged) != meaning_of(old)
    if written and not dry_run:
        po.write_bytes(to_bytes(merged))
    stale = english_of(merged, references=False) != english_of(old, references=False)
    fuzzy = sum(1 for entry in merged.messages if entry.fuzzy)
    return UpdateReport(po, new, changed, max(obsolete, 0), written, stale, fuzzy, recorded)


def update(
    translations: Path, tags: list[str], dry_run: bool = False, drafts: bool = False
) -> list[UpdateReport]:
    """Merge the template into each language's existing catalogue."""
    pot = pot_path(translations)
    read_file(pot)  # a broken template is reported before any catalogue is touched
    return [update_one(po_path(translations, tag), pot, dry_run, drafts) for tag in tags]


def init(translations: Path, tag: str) -> Path:
    """Create the catalogue of ``tag`` (BCP 47, such as ``pt-BR``) from the template,
    every entry still to translate; :class:`~.locales.UnknownLanguage` if CLDR does not know it."""
    tag = known(tag)
    po = po_path(translations, tag)
    if po.exists():
        raise FileExistsError(f"{po} already exists: use translate update")
    pot = pot_path(translations)
    template = read_file(pot)
    name = Locale.parse(disk_name(tag)).get_display_name("en") or tag
    created = template.header_value("POT-Creation-Date") or gettext_date(dt.datetime.now(dt.UTC))
    fields = {
        "Project-Id-Version": f"{PROJECT} {project_version()}",
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


__all__ = [
    "UpdateReport", "build_template", "digest", "extract", "init", "msgmerge", "pot_path",
    "record_drafts", "record_sources", "template_is_current", "update", "update_one",
]  # fmt: skip
