"""axe-core (pinned, current) on every page in every locale, plus the 404 page.

Any violation fails the test with its rule, target and help URL; the full axe
results are kept under test-artefacts/axe/ for whoever fixes it.
"""

from __future__ import annotations

import pytest

from axe_check import format_violations, run_axe, write_artefact
from helpers import site_pages

PAGES = [*site_pages(), "/en/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(browser, live_server, path):
    browser.get_log("browser")  # discard messages from earlier pages
    browser.get(live_server + path)
    # No console errors: no blocked resource, no CSP violation, no failed asset.
    errors = [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE"
        and not (path.endswith("no-such-page/") and " 404 " in entry["message"])
    ]
    assert not errors, f"{path}: console errors: {errors}"
    results = run_axe(browser)
    assert results["passes"], f"axe checked nothing on {path}"
    if results["violations"]:
        artefact = write_artefact(path, results)
        pytest.fail(
            f"{path}: {len(results['violations'])} axe rule(s) failed "
            f"(full results in {artefact}):\n{format_violations(results['violations'])}"
        )
