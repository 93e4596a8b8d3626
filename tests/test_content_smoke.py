"""The seed content is in place: the hub's sections, the programme pages and the
video pages. Tests of behaviour use their own pages (``make_content``) or every
page; sentences of content/*.json are asserted here, in one small module, so an
edit to the content breaks this smoke test and not the tests of the code.
"""

from __future__ import annotations

import pytest

from helpers import parse, text_of

PROGRAMMES = [
    "prevention-and-public-health",
    "diagnosing-cancer-earlier-and-faster",
    "cancer-experience-of-care",
    "personalised-care-and-quality-of-life",
    "cancer-alliances",
]


def test_hub_carries_the_seed_sections(client):
    tree = parse(client.get("/en/"))
    text = text_of(tree.find(".//main"))
    for phrase in [
        "Our advice for clinicians on the coronavirus is here.",
        "About cancer",
        "You may also be interested in",
        "News and blogs",
        "Hundreds of patients to get life-extending lung cancer drug on the NHS",
    ]:
        assert phrase in text
    hrefs = {a.get("href") for a in tree.iter("a")}
    for slug in [*PROGRAMMES, "long-term-plan-and-commitments-for-cancer"]:
        assert f"/en/{slug}/" in hrefs
    assert "https://www.nhs.uk/conditions/covid-19/" in hrefs
    assert "https://www.gov.uk/coronavirus" in hrefs


@pytest.mark.parametrize("slug", PROGRAMMES)
def test_programme_pages_have_content_and_section_navigation(client, slug):
    tree = parse(client.get(f"/en/{slug}/"))
    column = tree.find(".//main//div[@class='nhsuk-grid-column-two-thirds']")
    assert column.findall(".//p") and column.findall(".//ul")
    assert tree.find(".//nav[@aria-labelledby='section-nav-heading']") is not None


@pytest.mark.parametrize(
    "slug", ["long-term-plan-and-commitments-for-cancer", "investing-in-radiotherapy"]
)
def test_video_pages_embed_nothing(client, slug):
    html = client.get(f"/en/{slug}/").get_data(as_text=True)
    assert "<iframe" not in html and "youtube.com/embed" not in html


def test_pages_written_for_the_site_are_drafts_with_sources(app):
    """Programme pages, the news article and the statement are our words: drafts, sourced.
    (Approving one is meant to fail here, and only here: update the list.)"""
    site = app.extensions["microsite.store"].current().site
    for slug in [*PROGRAMMES, "lung-cancer-drug-durvalumab"]:
        assert site.pages[slug].draft and site.pages[slug].sources, slug
    assert site.pages["accessibility-statement"].draft


def test_durvalumab_article_gives_nices_conditions(app, client):
    page = app.extensions["microsite.store"].current().site.pages["lung-cancer-drug-durvalumab"]
    assert any("nice.org.uk/guidance/ta798" in str(source.url) for source in page.sources)
    text = text_of(parse(client.get("/en/lung-cancer-drug-durvalumab/")).find(".//main"))
    assert "PD-L1 on 1% or more of its cells" in text
    assert "has not got worse since that treatment" in text  # NICE: "not progressed"


def test_accessibility_statement_promises_nothing_unconfirmed(client):
    html = client.get("/en/accessibility-statement/").get_data(as_text=True)
    assert "working days" not in html  # a response time no source gives
