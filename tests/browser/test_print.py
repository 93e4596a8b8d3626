"""Printed pages: NHS branding and the page's address on top, no navigation, and
only other sites' addresses written out after their links.

Chromium is switched to print media with ``Emulation.setEmulatedMedia``; one
page load per case. The hub has the callout (in both directions) and external
links in rich text; the programme page has the breadcrumb, section menu and
related links.
"""

from __future__ import annotations

import pytest

from helpers import PAGE_TYPES

PRINTED_JS = """
const shown = el => !!el && el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden';
const logo = document.querySelector('header .nhsuk-header__logo');
const name = document.querySelector('header .nhsuk-header__service-name');
const address = Array.from(document.querySelectorAll('body *'))
    // leaves: no children but the <wbr> line-break points inside a long address
    .filter(el => el.children.length === el.querySelectorAll('wbr').length && shown(el))
    .map(el => el.textContent).find(text => text.includes(
        document.querySelector('link[rel=canonical]').href)) || null;
const suffix = a => getComputedStyle(a, '::after').content;
const links = Array.from(document.querySelectorAll('main a[href]')).filter(shown);
const chrome = ['.microsite-languages', '.nhsuk-breadcrumb', '.microsite-section-nav',
                '.nhsuk-footer__list', '.nhsuk-skip-link']
    .filter(selector => shown(document.querySelector(selector)));
const card = document.querySelector('.nhsuk-card--warning');
let callout = null;
if (card) {
  const box = card.getBoundingClientRect(), style = getComputedStyle(card);
  const h = card.querySelector('.nhsuk-card__heading').getBoundingClientRect();
  callout = {clear: h.top >= box.top + parseFloat(style.borderTopWidth) + 4 &&
                    h.left >= box.left + parseFloat(style.borderLeftWidth) &&
                    h.right <= box.right - parseFloat(style.borderRightWidth),
             heading: [h.left, h.top, h.right], box: [box.left, box.top, box.right]};
}
return {
  logo: shown(logo), logoColour: logo && getComputedStyle(logo).color,
  name: shown(name) ? name.textContent.trim() : null,
  address,
  external: links.filter(a => /^https?:/.test(a.getAttribute('href')))
      .map(a => [a.getAttribute('href'), suffix(a)]),
  internal: links.filter(a => !/^https?:|^mailto:/.test(a.getAttribute('href')))
      .map(a => [a.getAttribute('href'), suffix(a)]),
  switcher: Array.from(document.querySelectorAll('.microsite-languages a'))
      .filter(a => shown(a) || !['none', 'normal'].includes(suffix(a))).length,
  chrome, callout,
};
"""


@pytest.fixture
def printer(browser):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


@pytest.mark.parametrize("path", ["/en/", "/ar/", f"/ar/{PAGE_TYPES['programme']}"])
def test_printed_page_is_branded_addressed_and_free_of_navigation(printer, frozen_site, path):
    printer.get(frozen_site + path)
    page = printer.execute_script(PRINTED_JS)
    assert page["logo"], f"{path}: the NHS logo is not printed"
    assert page["logoColour"] not in ("rgb(255, 255, 255)", None), (
        f"{path}: the logo prints white ({page['logoColour']}), invisible on paper"
    )
    assert page["name"], f"{path}: the site name is not printed"
    assert page["address"], f"{path}: the page's full address is not printed"
    assert not page["switcher"], f"{path}: the language switcher is printed"
    assert not page["chrome"], f"{path}: navigation printed: {page['chrome']}"
    assert page["external"], f"{path}: no external link to check"
    for href, suffix in page["external"]:
        assert href in suffix, f"{path}: external link {href} prints without its address"
    for href, suffix in page["internal"]:
        assert suffix in ("none", "normal"), f"{path}: internal link {href} prints {suffix}"
    if page["callout"]:
        assert page["callout"]["clear"], f"{path}: callout heading overlaps its border {page}"
