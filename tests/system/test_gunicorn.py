"""The app is plain WSGI: under gunicorn (gunicorn.conf.py) too, cached pages are
served with the same headers, 304s and encodings, and SIGTERM stops it cleanly; and a
SCRIPT_NAME header never poisons the cache (issue 20, item 1), whether gunicorn passes
it on (its default, from a local proxy) or not (our configuration)."""

from __future__ import annotations

import signal
import subprocess
import urllib.error
import urllib.request

import pytest
from servers import raw_exchange, wait_for_port

from helpers import free_port
from microsite.config import PROJECT_ROOT
from microsite.web import headers

# Starts its own server processes (no fixture to mark them by).
pytestmark = pytest.mark.system


def get(url: str, request_headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=request_headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def start(port: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PROJECT_ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", *extra, "wsgi:app"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "Traceback" not in output, output


def check_script_name(port: int, trusted: bool) -> None:
    """A SCRIPT_NAME header reaches the app only if gunicorn trusts it (``trusted``), and
    either way the page rendered under it is never stored."""
    for path in ("/en/news/", "/en/no-such-page/"):
        status, _, body = raw_exchange(port, "GET", path, {"SCRIPT_NAME": "//evil.example"})
        assert (b"//evil.example" in body) is trusted, "control: whether it reached the app"
        for _ in range(2):
            status, headers, body = raw_exchange(port, "GET", path)
            assert b"evil" not in body, f"{path}: the poisoned page was stored"


def test_a_trusted_script_name_header_never_poisons_the_cache():
    """gunicorn's default: SCRIPT_NAME taken from a proxy on 127.0.0.1."""
    port = free_port()
    server = start(port, "--forwarder-headers", "SCRIPT_NAME")
    try:
        wait_for_port(port, 60, server)
        check_script_name(port, trusted=True)
    finally:
        stop(server)


def test_the_app_runs_under_gunicorn_too():
    port = free_port()
    server = start(port)
    try:
        wait_for_port(port, 60, server)
        url = f"http://127.0.0.1:{port}/en/"
        get(url, {"Accept-Encoding": "br"})
        status, sent = get(url, {"Accept-Encoding": "br"})
        assert (status, sent["X-Cache"], sent["Content-Encoding"]) == (200, "hit", "br")
        for name, value in headers.security_headers(False):
            assert sent[name] == value, name
        assert get(url, {"Accept-Encoding": "br", "If-None-Match": sent["ETag"]})[0] == 304
        assert get(url, {"If-None-Match": sent["ETag"]})[0] == 200
        assert raw_exchange(port, "GET", "/en/", {"X-Big": "a" * 9000})[0] == 431
        assert raw_exchange(port, "get", "/en/")[0] in (400, 405), "get was served as GET"
        check_script_name(port, trusted=False)  # our configuration takes no SCRIPT_NAME
    finally:
        stop(server)
