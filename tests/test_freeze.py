"""``flask freeze``: the static export, served by a plain static file server, has no
broken links and the same bytes as the live site."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest

from microsite import create_app
from microsite.freeze import freeze

LINK = re.compile(r'(?:href|src)="([^"]+)"')


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    """The site frozen into a folder and served by Python's http.server on 127.0.0.1."""
    app = create_app({"TESTING": True})
    folder = tmp_path_factory.mktemp("frozen")
    urls = freeze(app, folder)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield app, base, urls
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_every_page_and_asset_is_written(frozen):
    app, _base, urls = frozen
    from microsite.views import page_paths

    assert set(page_paths(app)) <= set(urls)
    assert {"/sitemap.xml", "/robots.txt", "/en/news/feed.xml", "/ar/news/feed.xml"} <= set(urls)
    assert any(url.endswith("/build/site.css") for url in urls)


def test_crawl_finds_no_broken_links_and_the_live_bytes(frozen):
    app, base, _urls = frozen
    live = app.test_client()
    seen, queue, broken, pages = set(), ["/en/"], [], 0
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, body = fetch(base + path)
        if status != 200:
            broken.append(path)
            continue
        assert body == live.get(path).data, f"{path}: frozen bytes differ from the live site"
        if path.endswith("/") or path.endswith(".mjs"):
            pages += path.endswith("/")
            for link in LINK.findall(body.decode()) + re.findall(r'from "([^"]+)"', body.decode()):
                target = urlsplit(urljoin(base + path, link))
                if target.netloc == urlsplit(base).netloc:
                    queue.append(target.path)
    assert not broken, f"broken links in the static export: {broken}"
    assert pages >= len(app.config["LOCALES"]) * 10


def test_not_found_page_is_exported(frozen):
    _app, base, _urls = frozen
    status, body = fetch(base + "/404.html")
    assert status == 200 and b"Page not found" in body
