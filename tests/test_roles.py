"""Templates link to the news listing, the privacy notice and the accessibility
statement by the role a page declares, never by slug (issue 13): an editor may
rename those pages, or leave one out, without touching a template."""

from __future__ import annotations

from typing import get_args

import pytest

from helpers import minimal_pages
from microsite import create_app
from microsite.config import PROJECT_ROOT
from microsite.content.loading import load_site
from microsite.content.models import PageRole
from microsite.problems import ContentError


def site_with(**extra_pages):
    pages = minimal_pages()
    for slug, fields in extra_pages.items():
        pages[slug] = {
            "slug": slug, "summary": "A page.", "parent": "home",
            "reviewed": "2026-01-05", "next_review": "2027-01-05",
            "blocks": [{"type": "rich_text", "html": "<p>Text.</p>"}], **fields,
        }  # fmt: skip
    return pages


def render(make_content, pages, path="/en/"):
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(pages)), "LOCALES": ["en"]})
    return app.test_client().get(path).get_data(as_text=True)


NEWS = {"updates": {"title": "Updates", "role": "news", "template": "news_index"}}
ARTICLE = {"title": "A story", "template": "article", "published": "2026-01-05"}


def test_footer_links_follow_roles_not_slugs(make_content):
    html = render(
        make_content,
        site_with(
            **{
                "our-privacy": {"title": "How we use data", "role": "privacy"},
                "access": {"title": "Access statement", "role": "accessibility"},
                **NEWS,
            }
        ),
    )
    assert 'href="/en/our-privacy/"' in html, "the privacy notice is found by its role"
    assert 'href="/en/access/"' in html, "the accessibility statement is found by its role"
    assert 'href="/en/updates/"' in html, "the news listing is found by its role"


def test_the_feed_is_offered_only_while_it_has_entries(make_content):
    """An empty feed (no articles, or drafts only) is not offered: the footer and the
    page's head link to it once an approved article is in it."""
    for articles, offered in [({}, False), ({"story": ARTICLE | {"draft": True}}, False),
                              ({"story": ARTICLE}, True)]:  # fmt: skip
        html = render(make_content, site_with(**NEWS, **articles))
        assert ("Follow our news in a feed reader" in html) is offered, articles
        assert ('type="application/atom+xml"' in html) is offered, articles


def test_a_page_named_like_a_role_but_without_it_gets_no_footer_link(make_content):
    html = render(make_content, site_with(privacy={"title": "Privacy notice"}))
    assert 'href="/en/privacy/"' not in html
    assert "feed reader" not in html, "no news listing, so no feed link"


def test_two_pages_cannot_share_a_role(make_content):
    folder = make_content(
        site_with(one={"title": "One", "role": "privacy"}, two={"title": "Two", "role": "privacy"})
    )
    with pytest.raises(ContentError) as error:
        load_site(folder)
    assert "two.json: $.role: role 'privacy' is already given to the page in" in str(error.value)


def test_the_real_site_gives_every_role_a_page():
    """Each footer link has a page; which slug plays each role is the editors' choice."""
    site = load_site(PROJECT_ROOT / "content")
    assert all(site.with_role(role) for role in get_args(PageRole)), "a role without a page"
