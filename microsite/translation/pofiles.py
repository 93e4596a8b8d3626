"""A ``.po`` file as translators' tools keep it, written back exactly as GNU gettext lays it out.

:class:`PoFile` holds *everything* a tool may put in a catalogue: the header's
fields in their order (including ``X-Generator``, ``X-Poedit-*`` and any field
we do not know), translator comments, extracted comments, references, flags,
previous msgids (``#|``, with ``msgctxt``) and obsolete entries (``#~``). The
site's tools change only what they mean to change and write the rest back as
it was, so a file that went through Poedit, Weblate (translate-toolkit),
Pontoon (polib) or ``msgmerge`` loses nothing.

:func:`to_bytes` writes the text unwrapped and lets GNU ``msgcat`` lay it out
(wrapping at 79 columns, as ``msgmerge`` and Poedit do). Whether two files
differ is decided on their meaning (:func:`english_of`, :func:`meaning_of`),
never on their bytes: wrapping, field order and ``charset`` spelling are the
tools' business, not a change. The strict reader is :mod:`.poread`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

FUZZY = "fuzzy"
# Flags that come from the template (the English), as msgmerge treats them.
FORMAT_FLAGS = ("python-format", "no-python-format")
# Header fields that change on every run of a tool without changing any message.
DATE_FIELDS = frozenset({"POT-Creation-Date", "PO-Revision-Date"})
CHARSET_FIELD = re.compile(r"charset=([A-Za-z0-9_.:-]+)")


@dataclass
class PoEntry:
    """One entry of a ``.po`` file, every part of it; lines are 1-based in the file read."""

    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])  # one per plural form if plural
    msgctxt: str | None = None
    msgid_plural: str | None = None
    comments: list[str] = field(default_factory=list)  # translator comments ("# ...")
    extracted: list[str] = field(default_factory=list)  # "#." comments, from the template
    references: list[str] = field(default_factory=list)  # "#:" source references
    flags: list[str] = field(default_factory=list)  # "#," flags, in their order
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgid_plural: str | None = None  # "#| msgid_plural"
    obsolete: bool = False  # "#~": kept by msgmerge for English that no longer exists
    line: int = 0  # the line of msgid (or msgctxt): where a problem is reported

    @property
    def context(self) -> str | None:
        return self.msgctxt

    @property
    def ids(self) -> tuple[str, ...]:
        """The English: ``(msgid,)`` or ``(msgid, msgid_plural)``."""
        return (self.msgid,) if self.msgid_plural is None else (self.msgid, self.msgid_plural)

    @property
    def strings(self) -> tuple[str, ...]:
        return tuple(self.msgstr)

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete


@dataclass
class PoFile:
    """A whole catalogue: the header entry (``msgid ""``) and the messages, in file order."""

    entries: list[PoEntry] = field(default_factory=list)

    @property
    def header(self) -> PoEntry | None:
        return next((entry for entry in self.entries if entry.is_header), None)

    @property
    def messages(self) -> list[PoEntry]:
        """Every current message: neither the header nor obsolete."""
        return [e for e in self.entries if not e.is_header and not e.obsolete]

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The header's fields in file order, unknown ones included."""
        header = self.header
        fields = []
        for line in (header.msgstr[0] if header else "").split("\n"):
            name, colon, value = line.partition(":")
            if colon and name.strip():
                fields.append((name.strip(), value.strip()))
        return fields

    def header_value(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    @property
    def charset(self) -> str:
        """The charset the header declares (UTF-8 if none): the file is written back in it,
        since gettext tools read the bytes in the charset the header names."""
        found = CHARSET_FIELD.search(self.header_value("Content-Type") or "")
        return found.group(1) if found else "utf-8"


# --- Writing ---------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPES |= {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


def quote(text: str) -> str:
    """A PO string literal for ``text`` (one line; msgcat wraps it)."""
    return '"' + "".join(_ESCAPES.get(character, character) for character in text) + '"'


def _entry_lines(entry: PoEntry) -> list[str]:
    lines = [f"# {line}".rstrip() for text in entry.comments for line in text.split("\n")]
    lines += [f"#. {line}".rstrip() for text in entry.extracted for line in text.split("\n")]
    if entry.references:
        lines.append("#: " + " ".join(entry.references))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prefix = "#~ " if entry.obsolete else ""
    previous = (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    )
    lines += [f"{prefix or '#'}| {kw} {quote(v)}" for kw, v in previous if v is not None]
    if prefix:
        lines = [line.replace("#~ |", "#~|") for line in lines]
    body = []
    if entry.msgctxt is not None:
        body.append(f"msgctxt {quote(entry.msgctxt)}")
    body.append(f"msgid {quote(entry.msgid)}")
    if entry.msgid_plural is not None:
        body.append(f"msgid_plural {quote(entry.msgid_plural)}")
        body += [f"msgstr[{index}] {quote(text)}" for index, text in enumerate(entry.msgstr)]
    else:
        body.append(f"msgstr {quote(entry.msgstr[0] if entry.msgstr else '')}")
    return lines + [prefix + line for line in body]


def dump(po: PoFile) -> str:
    """The catalogue as PO text, unwrapped (see :func:`to_bytes` for the laid-out bytes)."""
    return "\n\n".join("\n".join(_entry_lines(entry)) for entry in po.entries) + "\n"


def encoded(po: PoFile) -> bytes:
    """:func:`dump` in the charset the header declares: a catalogue msgconv wrote as
    ISO-8859-2 stays ISO-8859-2, rather than UTF-8 bytes that every tool then misreads."""
    return dump(po).encode(po.charset)


def gettext_layout(data: bytes) -> bytes:
    """``data`` laid out exactly as GNU gettext tools write it (wrapping at 79 columns)."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise RuntimeError("GNU gettext is needed (Debian: apt-get install gettext)")
    result = subprocess.run([msgcat, "-"], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"msgcat: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def to_bytes(po: PoFile) -> bytes:
    """The catalogue as GNU gettext writes it: a save in Poedit or a msgmerge rewraps nothing."""
    return gettext_layout(encoded(po))


# --- Comparing -------------------------------------------------------------------


def _comments(texts: list[str]) -> tuple[str, ...]:
    """Comment lines with their white space left out: where a tool wraps a long comment is
    layout (polib breaks after a hyphen, "earlier-and-" / "faster", others at spaces)."""
    return ("".join("".join(texts).split()),) if texts else ()


def english_of(
    po: PoFile, references: bool = True
) -> dict[tuple[str | None, str], tuple[object, ...]]:
    """What the template decides about each current message: its English, the comments
    (and, unless ``references`` is False, the references) extracted with it, and its
    format flags, as a set (translate-toolkit may write a flag twice). Wrapping, field
    order, translations and translators' comments are not part of it.

    A catalogue is compared without references: a tool may leave them out
    (``msgmerge --no-location``), which changes no English.
    """
    return {
        entry.key: (
            entry.msgid_plural,
            _comments(entry.extracted),
            tuple(entry.references) if references else (),
            frozenset(flag for flag in entry.flags if flag in FORMAT_FLAGS),
        )
        for entry in po.messages
    }


def meaning_of(po: PoFile, ignore_comment: str | None = None) -> tuple[object, ...]:
    """Everything a file says, whatever its layout: header fields (dates aside) and every
    entry with all its parts. ``ignore_comment`` leaves out translator comments that
    start with it (bookkeeping that is no translator's change)."""
    # (msgmerge writes charset=UTF-8 where Babel wrote utf-8: the same charset.)
    headers = tuple(
        sorted((k, v.lower() if k == "Content-Type" else v) for k, v in po.headers
               if k not in DATE_FIELDS)
    )  # fmt: skip
    entries = []
    for entry in po.entries:
        if entry.is_header:
            continue
        kept = [
            c
            for c in entry.comments
            if not ignore_comment or not c.strip().startswith(ignore_comment)
        ]
        comments = _comments(kept)
        entries.append(
            (
                (entry.obsolete, entry.msgctxt, entry.msgid),
                (
                    entry.msgid_plural, tuple(entry.msgstr), tuple(comments),
                    _comments(entry.extracted), tuple(entry.references), frozenset(entry.flags),
                    entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
                ),
            )
        )  # fmt: skip
    header = po.header
    header_comments = _comments(header.comments) if header else ()
    return headers, header_comments, tuple(sorted(entries, key=lambda item: repr(item[0])))


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
