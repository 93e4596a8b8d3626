"""A real redis-server shared by two app instances: a page rendered by one is served
from the cache by the other, an edit invalidates it for both, and a Redis outage
only costs speed (logged once), with caching resumed when Redis returns."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from helpers import minimal_pages
from microsite import create_app

SECRET = "a-test-secret-of-at-least-32-characters"


def make_app(redis_url: str, content: Path, **extra):
    return create_app(
        {"TESTING": True, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
         "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
         "CONTENT_DIR": str(content), "CONTENT_CHECK_INTERVAL": 0, "LOCALES": ["en"],
         "CACHE_SECRET": SECRET,
         # No in-process front cache: every lookup goes to Redis.
         "PAGE_FRONT_CACHE": 0, **extra}
    )  # fmt: skip


def test_two_instances_share_the_cache_and_its_invalidation(redis_server, make_content):
    content = make_content()
    first, second = make_app(redis_server.url, content), make_app(redis_server.url, content)
    a, b = first.test_client(), second.test_client()
    rendered = a.get("/en/child/")
    served = b.get("/en/child/")
    assert (rendered.headers["X-Cache"], served.headers["X-Cache"]) == ("miss", "hit")
    assert served.data == rendered.data

    page = dict(minimal_pages()["child"], blocks=[{"type": "rich_text", "html": "<p>New.</p>"}])
    (content / "child.json").write_text(json.dumps(page))
    after_b = b.get("/en/child/")
    after_a = a.get("/en/child/")
    assert after_b.headers["X-Cache"] == "miss" and b"New." in after_b.data
    assert after_a.headers["X-Cache"] == "hit" and after_a.data == after_b.data


def test_redis_outage_is_survived_logged_once_and_recovered(redis_server, make_content, caplog):
    app = make_app(redis_server.url, make_content())
    client = app.test_client()
    assert client.get("/en/child/").headers["X-Cache"] == "miss"
    redis_server.stop()
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            response = client.get("/en/child/")
            assert response.status_code == 200 and b"Child text." in response.data
            assert response.headers["X-Cache"] == "miss"
    outages = [r for r in caplog.records if "page cache unavailable" in r.getMessage()]
    assert len(outages) == 1
    redis_server.start()
    assert client.get("/en/child/").headers["X-Cache"] == "miss"
    assert client.get("/en/child/").headers["X-Cache"] == "hit"


class Exploit:
    """A pickle that would create a file when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_hostile_value_in_redis_is_rejected_not_executed(redis_server, make_content, tmp_path):
    import pickle

    import redis

    app = make_app(redis_server.url, make_content())
    client = app.test_client()
    assert client.get("/en/child/").headers["X-Cache"] == "miss"
    backend = redis.Redis.from_url(redis_server.url)
    keys = backend.keys("*page:*")
    assert keys, "the page was not stored in Redis"
    marker = tmp_path / "executed"
    for prefix in (b"!", b""):  # cachelib's pickle marker, and a bare pickle
        for key in keys:
            backend.set(key, prefix + pickle.dumps(Exploit(marker)))
        response = client.get("/en/child/")
        assert response.status_code == 200 and b"Child text." in response.data
        assert response.headers["X-Cache"] == "miss", "the hostile value was served"
        assert not marker.exists(), "a pickle from Redis was executed"
    stored = backend.get(keys[0])
    assert stored.startswith(b"microsite-response-2\n"), "the bad value was not overwritten"


def test_a_release_that_changes_only_static_files_changes_every_key(redis_server, make_content):
    content = make_content()
    old = make_app(redis_server.url, content)
    new = make_app(redis_server.url, content, ASSET_VERSION="000000000000")
    assert old.config["RELEASE"] != new.config["RELEASE"]
    first = old.test_client().get("/en/child/")
    second = new.test_client().get("/en/child/")
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "miss")
    assert (
        b"/static/v/000000000000/" in second.data and b"/static/v/000000000000/" not in first.data
    )
