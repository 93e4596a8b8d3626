"""The "Related information" block starts a new part of the page: it stands clear of the
list or paragraph above it instead of reading as that list's last item. (On the frozen
test content, so an editor's change to the page cannot move it.)"""

from __future__ import annotations

import pytest

GAP_JS = """
const related = document.querySelector('main .microsite-related');
const above = related.previousElementSibling;
return Math.round(related.getBoundingClientRect().top - above.getBoundingClientRect().bottom);
"""


@pytest.mark.parametrize(("width", "least"), [(1280, 48), (320, 32)])
def test_related_information_has_room_above_it(browser, frozen_site, width, least):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        browser.get(f"{frozen_site}/en/diagnosing-cancer-earlier-and-faster/")  # after a list
        gap = browser.execute_script(GAP_JS)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert gap >= least, f"'Related information' is {gap}px under the list at {width}px"
