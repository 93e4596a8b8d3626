"""Target size on every page, and emulated user settings on each kind of page.
(Reflow and text size, together, are in test_text_grows.py.)

- Links and controls outside running text are at least 24x24 px, or spaced so
  a 24 px circle on each does not touch another (2.5.8), on every page.
- forced-colors: active, prefers-reduced-motion: reduce and print media, on each
  page type (PAGE_TYPES) in English and Arabic: the content, its links and a focus
  indicator stay visible; screenshots are kept. These settings act through the
  stylesheet, which is the same for every page of a type.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from helpers import PAGE_TYPES, site_pages

PAGES = site_pages()
SHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots" / "media"

TARGETS_JS = """
// Links in running text are exempt (WCAG 2.5.8 "inline"); so is the skip
// link, which is visually hidden until focused.
const inText = el => !!el.closest('p, td, dd, li') && !el.closest(
  '.nhsuk-breadcrumb, .nhsuk-footer, .microsite-languages, .nhsuk-contents-list, .microsite-related'
);
const targets = Array.from(document.querySelectorAll('a[href], button, input, select, textarea'))
  .filter(el => el.getClientRects().length && !inText(el) && !el.matches('.nhsuk-skip-link') &&
                getComputedStyle(el).visibility !== 'hidden');
const rects = targets.map(el => el.getBoundingClientRect());
const small = [];
targets.forEach((el, i) => {
  const r = rects[i];
  if (r.width >= 24 && r.height >= 24) return;
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const distance = q => Math.max(q.left - cx, 0, cx - q.right) ** 2 +
                        Math.max(q.top - cy, 0, cy - q.bottom) ** 2;
  const clash = rects.some((q, j) => j !== i && distance(q) < 144);
  if (clash) small.push(el.tagName + ' "' + el.textContent.trim().slice(0, 30) + '" ' +
                        Math.round(r.width) + 'x' + Math.round(r.height));
});
return small;
"""


def emulate(driver, width: int, media: str = "", features: list | None = None) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"media": media, "features": features or []}
    )


@pytest.fixture
def device(browser):
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


@pytest.mark.parametrize("path", PAGES)
def test_targets_are_big_enough_or_spaced(device, live_server, path):
    """At 320 px and 1280 px: one load, then the screen is resized (the layout follows,
    as it does when a visitor turns a tablet or resizes a window)."""
    problems = []
    for width in (320, 1280):
        emulate(device, width)
        if width == 320:
            device.get(live_server + path)
        assert device.execute_script("return window.innerWidth") == width
        small = device.execute_script(TARGETS_JS)
        if small:
            problems.append(f"at {width}px: targets under 24x24 px too close to others: {small}")
    assert not problems, f"{path}: " + "; ".join(problems)


CONTENT_STATE_JS = """
const main = document.querySelector('main'), h1 = document.querySelector('h1');
// Printing leaves out navigation (section lists); content links must stay.
const links = Array.from(main.querySelectorAll('a[href]'))
    .filter(a => !(matchMedia('print').matches && a.closest('nav')));
const hidden = links.filter(a => !a.getClientRects().length ||
    getComputedStyle(a).visibility === 'hidden' ||
    getComputedStyle(a).color === getComputedStyle(a.parentElement).backgroundColor);
return {h1: h1.getClientRects().length > 0, words: main.innerText.split(/\\s+/).length,
        links: links.length, hidden: hidden.map(a => a.textContent.trim())};
"""

# Focus whatever comes just before main's first link, remembering that link's
# unfocused look; a Tab then focuses the link the way a keyboard user would.
FOCUS_BEFORE_FIRST_LINK_JS = """
const all = Array.from(document.querySelectorAll('a[href], button, input'))
    .filter(el => el.tabIndex >= 0 && el.getClientRects().length);
const link = document.querySelector('main a[href]');
const s = getComputedStyle(link);
window.__unfocused = s.outlineStyle + s.boxShadow + s.backgroundColor;
window.__target = link;
all[all.indexOf(link) - 1].focus();
"""

FOCUS_VISIBLE_JS = """
const link = window.__target, s = getComputedStyle(link);
return document.activeElement === link &&
    (s.outlineStyle + s.boxShadow + s.backgroundColor) !== window.__unfocused &&
    (s.outlineStyle !== 'none' || s.boxShadow !== 'none' ||
     s.backgroundColor !== 'rgba(0, 0, 0, 0)');
"""

MEDIA = {
    "forced-colors": ("", [{"name": "forced-colors", "value": "active"}]),
    "reduced-motion": ("", [{"name": "prefers-reduced-motion", "value": "reduce"}]),
    "print": ("print", []),
}


@pytest.mark.parametrize("setting", sorted(MEDIA))
@pytest.mark.parametrize(
    "path", [f"/{locale}/{path}" for locale in ("en", "ar") for path in PAGE_TYPES.values()]
)
def test_content_links_and_focus_survive_user_settings(device, live_server, path, setting):
    media, features = MEDIA[setting]
    emulate(device, 1280, media, features)
    device.get(live_server + path)
    state = device.execute_script(CONTENT_STATE_JS)
    if state["links"]:
        # Focus the first content link from the keyboard, so :focus-visible applies.
        device.execute_script(FOCUS_BEFORE_FIRST_LINK_JS)
        ActionChains(device).send_keys(Keys.TAB).perform()
        state["focusVisible"] = device.execute_script(FOCUS_VISIBLE_JS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    device.save_screenshot(str(SHOTS / f"{path.strip('/').replace('/', '_')}-{setting}.png"))
    assert state["h1"] and state["words"] > 10, f"{path} under {setting}: content missing"
    assert not state["hidden"], f"{path} under {setting}: invisible links {state['hidden']}"
    if state["links"] and setting != "print":
        assert state["focusVisible"], f"{path} under {setting}: no visible focus indicator"
