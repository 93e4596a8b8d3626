"""The privacy notice tells the truth: each claim it makes is checked against
what the app and its production servers (server.py's granian, and
gunicorn.conf.py) really do."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config

from helpers import parse, text_of
from microsite.web.views import page_paths

ROOT = Path(__file__).resolve().parent.parent
SERVER = runpy.run_path(str(ROOT / "server.py"))  # the production server's settings


def notice_text(client) -> str:
    response = client.get("/en/privacy/")
    assert response.status_code == 200, "there is no privacy notice at /en/privacy/"
    return text_of(parse(response).find(".//main"))


def test_no_page_sets_a_cookie(app, client):
    """The notice says "does not set cookies"."""
    assert "does not set cookies" in notice_text(client)
    english = [path for path in page_paths(app) if path.startswith("/en/")]
    for path in [*english, "/", "/en/no-such-page/", "/en/news/feed.xml"]:
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, f"{path} sets a cookie"


def gunicorn_settings() -> dict:
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_access_log_is_off_unless_switched_on(client, monkeypatch):
    """The notice says the access log is off by default: both servers agree."""
    monkeypatch.delenv("MICROSITE_ACCESS_LOG", raising=False)
    assert not SERVER["server"]({}).log_access, "server.py now keeps an access log by default"
    assert gunicorn_settings()["accesslog"] is None, "gunicorn.conf.py keeps an access log"
    assert "turned off unless the team running the website switches it on" in notice_text(client)


# Each field an access log line may hold, by server, and the words the notice uses for it.
NAMED = {
    "time": "the time",  # granian
    "addr": "IP address",
    "method": "the page asked for",
    "path": "the page asked for",
    "protocol": "the page asked for",
    "status": "the server’s response",
    "t": "the time",  # gunicorn
    "h": "IP address",
    "r": "the page asked for",
    "s": "the server’s response",
}


@pytest.mark.parametrize("name", ["granian (server.py)", "gunicorn (gunicorn.conf.py)"])
def test_access_log_records_only_what_the_notice_lists(client, name):
    """A field added to either server's log format (a referrer, a browser) fails
    here until the privacy notice names it."""
    if name.startswith("granian"):
        line = SERVER["ACCESS_LOG_FORMAT"]
    else:
        line = gunicorn_settings().get("access_log_format") or Config().access_log_format
    text = notice_text(client)
    for field in re.findall(r"%\((\w+)\)", line):
        assert field in NAMED, f"{name} logs %({field})s, which the privacy notice never mentions"
        words = NAMED[field]
        assert words in text, f"{name} logs %({field})s but the notice lacks {words!r}"
