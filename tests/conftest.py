"""Fixtures shared by every test: the app on the real content, its clients, and
a factory for throwaway content folders with exactly the pages a test needs.

Also the suite's plumbing: markers by what a test needs (a test that uses a
browser fixture is ``browser``; one that uses an external server's fixture, or a
module that starts servers itself and says so, is ``system``) so ``make test-fast``
can leave them out, and the accessibility run report written after a complete,
passing run.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from helpers import RUN_FACTS, RUN_REPORT, accessibility_report, frozen_config, minimal_pages
from microsite import create_app
from microsite.store import ContentStore

TESTS = Path(__file__).resolve().parent
# The fixtures that give a test a real browser or an external server. Fixtures that
# use them (say, a page loaded in the browser) count too: pytest lists every
# fixture a test needs, directly or not, in ``item.fixturenames``.
NEEDS = {
    "browser": ({"browser", "browser_without_js", "live_server"}, pytest.mark.browser),
    "system": ({"redis_server", "served", "server"}, pytest.mark.system),
}


@pytest.fixture(autouse=True)
def _content_watchers_end_with_their_test(monkeypatch: pytest.MonkeyPatch):
    """Close every content watcher a test starts, when the test ends.

    A thrown-away app is collected only when the garbage collector gets to it;
    until then its watcher would go on checking a folder that the next test (or
    the next Hypothesis example) rewrites, and log that test's errors as its own.
    """
    started: list[weakref.ReferenceType[ContentStore]] = []
    start = ContentStore._start_watcher

    def start_and_remember(store: ContentStore) -> None:
        started.append(weakref.ref(store))
        start(store)

    monkeypatch.setattr(ContentStore, "_start_watcher", start_and_remember)
    yield
    for ref in started:
        if (store := ref()) is not None:
            store.close()


@pytest.fixture(scope="module")
def app() -> Flask:
    """The app on the real content in ``content/``, shared by a module's tests
    (tests that need a fresh cache or other settings build their own)."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def frozen_app() -> Flask:
    """The app on the frozen test content (tests/data/frozen/), in English and Arabic:
    for tests of templates and conventions that must not move with the seed's words."""
    return create_app(frozen_config())


@pytest.fixture
def frozen_client(frozen_app: Flask) -> FlaskClient:
    return frozen_app.test_client()


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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of what the translation tools read and write: babel.cfg, the code,
    templates, content and catalogues (so a test may change any of them)."""
    import shutil

    from microsite.config import PROJECT_ROOT

    shutil.copy(PROJECT_ROOT / "babel.cfg", tmp_path / "babel.cfg")
    for name in ("microsite", "templates", "content", "translations"):
        shutil.copytree(
            PROJECT_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by what it needs, wherever it lives: a browser test needs
    Chromium, a system test starts an external server (redis-server, nginx,
    granian, gunicorn)."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for name, (fixtures, marker) in NEEDS.items():
            if used & fixtures and not item.get_closest_marker(name):
                item.add_marker(marker)


# --- The accessibility run report -------------------------------------------------
# After a complete, passing run of every accessibility suite, the facts shown on
# the accessibility statement (date, tools, versions) are written to
# test-artefacts/accessibility-run.json, never to the tracked file the statement
# reads: `make accessibility-report` promotes a passing run deliberately. Under
# pytest-xdist the workers run the tests and the controller writes the report,
# so the browser versions travel to it in each report's user_properties.

A11Y_SUITES = {
    "tests/browser/test_accessibility.py": "axe",
    "tests/browser/test_keyboard.py": "keyboard",
    "tests/browser/test_reflow_and_media.py": "reflow_and_media",
    "tests/browser/test_text_grows.py": "text_grows",
    "tests/test_screen_reader.py": "screen_reader",
    "tests/test_html_validity.py": "html",
}
_outcomes: dict[str, list[str]] = {name: [] for name in A11Y_SUITES.values()}
_facts: dict[str, str] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Any:
    report = yield
    if item.nodeid.split("::")[0] in A11Y_SUITES:
        report.user_properties.extend((f"run_fact:{k}", v) for k, v in RUN_FACTS.items())
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    suite = A11Y_SUITES.get(report.nodeid.split("::")[0])
    if suite and (report.when == "call" or report.outcome != "passed"):
        _outcomes[suite].append(report.outcome)
    for name, value in report.user_properties:
        if name.startswith("run_fact:"):
            _facts[name.removeprefix("run_fact:")] = value


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller saw every outcome and writes the report
    config = session.config
    complete = (  # every test of every suite: no paths, -k or -m chose a part of them
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
        and all(_outcomes.values())
    )
    if exitstatus == 0 and complete and {"chromium", "chromedriver"} <= _facts.keys():
        checks = {suite: len(outcomes) for suite, outcomes in _outcomes.items()}
        RUN_REPORT.parent.mkdir(parents=True, exist_ok=True)
        RUN_REPORT.write_text(json.dumps(accessibility_report(checks, _facts), indent=2) + "\n")
    elif exitstatus != 0 and any(_outcomes.values()):
        # This run checked accessibility and failed: no older report may stay
        # behind to be promoted in its name.
        RUN_REPORT.unlink(missing_ok=True)
