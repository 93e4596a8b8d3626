"""``make run``, the development server: it reloads on edits, and it never serves
Werkzeug's interactive debugger (a Python console in the browser, at /console)."""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from helpers import free_port, wait_until
from microsite.config import PROJECT_ROOT


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# Starts its own server process (no fixture to mark it by).
pytestmark = pytest.mark.system


def test_make_run_reloads_without_the_interactive_debugger():
    port = free_port()
    server = subprocess.Popen(
        ["make", "-s", "run", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, flask and the reloader's child
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:

        def answers() -> bool:
            try:
                return status(base + "/robots.txt") == 200
            except OSError:
                return False

        wait_until(answers, 60, interval=0.2)
        assert status(base + "/en/") == 200, "make run did not serve the site"
        assert status(base + "/console") == 404, "make run serves Werkzeug's interactive console"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0].decode()
    assert "Debugger is active" not in output, output
    assert "Restarting with" in output, f"make run does not reload on edits:\n{output}"
