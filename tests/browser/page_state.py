"""Waiting for a page to settle, by condition rather than for a fixed time.

A test that proves something did *not* happen (no dialog opened) must wait until
everything that could make it happen has run: the load event, every image's
load or error event (where onerror vectors fire) and a couple of painted frames
(where animation and transition handlers fire). :func:`settle` waits for exactly
that, however slow the machine.
"""

from __future__ import annotations

from selenium.common.exceptions import UnexpectedAlertPresentException
from selenium.webdriver.remote.webdriver import WebDriver

SETTLE_JS = """
const done = arguments[arguments.length - 1];
const frames = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));
const images = () => Promise.all([...document.images].map((img) => img.complete ? null :
  new Promise((ok) => { img.addEventListener("load", ok); img.addEventListener("error", ok); })));
const loaded = document.readyState === "complete" ? Promise.resolve() :
  new Promise((ok) => addEventListener("load", ok, { once: true }));
loaded.then(images).then(frames);
"""


def settle(browser: WebDriver, seconds: float = 10) -> bool:
    """Wait until the page has loaded, its images have loaded or failed and two frames
    have painted. False if a dialog interrupted the wait (a dialog opened)."""
    browser.set_script_timeout(seconds)
    try:
        browser.execute_async_script(SETTLE_JS)
    except UnexpectedAlertPresentException:
        return False
    return True
