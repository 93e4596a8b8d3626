"""Reading a ``.po`` file as strictly as GNU ``msgfmt``: one reader for the site and the tools.

The live site, its start-up and ``translate check`` all read catalogues here,
so none of them accepts a file another refuses. Anything ``msgfmt`` calls a
syntax error is refused whole with ``file:line`` and the column, in words: a
string without its closing quote (a lenient reader would drop its last
letter), a quote that is not escaped, an unknown keyword, a byte order mark,
bytes that are not in the file's charset, an entry defined twice, a file with
no header entry (such as an empty one).

The result is a :class:`~.pofiles.PoFile` with every part of every entry, so
tools that write the file back lose nothing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..problems import CatalogueError, CatalogueProblem
from .pofiles import PoEntry, PoFile
from .postrings import PoSyntax as _Syntax
from .postrings import read_string as _string

# A catalogue is a few hundred kilobytes; refuse absurd sizes before parsing.
MAX_PO_BYTES = 8 * 1024 * 1024
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=\s|\")")
CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _position(index: str) -> int:
    """The number in ``msgstr[<index>]``; -1 for one no entry can have (and too long for
    ``int()``, which refuses over 4,300 digits with a bare ValueError)."""
    digits = index.lstrip("0") or "0"
    return int(digits) if len(digits) <= 6 else -1


@dataclass
class _Builder:
    """Collects the lines of one entry and checks they come in gettext's order."""

    entries: list[PoEntry] = field(default_factory=list)
    pending: PoEntry = field(default_factory=lambda: PoEntry("", []))
    started: bool = False  # a keyword line has been read for ``pending``
    has_id: bool = False
    has_str: bool = False
    last: tuple[str, int] | None = None  # field a continuation string extends
    obsolete: bool | None = None

    def finish(self, line: int) -> None:
        if self.started and not self.has_str:
            raise _Syntax(line, 1, "the entry above has no msgstr")
        if self.started:  # (comments after the last entry belong to none: msgfmt ignores them)
            self.entries.append(self.pending)
        self.pending = PoEntry("", [])
        self.started = self.has_id = self.has_str = False
        self.last, self.obsolete = None, None

    def comment_line(self, line: int) -> None:
        """A comment starts the next entry once this one is complete."""
        if self.has_str:
            self.finish(line)
        elif self.started:
            raise _Syntax(line, 1, "a comment inside an entry: expected msgstr first")

    def keyword(self, name: str, index: str | None, value: str, line: int, obsolete: bool) -> None:
        if not self.started:
            pending = self.pending
            lone = pending.previous_msgctxt is not None or pending.previous_msgid_plural is not None
            if lone and pending.previous_msgid is None:
                raise _Syntax(line - 1, 1, "a #| msgctxt needs a #| msgid line after it")
        if name in ("msgctxt", "msgid") and self.has_str:
            self.finish(line)
        if self.started and self.obsolete != obsolete:
            raise _Syntax(line, 1, "an entry mixes obsolete (#~) and current lines")
        self.obsolete = obsolete
        target = self.pending
        if name == "msgctxt":
            if self.started:
                raise _Syntax(line, 1, "msgctxt must come first in an entry")
            target.msgctxt, target.line = value, line
        elif name == "msgid":
            if self.has_id:
                raise _Syntax(line, 1, "a second msgid in one entry (msgstr is missing above)")
            target.msgid, self.has_id = value, True
            target.line = line  # where msgfmt and Poedit point at an entry
        elif not self.has_id:
            raise _Syntax(line, 1, f"{name} before msgid")
        elif name == "msgid_plural":
            if target.msgid_plural is not None or self.has_str:
                raise _Syntax(line, 1, "msgid_plural must follow msgid, once")
            target.msgid_plural = value
        elif index is None:
            if target.msgid_plural is not None:
                raise _Syntax(line, 1, "an entry with msgid_plural needs msgstr[0], msgstr[1] ...")
            if self.has_str:
                raise _Syntax(line, 1, "a second msgstr in one entry")
            target.msgstr, self.has_str = [value], True
        else:
            if target.msgid_plural is None:
                raise _Syntax(line, 1, f"msgstr[{index}] without msgid_plural (use msgstr)")
            expected = len(target.msgstr)
            if _position(index) != expected:
                shown = index if len(index) <= 12 else f"{index[:12]}..."
                raise _Syntax(line, 1, f"msgstr[{shown}] out of order: expected msgstr[{expected}]")
            target.msgstr.append(value)
            self.has_str = True
        target.obsolete = obsolete
        self.started = True
        self.last = (name, _position(index or "0"))

    def continuation(self, value: str, line: int) -> None:
        if self.last is None:
            raise _Syntax(line, 1, "a string that belongs to no keyword")
        name, index = self.last
        target = self.pending
        if name == "msgctxt":
            target.msgctxt = (target.msgctxt or "") + value
        elif name == "msgid":
            target.msgid += value
        elif name == "msgid_plural":
            target.msgid_plural = (target.msgid_plural or "") + value
        elif name.startswith("msgstr"):
            target.msgstr[index] += value
        else:  # after a "#|" line: its strings are continued on "#|" lines only
            raise _Syntax(line, 1, "a string that belongs to no keyword")


