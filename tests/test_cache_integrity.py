"""The cache trusts nothing it reads back (item 8 of issue 20).

A value in the shared backend is replayed only if it carries this deployment's
integrity check for its key; a bad one is dropped and the page rendered again.
And even a genuine entry brings no policy of its own: security headers and
Cache-Control come from the code at send time.
"""

from __future__ import annotations

import pytest

from microsite import create_app
from microsite.web import stored
from microsite.web.cache import cache
from microsite.web.stored import StoredResponse

SECRET = "c" * 32
EVIL_BODY = b"<!DOCTYPE html><script>alert(1)</script>"


@pytest.fixture
def shared(make_content):
    """An app whose every lookup reads the backend (no in-process front)."""
    return create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content()), "LOCALES": ["en"],
         "PAGE_FRONT_CACHE": 0, "CACHE_SECRET": SECRET}
    )  # fmt: skip


def backend_keys(app) -> list[str]:
    with app.app_context():
        return [key for key in cache.cache._cache if ":/en/child/:" in key]


def overwrite(app, value_for) -> None:
    with app.app_context():
        for key in backend_keys(app):
            cache.cache.set(key, value_for(key))


def forged(key: str) -> bytes:
    """Well-formed, signed for the right key, but with another secret."""
    return stored.dumps(StoredResponse("200 OK", "page", (), EVIL_BODY), key, b"x" * 32)


def old_format(key: str) -> bytes:
    return (
        b'microsite-response-1\n{"status": "200 OK", "headers": [["Set-Cookie", "a=b"],'
        b' ["Cache-Control", "public, max-age=31536000"]]}\n' + EVIL_BODY
    )


@pytest.mark.parametrize("value_for", [forged, old_format], ids=["other secret", "unsigned"])
def test_a_value_without_our_integrity_check_is_dropped_and_rendered_again(
    shared, caplog, value_for
):
    client = shared.test_client()
    honest = client.get("/en/child/")
    assert backend_keys(shared), "the page was not stored"
    overwrite(shared, value_for)
    response = client.get("/en/child/")
    assert response.headers["X-Cache"] == "miss", "the planted value was served"
    assert response.data == honest.data and "Set-Cookie" not in response.headers
    assert "dropped the value" in caplog.text
    assert client.get("/en/child/").headers["X-Cache"] == "hit", "the page was not stored again"


def test_even_a_genuine_entry_gets_its_headers_from_the_code(shared):
    """A value signed with our secret (say, by a buggy older release) cannot carry a
    policy: it has no CSP and no Cache-Control, and the response has both."""
    client = shared.test_client()
    client.get("/en/child/")
    overwrite(
        shared,
        lambda key: stored.dumps(
            StoredResponse("200 OK", "page", (("Content-Type", "text/html"),), b"<p>x</p>"),
            key,
            SECRET.encode(),
        ),
    )
    response = client.get("/en/child/")
    assert response.headers["X-Cache"] == "hit" and response.data == b"<p>x</p>"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_shared_cache_without_a_secret_does_not_start(make_content):
    from microsite.config import ConfigError

    with pytest.raises(ConfigError, match="MICROSITE_CACHE_SECRET"):
        create_app(
            {"TESTING": True, "CONTENT_DIR": str(make_content()), "CACHE_TYPE": "RedisCache"}
        )


def test_an_in_process_cache_without_a_secret_gets_a_random_one(make_content):
    content = str(make_content())
    one = create_app({"TESTING": True, "CONTENT_DIR": content})
    two = create_app({"TESTING": True, "CONTENT_DIR": content})
    assert (
        one.extensions["microsite.page_cache"].secret
        != two.extensions["microsite.page_cache"].secret
    )
    assert len(one.extensions["microsite.page_cache"].secret) == 32
