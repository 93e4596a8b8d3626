"""What the static export does to a file after Frozen-Flask writes it: pure
transformations of bytes, tested without an app.

- **The CSP travels inside each page.** A static host sends whatever headers
  it was configured with, perhaps none, so every exported HTML page carries the
  live Content-Security-Policy as ``<meta http-equiv>``, the first element in
  ``<head>``: a policy governs only what comes after it, so nothing in the head
  (a script a template or an editor put there) can come before it. The
  ``<meta charset>`` that follows stays within the first 1,024 bytes, where
  browsers look for it. A policy in a ``<meta>`` cannot carry
  ``frame-ancestors`` (browsers ignore it there); the checked-in nginx
  configuration and ``X-Frame-Options`` cover framing.
- **Precompressed copies.** ``page.html.gz`` and ``page.html.br`` beside each
  text file, for nginx's ``gzip_static``/``brotli_static`` and for CDNs that
  serve precompressed files, so no host compresses on the fly.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import brotli

from ..web.assets import COMPRESSIBLE

# Directives a <meta> policy may not contain (CSP Level 3, section 3.3).
NOT_IN_META = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
TEXT_SUFFIXES = COMPRESSIBLE | {".html", ".xml"}
# Pages are many and small: brotli 11 costs about 2.5 times the CPU of 10 for
# 3% fewer bytes on a 10 KB page. Assets are few, large and cached for a year.
PAGE_QUALITY, ASSET_QUALITY = 10, 11


class ExportError(Exception):
    """A file the export cannot handle safely; the message names it."""


def meta_policy(policy: str) -> str:
    """The header policy without the directives a ``<meta>`` element may not carry."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    return "; ".join(d for d in directives if d.split()[0].lower() not in NOT_IN_META)


class _HeadFinder(HTMLParser):
    """Finds the ``<head>`` start tag, the first place a policy can go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchor: tuple[int, int, str] | None = None  # line, column, start tag's text
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "head":
            self.anchor = (*self.getpos(), self.get_starttag_text() or "")
        self.done = tag in ("head", "body")


CHARSET_WINDOW = 1024  # browsers look for <meta charset> in the first 1,024 bytes


def _charset_end(html: bytes) -> int | None:
    """Where the ``<meta charset>`` in the first 1,024 bytes ends, if there is one."""
    start = html.find(b"<meta charset", 0, CHARSET_WINDOW)
    return None if start < 0 else html.find(b">", start)


def with_csp_meta(html: bytes, policy: str, name: str = "page") -> bytes:
    """``html`` with the policy as ``<meta http-equiv="Content-Security-Policy">``, the
    first element of its ``<head>``; every other byte unchanged.

    Raises :class:`ExportError` (naming ``name``) for a document without a head, or
    one whose ``<meta charset>`` the policy would push out of the first 1,024 bytes.
    """
    text = html.decode("utf-8")
    finder = _HeadFinder()
    for start in range(0, len(text), 1024):  # the head is near the top: stop there
        finder.feed(text[start : start + 1024])
        if finder.done:
            break
    else:
        finder.close()
    if finder.anchor is None:
        raise ExportError(f"{name}: no <head> to put the Content-Security-Policy in")
    line, column, tag = finder.anchor
    offset = 0
    for _ in range(line - 1):  # the parser counts lines by "\n" only
        offset = text.index("\n", offset) + 1
    offset += column + len(tag)
    value = escape(meta_policy(policy), quote=False).replace('"', "&quot;")  # keep ' readable
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{value}">'
    page = (text[:offset] + meta + text[offset:]).encode("utf-8")
    if _charset_end(html) is not None and (_charset_end(page) or CHARSET_WINDOW) >= CHARSET_WINDOW:
        raise ExportError(
            f"{name}: the Content-Security-Policy would push <meta charset> past the first"
            f" {CHARSET_WINDOW:,} bytes; move it nearer the top of the template"
        )
    return page


@lru_cache(maxsize=64)
def compressed(data: bytes, brotli_quality: int) -> dict[str, bytes]:
    """The ``.gz`` and ``.br`` forms of ``data`` that are smaller than it (gzip
    without a timestamp, so the same input always gives the same bytes).

    Remembered, so exporting again in one process (tests, benchmarks) does not
    compress the same stylesheet at brotli 11 again."""
    forms = {
        ".gz": gzip.compress(data, 9, mtime=0),
        ".br": brotli.compress(data, quality=brotli_quality),
    }
    return {suffix: body for suffix, body in forms.items() if len(body) < len(data)}


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file already holds it (keeps mtimes for rsync)."""
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def precompress(path: Path, brotli_quality: int) -> list[Path]:
    """Write ``.gz`` and ``.br`` beside a text file; return the paths kept.

    A form that would not be smaller is not written, and an old copy of it is
    removed, so a host never serves a stale or larger precompressed file.
    """
    if path.suffix not in TEXT_SUFFIXES:
        return []
    forms = compressed(path.read_bytes(), brotli_quality)
    kept = []
    for suffix in (".gz", ".br"):
        target = path.with_name(path.name + suffix)
        if suffix in forms:
            write_if_changed(target, forms[suffix])
            kept.append(target)
        else:
            target.unlink(missing_ok=True)
    return kept