def _previous(builder: _Builder, text: str, offset: int, line: int, charset: str) -> None:
    """A ``#|`` line: a previous msgctxt/msgid/msgid_plural, or its continuation."""
    stripped = text.lstrip()
    offset += len(text) - len(stripped)
    if stripped.startswith('"'):
        if builder.last is None or not builder.last[0].startswith("|"):
            raise _Syntax(line, offset + 1, "a #| string that belongs to no #| keyword")
        attribute = f"previous_{builder.last[0][1:]}"
        value = _string(stripped, 0, line, charset)
        setattr(builder.pending, attribute, (getattr(builder.pending, attribute) or "") + value)
        return
    match = re.match(r"(msgctxt|msgid_plural|msgid)\s+", stripped)
    if not match:
        raise _Syntax(line, offset + 1, "#| must be followed by msgctxt, msgid or msgid_plural")
    value = _string(stripped, match.end(), line, charset)
    keyword, pending = match.group(1), builder.pending
    order = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2}
    given = [name for name in order if getattr(pending, f"previous_{name}") is not None]
    if any(order[name] >= order[keyword] for name in given) or (
        keyword == "msgid_plural" and "msgid" not in given
    ):
        raise _Syntax(
            line, offset + 1, f"#| {keyword} out of order (#| msgctxt, msgid, msgid_plural)"
        )
    setattr(pending, f"previous_{keyword}", value)
    builder.last = (f"|{match.group(1)}", 0)


def _read_lines(text: str, charset: str = "utf-8") -> list[PoEntry]:
    builder = _Builder()
    lines = text.split("\n")
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        offset = len(raw) - len(raw.lstrip())
        if not stripped:
            continue
        obsolete = stripped.startswith("#~")
        if obsolete:
            rest = stripped[2:]
            offset += 2
            if rest.startswith("|"):
                builder.comment_line(number)
                _previous(builder, rest[1:], offset + 1, number, charset)
                continue
            stripped = rest.lstrip()
            offset += len(rest) - len(stripped)
            if not stripped:
                continue
        elif stripped.startswith("#"):
            kind, body = stripped[1:2], stripped[2:]
            if kind == "|":
                builder.comment_line(number)
                _previous(builder, body, offset + 2, number, charset)
                continue
            builder.comment_line(number)
            pending = builder.pending
            if kind == ",":
                pending.flags += [flag.strip() for flag in body.split(",") if flag.strip()]
            elif kind == ".":
                pending.extracted.append(body.removeprefix(" "))
            elif kind == ":":
                pending.references += body.split()
            else:
                pending.comments.append(stripped[1:].removeprefix(" "))
            continue
        if stripped.startswith('"'):
            builder.continuation(_string(raw, offset, number, charset), number)
            continue
        match = KEYWORD.match(stripped)
        if not match:
            word = stripped.split()[0][:20]
            raise _Syntax(number, offset + 1, f"unknown keyword {word!r}")
        after = stripped[match.end() :]
        value_start = offset + match.end() + len(after) - len(after.lstrip())
        value = _string(raw, value_start, number, charset)
        name = "msgstr" if match.group(1).startswith("msgstr") else match.group(1)
        builder.keyword(name, match.group(2), value, number, obsolete)
    builder.finish(len(lines))
    return builder.entries


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The file's text and its charset (from the header's Content-Type, else UTF-8)."""
    if data.startswith(codecs.BOM_UTF8):
        raise CatalogueError(
            [CatalogueProblem(name, 1, "column 1: the file starts with a byte order mark (BOM), "
                              "which gettext tools refuse: save it as UTF-8 without BOM")]
        )  # fmt: skip
    if b"\r" in data and b"\n" not in data:
        raise CatalogueError(
            [CatalogueProblem(name, 1, "the lines end with a carriage return alone (CR, old "
                              "Mac style): save the file with LF or CRLF line endings")]
        )  # fmt: skip
    found = CHARSET.search(data[:8192])
    charset = found.group(1).decode("ascii") if found else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = data[: found.start()].count(b"\n") + 1 if found else 1
        message = f"unknown charset {charset!r} in Content-Type (use charset=UTF-8)"
        raise CatalogueError([CatalogueProblem(name, line, message)]) from None
    try:
        return data.decode(charset), charset
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        message = (
            f"column {column}: byte 0x{byte:02X} is not valid {charset.upper()}: "
            f"save the file as {charset.upper()}"
        )
        raise CatalogueError([CatalogueProblem(name, line, message)]) from None


def _duplicates(entries: list[PoEntry], name: str) -> list[CatalogueProblem]:
    """Entries defined twice. An obsolete (``#~``) entry counts as msgfmt counts it: one
    with the English of a current entry is a duplicate (check failed on it; the site took it)."""
    seen: dict[tuple[str | None, str], int] = {}
    problems = []
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            where = f"first defined at line {seen[key]}"
            problems.append(CatalogueProblem(name, entry.line, f"duplicate entry ({where})"))
        else:
            seen[key] = entry.line
    return problems


def read_po(data: bytes, name: str) -> PoFile:
    """Parse ``.po`` bytes strictly; raise :class:`CatalogueError` naming line and column."""
    if len(data) > MAX_PO_BYTES:
        limit = f"{MAX_PO_BYTES // (1024 * 1024)} MiB"
        raise CatalogueError([CatalogueProblem(name, 1, f"the file is larger than {limit}")])
    text, charset = _decode(data, name)
    try:
        entries = _read_lines(text, charset)
    except _Syntax as error:
        where = f"column {error.column}: " if error.column > 1 else ""
        problem = CatalogueProblem(name, error.line, f"invalid PO syntax: {where}{error.message}")
        raise CatalogueError([problem]) from None
    problems = _duplicates(entries, name)
    if problems:
        raise CatalogueError(problems)
    po = PoFile(entries)
    if po.header is None:
        message = 'the file has no header entry (msgid "" with Content-Type and Plural-Forms)'
        if not entries:
            message = f"the file is empty: {message.removeprefix('the file has ')}"
        raise CatalogueError([CatalogueProblem(name, 1, message)])
    return po
