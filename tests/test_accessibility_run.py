"""The accessibility run report: the suite writes it outside the tracked tree, and
only a deliberate command puts a passing run on the accessibility statement."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import RUN_REPORT
from microsite import create_app

ROOT = Path(__file__).resolve().parent.parent
TRACKED = ROOT / "reports" / "accessibility-run.json"


def test_the_suite_writes_its_report_where_git_ignores_it():
    relative = RUN_REPORT.relative_to(ROOT)
    assert RUN_REPORT != TRACKED
    ignored = subprocess.run(["git", "check-ignore", "-q", str(relative)], cwd=ROOT)
    assert ignored.returncode == 0, f"{relative} would dirty the checkout after `make test`"


@pytest.fixture
def promote(tmp_path):
    target = tmp_path / "reports" / "accessibility-run.json"
    runner = create_app({"TESTING": True, "ACCESSIBILITY_REPORT": str(target)}).test_cli_runner()

    def run(source: Path):
        return runner.invoke(args=["content", "promote-accessibility-run", str(source)]), target

    return run


def test_a_passing_run_is_promoted_to_the_statement(promote, tmp_path):
    source = tmp_path / "run.json"
    shutil.copyfile(TRACKED, source)  # a real run's report, in the format the suite writes
    result, target = promote(source)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == source.read_bytes()
    assert str(json.loads(source.read_text())["date"]) in result.output


def test_a_missing_report_changes_nothing_and_says_how_to_make_one(promote, tmp_path):
    result, target = promote(tmp_path / "none.json")
    assert result.exit_code == 1
    assert "make test" in result.output
    assert not target.exists()


def test_a_malformed_report_changes_nothing_and_names_the_field(promote, tmp_path):
    source = tmp_path / "run.json"
    report = json.loads(TRACKED.read_text())
    del report["tools"]
    source.write_text(json.dumps(report))
    result, target = promote(source)
    assert result.exit_code == 1
    assert "run.json: $.tools" in result.output, result.output
    assert not target.exists()
