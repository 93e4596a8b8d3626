"""The privacy notice tells the truth: each claim it makes is checked against
what the app and its production server (gunicorn.conf.py) really do."""

from __future__ import annotations

import runpy
from pathlib import Path

import html5lib
from gunicorn.config import Config

from microsite.views import page_paths

ROOT = Path(__file__).resolve().parent.parent


def notice_text(client) -> str:
    response = client.get("/en/privacy/")
    assert response.status_code == 200, "there is no privacy notice at /en/privacy/"
    main = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
    return " ".join("".join(main.find(".//main").itertext()).split())


def test_no_page_sets_a_cookie(app, client):
    """The notice says "does not set cookies"."""
    assert "does not set cookies" in notice_text(client)
    english = [path for path in page_paths(app) if path.startswith("/en/")]
    for path in [*english, "/", "/en/no-such-page/", "/en/news/feed.xml"]:
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, f"{path} sets a cookie"


def test_access_log_is_off_unless_switched_on(client, monkeypatch):
    """The notice says the access log is off by default: gunicorn.conf.py agrees."""
    monkeypatch.delenv("MICROSITE_ACCESS_LOG", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["accesslog"] is None, "gunicorn.conf.py now keeps an access log by default"
    assert "turned off unless the team running the website switches it on" in notice_text(client)


def test_access_log_fields_are_the_ones_the_notice_lists(client):
    """gunicorn's default access log line: %(h)s address, %(t)s time, %(r)s request,
    %(s)s status, %(f)s referrer, %(a)s user agent. Each is named in the notice."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    line = settings.get("access_log_format") or Config().access_log_format
    named = {
        "%(h)s": "IP address",
        "%(t)s": "the time",
        "%(r)s": "the page asked for",
        "%(s)s": "response",
        "%(f)s": "the page that linked to it",
        "%(a)s": "name and version of the web browser",
    }
    text = notice_text(client)
    for field, words in named.items():
        assert field in line, f"gunicorn no longer logs {field}: update the privacy notice"
        assert words in text, f"the access log records {field}, but the notice never says {words!r}"
