"""The static export under real nginx with the checked-in configuration
(deploy/nginx/), crawled with the checks the live site gets: no broken links,
hreflang twins, and the live site's security, caching and type headers; plus
the precompressed copies, the 404 page, redirects and hidden files."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from helpers import free_port, listening, wait_until
from microsite import create_app
from microsite.config import PROJECT_ROOT
from microsite.export.freeze import freeze
from microsite.web.headers import security_headers
from site_checks import (
    broken_links,
    client_fetch,
    crawl,
    header_problems,
    hreflang_problems,
    http_fetch,
    locales_of,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
LIVE_HEADERS = [name for name, _ in security_headers(False)] + ["Cache-Control", "Content-Type"]


def nginx_conf(folder: Path, root: Path, port: int) -> str:
    """A minimal main configuration around the checked-in files, used verbatim."""
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    return f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
load_module {BROTLI_MODULE};
events {{ worker_connections 64; }}
http {{
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        include microsite/microsite.conf;
        include microsite/brotli.conf;
    }}
}}
"""


def start_nginx(conf: Path, export: Path) -> tuple[subprocess.Popen, str]:
    """Real nginx with the checked-in configuration, serving ``export`` on a free port."""
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "microsite").symlink_to(PROJECT_ROOT / "deploy" / "nginx", target_is_directory=True)
    port = free_port()
    (conf / "nginx.conf").write_text(nginx_conf(conf, export, port))
    # `timeout` stops nginx by itself should this test die before its cleanup.
    server = subprocess.Popen(
        ["timeout", "120", NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf"),
         "-e", str(conf / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    wait_until(lambda: server.poll() is not None or listening(port), 10)
    if server.poll() is not None:
        log = conf / "error.log"
        errors = server.stderr.read().decode() + (log.read_text() if log.exists() else "")
        pytest.fail(f"nginx did not start: {errors}")
    return server, f"http://127.0.0.1:{port}"


def stop_nginx(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[object, Path, str]]:
    for needed in (Path(NGINX), BROTLI_MODULE):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `make install` as root (nginx-light and"
                        " libnginx-mod-http-brotli-static)")  # fmt: skip
    app = create_app({"TESTING": True})
    export = tmp_path_factory.mktemp("export")
    freeze(app, export)
    (export / ".git").mkdir()
    (export / ".git" / "config").write_text("[core]")
    # Files that have no place in an export, planted where other locations used to win
    # over the dot-file rule (issue 20, item 10), and active types under /static/v/.
    assets = export / "static" / "v" / app.config["ASSET_VERSION"]
    for name in PLANTED:
        (export / name.format(assets=assets.relative_to(export))).parent.mkdir(
            parents=True, exist_ok=True
        )
        (export / name.format(assets=assets.relative_to(export))).write_text("SECRET=1")
    server, base = start_nginx(tmp_path_factory.mktemp("nginx"), export)
    yield app, export, base
    stop_nginx(server)


def test_crawl_passes_the_live_site_checks_with_the_live_headers(served):
    app, _export, base = served
    hubs = [f"/{locale}/" for locale in app.config["LOCALES"]]
    answers = crawl(http_fetch(base), hubs, {base.removeprefix("http://"), "127.0.0.1:5000"})
    assert sum(a.mimetype == "text/html" for a in answers.values()) >= 4 * 10
    assert not broken_links(answers), "broken links under nginx"
    assert not hreflang_problems(answers, *locales_of(app))
    live = client_fetch(app.test_client())
    assert not header_problems(answers, live, LIVE_HEADERS)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_precompressed_copies_are_served(served, encoding, tmp_path):
    # A fresh nginx: Debian's ngx_brotli (1.0.0~rc) was seen to serve the plain
    # file to a brotli client once the same worker had answered
    # "Accept-Encoding: identity" requests (as the crawl sends). Clients then still
    # get correct, uncompressed bytes; the README's static-export section says so.
    _app, export, _base = served
    server, base = start_nginx(tmp_path / "nginx", export)
    try:
        check_precompressed(export, base, encoding)
    finally:
        stop_nginx(server)


def check_precompressed(export: Path, base: str, encoding: str) -> None:
    css = next(export.rglob("site.css"))
    suffix = {"br": ".br", "gzip": ".gz"}[encoding]
    fetch = http_fetch(base, {"Accept-Encoding": encoding})
    stylesheet = css.relative_to(export).as_posix()
    for path, file in [("/cy/", "cy/index.html"), ("/en/news/feed.xml", "en/news/feed.xml"),
                       ("/" + stylesheet, stylesheet)]:  # fmt: skip
        answer = fetch(path)
        assert answer.headers.get("Content-Encoding") == encoding, f"{path}: not {encoding}"
        assert answer.body == (export / f"{file}{suffix}").read_bytes()
        assert "Accept-Encoding" in answer.headers.get("Vary", ""), f"{path}: no Vary"
    plain = http_fetch(base)("/cy/")
    assert "Content-Encoding" not in plain.headers
    assert plain.body == (export / "cy" / "index.html").read_bytes()
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}[encoding]
    assert decode(fetch("/cy/").body) == plain.body


def test_missing_pages_get_the_404_page_with_the_headers(served):
    app, export, base = served
    for path in ["/en/no-such-page/", "/static/v/0000/none.css", "/.git/config"]:
        answer = http_fetch(base)(path)
        assert answer.status == 404, f"{path} answered {answer.status}"
        assert answer.body == (export / "404.html").read_bytes()
        for name, value in security_headers(False):
            assert answer.headers.get(name) == value, f"{path}: {name}"
        assert answer.headers["Cache-Control"] == "public, max-age=60"


PLANTED = [
    "{assets}/.env", "{assets}/build/.secret.css", "{assets}/.well/style.css",
    ".hidden/feed.xml", "en/.git/feed.xml", "en/news/.feed.xml", "{assets}/build/evil.html",
    "{assets}/build/evil.xhtml", "{assets}/build/evil.xml", "{assets}/news/feed.xml",
    ".sitemap.xml", "en/.robots.txt",
]  # fmt: skip


@pytest.mark.parametrize("planted", PLANTED)
def test_dot_files_and_active_types_are_never_served(served, planted):
    app, export, base = served
    assets = f"static/v/{app.config['ASSET_VERSION']}"
    path = "/" + planted.format(assets=assets)
    answer = http_fetch(base)(path)
    assert answer.status == 404, f"{path} answered {answer.status}"
    assert b"SECRET" not in answer.body


def test_the_asset_allowlist_still_serves_the_assets(served):
    app, export, base = served
    for name in ("build/site.css", "js/site.mjs", "vendor/nhsuk-frontend/assets/manifest.json"):
        answer = http_fetch(base)(f"/static/v/{app.config['ASSET_VERSION']}/{name}")
        assert answer.status == 200, name
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_trailing_slash_redirect_is_relative(served):
    _app, _export, base = served
    answer = http_fetch(base, {"Host": "evil.example"})("/en/news")
    assert answer.status == 301 and answer.headers["Location"] == "/en/news/"
