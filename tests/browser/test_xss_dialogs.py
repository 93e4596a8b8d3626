"""In a real browser, no XSS vector (from content or from a catalogue) opens a dialog.

The whole corpus goes through an HTML5 parser in tests/test_hostile_content.py,
which finds every script element, event handler and script URL on the page. A
browser load per vector would only repeat that proof at a second each, so the
browser checks every tenth vector in both locales: enough to show that what the
parser calls harmless is harmless in Chromium too.
"""

from __future__ import annotations

import threading

import pytest
from selenium.common.exceptions import NoAlertPresentException
from werkzeug.serving import make_server

from helpers import hostile_site, wait_until, xss_vectors
from microsite import create_app
from page_state import settle

VECTORS = xss_vectors()[::10]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    content, translations, _refused = hostile_site(tmp_path_factory.mktemp("xss"), VECTORS)
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(content), "TRANSLATIONS_DIR": str(translations),
         "LOCALES": ["en", "cy"]}
    )  # fmt: skip
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def no_dialog(browser) -> bool:
    try:
        alert = browser.switch_to.alert
    except NoAlertPresentException:
        return True
    alert.dismiss()
    return False


@pytest.mark.parametrize("locale", ["en", "cy"])
@pytest.mark.parametrize("number", range(len(VECTORS)))
def test_no_dialog_opens(browser, hostile_server, number, locale):
    browser.get(f"{hostile_server}/{locale}/xss-{number}/")
    settled = settle(browser)  # failed image loads and animations have fired their handlers
    assert settled and no_dialog(browser), f"a dialog opened for {VECTORS[number]!r} ({locale})"
    # The page rendered: its heading is there.
    assert browser.find_element("tag name", "h1").text


def test_the_check_can_fail(browser, tmp_path):
    page = tmp_path / "alert.html"
    page.write_text("<!DOCTYPE html><title>t</title><h1>x</h1><img src=nope onerror=alert(1)>")
    browser.get(page.as_uri())
    assert wait_until(lambda: not no_dialog(browser), 5), "the control's dialog never opened"
