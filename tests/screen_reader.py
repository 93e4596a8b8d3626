"""What a screen reader says on a page, from tests/screen_reader.mjs (one Node process).

:class:`ScreenReader` starts the Node script once and sends it each page's HTML
as one line of JSON; the answer is the virtual screen reader's spoken phrase log
(@guidepup/virtual-screen-reader in jsdom) and how many notices stand before the
h1. Reads are bounded in time, and a page already read is not read again.
"""

from __future__ import annotations

import json
import select
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().parent / "screen_reader.mjs"
STYLESHEET = ROOT / "static" / "build" / "site.css"
TIMEOUT = 60.0  # seconds for one page: a hung reader fails the test, never the run


@dataclass(frozen=True)
class Reading:
    phrases: list[str]
    notices_before_h1: int


class ScreenReader:
    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None or not STYLESHEET.exists():
            raise RuntimeError("node or static/build/site.css is missing: run `make install`")
        self.process = subprocess.Popen(
            [node, str(SCRIPT), str(STYLESHEET)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.read: dict[tuple[str, str], Reading] = {}

    def reading(self, html: str, notices: str) -> Reading:
        """What the reader says on ``html``, top to bottom; ``notices`` is the CSS
        selector of a notice (helpers.NOTICE_SELECTOR)."""
        key = (html, notices)
        if key not in self.read:
            assert self.process.stdin and self.process.stdout
            self.process.stdin.write(json.dumps({"html": html, "notices": notices}) + "\n")
            self.process.stdin.flush()
            ready, _, _ = select.select([self.process.stdout], [], [], TIMEOUT)
            if not ready:
                raise TimeoutError(f"the virtual screen reader gave no answer in {TIMEOUT} s")
            answer = json.loads(self.process.stdout.readline() or '{"error": "node exited"}')
            if "error" in answer:
                raise RuntimeError(f"the virtual screen reader failed: {answer['error']}")
            self.read[key] = Reading(answer["phrases"], answer["noticesBeforeH1"])
        return self.read[key]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
