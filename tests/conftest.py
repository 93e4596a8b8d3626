"""Fixtures shared by every test: the app on the real content, its clients, and
a factory for throwaway content folders with exactly the pages a test needs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from helpers import minimal_pages
from microsite import create_app


@pytest.fixture(scope="module")
def app() -> Flask:
    """The app on the real content in ``content/``, shared by a module's tests
    (tests that need a fresh cache or other settings build their own)."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[..., Path]:
    """Write pages (dicts, or raw strings for broken files) to a fresh folder; return it."""

    def make(pages: dict[str, dict[str, Any] | str] | None = None) -> Path:
        folder = tmp_path / "content"
        folder.mkdir(exist_ok=True)
        for name, page in (pages if pages is not None else minimal_pages()).items():
            text = page if isinstance(page, str) else json.dumps(page, indent=2)
            (folder / f"{name}.json").write_text(text, encoding="utf-8")
        return folder

    return make


# --- The accessibility run report -------------------------------------------------
# After a complete, passing run of every accessibility suite, the facts shown on
# the accessibility statement (date, tools, versions) are written here, so the
# statement is never typed by hand.

A11Y_SUITES = {
    "tests/browser/test_accessibility.py": "axe",
    "tests/browser/test_keyboard.py": "keyboard",
    "tests/browser/test_reflow_and_media.py": "reflow_and_media",
    "tests/test_html_validity.py": "html",
}
_outcomes: dict[str, list[str]] = {name: [] for name in A11Y_SUITES.values()}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    suite = A11Y_SUITES.get(report.nodeid.split("::")[0])
    if suite and (report.when == "call" or report.outcome != "passed"):
        _outcomes[suite].append(report.outcome)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from helpers import RUN_FACTS, write_accessibility_report

    complete = all(_outcomes.values()) and not session.config.option.keyword
    if exitstatus == 0 and complete and RUN_FACTS:
        checks = {suite: len(outcomes) for suite, outcomes in _outcomes.items()}
        write_accessibility_report(checks)
