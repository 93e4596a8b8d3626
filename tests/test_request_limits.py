"""Cheap requests cost the server little (item 3 of issue 20): every header the site
parses is bounded first, so no request costs more than a page render.

Shown without a clock: a header far larger than any server lets through, and
worded so that parsing it would change the answer, gets the answer of a request
without it, so no parser read it. What that saves in time is a figure printed
by bench/hostile_headers.py, not a test.
"""

from __future__ import annotations

import io
import sys

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


def wsgi(app, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request through the WSGI callable."""
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, **headers,
    }  # fmt: skip
    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(app(environ, lambda line, h, e=None: started.append((line, h))))
    line, sent = started[0]
    return int(line[:3]), dict(sent), body


def telling(name: str, etag: str) -> str:
    """A value that, were it parsed, would change the answer: gzip, Welsh, the page's own
    tag (a 304), a tag that is not the page's (a 412)."""
    return {
        "HTTP_ACCEPT_ENCODING": "gzip;q=1, ",
        "HTTP_ACCEPT_LANGUAGE": "cy;q=1, ",
        "HTTP_IF_NONE_MATCH": f"{etag}, ",
        "HTTP_IF_MATCH": '"not-the-page", ',
    }.get(name, "")


@pytest.mark.parametrize("name", [key for key in limits.LIMITS if key not in ("HTTP_RANGE",
                                  "HTTP_IF_RANGE")])  # fmt: skip
def test_a_huge_header_is_answered_as_if_it_were_not_sent(warm, name):
    """No header over its limit reaches a parser, so none can cost more than a render
    (bench/hostile_headers.py prints what that saves over the wire)."""
    path = "/" if name == "HTTP_ACCEPT_LANGUAGE" else "/en/news/"
    plain = wsgi(warm, path)
    etag = wsgi(warm, "/en/news/")[1]["ETag"]
    value = telling(name, etag) + hostile(name, 0)
    if name == "HTTP_HOST":
        status, _, _ = wsgi(warm, path, HTTP_HOST=value)
        assert 400 <= status < 500  # an untrusted host, refused before any parsing
        return
    status, headers, body = wsgi(warm, path, **{name: value})
    assert (status, body) == (plain[0], plain[2]), name
    assert headers.get("Location") == plain[1].get("Location")
    assert "Content-Encoding" not in headers


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
