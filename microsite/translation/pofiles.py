"""Writing ``.po`` files exactly as GNU gettext does, so tools never fight over layout.

Babel builds the text; GNU ``msgcat`` then lays it out (wrapping at 79
columns, as ``msgmerge`` and Poedit do), so a save in Poedit does not rewrap
the file and a rerun with no change writes the same bytes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import escape, write_po


def gettext_layout(data: bytes) -> bytes:
    """``data`` laid out exactly as GNU gettext tools write it (wrapping at 79 columns)."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise RuntimeError("GNU gettext is needed (Debian: apt-get install gettext)")
    result = subprocess.run([msgcat, "-"], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"msgcat: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


PREVIOUS_FLAG = "microsite-previous-"


def serialize(catalog: Catalog) -> bytes:
    """The catalogue as GNU gettext lays it out. Content is never %-formatted, so
    its entries never carry python-format (Babel's reader adds it to "40% of").

    Previous msgids (``#|``) are written here, not by Babel, whose writer
    breaks a long one across lines without the ``#|`` prefix: each message
    carries a temporary flag that is replaced by its ``#|`` lines.
    """
    previous: dict[str, list[str]] = {}
    for index, message in enumerate(catalog):
        if message.context:
            message.flags.discard("python-format")
        if message.id and message.previous_id:
            previous[f"{PREVIOUS_FLAG}{index}"] = list(message.previous_id)
            message.flags.add(f"{PREVIOUS_FLAG}{index}")
    buffer = io.BytesIO()
    try:
        write_po(buffer, catalog, width=79, sort_by_file=True)
    finally:
        for message in catalog:
            message.flags = {f for f in message.flags if not f.startswith(PREVIOUS_FLAG)}
    lines = []
    for line in buffer.getvalue().decode(catalog.charset or "utf-8").splitlines():
        if not (line.startswith("#,") and PREVIOUS_FLAG in line):
            lines.append(line)
            continue
        flags = [flag.strip() for flag in line[2:].split(",")]
        marker = next(flag for flag in flags if flag.startswith(PREVIOUS_FLAG))
        kept = [flag for flag in flags if flag != marker]
        if kept:
            lines.append("#, " + ", ".join(kept))
        ids = previous[marker]
        lines.append(f"#| msgid {escape(ids[0])}")
        if len(ids) > 1:
            lines.append(f"#| msgid_plural {escape(ids[1])}")
    data = ("\n".join(lines) + "\n").encode(catalog.charset or "utf-8")
    return gettext_layout(data)


def messages_differ(old: bytes, new: bytes) -> bool:
    """Whether two catalogues differ in more than source references and dates.

    A code edit moves ``#: microsite/views.py:231`` lines without changing a
    single message; CI's staleness check must not fail on that.
    """

    def essence(data: bytes) -> list[bytes]:
        skip = (b"#:", b'"POT-Creation-Date:', b'"PO-Revision-Date:')
        return [line for line in data.splitlines() if not line.startswith(skip)]

    return essence(old) != essence(new)


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
