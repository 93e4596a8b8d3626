"""Browser fixtures: the app served on 127.0.0.1 and one headless Chromium for the session.

Chromium and chromedriver are Debian's (``make install`` installs them);
nothing is downloaded at run time, and the browser can resolve no host but
127.0.0.1, so a page that tried to reach a video host would fail visibly.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from helpers import RUN_FACTS, frozen_config
from microsite import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 from a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real app on a free port of 127.0.0.1, served by werkzeug in a thread."""
    with serving(create_app({"TESTING": True})) as url:
        yield url


@pytest.fixture(scope="session")
def frozen_site() -> Iterator[str]:
    """The app on the frozen test content (tests/data/frozen/), in English and Arabic,
    on 127.0.0.1: snapshots and baselines move with templates and styles only."""
    with serving(create_app(frozen_config())) as url:
        yield url


def start_chromium(*, javascript: bool = True, width: int = 1280) -> tuple[webdriver.Chrome, str]:
    """A fresh headless Chromium with its own profile folder (returned for cleanup)."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.exists():
            pytest.fail(f"{binary} is missing: run `make install` (as root) to install it")
    profile = tempfile.mkdtemp(prefix="microsite-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--window-size={width},900", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver, profile


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """One Chromium for the whole session, with JavaScript on."""
    driver, profile = start_chromium()
    RUN_FACTS["chromium"] = driver.capabilities["browserVersion"]
    RUN_FACTS["chromedriver"] = driver.capabilities["chrome"]["chromedriverVersion"].split()[0]
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser_without_js() -> Iterator[webdriver.Chrome]:
    driver, profile = start_chromium(javascript=False)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
