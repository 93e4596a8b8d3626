"""A video that plays only when the visitor chooses to (issue 19 item 2).

A page with a YouTube video makes no request to the video platform until its Play
button is pressed; then the player is framed from the one origin the CSP allows,
and focus moves into it. The CSP refuses a frame from any other origin (control).
The browser resolves no host but 127.0.0.1, so the player's request fails, but
Chromium's network log still shows it was made, and a CSP refusal shows as a
``securitypolicyviolation`` event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import serving
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from axe_check import format_violations, run_axe
from helpers import minimal_pages
from microsite import create_app
from microsite.content.video import VIDEO_EMBED_ORIGIN

VIDEO_ID = "abcdefghijk"
PLATFORM_HOSTS = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com")
WATCH_VIOLATIONS_JS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def video_site(tmp_path_factory) -> Iterator[str]:
    pages = minimal_pages()
    pages["child"]["template"] = "video"
    pages["child"]["blocks"] = [
        {"type": "video", "title": "A short film", "watch_url":
         f"https://www.youtube.com/watch?v={VIDEO_ID}", "watch_text": "Watch it on YouTube"},
    ]  # fmt: skip
    folder = tmp_path_factory.mktemp("video-content")
    for name, page in pages.items():
        (folder / f"{name}.json").write_text(json.dumps(page), encoding="utf-8")
    app = create_app({"TESTING": True, "CONTENT_DIR": str(folder), "LOCALES": ["en"]})
    with serving(app) as url:
        yield url


def requests_sent(driver) -> list[str]:
    """URLs the page asked for since the last call (Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_the_player_loads_only_after_play_and_only_from_the_allowed_origin(browser, video_site):
    browser.get_log("performance")  # drop what earlier tests left
    browser.get(f"{video_site}/en/child/")
    browser.execute_script(WATCH_VIOLATIONS_JS)
    before = requests_sent(browser)
    assert before, "the performance log recorded nothing: the check would be blind"
    assert not [u for u in before if any(host in u for host in PLATFORM_HOSTS)], before
    link = browser.find_element(By.LINK_TEXT, "Watch it on YouTube")
    assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO_ID}"
    button = browser.find_element(By.CSS_SELECTOR, ".microsite-video__play")
    assert button.is_displayed(), "script did not offer the Play button"

    button.click()
    frame = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "iframe.microsite-video__frame")
    )[0]
    assert frame.get_attribute("src").startswith(f"{VIDEO_EMBED_ORIGIN}/embed/{VIDEO_ID}?")
    assert frame.get_attribute("title") == "A short film"
    assert browser.switch_to.active_element == frame, "focus did not move into the player"
    # The player was asked for (it fails here: no host but 127.0.0.1 resolves).
    WebDriverWait(browser, 10).until(
        lambda d: any(u.startswith(f"{VIDEO_EMBED_ORIGIN}/embed/") for u in requests_sent(d))
    )
    assert browser.execute_script("return window.__violations") == [], "the CSP refused it"


def test_the_csp_refuses_a_frame_from_any_other_origin(browser, video_site):
    browser.get(f"{video_site}/en/child/")
    browser.execute_script(WATCH_VIOLATIONS_JS)
    browser.execute_script(
        "const f = document.createElement('iframe');"
        "f.src = 'https://www.youtube.com/embed/abcdefghijk'; document.body.append(f);"
    )
    violations = WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return window.__violations")
    )
    assert violations == ["frame-src https://www.youtube.com"], violations  # origin only


def test_a_page_with_a_video_to_play_passes_axe(browser, video_site):
    browser.get(f"{video_site}/en/child/")
    results = run_axe(browser)
    assert results["passes"] and not results["violations"], format_violations(results["violations"])
