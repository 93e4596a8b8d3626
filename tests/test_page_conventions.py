"""NHS.UK and GOV.UK page conventions, checked on the rendered HTML.

Each test names the convention it guards: the breadcrumb's root, one published
date, one heading per menu, review dates after the section menu, a hub notice
that says things once, a footer a member of the public understands, and the
parts of the accessibility statement the public sector model statement asks for.
The pages come from the frozen test content (tests/data/frozen/): an editor who
approves a draft, retires the notice or renames a page breaks none of these.
"""

from __future__ import annotations

import pytest

from helpers import PAGE_TYPES, own_title, parse, text_of

PROGRAMME = PAGE_TYPES["programme"].strip("/")
ARTICLE = PAGE_TYPES["article"].strip("/")


def page_tree(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return parse(response)


def in_document_order(root, *elements) -> list[int]:
    everything = list(root.iter())
    return [everything.index(element) for element in elements]


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_breadcrumb_starts_at_nhs_england_then_the_hub(frozen_client, locale):
    root = page_tree(frozen_client, f"/{locale}/{PROGRAMME}/")
    links = root.findall(".//nav[@class='nhsuk-breadcrumb']//a[@class='nhsuk-breadcrumb__link']")
    hub = own_title(page_tree(frozen_client, f"/{locale}/").find(".//h1"))
    trail = [(text_of(a), a.get("href")) for a in links]
    assert trail[0] == ("NHS England", "https://www.england.nhs.uk/"), f"root is {trail[0]}"
    assert trail[1] == (hub, f"/{locale}/"), f"second crumb is {trail[1]}, not the hub"


def test_an_article_shows_its_published_date_once(frozen_client):
    main = page_tree(frozen_client, f"/en/{ARTICLE}/").find(".//main")
    dates = [p for p in main.iter("p") if text_of(p).startswith("Published:")]
    assert len(dates) == 1, f"'Published' shown {len(dates)} times: {[text_of(p) for p in dates]}"


def test_the_section_menu_has_one_heading_which_names_it(frozen_client):
    root = page_tree(frozen_client, f"/en/{PROGRAMME}/")
    menu = root.find(".//nav[@aria-labelledby='section-nav-heading']")
    assert menu is not None, "the section menu is not a nav named by its heading"
    headings = [h for h in menu.iter() if h.tag in ("h2", "h3", "h4")]
    assert [h.get("id") for h in headings] == ["section-nav-heading"], (
        f"the section menu has {len(headings)} headings: {[text_of(h) for h in headings]}"
    )


def test_review_date_comes_after_the_section_menu(frozen_client):
    """On phones the columns stack in source order: the menu must come first."""
    root = page_tree(frozen_client, f"/en/{PROGRAMME}/")
    menu = root.find(".//nav[@aria-labelledby='section-nav-heading']")
    reviewed = next(p for p in root.iter("p") if "Page last reviewed" in text_of(p))
    menu_at, reviewed_at = in_document_order(root, menu, reviewed)
    assert menu_at < reviewed_at, "'Page last reviewed' comes before the section menu"


def test_the_hub_notice_names_each_destination_once(frozen_client):
    root = page_tree(frozen_client, "/en/")
    notice = root.find(".//div[@class='nhsuk-card nhsuk-card--warning']")
    hrefs = [a.get("href") for a in notice.iter("a")]
    repeated = sorted({href for href in hrefs if hrefs.count(href) > 1})
    assert hrefs, "the hub has lost its coronavirus notice"
    assert not repeated, f"the notice links to {repeated} more than once"


def test_footer_has_plain_labels_contact_and_privacy(frozen_client):
    footer = page_tree(frozen_client, "/en/").find(".//footer")
    links = {text_of(a): a.get("href") for a in footer.iter("a")}
    assert not [text for text in links if "Atom" in text or "RSS" in text], (
        f"jargon in the footer: {list(links)}"
    )
    assert links.get("Contact NHS England", "").startswith("https://www.england.nhs.uk/")
    assert links.get("Privacy notice") == "/en/privacy/", f"no privacy notice link: {links}"


def test_accessibility_statement_has_a_compliance_status(frozen_client):
    """GOV.UK's sample statement: a "Compliance status" section saying fully,
    partially or not compliant, against a named version of WCAG."""
    root = page_tree(frozen_client, "/en/accessibility-statement/")
    main = root.find(".//main")
    blocks = [element for element in main.iter() if element.tag in ("h2", "h3", "p")]
    titles = [text_of(b) for b in blocks]
    assert "Compliance status" in titles, f"no 'Compliance status' heading in {titles}"
    following = titles[titles.index("Compliance status") + 1]
    assert "Web Content Accessibility Guidelines version 2.2 AA" in following, following
    assert any(f"is {status} compliant" in following for status in ("fully", "partially", "not"))


def test_related_information_does_not_repeat_a_page_the_section_menu_lists(frozen_client):
    """A screen reader would say the same link twice in a row: the section menu keeps it."""
    root = page_tree(frozen_client, f"/en/{PAGE_TYPES['video']}")
    related = root.find(".//nav[@class='microsite-related']")
    menu = root.find(".//nav[@aria-labelledby='section-nav-heading']")
    in_menu = {a.get("href") for a in menu.iter("a")}
    assert in_menu, "the video page lists its section"
    assert not in_menu & {a.get("href") for a in related.iter("a")}, "a page said twice"


@pytest.mark.parametrize(("locale", "path", "says"), [
    ("en", PAGE_TYPES["hub"], None),
    ("en", PAGE_TYPES["programme"], "Not yet checked by NHS England"),
    ("ar", PAGE_TYPES["hub"], "Translated by computer"),
    ("ar", PAGE_TYPES["programme"], "Translated by computer and not yet checked by NHS England"),
])  # fmt: skip
def test_the_h1_itself_says_what_the_page_is(frozen_client, locale, path, says):
    """Whoever jumps to the h1 or moves by headings hears a draft or a machine translation
    (NHS.UK's heading caption); nothing of the kind stands before the h1."""
    root = page_tree(frozen_client, f"/{locale}/{path}")
    h1 = root.find(".//h1")
    label = h1.find(".//span[@class='microsite-status-label']")
    assert (text_of(label) if label is not None else None) == (f"{says} -" if says else None)
    before = in_document_order(root, h1)[0]
    everything = list(root.iter())
    notices = [e for e in everything[:before] if "inset" in (e.get("class") or "")]
    assert not notices, "a notice stands before the h1"
