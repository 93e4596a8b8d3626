"""The stored form of a finished response: data that can be read, never run.

Flask-Caching's backends pickle by default, and unpickling runs code: anyone
able to write one value into a shared Redis could run code in every web
worker. Cached pages are therefore stored as plain bytes in a format of our
own (a JSON line with the status and headers, then the body), and the
backend is given :class:`BytesSerializer`, which stores bytes as they are and
refuses to pickle or unpickle anything. A value that does not parse as a
stored response is rejected by :func:`loads` with :class:`ValueError`, and the
caller treats it as a miss.
"""

from __future__ import annotations

import json
from typing import IO, Any, NamedTuple

MAGIC = b"microsite-response-1\n"
MAX_HEADERS = 64


class StoredResponse(NamedTuple):
    """A response exactly as Flask finished it: status line, header list, body."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def dumps(response: StoredResponse) -> bytes:
    head = json.dumps({"status": response.status, "headers": response.headers})
    return MAGIC + head.encode("utf-8") + b"\n" + response.body


def _clean(text: Any, what: str) -> str:
    if not isinstance(text, str) or not text.isprintable():
        raise ValueError(f"stored response: {what} is not a printable string")
    return text


def loads(data: bytes) -> StoredResponse:
    """Parse a stored response; :class:`ValueError` for anything else, including pickles."""
    if not isinstance(data, bytes) or not data.startswith(MAGIC):
        raise ValueError("stored response: not in the microsite response format")
    head, newline, body = data[len(MAGIC) :].partition(b"\n")
    if not newline:
        raise ValueError("stored response: no end to the header line")
    try:
        fields = json.loads(head)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"stored response: header line is not JSON: {error}") from None
    if not isinstance(fields, dict) or set(fields) != {"status", "headers"}:
        raise ValueError("stored response: header line must hold exactly status and headers")
    status = _clean(fields["status"], "status")
    code = status.split(" ", 1)[0]
    if len(code) != 3 or not code.isdigit():
        raise ValueError(f"stored response: status {status!r} is not an HTTP status line")
    pairs = fields["headers"]
    if not isinstance(pairs, list) or len(pairs) > MAX_HEADERS:
        raise ValueError(f"stored response: headers must be a list of at most {MAX_HEADERS}")
    headers: list[tuple[str, str]] = []
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("stored response: each header must be a [name, value] pair")
        name, value = _clean(pair[0], "header name"), _clean(pair[1], "header value")
        if not name or ":" in name or " " in name:
            raise ValueError(f"stored response: {name!r} is not a header name")
        if name.lower() == "content-length" and value != str(len(body)):
            raise ValueError("stored response: Content-Length does not match the body")
        headers.append((name, value))
    return StoredResponse(status, tuple(headers), body)


class BytesSerializer:
    """A cachelib serializer that stores bytes unchanged and never pickles.

    Set on the cache backend (``backend.serializer``, which cachelib documents
    as replaceable), it makes the backend a plain byte store: storing anything
    but bytes is a programming error (:class:`TypeError`), and whatever comes
    back is handed over as bytes for :func:`loads` to check.
    """

    def dumps(self, value: Any, *args: Any, **kwargs: Any) -> bytes:
        if not isinstance(value, bytes):
            raise TypeError(f"the page cache stores bytes, not {type(value).__name__}")
        return value

    def loads(self, value: Any, *args: Any, **kwargs: Any) -> bytes | None:
        return bytes(value) if isinstance(value, (bytes, bytearray)) else None

    def dump(self, value: Any, f: IO[bytes], *args: Any, **kwargs: Any) -> None:
        f.write(self.dumps(value))

    def load(self, f: IO[bytes], *args: Any, **kwargs: Any) -> bytes | None:
        return self.loads(f.read())
