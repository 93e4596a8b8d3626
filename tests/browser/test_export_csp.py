"""A static host sends no CSP header, so the exported pages must defend themselves:
with every XSS vector pasted into an exported page unsanitized, the page's own
``<meta>`` policy stops them all in Chromium. Without the ``<meta>``, they fire."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException

from helpers import minimal_pages, wait_until, xss_vectors
from microsite import create_app
from microsite.export.freeze import freeze
from page_state import settle

CSP_META = b'<meta http-equiv="Content-Security-Policy"'


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def export(tmp_path_factory, make_module_content) -> Iterator[tuple[Path, str]]:
    """A small site frozen and served, with no headers, by Python's file server."""
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_module_content), "LOCALES": ["en"]})
    folder = tmp_path_factory.mktemp("export")
    freeze(app, folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def make_module_content(tmp_path_factory) -> Path:
    import json

    folder = tmp_path_factory.mktemp("content")
    for name, page in minimal_pages().items():
        (folder / f"{name}.json").write_text(json.dumps(page))
    return folder


def dialogs(browser) -> int:
    """Dismiss every open dialog; return how many there were."""
    count = 0
    while True:
        try:
            browser.switch_to.alert.dismiss()
        except NoAlertPresentException:
            return count
        count += 1


def hostile_copy(folder: Path, name: str, *, keep_policy: bool) -> str:
    """The exported child page with every vector pasted, raw, into its main content."""
    page = (folder / "en" / "child" / "index.html").read_bytes()
    assert CSP_META in page, "the exported page has no CSP <meta>"
    if not keep_policy:
        page = page.replace(CSP_META, b'<meta name="x-removed"')
    vectors = "\n".join(f"<div>{vector}</div>" for vector in xss_vectors()).encode()
    assert page.count(b"</main>") == 1
    (folder / name).write_bytes(page.replace(b"</main>", vectors + b"</main>"))
    return name


def test_exported_page_blocks_every_vector_by_its_meta_policy(browser, export):
    folder, base = export
    browser.get(f"{base}/{hostile_copy(folder, 'hostile.html', keep_policy=True)}")
    settled = settle(browser)  # failed loads, animations and timers have fired their handlers
    assert settled and dialogs(browser) == 0, (
        "script ran in an exported page despite its CSP <meta>"
    )
    assert browser.find_element("tag name", "h1").text == "Child page"


def test_the_check_can_fail_without_the_meta_policy(browser, export):
    folder, base = export
    browser.get(f"{base}/{hostile_copy(folder, 'unprotected.html', keep_policy=False)}")
    opened = wait_until(lambda: dialogs(browser) > 0, 5)
    assert opened, "no vector fired even without a policy: the test proves nothing"
