"""Over 1,000 generated hostile requests: never a 5xx, never a file from outside the
site, errors on the accessible localized error page; no request can poison the
cache, and 12,000 random URLs leave cache size and memory flat."""

from __future__ import annotations

import gc
import io
import random
import sys
import tracemalloc
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from microsite import create_app

ROOT = Path(__file__).resolve().parent.parent
SECRETS = [b"root:x:0:0", b"import sys", b"[tool:pytest]", b"SECRET", b"def create_app"]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO"]
TRAVERSALS = [
    "/../etc/passwd", "/en/../../etc/passwd", "/static/../wsgi.py", "/static/../../etc/passwd",
    "/en/%2e%2e/%2e%2e/etc/passwd", "/en/..%2f..%2fwsgi.py", "/%2e%2e%2fsetup.cfg",
    "/en/..%5c..%5cwsgi.py", "/static/%2e%2e/wsgi.py", "/static/..%2fwsgi.py",
    "/static/v/x/../../wsgi.py", "/en/%00/", "/en/news%00/", "/%00", "/en/%C0%AE%C0%AE/",
    "/en/%252e%252e/", "//etc/passwd", "/en//../wsgi.py", "/static/v/{asset}/../../../wsgi.py",
    "/static/v/{asset}/%2e%2e/%2e%2e/wsgi.py", "/static/v/{asset}/..%2f..%2fwsgi.py",
]  # fmt: skip
ODD_PATHS = [
    "/fr/", "/EN/", "/en-GB/", "/xx/news/", "/%ff/", "/en/cancér/",
    "/en/Prevention-And-Public-Health/",
    "/en/ñ/", "/ar/سرطان/", "/en/🙂/", "/en/news", "/en/news/feed.xml/", "/cy/home/", "/en/HOME/",
    "/en/a/b/c/d/", "/en/" + "a" * 8192 + "/", "/" + "x" * 8192, "/en/%20/", "/en/ /", "/en/\t/",
    "/sitemap.xml/..", "/robots.txt%00.html", "/en/?q=<script>", "/en/#frag",
]  # fmt: skip
HEADERS = [
    {"Accept-Language": "x" * 8192}, {"Accept-Language": ";;;q=abc,,,"},
    {"Accept-Encoding": "br;q=nan, gzip;q=-1, *;q=2"}, {"Accept-Encoding": "\x00\x01"},
    {"If-None-Match": '"' + "a" * 4000 + '"'}, {"If-None-Match": "W/\"x\", *, ,"},
    {"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"},
    {"X-Forwarded-Proto": "gopher"}, {"X-Forwarded-For": "1.2.3.4, <script>"},
    {"Cookie": "a=" + "b" * 8000}, {"Range": "bytes=0-1,2-3,4-5"}, {"Range": "bytes=-1"},
    {"Content-Length": "-1"}, {"Referer": "javascript:alert(1)"}, {"User-Agent": "\u202e" * 100},
]  # fmt: skip


def requests(asset_version: str) -> list[tuple[str, str, dict]]:
    """At least 1,000 hostile requests, the same ones on every run."""
    rng = random.Random(20261125)
    paths = [p.replace("{asset}", asset_version) for p in TRAVERSALS] + ODD_PATHS
    good = ["/", "/en/", "/cy/news/", "/ar/cancer-alliances/", "/sitemap.xml", "/robots.txt"]
    generated = []
    for path in paths + good:
        for method in METHODS:
            generated.append((method, path, {}))
    for _ in range(600):
        generated.append((rng.choice(METHODS), rng.choice(paths + good), rng.choice(HEADERS)))
    return generated


@pytest.fixture(scope="module")
def hostile_app():
    return create_app({"TESTING": True})


def test_a_thousand_hostile_requests(hostile_app):
    client = hostile_app.test_client()
    batch = requests(hostile_app.config["ASSET_VERSION"])
    assert len(batch) >= 1000
    for method, path, headers in batch:
        response = client.open(path, method=method, headers=headers)
        label = f"{method} {path[:80]} {list(headers)}"
        assert response.status_code < 500, label
        for secret in SECRETS:
            assert secret not in response.data, f"{label} leaked {secret!r}"
        if response.status_code >= 400 and method != "HEAD":
            html = response.get_data(as_text=True)
            assert "<main" in html and "<h1>" in html and 'lang="' in html, label


