"""Real servers for system tests, on 127.0.0.1, started and stopped by PID.

- :class:`RedisServer`: a throwaway redis-server.
- :class:`ProductionServer`: the app under ``server.py`` (granian), as
  ``make serve`` runs it; stopping it checks that it shuts down cleanly.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import free_port, listening, wait_until
from microsite.config import PROJECT_ROOT


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> None:
    def up() -> bool:
        if process is not None and process.poll() is not None:
            pytest.fail(f"the server exited with status {process.returncode} before listening")
        return listening(port)

    if not wait_until(up, timeout):
        pytest.fail(f"nothing listened on port {port} within {timeout} s")


class RedisServer:
    """A throwaway redis-server on 127.0.0.1, started and stopped by the test."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is missing: run `make install` (as root) to install it")
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, 10)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def usual_open_files_limit() -> None:
    """Start servers with the open-files limit most systems give (1,024), not
    whatever this machine has, so a test proves the server raises it itself."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))


class ProductionServer:
    """``server.py`` (what ``make serve`` runs) on a free port, with extra environment."""

    def __init__(self, **environment: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MICROSITE_BIND": f"127.0.0.1:{self.port}", "MICROSITE_WORKERS": "2"}
        self.process = subprocess.Popen(
            [sys.executable, "server.py"], cwd=PROJECT_ROOT, env={**env, **environment},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=usual_open_files_limit, start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.port, 60, self.process)

        # Both workers up: granian listens before its workers have loaded the app.
        def answers() -> bool:
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=5).read()
                return True
            except OSError:
                return False

        wait_until(answers, 60, interval=0.1)

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
        """(status, headers, body) of one request; HTTP errors are answers too."""
        request = urllib.request.Request(self.base + path, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def warm(self, path: str, headers: dict[str, str] | None = None):
        """Request until a hit (each worker has its own in-process cache); return it."""
        for _ in range(20):
            answer = self.get(path, headers)
            if answer[1].get("X-Cache") == "hit":
                return answer
        pytest.fail(f"{path} was never served from the cache")

    def stop(self) -> str:
        """SIGTERM, then check the server exits by itself, cleanly; return its output."""
        self.process.send_signal(signal.SIGTERM)
        try:
            output, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            # The whole group: a worker left behind would hold the output pipe open
            # and turn a failed stop into a test run that never ends.
            os.killpg(self.process.pid, signal.SIGKILL)
            output, _ = self.process.communicate(timeout=10)
            pytest.fail(f"the server did not stop within 20 s of SIGTERM:\n{output[-2000:]}")
        assert self.process.returncode == 0, f"exit status {self.process.returncode}:\n{output}"
        assert "Traceback" not in output, output
        return output


def raw_request(port: int, method: str, path: str, headers: dict[str, str]) -> bytes:
    """One request as bytes on the wire (paths with spaces or UTF-8 included), and the
    whole answer as bytes."""
    fields = {"Host": "127.0.0.1", **headers, "Connection": "close"}
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.encode("utf-8") + b"\r\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def raw_exchange(
    port: int, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request exactly as written (``//en/``, ``get``, any header), over a socket:
    status, headers (lower-case names) and body. Nothing is normalised on the way."""
    answer = raw_request(port, method, path, headers or {})
    top, _, body = answer.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    parsed = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    if method == "HEAD" or "content-length" not in parsed:
        return int(lines[0].split(" ", 2)[1]), parsed, body
    return int(lines[0].split(" ", 2)[1]), parsed, body[: int(parsed["content-length"])]
