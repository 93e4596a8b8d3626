"""What each translation was made from, and its review status, whichever tool wrote the file last.

gettext's own mark for "the English changed" is a ``#| msgid`` line, but GNU
``msgmerge --previous`` (Poedit's "Update from POT", Weblate's msgmerge add-on)
writes none for an entry that was already fuzzy, and every machine translation
here is fuzzy. So the site's tools also *record* the English a translation was
made or reviewed from, as a translator comment::

    # source-sha256: 3f0c9a1b2d4e5f60

(the first 16 hex digits of the SHA-256 of the msgid, and of ``"\\0"`` and the
msgid_plural for a plural message). Translator comments are the one part of an
entry that msgmerge, Poedit, translate-toolkit (Weblate), polib (Pontoon) and
a text editor all keep. The site compares the record with the msgid each time
it loads the file, so a translation of other English is never shown.

The context is not part of the record: the same English moved to another block
is still translated right. (It stays shown, fuzzy, and ``translate update`` gives
it a ``#| msgctxt`` line naming its old place, so a reviewer sees the move.)

========== ========================================================= =====================
status     in the ``.po`` file                                       on the page
========== ========================================================= =====================
missing    an empty ``msgstr``                                       English, marked
unreviewed ``#, fuzzy``; a record or a ``#|`` msgid names this     shown, with a notice
           English, and neither names other English
reviewed   no ``fuzzy`` flag (a person cleared "needs review")       shown
stale      ``#, fuzzy`` and a record of other English, or a ``#|``   English, marked
           msgid other than the msgid, or neither a record nor a
           ``#|`` line
========== ========================================================= =====================

Clearing ``fuzzy`` is a person's review of the translation beside the English
it stands next to, whatever the record says; ``translate update`` then records
that English. A fuzzy entry with neither a record nor a ``#|`` line is not
shown: it is what plain ``msgmerge`` (without ``--previous``) leaves when it
matches a translation that was not yet recorded to new English, and nothing in
the file can tell that apart from a draft. As in gettext itself, where fuzzy
entries are never used, such a draft shows once a person reviews it.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence

from .pofiles import PoEntry

RECORD = "source-sha256:"


class Status(enum.Enum):
    MISSING = "missing"
    UNREVIEWED = "unreviewed"
    REVIEWED = "reviewed"
    STALE = "stale"

    @property
    def shown(self) -> bool:
        return self in (Status.UNREVIEWED, Status.REVIEWED)


def digest(ids: Sequence[str]) -> str:
    """The record of an English message (its msgid, and msgid_plural if plural)."""
    return hashlib.sha256("\0".join(ids).encode("utf-8")).hexdigest()[:16]


def record_of(entry: PoEntry) -> str | None:
    """The English this translation was made or reviewed from, as recorded (None: no record)."""
    for comment in entry.comments:
        text = comment.strip()
        if text.startswith(RECORD):
            return text.removeprefix(RECORD).strip()
    return None


def set_record(entry: PoEntry, value: str) -> None:
    """Record ``value`` on ``entry``, replacing an older record; other comments are kept."""
    kept = [c for c in entry.comments if not c.strip().startswith(RECORD)]
    entry.comments = [*kept, f"{RECORD} {value}"]


def previous_ids(entry: PoEntry) -> tuple[str, ...] | None:
    """The English of a ``#|`` line (None: no ``#| msgid``)."""
    if entry.previous_msgid is None:
        return None
    if entry.previous_msgid_plural is None:
        return (entry.previous_msgid,)
    return (entry.previous_msgid, entry.previous_msgid_plural)


def made_from_other_english(entry: PoEntry) -> bool:
    """Whether the record or a ``#|`` line says the translation was made from other English."""
    record = record_of(entry)
    if record is not None and record != digest(entry.ids):
        return True
    previous = previous_ids(entry)
    return previous is not None and previous != entry.ids


def known_to_be_of_this_english(entry: PoEntry) -> bool:
    """Whether the record or a ``#|`` line names this entry's English, and neither names other."""
    if made_from_other_english(entry):
        return False
    return record_of(entry) is not None or previous_ids(entry) is not None


def status_of(entry: PoEntry) -> Status:
    """An entry's review status (see the table above)."""
    if not entry.msgstr or not all(entry.msgstr):
        return Status.MISSING
    if not entry.fuzzy:
        return Status.REVIEWED
    return Status.UNREVIEWED if known_to_be_of_this_english(entry) else Status.STALE
