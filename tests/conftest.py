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
