"""Pages are complete without JavaScript, and nothing is fetched from other hosts."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from helpers import parse, site_pages, text_of

PAGES = site_pages()


@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete_without_javascript(browser_without_js, live_server, path):
    """The h1 is drawn, and the document the browser holds (no script ran on it) has its
    content, every link's target and the skip link: read in one round trip, not one per
    element."""
    driver = browser_without_js
    driver.get(live_server + path)
    assert driver.find_element(By.TAG_NAME, "h1").is_displayed()
    page = parse(driver.page_source)
    assert "js-enabled" not in (page.find(".//body").get("class") or "")
    main = page.find(".//main")
    assert len(text_of(main).split()) > 10, f"{path}: main content is nearly empty"
    for link in main.iter("a"):
        assert link.get("href"), f"{path}: a link without href"
    [skip] = [a for a in page.iter("a") if "nhsuk-skip-link" in (a.get("class") or "")]
    assert skip.get("href").endswith("#maincontent")


def requested_hosts(driver) -> set[str]:
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith("http"):
                hosts.add(urlsplit(url).hostname)
    return hosts


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/long-term-plan-and-commitments-for-cancer/", "/en/investing-in-radiotherapy/"],
)
def test_no_request_leaves_the_site(browser, live_server, path):
    """No request to a video host (or any other) until the visitor follows a link."""
    browser.get_log("performance")  # discard earlier entries
    browser.get(live_server + path)
    assert requested_hosts(browser) == {"127.0.0.1"}
