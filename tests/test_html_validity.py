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

pytestmark = pytest.mark.xdist_group("vnu")  # the two tests share one checker run

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


@pytest.fixture(scope="module")
def checked(app, tmp_path_factory) -> tuple[dict[str, str], list[dict]]:
    """Every page (and a broken one, to show the checker works) in one checker run:
    one JVM start, whichever test asks first (both run on one xdist worker)."""
    folder = tmp_path_factory.mktemp("vnu")
    client = app.test_client()
    files = {}
    for path in [*site_pages(), "/en/no-such-page/"]:
        name = path.strip("/").replace("/", "_") + ".html"
        (folder / name).write_bytes(client.get(path).data)
        files[name] = path
    (folder / "broken.html").write_text(BROKEN)
    return files, run_checker([folder / name for name in [*files, "broken.html"]])


def test_every_page_is_valid_html(checked):
    files, messages = checked

    def where(message: dict) -> str:
        page = files.get(Path(message.get("url", "")).name, message.get("url"))
        return f"{page}:{message.get('lastLine', '?')}: {message['message']}"

    mine = [m for m in messages if not m.get("url", "").endswith("/broken.html")]
    errors = [where(m) for m in mine if m["type"] == "error"]
    warnings = [where(m) for m in mine if m["type"] != "error"]
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "vnu-warnings.txt").write_text("\n".join(warnings) + "\n")
    assert len(files) > 40
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_the_checker_reports_invalid_html(checked):
    _files, messages = checked
    assert any(
        m["type"] == "error" and m.get("url", "").endswith("/broken.html") for m in messages
    ), f"the checker found no error in {BROKEN!r}"
