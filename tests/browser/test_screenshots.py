"""Screenshots of the hub and a content page, left-to-right and right-to-left, at
desktop and phone widths, kept for people to look at; the phone layout is checked
for horizontal scrolling (WCAG 1.4.10 reflow)."""

from __future__ import annotations

from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(
    "path",
    ["/en/", "/ar/", "/en/prevention-and-public-health/", "/ar/prevention-and-public-health/"],
)
def test_screenshot(browser, live_server, width, path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        browser.get(live_server + path)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
        name = "hub" if path.count("/") == 2 else path.split("/")[2]
        shot = SCREENSHOTS / f"{name}-{path.split('/')[1]}-{width}.png"
        browser.save_screenshot(str(shot))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert shot.stat().st_size > 10_000
    assert scroll_width <= width, f"{path} scrolls sideways at {width}px ({scroll_width}px wide)"
