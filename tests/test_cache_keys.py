"""What is stored is what is looked up: one normalised path, one key, for lookup and store.

Item 1 of issue 20: a response rendered under a script root, a prefix or a path
the key does not name is never stored; every spelling of a page's path shares
the page's one entry; HEAD fills the cache like GET. Item 7: the key names the
deployment, so two that render differently never read each other's entries.
"""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest

from microsite import create_app
from microsite.web import cache as page_cache
from microsite.web.cache import namespace


@pytest.fixture
def fresh(make_content):
    return create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content()), "LOCALES": ["en", "cy"],
         "TRUSTED_HOSTS": "*"}
    )  # fmt: skip


def call(app, path: str, method: str = "GET", **environ: Any) -> tuple[str, dict, bytes]:
    """One request straight through the WSGI callable, with any environ a server may make
    (the test client cannot send a path like ``//en/``: it would read it as a host)."""
    base = {
        "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }  # fmt: skip
    sent: list[tuple[str, list]] = []
    body = b"".join(app({**base, **environ}, lambda s, h, e=None: sent.append((s, h))))
    return sent[0][0], dict(sent[0][1]), body


def entries(app) -> int:
    return len(app.extensions["microsite.page_cache"].front)


# --- Nothing rendered under what the key does not name is stored ---------------------


@pytest.mark.parametrize("path", ["/en/child/", "/en/no-such-page/", "/cy/child/"])
def test_a_script_root_is_never_stored(fresh, path):
    status, _, poisoned = call(fresh, path, SCRIPT_NAME="//evil.example")
    assert b"//evil.example" in poisoned, "control: a script root does change the page"
    status, headers, body = call(fresh, path)
    assert b"evil" not in body, f"{path}: the page rendered under a script root was stored"
    assert headers.get("X-Cache") in (None, "miss")


@pytest.mark.parametrize("path", ["/en/child/", "/en/no-such-page/", "/en/child", "/sitemap.xml"])
def test_a_response_rendered_under_a_script_root_is_for_no_shared_cache(fresh, path):
    """Not stored here, and not offered to a proxy or CDN either: its links name a script
    root that neither the URL nor ``Vary`` says, so a shared cache in front (the local
    proxy gunicorn trusts SCRIPT_NAME from by default) would keep it for everyone."""
    status, headers, body = call(fresh, path, SCRIPT_NAME="//evil.example")
    assert b"evil.example" in body or "evil.example" in headers.get("Location", ""), "control"
    assert headers["Cache-Control"] == "no-store", f"{path} under a script root: {status}"
    status, headers, body = call(fresh, path)
    assert headers["Cache-Control"].startswith("public"), "control: without one, shared"


# Every environ value a server or proxy sets that is not in the key: the page's bytes
# must not depend on it, or it would have to be in the key.
VARIANTS = {
    "another trusted host": {"HTTP_HOST": "other.example"},
    "https": {"wsgi.url_scheme": "https", "SERVER_PORT": "443"},
    "server name": {"SERVER_NAME": "internal.example", "SERVER_PORT": "8080"},
    "forwarded": {"HTTP_X_FORWARDED_HOST": "evil.example", "HTTP_X_FORWARDED_PROTO": "https",
                  "HTTP_X_FORWARDED_PREFIX": "/evil", "HTTP_FORWARDED": "host=evil.example"},
    "query": {"QUERY_STRING": "locale=cy&x=<script>"},
    "language": {"HTTP_ACCEPT_LANGUAGE": "cy", "HTTP_COOKIE": "locale=cy"},
    "protocol": {"SERVER_PROTOCOL": "HTTP/1.0"},
}  # fmt: skip


@pytest.mark.parametrize("variant", VARIANTS)
def test_nothing_outside_the_key_changes_a_rendered_page(make_content, variant):
    def rendered(**environ: Any) -> bytes:
        app = create_app(
            {
                "TESTING": True,
                "CONTENT_DIR": str(make_content()),
                "LOCALES": ["en", "cy"],
                "TRUSTED_HOSTS": "*",
            }
        )  # fmt: skip, a fresh app each time: both are renders, not hits
        status, headers, body = call(app, "/en/child/", **environ)
        assert headers["X-Cache"] == "miss"
        return body

    assert rendered(**VARIANTS[variant]) == rendered()


# --- One normalised path, one key --------------------------------------------------


SPELLINGS = ["//en/child/", "/en//child/", "/en/child//", "///en///child///"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_page_is_a_hit_on_its_one_entry(fresh, spelling):
    status, first, body = call(fresh, spelling)
    assert (status[:3], first["X-Cache"]) == ("200", "miss")
    status, again, same = call(fresh, spelling)
    assert again["X-Cache"] == "hit", f"{spelling} is rendered on every request"
    status, canonical, canonical_body = call(fresh, "/en/child/")
    assert canonical["X-Cache"] == "hit" and canonical_body == body == same
    assert entries(fresh) == 1


def test_head_fills_the_cache_and_sends_no_body(fresh):
    status, head, body = call(fresh, "/en/child/", "HEAD")
    assert (status[:3], head["X-Cache"], body) == ("200", "miss", b"")
    status, get, page = call(fresh, "/en/child/")
    assert get["X-Cache"] == "hit", "a HEAD did not fill the cache"
    assert head["Content-Length"] == str(len(page)) and head["ETag"] == get["ETag"]
    status, again, body = call(fresh, "/en/child/", "HEAD")
    assert (again["X-Cache"], body) == ("hit", b"")


def test_a_page_rendered_from_another_version_than_its_key_is_not_stored(fresh, monkeypatch):
    """A reload between the lookup and the render: the page is sent, never stored."""
    real = page_cache.keep
    monkeypatch.setattr(page_cache, "keep", lambda *rendered: real("other-version", *rendered[1:]))
    status, headers, body = call(fresh, "/en/child/")
    assert status.startswith("200") and headers.get("X-Cache") is None
    assert entries(fresh) == 0


# --- The deployment is in the key (item 7) -------------------------------------------


SETTINGS = {
    "site url": {"SITE_URL": "https://staging.example.org"},
    "locales": {"LOCALES": ["en"]},
    "hsts": {"HSTS": True},
    "secret": {"CACHE_SECRET": "b" * 32},
    "release": {"ASSET_VERSION": "000000000000"},
}


@pytest.mark.parametrize("setting", SETTINGS)
def test_deployments_that_differ_have_different_keys(make_content, setting):
    content = str(make_content())
    base = {"TESTING": True, "CONTENT_DIR": content, "CACHE_SECRET": "a" * 32}
    one = create_app(base)
    other = create_app({**base, **SETTINGS[setting]})
    same = create_app(base)
    assert one.config["CACHE_NAMESPACE"] == same.config["CACHE_NAMESPACE"], "control"
    assert one.config["CACHE_NAMESPACE"] != other.config["CACHE_NAMESPACE"], setting


def test_the_namespace_does_not_reveal_the_secret(app):
    assert namespace(app, b"a" * 32) != namespace(app, b"b" * 32)
    assert "a" * 8 not in namespace(app, b"a" * 32)


def test_a_failing_render_is_not_repeated_by_every_request(fresh, monkeypatch):
    """A render that fails (0.3-0.5 s of CPU before issue 20) is answered with the same
    500 for a few seconds instead of being attempted again by every request."""
    from microsite.web import response_cache, views

    attempts: list[str] = []

    def broken(page):
        attempts.append(page.slug)
        raise RuntimeError("render failed")

    monkeypatch.setattr(views, "render_page", broken)
    for _ in range(3):
        status, headers, body = call(fresh, "/en/child/")
        assert status.startswith("500") and headers["Cache-Control"] == "no-store"
    assert attempts == ["child"], f"rendered {len(attempts)} times"
    monkeypatch.setattr(response_cache, "FAILURE_SECONDS", 0.0)
    fresh.wsgi_app.wsgi_app.failures.clear()
    call(fresh, "/en/child/")
    assert len(attempts) == 2, "control: once the failure is forgotten, it is rendered again"