@pytest.mark.parametrize(("path", "lang", "heading"), [
    ("/cy/no-such-page/", "cy", "Heb ddod o hyd i’r dudalen"),
    ("/ar/no-such-page/", "ar", None),
    ("/fr/no-such-page/", "en", "Page not found"),
])  # fmt: skip
def test_errors_are_localized(hostile_app, path, lang, heading):
    html = hostile_app.test_client().get(path).get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    if heading:
        assert f"{heading}</h1>" in html  # after the h1's status caption, if any


def test_method_not_allowed_names_the_allowed_methods(hostile_app):
    response = hostile_app.test_client().post("/en/")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


@pytest.mark.parametrize("headers", [
    {"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"},
    {"X-Forwarded-Proto": "https", "X-Forwarded-Port": "666"}, {"Accept-Language": "ar"},
    {"Accept-Encoding": "br"}, {"Cookie": "locale=ar"},
])  # fmt: skip
def test_no_request_can_poison_the_cache(headers):
    app = create_app({"TESTING": True})
    client = app.test_client()
    honest = create_app({"TESTING": True}).test_client().get("/en/").data
    client.get("/en/?utm=<script>alert(1)</script>", headers=headers)
    assert client.get("/en/").data == honest


def wsgi_get(app, path: str, query: str) -> int:
    """One GET straight through the WSGI callable, as a server would make it: the
    test client's request building would cost more than the app's own work."""
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "QUERY_STRING": query,
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),  # as WSGI servers decode it
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }  # fmt: skip
    status: list[str] = []
    body = app(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return int(status[0][:3])


@pytest.mark.slow
def test_random_urls_leave_cache_and_memory_flat():
    """After 10,000 random URLs fill every bounded cache, 2,000 more leave the caches
    the same size and keep (almost) no Python memory. tracemalloc counts every byte
    Python still holds, so a leak of even 32 bytes a request (a path kept in a list)
    shows as 64 KB; the process's RSS would need far more requests to move."""
    app = create_app({"TESTING": True})
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.%~"

    def flood(count: int) -> None:
        for _ in range(count):
            slug = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
            locale = rng.choice(["en", "cy", "pl", "ar", "xx"])
            query = f"{slug}={rng.random()}" if rng.random() < 0.5 else ""
            assert wsgi_get(app, f"/{locale}/{slug}/", query) < 500

    def cache_size() -> tuple[int, int]:
        with app.app_context():
            backend = app.extensions["cache"]
            entries = sum(len(getattr(c, "_cache", {})) for c in backend.values())
        return entries, len(app.extensions["microsite.page_cache"].front)

    flood(10_000)  # warm up the error pages and fill every bounded cache
    before_cache = cache_size()
    gc.collect()
    tracemalloc.start()
    try:
        before_memory = tracemalloc.get_traced_memory()[0]
        flood(2_000)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before_memory
    finally:
        tracemalloc.stop()
    assert cache_size() == before_cache
    assert kept < 32 * 1024, f"2,000 random URLs kept {kept:,} bytes of Python memory"


def test_redirects_with_long_queries_keep_no_memory():
    """A redirect's Location repeats the request's query string (``/en/news?q=...`` to
    ``/en/news/?q=...``), so no memo may keep it: one client sending 5,000 such requests
    of 12 KB each made one process hold 56 MB in the response-header memo. Bounded
    caches that never grow past a few URLs (urllib's 128 parsed URLs) are filled first,
    so only what each request leaves behind is counted."""
    app = create_app({"TESTING": True})
    rng = random.Random(20)

    def flood(count: int) -> None:
        for _ in range(count):
            query = "q=" + rng.randbytes(4000).hex()  # 8 KB, different each time
            assert wsgi_get(app, "/en/news", query) == 308

    tracemalloc.start()  # before the warm-up: what a bounded cache drops is counted too
    try:
        flood(300)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        flood(200)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 256 * 1024, f"200 redirects with 8 KB queries kept {kept:,} bytes"
