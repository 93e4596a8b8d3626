"""Text that grows, and the page's own words first, on every page in every locale.

Each page is seen three ways (issue 19 items 1, 3 and 5):

- **a phone**, 360 x 640 CSS px at the default text size: at most one notice
  stands between the header and the h1; the h1, and the start of the page's own
  content after it, are on the first screen; each source's title and publisher
  are marked English and isolated from the sentence around them;
- **1280 px zoomed to 400%** (WCAG 1.4.10): browser zoom divides the CSS width
  by the zoom and multiplies device pixels per CSS pixel, so this is a 320 CSS px
  viewport with deviceScaleFactor 4, emulated on the same load as the phone;
- **320 CSS px with text at 200%** (WCAG 1.4.4 with 1.4.10 together): Chrome's
  font-size setting, as a visitor sets it, on a phone-width screen.

In the last two: no sideways scrolling, no box that cuts off its text, no word
drawn off the screen (the header's service name included), no text over other
text, and no word broken mid-word except at a hyphenation point of the page's
language (a soft hyphen, see microsite.web.hyphenation), a hyphen, a dash or a
slash. The page's first screen at 360 px is kept in test-artefacts/screenshots/.

The budgets (first screen, notices) are properties, not snapshots: they run on
the real content, whatever its words, and on the frozen test content.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from helpers import FROZEN_LOCALES, NOTICE_SELECTOR, PAGE_TYPES, site_locales, site_pages

CHECKS = (Path(__file__).parent / "layout_checks.js").read_text(encoding="utf-8")
SHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots" / "first-screen"
REAL = [*site_pages(), *(f"/{locale}/no-such-page/" for locale in site_locales())]
FROZEN = [f"/{locale}/{path}" for locale in FROZEN_LOCALES for path in PAGE_TYPES.values()]
PHONE = {"width": 360, "height": 640, "deviceScaleFactor": 1, "mobile": True}
ZOOM_400 = {"width": 320, "height": 200, "deviceScaleFactor": 4, "mobile": True}  # 1280 x 800
TEXT_200 = {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True}


def run(driver, function: str):
    return driver.execute_script(f"{CHECKS}\nreturn {function}(arguments[0]);", NOTICE_SELECTOR)


@pytest.fixture
def device(browser):
    """The session's browser; its screen size and text size are put back after."""
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 16}})


def reflow_problems(found: dict, label: str) -> list[str]:
    problems = []
    if found["scrollWidth"] > found["width"]:
        problems.append(f"scrolls sideways: {found['scrollWidth']} px on {found['width']} px")
    for key, what in [
        ("header", "(a wrapped service name starts at the logo's start edge)"),
        ("clipped", "cuts its text off"),
        ("offscreen", "is drawn off screen"),
        ("broken", "is broken mid-word"),
        ("overlaps", "overlaps other text"),
    ]:
        problems += [f"{item} {what}" for item in found[key]]
    return [f"{label}: {problem}" for problem in problems]


def first_screen_problems(found: dict) -> list[str]:
    problems = []
    if len(found["notices"]) > 1:
        problems.append(f"{len(found['notices'])} notices before the h1: {found['notices']}")
    if found["h1Bottom"] > found["screen"]:
        problems.append(f"the h1 ends at y={found['h1Bottom']}, below the first screen")
    if found["own"] is None:
        problems.append("no content of the page's own after the h1")
    elif found["ownTop"] >= found["screen"]:
        problems.append(f"its own content starts at y={found['ownTop']}: {found['own']}")
    return problems


@pytest.mark.parametrize("path", REAL + [f"frozen:{path}" for path in FROZEN])
def test_own_words_first_on_a_phone_and_reflow_at_400_percent_zoom_and_200_percent_text(
    device, live_server, frozen_site, path
):
    frozen = path.startswith("frozen:")
    url = (frozen_site if frozen else live_server) + path.removeprefix("frozen:")
    device.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    device.get(url)
    screen, sources = run(device, "firstScreen"), run(device, "sources")
    if not frozen:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = device.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"]
        (SHOTS / f"{path.strip('/').replace('/', '_')}-360.png").write_bytes(base64.b64decode(shot))
    device.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", ZOOM_400)
    zoomed = run(device, "reflow")
    problems = [
        *first_screen_problems(screen),
        *sources["problems"],
        *reflow_problems(zoomed, "at 400% zoom (320 CSS px)"),
    ]
    if not frozen:
        problems += text_at_200_percent_problems(device)
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def text_at_200_percent_problems(device) -> list[str]:
    """The page already loaded, at 320 px with Chrome's text size at 200%.

    Font settings belong to the renderer showing the page and apply from its next
    load, so the page is reloaded once they are set.
    """
    device.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", TEXT_200)
    device.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 32}})
    device.refresh()
    found = run(device, "reflow")
    if found["fontSize"] < 32:
        return [f"text did not grow to 200% ({found['fontSize']} px)"]
    return reflow_problems(found, "at 320 px with text at 200%")


# --- The checks themselves, on pages made to fail them --------------------------------

BAD_PAGE = """data:text/html;charset=utf-8,<!DOCTYPE html><html lang="en">
<meta name="viewport" content="width=device-width"><body style="margin:0">
<header>Site</header><div class="nhsuk-inset-text">One</div><div class="nhsuk-inset-text">Two</div>
<main style="width:200px">
<h1 style="font:40px arial;overflow-wrap:break-word">Incomprehensibilities</h1>
<h2 style="font:40px arial">In%C2%ADcom%C2%ADpre%C2%ADhen%C2%ADsi%C2%ADbil%C2%ADi%C2%ADties</h2>
<p style="width:400px">Too wide</p></main></body></html>"""


def test_the_checks_catch_a_broken_word_sideways_scrolling_and_stacked_notices(device):
    device.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", ZOOM_400)
    device.get(BAD_PAGE)
    found, screen = run(device, "reflow"), run(device, "firstScreen")
    assert found["broken"] == ["Incomprehensibilities <h1>"], "the control page's word"
    assert found["scrollWidth"] > found["width"], "the 400 px paragraph scrolls sideways"
    assert screen["notices"] == ["div.nhsuk-inset-text", "div.nhsuk-inset-text"]
    assert len(first_screen_problems(screen)) >= 1
