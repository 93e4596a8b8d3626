"""The news feed, the sitemap and robots.txt: what machines read, on the site's blueprint.

Only approved pages are listed (drafts never are), and only advertised languages.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, render_template, url_for

from ..content.models import Page
from . import languages
from .marking import strip_marks
from .views import absolute, bp, get_site, page_url, request_localizer, site_name


def feed_pages() -> list[Page]:
    """The articles the news feed carries, newest first: approved ones only (no drafts)."""
    return [page for page in get_site().articles() if not page.draft]


def feed_has_entries() -> bool:
    """Whether the feed has anything in it: pages offer it only then."""
    return bool(feed_pages())


def last_changed(article: Page) -> dt.date:
    """An entry's Atom ``<updated>``: Atom needs one, so an article whose publication
    date is not known gives the day it was last reviewed (and no ``<published>``)."""
    return article.updated or article.published or article.reviewed


@bp.route("/<locale>/news/feed.xml")
def feed() -> Response:
    """An Atom feed of approved news articles in this locale, newest first (no drafts)."""
    pages = feed_pages()
    entries = [
        {
            "title": request_localizer().title(page),
            "summary": request_localizer().summary(page),
            "url": absolute(page_url(page.slug)),
            "published": page.published,
            "updated": last_changed(page),
        }
        for page in pages
    ]
    # The feed's <updated> is its latest entry's; an empty feed still needs a real one:
    # when the site was last reviewed.
    updated = max(
        (last_changed(page) for page in pages),
        default=get_site().home.reviewed,
    )
    feed_xml = render_template("feed.xml", entries=entries, updated=updated, site_title=site_name())
    body = strip_marks(feed_xml)
    return Response(body, mimetype="application/atom+xml")


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    """Every approved page (no drafts) in every advertised locale, each listing its
    alternates (hreflang)."""
    site = get_site()
    locales = languages.advertised_locales()
    urls = [
        {
            "loc": absolute(page_url(page.slug, locale)),
            "lastmod": page.updated or page.reviewed,
            "alternates": [(other, absolute(page_url(page.slug, other))) for other in locales],
        }
        for locale in locales
        for page in site.pages.values()
        if not page.draft
    ]
    return Response(render_template("sitemap.xml", urls=urls), mimetype="application/xml")


@bp.route("/robots.txt")
def robots() -> Response:
    body = f"User-agent: *\nAllow: /\n\nSitemap: {absolute(url_for('site.sitemap'))}\n"
    return Response(body, mimetype="text/plain")


def init_app(app: Flask) -> None:
    """Templates offer the feed only while it has entries."""
    app.jinja_env.globals["feed_has_entries"] = feed_has_entries
