"""Visual regression: every page type, in English and Arabic, at phone, tablet and
desktop widths, printed, and with keyboard focus on each kind of link, compared
with the committed baselines in ``tests/browser/baselines/``.

The pages are rendered from a frozen copy of the content, the Arabic catalogue and
the accessibility run report (``tests/data/frozen/``), so that editors' and
translators' work and each test run do not move the baselines: only templates and
styles do. After an intended change, inspect the diff images the failure names and
run ``make visual-baselines``.

Each page is loaded once per locale; widths and print are then emulated on the
same load, which keeps the 70 or so screenshots to a few seconds each.
"""

from __future__ import annotations

import base64

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from visual import check

from helpers import PAGE_TYPES

WIDTHS = (1280, 768, 320)
PRINT_WIDTH = 768
# Links a keyboard user reaches on a programme page, one of each kind.
FOCUS_TARGETS = {
    "skip-link": ".nhsuk-skip-link",
    "logo": ".nhsuk-header__service-logo",
    "language": ".microsite-languages__link",
    "breadcrumb": ".nhsuk-breadcrumb__link",
    "contents": ".nhsuk-contents-list__link",
    "body-link": "main a:not(nav a)",  # a link in the page's own text, not a menu
    "related": ".microsite-related a",
    "footer": ".nhsuk-footer__list-item-link",
}
SETTLED_JS = """
const done = arguments[arguments.length - 1];
Promise.all([document.fonts.ready,
  ...[...document.images].map(i => i.complete ? null : new Promise(r => i.onload = i.onerror = r))])
  .then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
"""


@pytest.fixture
def device(browser):
    """The session's browser, mouse parked, scrollbars hidden; every emulation undone after."""
    browser.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 0, "y": 0})
    # NHS.UK styles keep a vertical scrollbar (html overflow-y: scroll); phones
    # overlay theirs, so hide it to lay pages out at the full width.
    browser.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
    yield browser
    browser.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": False})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def resize(browser, width: int, height: int = 900) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def full_page(browser, width: int) -> bytes:
    """A screenshot of the whole page laid out at ``width`` CSS pixels."""
    resize(browser, width)
    browser.execute_async_script(SETTLED_JS)
    resize(browser, width, browser.execute_script("return document.documentElement.scrollHeight"))
    browser.execute_async_script(SETTLED_JS)
    # Chromium's fast PNG encoder: still lossless, a fraction of the time.
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}
    )
    return base64.b64decode(shot["data"])


def load(browser, url: str) -> None:
    browser.get(url)
    browser.execute_async_script(SETTLED_JS)


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_looks_as_before(device, frozen_site, page_type, locale):
    load(device, f"{frozen_site}/{locale}/{PAGE_TYPES[page_type]}")
    failures = [check(f"{page_type}-{locale}-{w}", full_page(device, w), scale=2) for w in WIDTHS]
    device.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    failures.append(check(f"{page_type}-{locale}-print", full_page(device, PRINT_WIDTH), scale=2))
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)


FOCUS_JS = """
const el = document.querySelector(arguments[0]);
el.focus();
el.scrollIntoView({block: 'center'});
const r = el.getBoundingClientRect();
return [document.activeElement === el && el.matches(':focus-visible'),
        r.left + scrollX, r.top + scrollY, r.width, r.height];
"""


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_focus_states_look_as_before(device, frozen_site, locale):
    resize(device, 1280)
    load(device, f"{frozen_site}/{locale}/{PAGE_TYPES['programme']}")
    # A first Tab gives the page keyboard modality: later focus() calls then
    # show the focus style a keyboard user sees (:focus-visible).
    ActionChains(device).send_keys(Keys.TAB).perform()
    failures = []
    for name, selector in FOCUS_TARGETS.items():
        visible, x, y, width, height = device.execute_script(FOCUS_JS, selector)
        assert visible, f"{locale}: {selector} did not take a visible keyboard focus"
        device.execute_async_script(SETTLED_JS)
        clip = {"x": max(x - 16, 0), "y": max(y - 16, 0), "width": width + 32}
        clip |= {"height": height + 32, "scale": 1}
        png = device.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True}
        )["data"]
        failures.append(check(f"focus-{name}-{locale}", base64.b64decode(png)))
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)
