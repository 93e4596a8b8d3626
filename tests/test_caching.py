"""Serving: the page cache, conditional requests, encodings, asset URLs and size budgets."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest

from bench.page_weight import first_visit, linked_assets
from helpers import minimal_pages, parse, site_locales, site_pages
from microsite import create_app
from microsite.web.cache import cache
from microsite.web.errors import ErrorPages

PAGES = site_pages()


@pytest.fixture
def fresh(make_content):
    """An app with its own empty cache and editable content, checked on every request."""
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content()), "CONTENT_CHECK_INTERVAL": 0,
         "LOCALES": ["en"], "CACHE_THRESHOLD": 50}
    )  # fmt: skip
    return app


def test_second_request_is_a_hit_with_the_same_bytes(fresh):
    client = fresh.test_client()
    first, second = client.get("/en/child/"), client.get("/en/child/")
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert first.data == second.data


def test_query_strings_and_headers_do_not_create_entries(fresh):
    client = fresh.test_client()
    client.get("/en/child/")
    for n in range(20):
        response = client.get(f"/en/child/?n={n}", headers={"X-Forwarded-Host": f"evil{n}.example"})
        assert response.headers["X-Cache"] == "hit"
    with fresh.app_context():
        assert len(cache.cache._cache) == 1
    assert len(fresh.extensions["microsite.page_cache"].front) == 1


def test_an_edit_is_never_served_stale(fresh):
    client = fresh.test_client()
    assert b"Child text." in client.get("/en/child/").data
    page = dict(minimal_pages()["child"], blocks=[{"type": "rich_text", "html": "<p>Edited.</p>"}])
    Path(fresh.config["CONTENT_DIR"], "child.json").write_text(json.dumps(page))
    response = client.get("/en/child/")
    assert b"Edited." in response.data and response.headers["X-Cache"] == "miss"


def test_the_cache_is_bounded(fresh):
    with fresh.app_context():
        for n in range(200):
            cache.set(f"page:x:en:/{n}/", b"")
        assert len(cache.cache._cache) <= 51


def test_strong_etag_and_304(fresh):
    client = fresh.test_client()
    response = client.get("/en/child/")
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/en/child/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get("/en/child/", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress),
     ("", None, lambda body: body)],
)  # fmt: skip
def test_precompressed_by_accept_encoding(fresh, accept, encoding, decode):
    client = fresh.test_client()
    plain = client.get("/en/child/", headers={"Accept-Encoding": ""}).data
    response = client.get("/en/child/", headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == plain


def test_html_cache_control_is_short_and_public(client):
    assert client.get("/en/").headers["Cache-Control"] == "public, max-age=300"


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/v/[^"]+)"', html)


def test_assets_are_fingerprinted_and_immutable(client):
    urls = asset_urls(client.get("/en/").get_data(as_text=True))
    assert any(u.endswith("/build/site.css") for u in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = re.sub(r"/v/[^/]+/", "/v/000000000000/", urls[0])
    assert client.get(stale).status_code == 404


def test_assets_cannot_escape_the_static_folder(client):
    url = asset_urls(client.get("/en/").get_data(as_text=True))[0]
    prefix = url.split("/v/")[0] + "/v/" + url.split("/v/")[1].split("/")[0]
    for path in ["/../microsite/config.py", "/..%2f..%2fwsgi.py", "/%2e%2e/wsgi.py"]:
        assert client.get(prefix + path).status_code == 404


# --- Budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_under_14kb_gzipped(client, path):
    size = len(client.get(path, headers={"Accept-Encoding": "gzip"}).data)
    assert size <= 14 * 1024, f"{path} is {size} bytes gzipped"


ERROR_PAGES = [f"/{locale}/no-such-page/" for locale in site_locales()]


@pytest.mark.parametrize("path", PAGES + ERROR_PAGES)
def test_first_visit_is_under_10kb_with_brotli(client, path):
    """HTML plus every stylesheet and script it links, as sent with brotli: well
    under one TCP round trip (about 14 KB), issue 14."""
    weight = first_visit(client, path, "br")
    assert weight.total <= 10 * 1024, f"{path}: {weight} = {weight.total} bytes with brotli"


def test_no_nhsuk_script_is_shipped(client):
    """The pages need only the skip link's focus handling, which site.mjs does."""
    css, js = linked_assets(client.get("/en/").get_data(as_text=True))
    assert [url.rsplit("/", 2)[-2:] for url in js] == [["js", "site.mjs"]], js
    script = client.get(js[0]).get_data(as_text=True)
    assert "import" not in script, "site.mjs must stay one self-contained file"


@pytest.mark.parametrize("path", PAGES[:1] + PAGES[-1:])
def test_no_render_blocking_script(client, path):
    tree = parse(client.get(path))
    for script in tree.find("head").iter("script"):
        assert (
            script.get("type") == "module" or "defer" in script.attrib or "async" in script.attrib
        )


