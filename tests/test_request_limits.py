"""Cheap requests cost the server little (item 3 of issue 20): every header the site
parses is bounded first, so no request costs more than a page render.

Measured against the app's own render of a page (the most a request may cost),
with headers far larger than any server lets through, so the app holds the
line by itself.
"""

from __future__ import annotations

import io
import sys
import time

import pytest

from microsite import create_app
from microsite.web import limits

HUGE = 400_000  # what granian accepted before server.py bounded it


def hostile(name: str, attempt: int) -> str:
    """A header value of about ``HUGE`` characters, in the form its parser reads, new for
    each ``attempt`` (so no cache of parsed values can hide the cost)."""
    item = {
        "HTTP_ACCEPT_ENCODING": "gzip;q=0.5, ",
        "HTTP_ACCEPT_LANGUAGE": "en;q=0.5, ",
        "HTTP_IF_NONE_MATCH": '"a", ',
        "HTTP_IF_MATCH": '"a", ',
        "HTTP_IF_MODIFIED_SINCE": "Mon, 01 Jan 2024 00:00:00 GMT ",
        "HTTP_IF_UNMODIFIED_SINCE": "Mon, 01 Jan 2024 00:00:00 GMT ",
        "HTTP_HOST": "a.",
    }[name]
    return f"{attempt}{item * (HUGE // len(item))}"


@pytest.fixture(scope="module")
def warm():
    app = create_app({"TESTING": True})
    for path in ("/en/", "/en/news/"):
        assert wsgi(app, path)[0] == 200
    return app


def wsgi(app, path: str, **headers: str) -> tuple[int, float]:
    """Status and seconds of one request through the WSGI callable."""
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, **headers,
    }  # fmt: skip
    status: list[str] = []
    started = time.perf_counter()
    b"".join(app(environ, lambda line, h, e=None: status.append(line)))
    return int(status[0][:3]), time.perf_counter() - started


@pytest.fixture(scope="module")
def render_seconds() -> float:
    """The fastest of three uncached renders of the news page: the most a request may cost."""
    app = create_app({"TESTING": True, "PAGE_FRONT_CACHE": 0, "CACHE_THRESHOLD": 1})
    seconds = []
    for _ in range(3):
        app.extensions["microsite.page_cache"].backend.clear()
        status, spent = wsgi(app, "/en/news/")
        seconds.append(spent)
    return min(seconds)


@pytest.mark.parametrize("name", [key for key in limits.LIMITS if key not in ("HTTP_RANGE",
                                  "HTTP_IF_RANGE")])  # fmt: skip
def test_no_header_makes_a_request_cost_more_than_a_render(warm, render_seconds, name):
    budget = render_seconds / 4
    path = "/" if name == "HTTP_ACCEPT_LANGUAGE" else "/en/news/"
    costs = [wsgi(warm, path, **{name: hostile(name, attempt)}) for attempt in range(3)]
    status, seconds = min(costs, key=lambda cost: cost[1])
    assert status < 500
    assert seconds < budget, (
        f"a {HUGE:,}-character {name} cost {seconds * 1000:.1f} ms, a quarter of a render is"
        f" {budget * 1000:.1f} ms"
    )


@pytest.mark.parametrize(
    ("name", "value", "kept"),
    [
        ("HTTP_ACCEPT_ENCODING", "gzip, deflate, br, zstd", True),
        ("HTTP_ACCEPT_ENCODING", "gzip, " * 16, False),  # too many items
        ("HTTP_ACCEPT_LANGUAGE", "cy-GB,cy;q=0.9,en-GB;q=0.8,en;q=0.7", True),
        ("HTTP_ACCEPT_LANGUAGE", "c" * 257, False),  # too long
        ("HTTP_IF_NONE_MATCH", '"' + "a" * 32 + '-br"', True),
        ("HTTP_IF_MODIFIED_SINCE", "Mon, 01 Jan 2024 00:00:00 GMT", True),
    ],
)
def test_a_header_over_its_limit_is_read_as_not_sent(name, value, kept):
    assert limits.header({name: value}, name) == (value if kept else "")


def test_a_browser_still_gets_its_encoding_and_its_language(warm):
    client = warm.test_client()
    page = client.get("/en/", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert page.headers["Content-Encoding"] == "br"
    assert client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.8"}).location == (
        "/cy/"
    )


def test_an_over_long_accept_language_falls_back_to_the_source(warm):
    header = "cy," + "x;q=0.1," * 100
    assert warm.test_client().get("/", headers={"Accept-Language": header}).location == "/en/"
