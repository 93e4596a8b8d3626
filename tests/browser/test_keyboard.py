"""Keyboard use on every page in every locale: skip link first, Tab reaches every link
and control in DOM order with no trap, and every focused element shows a visible
focus indicator (its style changes, with a contrast of at least 3:1)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from helpers import site_pages

PAGES = site_pages()

FOCUSABLE_JS = """
return Array.from(document.querySelectorAll(
  'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]'
)).filter(el => el.tabIndex >= 0 && el.getClientRects().length > 0 &&
                getComputedStyle(el).visibility !== 'hidden');
"""

# Every element focus lands on, with its computed style at that moment and the
# colour behind it, logged by a listener so that a whole Tab walk is one round trip
# to the browser (each Tab is still a real key press, sent by WebDriver).
PICK_JS = """
window.__pick = el => { const s = getComputedStyle(el); return {
  outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
  outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: s.backgroundColor,
  color: s.color, decoration: s.textDecorationLine + ' ' + s.textDecorationThickness}; };
"""
LOG_FOCUS_JS = (
    PICK_JS
    + """
window.__focusLog = [];
document.addEventListener('focusin', (event) => {
  const el = event.target;
  let node = el.parentElement, behind = 'rgb(255, 255, 255)';
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { behind = bg; break; }
    node = node.parentElement;
  }
  window.__focusLog.push({el, focused: window.__pick(el), behind});
}, true);
"""
)
# Read the log, then each element's style when it does not have focus.
READ_LOG_JS = (
    PICK_JS
    + """
const active = document.activeElement;
if (active) active.blur();
return [active, window.__focusLog.map(entry => ({el: entry.el, focused: entry.focused,
  behind: entry.behind, unfocused: window.__pick(entry.el)}))];
"""
)


def rgb(value: str) -> tuple[float, float, float] | None:
    if not value.startswith("rgb"):
        return None
    parts = value[value.index("(") + 1 : value.index(")")].split(",")
    if len(parts) == 4 and float(parts[3]) == 0:
        return None
    return tuple(float(p) for p in parts[:3])  # type: ignore[return-value]


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def indicator_contrast(style: dict) -> float:
    """Best contrast between a focus indicator colour and what it sits on."""
    focused, unfocused, behind = style["focused"], style["unfocused"], rgb(style["behind"])
    surfaces = [c for c in (rgb(focused["background"]), behind) if c]
    indicators = []
    if focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0:
        indicators.append(rgb(focused["outlineColor"]))
    shadow = focused["boxShadow"]
    if shadow and shadow != "none":
        indicators += [rgb(colour) for colour in re.findall(r"rgba?\([^)]*\)", shadow)]
    if focused["background"] != unfocused["background"] and rgb(focused["background"]) and behind:
        indicators.append(rgb(focused["background"]))
    return max((contrast(i, s) for i in indicators if i for s in surfaces if s != i), default=0.0)


def press(driver, *keys) -> None:
    ActionChains(driver).send_keys(*keys).perform()


@pytest.mark.parametrize("path", PAGES)
def test_keyboard_reaches_everything_in_order_with_visible_focus(browser, live_server, path):
    """The skip link comes first and Enter on it moves focus into main; Tab then reaches
    every link and control in DOM order, each with a visible focus indicator of at
    least 3:1, and focus leaves the last one (no trap)."""
    browser.get(live_server + path)
    expected = browser.execute_script(FOCUSABLE_JS)
    browser.execute_script(LOG_FOCUS_JS)
    press(browser, *[Keys.TAB] * (len(expected) + 1))
    active, log = browser.execute_script(READ_LOG_JS)
    reached = [entry["el"] for entry in log]
    assert reached and "nhsuk-skip-link" in reached[0].get_attribute("class"), (
        f"{path}: first Tab went elsewhere"
    )

    def label(entry: dict[str, Any]) -> str:  # built only for a failure: each read is a round trip
        return f"{path}: <{entry['el'].tag_name}> {entry['el'].text[:40]!r}"

    for entry in log[: len(expected)]:
        assert entry["focused"] != entry["unfocused"], f"{label(entry)} looks the same when focused"
        assert indicator_contrast(entry) >= 3, f"{label(entry)}: focus indicator contrast below 3:1"
    assert reached[: len(expected)] == expected, f"{path}: Tab order differs from DOM order"
    assert active != expected[-1], f"{path}: focus is trapped on the last element"
    skip = expected[0]
    browser.execute_script("arguments[0].focus()", skip)
    assert skip.is_displayed(), f"{path}: the focused skip link is not visible"
    press(browser, Keys.ENTER)
    inside_main = browser.execute_script(
        "return document.getElementById('maincontent').contains(document.activeElement)"
    )
    assert inside_main, f"{path}: Enter on the skip link did not move focus into main"
