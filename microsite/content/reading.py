"""Reading one content file safely: regular files inside the content folder, bounded.

Editors' folders can hold anything: a symbolic link to a file elsewhere, a
named pipe, a device, a huge export. Only what this module hands back is ever
parsed, and everything it refuses is named in words the editor can act on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# A page is a few kilobytes; a file this big is a mistake, and reading and
# validating it would hold up every other edit.
FILE_LIMIT = 256 * 1024


class Refused(Exception):
    """A content file that is not read at all, with the reason for the editor."""


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


def read_content_file(path: Path, directory: Path) -> bytes:
    """The bytes of one content file, read only if it is safe to read.

    Only regular files inside the content folder are read: a symbolic link
    that leads outside it is refused and named, and the file is opened without
    blocking and checked *after* opening (``fstat``), so a named pipe cannot
    stall a reload and a device cannot be read until memory runs out. At most
    :data:`FILE_LIMIT` bytes are read.
    """
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(directory.resolve()):
            raise Refused(
                f"is a symbolic link to {target}, outside the content folder; "
                "only files inside the content folder are read"
            )
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Refused(f"cannot read file: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {_kind(info.st_mode)}, not a regular file; it was not read")
        data = handle.read(FILE_LIMIT + 1)
    if len(data) > FILE_LIMIT:
        raise Refused(
            f"file is larger than the limit of {FILE_LIMIT:,} bytes ({FILE_LIMIT // 1024} KiB); "
            "split the page or shorten it"
        )
    return data
