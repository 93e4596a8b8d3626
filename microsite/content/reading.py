"""The one reader for every file the site loads: regular files inside their folder, bounded.

Content files, translators' catalogues, the accessibility run report and the
static files are all written by people other than the developers, and their
folders can hold anything: a symbolic link to a file elsewhere or to
``/dev/zero``, a named pipe, a device, a huge export. Every one of them is read
by :func:`read_file`, under the same rules, so a protection added for one kind
of file is never missing for another:

- only a regular file inside its folder is read: a path that leads outside the
  folder (through a symbolic link, itself or one of its parent folders) is
  refused and named;
- the file is opened without blocking and checked after opening (``fstat``),
  so a named pipe cannot stall start-up or a reload, and a device cannot be
  read until memory runs out;
- at most the limit of its kind (:data:`KINDS`) is read, and a larger file is
  refused with the limit in the message.

Everything refused raises :class:`Refused` with words the person who put the
file there can act on.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileKind:
    """A kind of file the site reads: where it lives, its size limit and what to do if over."""

    folder: str  # the folder in an editor's words: "content folder"
    limit: int  # bytes
    advice: str  # what to do about a file over the limit


# A page is a few kilobytes; a file this big is a mistake, and reading and
# validating it would hold up every other edit.
CONTENT = FileKind("content folder", 256 * 1024, "split the page or shorten it")
# A catalogue holds every segment of every page in one language: about 10 KB a
# page here, so this is room for some 800 pages. Reading and checking 8 MiB
# takes about 2 s of a background reload (20 MB took 5.3 s and 285 MB).
CATALOGUE = FileKind(
    "translations folder", 8 * 1024 * 1024, "a catalogue holds only this site's messages"
)
# The accessibility run report is a few hundred bytes of facts.
REPORT = FileKind("reports folder", 64 * 1024, "write it again with `make accessibility-report`")
# Stylesheets, scripts, icons and images are kept in memory once read.
STATIC = FileKind("static folder", 2 * 1024 * 1024, "make the file smaller")
# The code and templates, read to name the release.
SOURCE = FileKind("source folder", 2 * 1024 * 1024, "keep source files small")
KINDS = (CONTENT, CATALOGUE, REPORT, STATIC, SOURCE)
FILE_LIMIT = CONTENT.limit  # the content file limit, as the content tests name it


class Refused(Exception):
    """A file that is not read at all, with the reason for the person who can fix it."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    return f"{limit // 1024} KiB"


def read_file(path: Path, folder: Path, kind: FileKind) -> bytes:
    """The bytes of ``path``, a file under ``folder``, read only if it is safe to read.

    Raises :class:`Refused` (never ``OSError``) for a path that leads outside
    ``folder``, anything but a regular file, a file over ``kind.limit`` bytes,
    or a file that cannot be opened. A missing file raises
    :class:`FileNotFoundError`, so a caller can tell "not there" from "refused".
    """
    path = Path(path)
    target = path.resolve()
    if not target.is_relative_to(Path(folder).resolve()):
        how = "is a symbolic link to" if path.is_symlink() else "leads through a linked folder to"
        raise Refused(
            f"{how} {target}, outside the {kind.folder}; "
            f"only files inside the {kind.folder} are read"
        )
    try:
        # The resolved path, without following a link: a link swapped in after the
        # check above makes the open fail instead of leading elsewhere.
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(target, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise Refused(f"cannot read file: {error.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {_kind(info.st_mode)}, not a regular file; it was not read")
        data = b""  # a file over the limit by its size is refused unread
        if info.st_size <= kind.limit:
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                data = handle.read(kind.limit + 1)
    finally:
        os.close(descriptor)
    if info.st_size > kind.limit or len(data) > kind.limit:
        raise Refused(
            f"file is larger than the limit of {kind.limit:,} bytes ({_size(kind.limit)}); "
            f"{kind.advice}"
        )
    return data
