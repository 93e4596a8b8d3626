"""Assets: only an allowlist of inert types, each under its one URL (items 2 and 9 of
issue 20), so no spelling of a path grows the cache and no file in static/ runs as a
document of the site."""

from __future__ import annotations

import io
import os
import random
import shutil
import sys

import pytest

from microsite import create_app
from microsite.config import PROJECT_ROOT, ConfigError
from microsite.export.freeze import Export
from microsite.web.assets import TYPES
from microsite.web.headers import SVG_POLICY

ACTIVE = {
    "evil.html": "<script>alert(1)</script>",
    "evil.htm": "<script>alert(1)</script>",
    "evil.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    "evil.xml": '<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>',
    "evil.shtml": "<script>alert(1)</script>",
    "evil.pdf": "%PDF-1.4",
    "evil": "<script>alert(1)</script>",  # no suffix: a browser would sniff it
}


@pytest.fixture
def static(tmp_path):
    """A copy of the real static folder with active files planted in it."""
    folder = tmp_path / "static"
    shutil.copytree(PROJECT_ROOT / "static", folder)
    for name, text in ACTIVE.items():
        (folder / "build" / name).write_text(text)
    (folder / "build" / "icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    return folder


@pytest.fixture
def planted(static, make_content):
    return create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content()), "STATIC_DIR": str(static)}
    )


def url(app, name: str) -> str:
    return f"/static/v/{app.config['ASSET_VERSION']}/{name}"


@pytest.mark.parametrize("name", ACTIVE)
def test_active_types_are_never_served_live(planted, name):
    client = planted.test_client()
    assert client.get(url(planted, f"build/{name}")).status_code == 404
    assert client.get(f"/static/build/{name}").status_code == 404


def test_active_types_are_never_exported(planted, tmp_path):
    urls = Export(planted, tmp_path / "out").urls()
    assert any(u.endswith("/build/site.css") for u in urls), "control: assets are exported"
    assert not [u for u in urls if u.rsplit("/", 1)[-1] in ACTIVE]


def test_svg_is_served_with_a_policy_that_runs_nothing(planted):
    response = planted.test_client().get(url(planted, "build/icon.svg"))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == SVG_POLICY
    assert "sandbox" in SVG_POLICY and "script-src" not in SVG_POLICY


def test_every_served_type_is_in_the_allowlist(app):
    for name in app.config["ASSET_FILES"]:
        assert "." + name.rsplit(".", 1)[-1].lower() in TYPES, name
    assert "build/site.css" in app.config["ASSET_FILES"]
    assert not [n for n in app.config["ASSET_FILES"] if n.startswith("scss/") or "/." in n]


def test_a_file_that_cannot_be_read_safely_stops_start_up_named(static, make_content):
    os.mkfifo(static / "build" / "pipe.css")
    with pytest.raises(ConfigError, match=r"pipe\.css: is a named pipe"):
        create_app({"TESTING": True, "CONTENT_DIR": str(make_content()), "STATIC_DIR": str(static)})


@pytest.mark.parametrize("name", ["pct%2fevil.css", "x%41.css", "tab\tname.css", "new\nline.css"])
def test_a_name_no_url_carries_unchanged_stops_start_up_named(static, make_content, name):
    """The export asks for each asset by a URL it has decoded once (Frozen-Flask), and
    the site decodes it again: ``x%41.css`` was requested as ``xA.css`` (another file,
    or a 404 that stopped ``flask freeze`` with a traceback), and a newline in a name
    was listed but never served. Such a name is refused at start-up, like a pipe."""
    (static / "build" / name).write_text("a{}")
    with pytest.raises(ConfigError, match=r"build/.*: the name holds"):
        create_app({"TESTING": True, "CONTENT_DIR": str(make_content()), "STATIC_DIR": str(static)})


def test_the_unversioned_path_redirects_to_the_one_url(app):
    response = app.test_client().get("/static/build/site.css")
    assert response.status_code == 308 and response.location == url(app, "build/site.css")


# --- One URL per file: spellings are 404s and make no entry --------------------------


SPELLINGS = [
    "x/../build/site.css", "build/./site.css", "build//site.css", "./build/site.css",
    "build/site.css/", "Build/site.css", "build/site.CSS", "build/site.css%00",
    "build/%2e%2e/build/site.css", "vendor/../build/site.css",
]  # fmt: skip


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_another_spelling_of_an_asset_is_not_served(fresh, spelling):
    client = fresh.test_client()
    response = client.get(url(fresh, spelling))
    if response.status_code == 200:  # only the slashes are normalised: the one entry
        assert response.data == client.get(url(fresh, "build/site.css")).data
        assert spelling == "build//site.css"
    else:
        assert response.status_code == 404
    assert len(fresh.extensions["microsite.page_cache"].front) <= 1


@pytest.fixture
def fresh(make_content):
    return create_app({"TESTING": True, "CONTENT_DIR": str(make_content()), "LOCALES": ["en"]})


def wsgi_status(app, path: str) -> int:
    environ = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "HTTP_ACCEPT_ENCODING": "br",
    }  # fmt: skip
    status: list[str] = []
    b"".join(app(environ, lambda line, headers, exc_info=None: status.append(line)))
    return int(status[0][:3])


def test_a_flood_of_spellings_leaves_the_cache_as_it_was(fresh):
    """6,000 spellings evicted every page before; now each is a 404 and the cache holds
    only what the site's own URLs name."""
    pages = fresh.extensions["microsite.page_cache"]
    assert wsgi_status(fresh, url(fresh, "build/site.css")) == 200
    assert wsgi_status(fresh, "/en/child/") == 200
    before = dict(pages.front)
    rng = random.Random(20)
    for n in range(2000):
        junk = "".join(rng.choice("abc./") for _ in range(rng.randint(1, 12)))
        assert wsgi_status(fresh, url(fresh, f"{junk}{n}/../build/site.css")) == 404
    assert pages.front == before
    with fresh.app_context():
        backend = fresh.extensions["cache"]
        assert sum(len(getattr(c, "_cache", {})) for c in backend.values()) == len(before)
