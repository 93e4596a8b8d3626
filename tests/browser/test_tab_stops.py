"""No two tab stops in a row lead to the same place before the content starts.

The header's logo already goes to the hub, so the breadcrumb must not follow it
with a second "Cancer" link: it starts at NHS England. The language switcher
is left out of the sequence, because a single-language site has none and the
logo and breadcrumb then sit side by side. Checked at desktop width, where the
breadcrumb shows; on phones NHS.UK's pattern replaces it with a back link to
the parent page, which for a programme page is the hub, as the logo is.
On the frozen test content, so an editor's change cannot move it.
"""

from __future__ import annotations

import pytest

from helpers import PAGE_TYPES

TAB_STOPS_JS = """
const main = document.querySelector('main');
return Array.from(document.querySelectorAll('a[href], button, input, select, textarea'))
  .filter(el => el.tabIndex >= 0 && el.getClientRects().length &&
                getComputedStyle(el).visibility !== 'hidden' &&
                (el.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING) &&
                !el.closest('.microsite-languages'))
  .map(el => [el.href, (el.getAttribute('aria-label') || el.textContent).trim()]);
"""


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_no_two_tab_stops_in_a_row_go_to_the_same_page(browser, frozen_site, locale):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        browser.get(f"{frozen_site}/{locale}/{PAGE_TYPES['programme']}")
        stops = browser.execute_script(TAB_STOPS_JS)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    repeats = [(a, b) for a, b in zip(stops, stops[1:], strict=False) if a[0] == b[0]]
    assert not repeats, f"/{locale}/: the same link twice in a row: {repeats}"
