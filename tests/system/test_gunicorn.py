"""The app is plain WSGI: under gunicorn (gunicorn.conf.py) too, cached pages are
served with the same headers, 304s and encodings, and SIGTERM stops it cleanly."""

from __future__ import annotations

import signal
import subprocess
import urllib.error
import urllib.request

import pytest
from servers import wait_for_port

from helpers import free_port
from microsite.config import PROJECT_ROOT
from microsite.web import headers


def get(url: str, request_headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=request_headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


# Starts its own server process (no fixture to mark it by).
pytestmark = pytest.mark.system


def test_the_app_runs_under_gunicorn_too():
    port = free_port()
    server = subprocess.Popen(
        [str(PROJECT_ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
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
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "Traceback" not in output, output
