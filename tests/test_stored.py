"""The stored response format: what the page cache writes to Redis can be read, never run,
and is accepted back only if it was signed with this deployment's secret for its key."""

from __future__ import annotations

import pickle

import pytest

from microsite.web.stored import MAGIC, BytesSerializer, StoredResponse, _tag, dumps, loads

SECRET, KEY = b"k" * 32, "page:ns:v1:en:/en/:br"
RESPONSE = StoredResponse(
    "200 OK", "page", (("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"')), b"hello"
)


def test_round_trip():
    assert loads(dumps(RESPONSE, KEY, SECRET), KEY, SECRET) == RESPONSE


def signed(payload: bytes, key: str = KEY, secret: bytes = SECRET) -> bytes:
    """A value as a server holding ``secret`` would write it: well-formed and signed."""
    return MAGIC + _tag(secret, key, payload) + b"\n" + payload


class Boom:
    def __reduce__(self):
        return (pytest.fail, ("a pickle was executed",))


@pytest.mark.parametrize(
    "value",
    [
        pickle.dumps(Boom()),
        b"!" + pickle.dumps(Boom()),  # cachelib's RedisSerializer format
        b"",
        MAGIC,
        b"microsite-response-1\n" + b'{"status": "200 OK", "headers": []}\nbody',  # old format
        signed(b"{not json}\nbody"),
        signed(b'{"status": "200 OK", "kind": "page"}\nbody'),
        signed(b'{"status": "OK", "kind": "page", "headers": []}\nbody'),
        signed(b'{"status": "200 OK", "kind": "evil", "headers": []}\nbody'),
        signed(b'{"status": "200 OK", "kind": "page", "headers": [["X-A", "a\\r\\nB: x"]]}\n'),
        signed(b'{"status": "200 OK", "kind": "page", "headers": {"a": "b"}}\nbody'),
        # Well-formed and signed, but saying what only the code may say:
        signed(b'{"status": "200 OK", "kind": "page", "headers": [["Set-Cookie", "a=b"]]}\n'),
        signed(b'{"status": "200 OK", "kind": "page", "headers": [["Cache-Control", "x"]]}\n'),
        signed(
            b'{"status": "200 OK", "kind": "page",'
            b' "headers": [["Content-Security-Policy", "default-src *"]]}\n'
        ),
    ],
)
def test_anything_else_is_rejected(value):
    with pytest.raises(ValueError, match="stored response"):
        loads(value, KEY, SECRET)


def test_a_value_written_without_the_secret_is_rejected():
    forged = dumps(RESPONSE._replace(body=b"<script>alert(1)</script>"), KEY, b"x" * 32)
    with pytest.raises(ValueError, match="integrity check failed"):
        loads(forged, KEY, SECRET)


def test_a_value_moved_to_another_key_is_rejected():
    """A signed 404 page copied under a page's key must not become that page."""
    moved = dumps(RESPONSE, "page:ns:v1:en:/en/no-such-page/:br", SECRET)
    with pytest.raises(ValueError, match="integrity check failed"):
        loads(moved, KEY, SECRET)


def test_one_changed_byte_is_rejected():
    value = bytearray(dumps(RESPONSE, KEY, SECRET))
    value[-1] ^= 1
    with pytest.raises(ValueError, match="integrity check failed"):
        loads(bytes(value), KEY, SECRET)


def test_the_serializer_never_pickles():
    serializer = BytesSerializer()
    assert serializer.dumps(b"x") == b"x"
    with pytest.raises(TypeError, match="stores bytes"):
        serializer.dumps(("a", "tuple"))
    assert serializer.loads(b"!" + pickle.dumps(Boom())).startswith(b"!")
    assert serializer.loads(None) is None
