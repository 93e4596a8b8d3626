"""Left-to-right and right-to-left layouts line up the same way.

English and Arabic pages are measured with getBoundingClientRect: everything
that starts a line (logo, language list, breadcrumb, each child of the main
column, each row of cards, footer links, review date) starts exactly at the
text column's start edge, which is the left edge in English and the right edge
in Arabic; the cards also reach the column's far edge. Chevrons point the way
the reader goes: breadcrumb separators towards the end of the line, "Back"
towards its start, and the focused skip link sits at the start of the line.
One page load per case.
"""

from __future__ import annotations

import pytest

from helpers import PAGE_TYPES

EDGES_JS = """
const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
const container = document.querySelector('main').parentElement.getBoundingClientRect();
const start = el => { const r = el.getBoundingClientRect();
  return Math.round(rtl ? container.right - r.right : r.left - container.left); };
const end = el => { const r = el.getBoundingClientRect();
  return Math.round(rtl ? r.left - container.left : container.right - r.right); };
const shown = el => el && el.getClientRects().length > 0;
const label = el => el.tagName.toLowerCase() +
  (el.className ? '.' + el.className.split(' ')[0] : '') +
  ' "' + el.textContent.trim().slice(0, 25) + '"';
const starts = [
  document.querySelector('.nhsuk-header__service-logo'),
  document.querySelector('.microsite-languages__item'),
  document.querySelector('.nhsuk-breadcrumb__list-item'),
  document.querySelector('.nhsuk-back-link'),
  document.querySelector('.nhsuk-footer__list-item'),
  document.querySelector('.nhsuk-footer__meta > p'),
  document.querySelector('main > .microsite-dates'),
  ...document.querySelector('main [class*="nhsuk-grid-column-"]').children,
].filter(shown).filter(el => !el.matches('.nhsuk-card-group'));
const offsets = starts.map(el => [label(el), start(el)]).filter(([, px]) => Math.abs(px) > 1);
const groups = Array.from(document.querySelectorAll('main .nhsuk-card-group')).map(group => {
  const cards = Array.from(group.querySelectorAll('.nhsuk-card'));
  return [label(group), Math.min(...cards.map(start)), Math.min(...cards.map(end))];
});
return {rtl, offsets, groups};
"""

# Where a chevron points: its tip is the clipped square's top-right corner,
# carried through the pseudo-element's transform (translation left out).
CHEVRONS_JS = """
const point = el => {
  const s = getComputedStyle(el, '::before');
  if (s.transform === 'none') return null;
  const m = new DOMMatrix(s.transform);
  const o = m.transformPoint(new DOMPoint(0, 0)), q = m.transformPoint(new DOMPoint(1, -1));
  return {x: Math.sign(Math.round(q.x - o.x)), left: s.left, right: s.right};
};
const crumbs = document.querySelectorAll('.nhsuk-breadcrumb__list-item');
return {separator: point(crumbs[crumbs.length - 1]),
        back: point(document.querySelector('.nhsuk-back-link'))};
"""

# The skip link, once focused, appears 16 px from the start of the line.
SKIP_LINK_JS = """
const link = document.querySelector('.nhsuk-skip-link');
link.focus();
const r = link.getBoundingClientRect(), width = document.documentElement.clientWidth;
const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
link.blur();
return Math.round(rtl ? width - r.right : r.left);
"""


@pytest.fixture
def sized(browser):
    def resize(width: int) -> None:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        )

    yield browser, resize
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("slug", [PAGE_TYPES["hub"], PAGE_TYPES["programme"]])
def test_everything_starts_at_the_column_edge(sized, frozen_site, locale, slug):
    browser, resize = sized
    resize(1280)
    browser.get(f"{frozen_site}/{locale}/{slug}")
    found = browser.execute_script(EDGES_JS)
    assert found["rtl"] is (locale == "ar"), f"/{locale}/ has the wrong direction"
    assert not found["offsets"], (
        f"/{locale}/{slug}: not flush with the column's start edge (px): {found['offsets']}"
    )
    for group, start_gap, end_gap in found["groups"]:
        assert abs(start_gap) <= 1, f"/{locale}/{slug}: {group} starts {start_gap}px in"
        if not slug:  # the hub's cards span the full width
            assert abs(end_gap) <= 1, f"/{locale}/{slug}: {group} ends {end_gap}px short"


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_chevrons_point_the_way_the_reader_goes(sized, frozen_site, locale):
    browser, resize = sized
    forward = 1 if locale == "en" else -1  # towards the end of the line
    start_side = "left" if locale == "en" else "right"
    resize(1280)
    browser.get(f"{frozen_site}/{locale}/{PAGE_TYPES['article']}")
    separator = browser.execute_script(CHEVRONS_JS)["separator"]
    skip_link_inset = browser.execute_script(SKIP_LINK_JS)
    resize(320)  # the back link replaces the breadcrumb on phones
    back = browser.execute_script(CHEVRONS_JS)["back"]
    assert separator["x"] == forward, f"/{locale}/: breadcrumb separators point backwards"
    assert separator[start_side] == "0px", f"/{locale}/: separator on the wrong side"
    assert back["x"] == -forward, f"/{locale}/: the back link's chevron points forwards"
    assert back[start_side] == "0px", f"/{locale}/: the back link's chevron is on the wrong side"
    assert skip_link_inset == 16, (
        f"/{locale}/: focused skip link is {skip_link_inset}px from the start"
    )


# Editors may put a table in rich text (the sanitizer allows one); none is in
# the content today, so one is added to the page to see how it is laid out.
TABLE_JS = """
const table = document.createElement('table');
table.innerHTML = '<tr><th scope="col">A</th><th scope="col">B</th></tr>' +
                  '<tr><td>1</td><td>2</td></tr>';
document.querySelector('main h1').after(table);
const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
const first = table.querySelector('td'), s = getComputedStyle(first);
return {align: s.textAlign, gutter: parseFloat(rtl ? s.paddingLeft : s.paddingRight),
        inset: parseFloat(rtl ? s.paddingRight : s.paddingLeft)};
"""


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_table_cells_read_from_the_start(browser, frozen_site, locale):
    browser.get(f"{frozen_site}/{locale}/privacy/")  # any page: the table is added by script
    cell = browser.execute_script(TABLE_JS)
    start = "left" if locale == "en" else "right"
    assert cell["align"] in (start, "start"), f"/{locale}/: table text aligned {cell['align']}"
    assert cell["gutter"] > cell["inset"], f"/{locale}/: the cell gutter is on the start side"
