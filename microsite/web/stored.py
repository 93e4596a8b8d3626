"""The stored form of a finished response: data that can be read, never run, and is checked.

Flask-Caching's backends pickle by default, and unpickling runs code: anyone
able to write one value into a shared Redis could run code in every web
worker. Cached pages are therefore stored as plain bytes in a format of our
own, and the backend is given :class:`BytesSerializer`, which stores bytes as
they are and refuses to pickle or unpickle anything.

Not running what is read back is not enough: a well-formed value written into
Redis by someone else would be replayed as a page. So each value carries an
integrity check, HMAC-SHA256 under the deployment's secret
(``MICROSITE_CACHE_SECRET``) over the key it is stored under and every byte of
the value: a value that was not written by a server holding the secret, or
that was moved to another key, fails it. And what a value can say is little:
its status, its kind, the headers that describe its body
(:data:`microsite.web.headers.KEPT`) and the body. Security headers and
``Cache-Control`` are never stored; they come from the code at send time.

The format: a magic line, the hex HMAC and a newline, a JSON line with the
status, kind and headers, then the body. :func:`loads` rejects anything else
with :class:`ValueError`, and the caller treats it as a miss.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import IO, Any, NamedTuple

from .headers import KEPT, KINDS

MAGIC = b"microsite-response-2\n"
MAX_HEADERS = 16
TAG_LENGTH = 64  # hex digits of a SHA-256
STORED_KINDS = frozenset(KINDS.values())


class StoredResponse(NamedTuple):
    """A finished response: status line, its kind (:data:`~microsite.web.headers.KINDS`),
    the headers describing the body, and the body."""

    status: str
    kind: str | None
    headers: tuple[tuple[str, str], ...]
    body: bytes


def _tag(secret: bytes, key: str, payload: bytes) -> bytes:
    mac = hmac.new(secret, key.encode("utf-8") + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest().encode("ascii")


def dumps(response: StoredResponse, key: str, secret: bytes) -> bytes:
    """``response`` as stored under ``key``, signed with ``secret``."""
    head = json.dumps(
        {"status": response.status, "kind": response.kind, "headers": response.headers}
    )
    payload = head.encode("utf-8") + b"\n" + response.body
    return MAGIC + _tag(secret, key, payload) + b"\n" + payload


def _clean(text: Any, what: str) -> str:
    if not isinstance(text, str) or not text.isprintable():
        raise ValueError(f"stored response: {what} is not a printable string")
    return text


def loads(data: bytes, key: str, secret: bytes) -> StoredResponse:
    """The response stored under ``key``; :class:`ValueError` for anything that is not
    one, was not signed with ``secret`` for this key, or says more than it may."""
    if not isinstance(data, bytes) or not data.startswith(MAGIC):
        raise ValueError("stored response: not in the microsite response format")
    tag, payload = data[len(MAGIC) : len(MAGIC) + TAG_LENGTH], data[len(MAGIC) + TAG_LENGTH :]
    if not payload.startswith(b"\n") or not hmac.compare_digest(
        tag, _tag(secret, key, payload[1:])
    ):
        raise ValueError("stored response: the integrity check failed (not written by us)")
    head, newline, body = payload[1:].partition(b"\n")
    if not newline:
        raise ValueError("stored response: no end to the header line")
    try:
        fields = json.loads(head)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"stored response: header line is not JSON: {error}") from None
    if not isinstance(fields, dict) or set(fields) != {"status", "kind", "headers"}:
        raise ValueError("stored response: header line must hold status, kind and headers")
    status = _clean(fields["status"], "status")
    code = status.split(" ", 1)[0]
    if len(code) != 3 or not code.isdigit():
        raise ValueError(f"stored response: status {status!r} is not an HTTP status line")
    kind = fields["kind"]
    if kind is not None and kind not in STORED_KINDS:
        raise ValueError(f"stored response: {kind!r} is not a kind of response")
    pairs = fields["headers"]
    if not isinstance(pairs, list) or len(pairs) > MAX_HEADERS:
        raise ValueError(f"stored response: headers must be a list of at most {MAX_HEADERS}")
    headers: list[tuple[str, str]] = []
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("stored response: each header must be a [name, value] pair")
        name, value = _clean(pair[0], "header name"), _clean(pair[1], "header value")
        if name.lower() not in KEPT:
            raise ValueError(f"stored response: {name!r} is not a header a response may keep")
        headers.append((name, value))
    return StoredResponse(status, kind, tuple(headers), body)


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
