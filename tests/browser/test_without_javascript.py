"""Pages are complete without JavaScript, and nothing is fetched from other hosts."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from helpers import site_pages

PAGES = site_pages()


@pytest.mark.parametrize("path", PAGES)
def test_page_is_complete_without_javascript(browser_without_js, live_server, path):
    driver = browser_without_js
    driver.get(live_server + path)
    assert "js-enabled" not in (
        driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
    )
    assert driver.find_element(By.TAG_NAME, "h1").is_displayed()
    main = driver.find_element(By.TAG_NAME, "main")
    assert len(main.text.split()) > 10, f"{path}: main content is nearly empty"
    for link in main.find_elements(By.TAG_NAME, "a"):
        assert link.get_attribute("href"), f"{path}: a link without href"
    skip = driver.find_element(By.CSS_SELECTOR, "a.nhsuk-skip-link")
    assert skip.get_attribute("href").endswith("#maincontent")


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