@pytest.mark.parametrize("accept", ["br", "gzip", ""])
def test_fast_path_sends_what_flask_sends(fresh, accept):
    client = fresh.test_client()
    miss = client.get("/en/child/", headers={"Accept-Encoding": accept})
    hit = client.get("/en/child/", headers={"Accept-Encoding": accept})
    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("miss", "hit")
    assert hit.data == miss.data
    drop = {"X-Cache", "Content-Length"}
    assert {k: v for k, v in hit.headers if k not in drop} == {
        k: v for k, v in miss.headers if k not in drop
    }
    head = client.head("/en/child/", headers={"Accept-Encoding": accept})
    assert head.data == b"" and head.headers["ETag"] == hit.headers["ETag"]
    conditional = client.get(
        "/en/child/", headers={"Accept-Encoding": accept, "If-None-Match": hit.headers["ETag"]}
    )
    assert conditional.status_code == 304 and conditional.data == b""


@pytest.mark.parametrize(
    ("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)]
)
def test_assets_are_sent_compressed(client, accept, encoding):
    url = next(
        u for u in asset_urls(client.get("/en/").get_data(as_text=True)) if u.endswith(".css")
    )
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert response.mimetype == "text/css"


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/en/news/feed.xml"])
def test_other_text_responses_have_etags_and_304(client, path):
    response = client.get(path)
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_error_pages_have_an_etag(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404 and response.headers["ETag"]


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_error_pages_are_compressed_like_pages(client, accept, encoding, decode):
    plain = client.get("/ar/no-such-page/", headers={"Accept-Encoding": ""})
    response = client.get("/ar/no-such-page/", headers={"Accept-Encoding": accept})
    assert response.status_code == 404
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == plain.data
    assert response.headers["ETag"] != plain.headers["ETag"]


# --- One path for every response -----------------------------------------------------


@pytest.mark.parametrize("warm", [False, True], ids=["miss", "hit"])
def test_an_etag_of_one_encoding_does_not_match_another(fresh, warm):
    client = fresh.test_client()
    gzip_etag = client.get("/en/child/", headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    assert gzip_etag.endswith('-gz"')
    if warm:
        client.get("/en/child/", headers={"Accept-Encoding": ""})
    plain = client.get("/en/child/", headers={"Accept-Encoding": "", "If-None-Match": gzip_etag})
    assert plain.headers["X-Cache"] == ("hit" if warm else "miss")
    assert plain.status_code == 200, "a gzip ETag answered an identity request with 304"
    assert plain.data.startswith(b"<!DOCTYPE html>")
    listed = client.get(
        "/en/child/", headers={"Accept-Encoding": "gzip", "If-None-Match": f'"x", {gzip_etag}'}
    )
    assert listed.status_code == 304


def test_hits_and_misses_take_every_header_from_one_function(make_content):
    """A header a hook adds reaches neither path: headers are decided in one place
    (microsite.web.headers.response_headers), so no path can miss one."""
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content()), "LOCALES": ["en"]}
    )  # fmt: skip

    def hook(response):
        response.headers["Set-Cookie"] = "session=1"
        response.headers["Cache-Control"] = "public, max-age=31536000"
        response.headers["Content-Security-Policy"] = "default-src *"
        return response

    app.after_request(hook)
    client = app.test_client()
    miss, hit = client.get("/en/child/"), client.get("/en/child/")
    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    drop = {"X-Cache"}
    assert [h for h in hit.headers if h[0] not in drop] == [
        h for h in miss.headers if h[0] not in drop
    ]


def test_error_pages_rendered_during_a_reload_stay_with_their_version(app):
    pages = ErrorPages()
    context = app.test_request_context("/en/x/")
    context.push()

    def render_old() -> str:
        # Another thread sees the new content version while this one renders.
        assert pages.get("new", ("en", 404), lambda: "new page") == "new page"
        return "old page"

    try:
        assert pages.get("old", ("en", 404), render_old) == "old page"
        assert pages.get("new", ("en", 404), lambda: "rendered again") == "new page"
    finally:
        context.pop()


def test_a_nul_byte_in_an_asset_path_is_a_404_not_a_500(client):
    url = next(
        u for u in asset_urls(client.get("/en/").get_data(as_text=True)) if u.endswith(".css")
    )
    for path in (url + "%00", url.replace("/build/", "/build%00/")):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("accept", ["br", ""])
def test_assets_are_kept_whole_after_the_first_request(fresh, accept):
    client = fresh.test_client()
    html = client.get("/en/child/").get_data(as_text=True)
    url = next(u for u in asset_urls(html) if u.endswith(".css"))
    first = client.get(url, headers={"Accept-Encoding": accept})
    again = client.get(url, headers={"Accept-Encoding": accept})
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert again.data == first.data and again.headers.get("Content-Encoding") == first.headers.get(
        "Content-Encoding"
    )
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(url + "x").headers.get("X-Cache") is None, "a 404 was kept"
