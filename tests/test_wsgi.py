"""The production entry point, ``wsgi.py``: it warns when the site URL was never set."""

from __future__ import annotations

import logging
import runpy

import pytest

from microsite.config import PROJECT_ROOT


def start(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Load wsgi.py as a production server would; return the warnings it logged."""
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)  # set by any earlier CLI test
    with caplog.at_level(logging.WARNING, logger="microsite"):
        runpy.run_path(str(PROJECT_ROOT / "wsgi.py"))
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_warns_when_the_site_url_is_the_default(monkeypatch, caplog):
    monkeypatch.delenv("MICROSITE_SITE_URL", raising=False)
    warnings = start(monkeypatch, caplog)
    assert any("MICROSITE_SITE_URL" in w and "http://127.0.0.1:5000" in w for w in warnings), (
        f"no start-up warning about the default site URL in {warnings}"
    )


def test_quiet_when_the_site_url_is_set(monkeypatch, caplog):
    monkeypatch.setenv("MICROSITE_SITE_URL", "https://www.example.nhs.uk")
    assert not [w for w in start(monkeypatch, caplog) if "MICROSITE_SITE_URL" in w]
