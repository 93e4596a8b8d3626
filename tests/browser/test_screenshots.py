"""Screenshots of the hub at desktop and phone widths, kept for people to look at,
and the phone layout checked for horizontal scrolling (WCAG 1.4.10 reflow)."""

from __future__ import annotations

from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"


@pytest.mark.parametrize("width", [1280, 320])
def test_hub_screenshot(browser, live_server, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        browser.get(live_server + "/en/")
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
        path = SCREENSHOTS / f"hub-{width}.png"
        browser.save_screenshot(str(path))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert path.stat().st_size > 10_000
    assert scroll_width <= width, f"the hub scrolls sideways at {width}px ({scroll_width}px wide)"
