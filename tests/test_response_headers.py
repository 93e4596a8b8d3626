"""Headers decided in one place for every response (issue 22), and conditional requests
and methods as RFC 9110 has them (item 11 of issue 20)."""

from __future__ import annotations

import re

import pytest

from microsite.web.headers import (
    ASSET_CACHE_CONTROL,
    HTML_CACHE_CONTROL,
    NOT_FOUND_CACHE_CONTROL,
    REDIRECT_CACHE_CONTROL,
    cache_control,
    security_headers,
)


def asset(client) -> str:
    html = client.get("/en/").get_data(as_text=True)
    return re.search(r'href="(/static/v/[^"]+\.css)"', html).group(1)


# Every kind of response the site sends, and the Cache-Control it must carry.
RESPONSES = {
    "page": ("GET", "/en/", {}, 200, HTML_CACHE_CONTROL),
    "feed": ("GET", "/en/news/feed.xml", {}, 200, HTML_CACHE_CONTROL),
    "sitemap": ("GET", "/sitemap.xml", {}, 200, HTML_CACHE_CONTROL),
    "robots": ("GET", "/robots.txt", {}, 200, HTML_CACHE_CONTROL),
    "asset": ("GET", "ASSET", {}, 200, ASSET_CACHE_CONTROL),
    "language choice": ("GET", "/", {}, 302, "no-cache"),
    "redirect": ("GET", "/en/news", {}, 308, REDIRECT_CACHE_CONTROL),
    "not found": ("GET", "/en/no-such-page/", {}, 404, NOT_FOUND_CACHE_CONTROL),
    "bad host": ("GET", "/en/", {"Host": "evil.example"}, 400, "no-store"),
    "method": ("POST", "/en/", {}, 405, "no-store"),
    "lower-case method": ("get", "/en/", {}, 405, "no-store"),
    "failed precondition": ("GET", "/en/", {"If-Match": '"x"'}, 412, "no-store"),
    "not modified": ("GET", "/en/", {"If-None-Match": "ETAG"}, 304, HTML_CACHE_CONTROL),
}


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_gets_cache_control_and_security_headers(client, kind):
    method, path, headers, status, expected = RESPONSES[kind]
    path = asset(client) if path == "ASSET" else path
    if headers.get("If-None-Match") == "ETAG":
        headers = {"If-None-Match": client.get(path).headers["ETag"]}
    for attempt in ("first", "again"):  # a miss, then (where kept) a hit
        response = client.open(path, method=method, headers=headers)
        assert response.status_code == status, (kind, attempt)
        assert response.headers.get("Cache-Control") == expected, (kind, attempt)
        for name, value in security_headers(False, svg=False):
            assert response.headers.get(name) == value, (kind, attempt, name)


@pytest.mark.parametrize("method", ["get", "Get", "head", "gEt", "post"])
def test_methods_are_case_sensitive(client, method):
    response = client.open("/en/", method=method)
    assert response.status_code == 405, f"{method!r} was served as {method.upper()}"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "<h1>" in response.get_data(as_text=True), "not the site's error page"


@pytest.mark.parametrize("warm", [False, True], ids=["miss", "hit"])
def test_a_failed_if_match_is_an_empty_412_never_stored(app, warm):
    client = app.test_client()
    if warm:
        client.get("/en/news/")
    response = client.get("/en/news/", headers={"If-Match": '"x"'})
    assert (response.status_code, response.data) == (412, b"")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Length"] == "0"
    etag = client.get("/en/news/").headers["ETag"]
    assert client.get("/en/news/", headers={"If-Match": etag}).status_code == 200, "control"


def test_if_match_follows_rfc_9110(client):
    """Section 13.1.1: "*" matches any current representation; a list of tags matches
    only the representation's own tag, strongly; a response without a tag (an asset)
    matches no tag."""
    page = client.get("/en/news/")
    etag = page.headers["ETag"]
    asset = re.search(r'href="(/static/v/[^"]+\.css)"', page.get_data(as_text=True)).group(1)
    expected = {
        ("/en/news/", "*"): 200,
        ("/en/news/", f'"x", {etag}'): 200,
        ("/en/news/", f"W/{etag}"): 412,  # a weak tag never matches strongly
        ("/en/news/", '"x"'): 412,
        (asset, "*"): 200,
        (asset, '"x"'): 412,
    }
    found = {key: client.get(key[0], headers={"If-Match": key[1]}).status_code for key in expected}
    assert found == expected


def test_if_none_match_star_follows_rfc_9110(client):
    """Section 13.1.2: "*" is false when any current representation exists, so a GET is
    a 304, with a tag or without one. Werkzeug checks "*" only against a response's
    ETag, so an asset (which has none) answered 200 with its whole body."""
    page = client.get("/en/news/")
    asset = re.search(r'href="(/static/v/[^"]+\.css)"', page.get_data(as_text=True)).group(1)
    for path in ("/en/news/", asset, "/sitemap.xml"):
        response = client.get(path, headers={"If-None-Match": "*"})
        assert (response.status_code, response.data) == (304, b""), path
    assert client.get("/en/no-such-page/", headers={"If-None-Match": "*"}).status_code == 404


def test_a_304_describes_no_body(client):
    etag = client.get("/en/").headers["ETag"]
    response = client.get("/en/", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert "Content-Type" not in response.headers and "Content-Encoding" not in response.headers
    assert response.headers["ETag"] == etag and "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("status", "kind", "expected"),
    [(200, "page", HTML_CACHE_CONTROL), (200, None, "no-store"), (500, "page", "no-store"),
     (410, None, NOT_FOUND_CACHE_CONTROL), (301, "page", REDIRECT_CACHE_CONTROL),
     (302, "choice", "no-cache"), (304, "asset", ASSET_CACHE_CONTROL), (400, None, "no-store")],
)  # fmt: skip
def test_the_one_table(status, kind, expected):
    assert cache_control(status, kind) == expected
