"""The stored response format: what the page cache writes to Redis can be read, never run."""

from __future__ import annotations

import pickle

import pytest

from microsite.web.stored import BytesSerializer, StoredResponse, dumps, loads

RESPONSE = StoredResponse(
    "200 OK",
    (("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "5"), ("ETag", '"abc"')),
    b"hello",
)


def test_round_trip():
    assert loads(dumps(RESPONSE)) == RESPONSE


class Boom:
    def __reduce__(self):
        return (pytest.fail, ("a pickle was executed",))


@pytest.mark.parametrize(
    "value",
    [
        pickle.dumps(Boom()),
        b"!" + pickle.dumps(Boom()),  # cachelib's RedisSerializer format
        b"",
        b"microsite-response-1\n",  # no header line end
        b"microsite-response-1\n{not json}\nbody",
        b'microsite-response-1\n{"status": "200 OK"}\nbody',
        b'microsite-response-1\n{"status": "OK", "headers": []}\nbody',
        b"microsite-response-1\n"
        b'{"status": "200 OK", "headers": [["X-A", "a\\r\\nSet-Cookie: x"]]}\n',
        b'microsite-response-1\n{"status": "200 OK", "headers": [["X A", "a"]]}\n',
        b'microsite-response-1\n{"status": "200 OK", "headers": [["Content-Length", "9"]]}\nbody',
        b'microsite-response-1\n{"status": "200 OK", "headers": {"a": "b"}}\nbody',
    ],
)
def test_anything_else_is_rejected(value):
    with pytest.raises(ValueError, match="stored response"):
        loads(value)


def test_the_serializer_never_pickles():
    serializer = BytesSerializer()
    assert serializer.dumps(b"x") == b"x"
    with pytest.raises(TypeError, match="stores bytes"):
        serializer.dumps(("a", "tuple"))
    assert serializer.loads(b"!" + pickle.dumps(Boom())).startswith(b"!")
    assert serializer.loads(None) is None
