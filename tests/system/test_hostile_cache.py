"""The page cache under attack, over the wire: the production server (``server.py``,
granian, two workers) sharing a real redis-server, as a multi-server deployment runs.

Issue 20: what is stored is what is looked up (item 1), one URL cannot grow the
cache (item 2), two deployments on one Redis never serve each other's pages
(item 7), and nothing planted in Redis is replayed (item 8). With Redis shared
by both workers, a response stored by one is a hit on the other, so every
"hit" below is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from servers import ProductionServer, RedisServer, raw_exchange

from microsite import create_app
from microsite.web import stored
from microsite.web.headers import security_headers
from microsite.web.stored import StoredResponse

SECRET = "production-secret-of-at-least-32-characters"
SITE = "https://www.example.org"
pytestmark = pytest.mark.xdist_group("hostile_cache")  # one server for the module


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Iterator[tuple[ProductionServer, RedisServer]]:
    redis_server = RedisServer(tmp_path_factory.mktemp("redis"))
    redis_server.start()
    server = ProductionServer(
        MICROSITE_CACHE_TYPE="RedisCache", MICROSITE_CACHE_REDIS_URL=redis_server.url,
        MICROSITE_CACHE_SECRET=SECRET, MICROSITE_SITE_URL=SITE,
        MICROSITE_TRUSTED_HOSTS="127.0.0.1,www.example.org",
    )  # fmt: skip
    try:
        yield server, redis_server
    finally:
        try:
            server.stop()
        finally:
            redis_server.stop()


def keys(redis_server: RedisServer, pattern: str = "*") -> list[bytes]:
    return sorted(redis.Redis.from_url(redis_server.url).keys(pattern))


# --- Item 1: one normalised path, one key --------------------------------------------


@pytest.mark.parametrize("spelling", ["//en/cancer-alliances/", "/en//cancer-alliances/",
                                      "///en/cancer-alliances//"])  # fmt: skip
def test_a_spelling_of_a_page_is_served_from_the_pages_one_entry(shared, spelling):
    server, redis_server = shared
    status, canonical, page = raw_exchange(server.port, "GET", "/en/cancer-alliances/")
    assert status == 200
    status, headers, body = raw_exchange(server.port, "GET", spelling)
    assert (status, headers["x-cache"], body) == (200, "hit", page), spelling
    assert len(keys(redis_server, "*/en/cancer-alliances/:identity")) == 1


def test_head_fills_the_shared_cache(shared):
    server, redis_server = shared
    status, head, body = raw_exchange(server.port, "HEAD", "/pl/privacy/")
    assert (status, head["x-cache"], body) == (200, "miss", b"")
    status, get, page = raw_exchange(server.port, "GET", "/pl/privacy/")
    assert (status, get["x-cache"]) == (200, "hit"), "a HEAD did not fill the cache"
    assert head["content-length"] == str(len(page)) and head["etag"] == get["etag"]


def test_a_script_name_header_never_reaches_the_cache(shared):
    server, _redis = shared
    poisoned = raw_exchange(server.port, "GET", "/cy/news/", {"SCRIPT_NAME": "//evil.example"})
    assert poisoned[0] == 200
    for _ in range(4):
        status, headers, body = raw_exchange(server.port, "GET", "/cy/news/")
        assert status == 200 and b"evil" not in body


# --- Item 2: one URL cannot grow the cache -------------------------------------------


def test_spellings_of_an_asset_are_404s_that_store_nothing(shared):
    server, redis_server = shared
    status, _, home = raw_exchange(server.port, "GET", "/en/")
    links = [part.split(b'"', 1)[0].decode() for part in home.split(b'href="')[1:]]
    stylesheet = next(link for link in links if link.endswith("/build/site.css"))
    assert raw_exchange(server.port, "GET", stylesheet)[0] == 200
    before = keys(redis_server)
    prefix = stylesheet.removesuffix("build/site.css")
    for n in range(300):
        for spelling in (f"x{n}/../build/site.css", f"build/./{n}/../site.css"):
            assert raw_exchange(server.port, "GET", prefix + spelling)[0] == 404
    assert keys(redis_server) == before, "spellings of one asset made new entries"


# --- Item 7: two deployments on one Redis --------------------------------------------


def test_another_deployment_on_the_same_redis_never_serves_its_pages_here(shared):
    server, redis_server = shared
    # The same secret, as a careless copy of production's settings would have.
    staging = create_app(
        {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_server.url,
         "CACHE_SECRET": SECRET, "SITE_URL": "https://staging.example.org"}
    )  # fmt: skip
    staged = staging.test_client().get("/cy/cancer-alliances/")
    assert staged.headers["X-Cache"] == "miss" and b"staging.example.org" in staged.data
    status, headers, body = raw_exchange(server.port, "GET", "/cy/cancer-alliances/")
    assert status == 200 and b"staging.example.org" not in body
    assert f'<link rel="canonical" href="{SITE}/cy/cancer-alliances/">'.encode() in body


# --- Item 8: nothing planted in Redis is replayed ------------------------------------


EVIL = b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"


def planted(key: str) -> list[bytes]:
    """Values an attacker with write access to Redis (but not the secret) could plant."""
    head = (
        b'{"status": "200 OK", "headers": [["Content-Type", "text/html"],'
        b' ["Set-Cookie", "session=stolen"], ["Cache-Control", "public, max-age=31536000"]]}'
    )
    return [
        b"microsite-response-1\n" + head + b"\n" + EVIL,  # the format before signing
        stored.dumps(StoredResponse("200 OK", "page", (), EVIL), key, b"guessed" * 8),
        b"microsite-response-2\n" + b"0" * 64 + b'\n{"status": "200 OK", "kind": "page",'
        b' "headers": []}\n' + EVIL,
    ]


UNSEEN = ["/pl/cancer-alliances/", "/pl/investing-in-radiotherapy/",
          "/pl/prevention-and-public-health/"]  # fmt: skip


@pytest.mark.parametrize("which", range(3))
def test_a_value_planted_in_redis_is_dropped_and_the_page_rendered_again(shared, which):
    """A page no worker has served yet, so its lookup reads Redis: the planted value is
    refused, the page rendered, and its headers come from the code."""
    server, redis_server = shared
    raw_exchange(server.port, "GET", "/en/")
    stored_key = keys(redis_server, "*page:*:en:/en/:identity")[0].decode()
    # Flask-Caching prefixes the key in Redis; the integrity check covers the key itself.
    backend_prefix, _, key = stored_key.partition("page:")
    path = UNSEEN[which]
    key = "page:" + key.removesuffix(":en:/en/:identity") + f":pl:{path}:identity"
    client = redis.Redis.from_url(redis_server.url)
    client.set(backend_prefix + key, planted(key)[which])
    status, headers, body = raw_exchange(server.port, "GET", path)
    assert (status, headers["x-cache"]) == (200, "miss"), "the planted value was served"
    assert b"alert(" not in body and "set-cookie" not in headers
    assert headers["cache-control"] == "public, max-age=300"
    for name, value in security_headers(False):
        assert headers[name.lower()] == value, name
    again = client.get(backend_prefix + key)
    assert stored.loads(again, key, SECRET.encode()).body == body, "not stored again"
