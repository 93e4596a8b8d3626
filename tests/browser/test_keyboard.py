"""Keyboard use on every page in every locale: skip link first, Tab reaches every link
and control in DOM order with no trap, and every focused element shows a visible
focus indicator (its style changes, with a contrast of at least 3:1)."""

from __future__ import annotations

import re

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

# Style of the active element, then of the same element unfocused.
STYLE_JS = """
const el = document.activeElement;
const pick = s => ({outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
  outlineColor: s.outlineColor,
  boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color,
  decoration: s.textDecorationLine + ' ' + s.textDecorationThickness});
const focused = pick(getComputedStyle(el));
let node = el.parentElement, behind = 'rgb(255, 255, 255)';
while (node) {
  const bg = getComputedStyle(node).backgroundColor;
  if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { behind = bg; break; }
  node = node.parentElement;
}
el.blur();
const unfocused = pick(getComputedStyle(el));
el.focus({preventScroll: true});
return {focused, unfocused, behind};
"""


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
def test_skip_link_comes_first_and_moves_focus_to_main(browser, live_server, path):
    browser.get(live_server + path)
    press(browser, Keys.TAB)
    active = browser.switch_to.active_element
    assert "nhsuk-skip-link" in active.get_attribute("class"), f"{path}: first Tab went elsewhere"
    assert active.is_displayed(), f"{path}: the focused skip link is not visible"
    press(browser, Keys.ENTER)
    inside_main = browser.execute_script(
        "return document.getElementById('maincontent').contains(document.activeElement)"
    )
    assert inside_main, f"{path}: Enter on the skip link did not move focus into main"


@pytest.mark.parametrize("path", PAGES)
def test_tab_order_reaches_everything_with_visible_focus(browser, live_server, path):
    browser.get(live_server + path)
    expected = browser.execute_script(FOCUSABLE_JS)
    reached = []
    for _ in range(len(expected)):
        press(browser, Keys.TAB)
        active = browser.switch_to.active_element
        reached.append(active)
        style = browser.execute_script(STYLE_JS)
        label = f"{path}: <{active.tag_name}> {active.text[:40]!r}"
        assert style["focused"] != style["unfocused"], f"{label} looks the same when focused"
        assert indicator_contrast(style) >= 3, f"{label}: focus indicator contrast below 3:1"
    assert reached == expected, f"{path}: Tab order differs from DOM order"
    press(browser, Keys.TAB)  # no trap: focus leaves the last element
    assert browser.switch_to.active_element != expected[-1], f"{path}: focus is trapped"
