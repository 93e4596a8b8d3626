"""The Nu HTML Checker (npm vnu-jar, run with Java) finds no errors on any page.

Every page in every locale, plus the 404 page, is rendered through the test
client into files and checked in one run of the checker (it refuses loopback
URLs, and one JVM start is much faster than one per page). Warnings are listed
in test-artefacts/vnu-warnings.txt.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import site_pages

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTEFACTS = ROOT / "test-artefacts"


def run_checker(files: list[Path]) -> list[dict]:
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs `make install` (npm vnu-jar and a Java runtime)")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return json.loads(result.stderr)["messages"]


BROKEN = "<!DOCTYPE html><html lang=en><title>x</title><p><div>bad</p></span>"


@pytest.mark.slow  # a Java VM
def test_every_page_is_valid_html(app, tmp_path):
    """One checker run (one JVM start) for every page and for a broken page, whose
    errors show that the checker works: a silent checker fails the test."""
    client = app.test_client()
    files = {}
    for path in [*site_pages(), "/en/no-such-page/"]:
        name = path.strip("/").replace("/", "_") + ".html"
        (tmp_path / name).write_bytes(client.get(path).data)
        files[name] = path
    (tmp_path / "broken.html").write_text(BROKEN)
    messages = run_checker([tmp_path / name for name in [*files, "broken.html"]])

    def where(message: dict) -> str:
        page = files.get(Path(message.get("url", "")).name, message.get("url"))
        return f"{page}:{message.get('lastLine', '?')}: {message['message']}"

    broken = [m for m in messages if m.get("url", "").endswith("/broken.html")]
    assert any(m["type"] == "error" for m in broken), f"the checker passed {BROKEN!r}"
    mine = [m for m in messages if m not in broken]
    errors = [where(m) for m in mine if m["type"] == "error"]
    warnings = [where(m) for m in mine if m["type"] != "error"]
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "vnu-warnings.txt").write_text("\n".join(warnings) + "\n")
    assert len(files) > 40
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
