"""Routes for pages, and what templates call to build them.

The news feed, sitemap and robots.txt are in :mod:`.feeds`, error pages in
:mod:`.errors`; both add to this module's blueprint and import from it, never
the reverse.

Views ask :func:`get_site` for content and hand it to a template; they never
open files and never build HTML. Every page URL starts with a real locale
segment (``/en/...``), pulled out once by the URL preprocessor below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    request,
    url_for,
)
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Response as BaseResponse  # what redirect() returns

from ..content import sanitize
from ..content.models import NewsListBlock, NoticeBlock, Page
from ..content.segments import Localizer, Text
from ..content.site import Site
from ..content.values import HOME_SLUG
from ..content.video import VideoBlock
from ..store import snapshot, uk_today
from . import cache, i18n, languages, limits
from .i18n import gettext as _

bp = Blueprint("site", __name__)


def get_site() -> Site:
    """The loaded content: the one door views use to reach pages."""
    return snapshot().site


@bp.url_value_preprocessor
def _pull_locale(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "locale" in values:
        locale = values.pop("locale")
        if locale not in current_app.config["LOCALES"]:
            abort(404)
        g.locale = locale


@bp.url_defaults
def _add_locale(endpoint: str, values: dict[str, Any]) -> None:
    if "locale" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        values["locale"] = languages.current_locale()


def page_url(slug: str, locale: str | None = None) -> str:
    """The path of a page in ``locale`` (default: the current one). Home is ``/<locale>/``."""
    locale = locale or languages.current_locale()
    if slug == HOME_SLUG:
        return url_for("site.home", locale=locale)
    return url_for("site.page", locale=locale, slug=slug)


def role_url(role: str) -> str | None:
    """The URL of the page playing ``role`` ('news', 'privacy' ...), or None if no page
    does: templates link to pages by what they are, never by slug."""
    page = get_site().with_role(role)
    return page_url(page.slug) if page is not None else None


def hub_url(locale: str | None = None) -> str:
    """The hub's URL in ``locale`` (default: the current one)."""
    return page_url(HOME_SLUG, locale)


def absolute(path: str) -> str:
    """An absolute URL on the public site, for sitemap, feed and Open Graph tags."""
    site_url: str = current_app.config["SITE_URL"]
    return site_url.rstrip("/") + path


def rich(html: str) -> Markup:
    """Template filter for rich text: already sanitized at load; resolve ``page:`` links."""
    return Markup(sanitize.resolve_internal_links(html, page_url))


ROLE_TEXT = ' role="text"'
CALLOUT_BODY = "\x00callout-body\x00"  # a slot no escaped or rendered text can contain


def callout(frame: str, body: str) -> Markup:
    """Template filter: the NHS.UK warning callout without its invalid ``role="text"``.

    The macro is rendered around :data:`CALLOUT_BODY`, so only the macro's own
    markup (where the heading is escaped and cannot hold that attribute) loses
    it; the body, which may hold an editor's rich text, goes in untouched.
    """
    head, tail = str(frame).split(CALLOUT_BODY, 1)
    return Markup(head.replace(ROLE_TEXT, "") + str(body) + tail.replace(ROLE_TEXT, ""))


def link_href(link: Mapping[str, Any]) -> str:
    """Where a (localized) content link goes: another site's URL or one of our pages."""
    return str(link["url"]) if link["url"] is not None else page_url(link["page"])


def request_localizer() -> Localizer:
    """This request's localizer: one per request, so it counts every fallback on the page."""
    return i18n.localizer()


def site_name() -> Text:
    """The service name in the header and titles: the hub's title ("Cancer")."""
    return request_localizer().title(get_site().home)


def document_title(title: str | None) -> str:
    """``Page title - Cancer - NHS England``; the hub (no title) is ``Cancer - NHS England``."""
    # TRANSLATORS: the last part of every page title in the browser tab and search results
    # ("News - Cancer - NHS England"); keep "NHS England" as in the glossary.
    parts = [str(site_name()), _("NHS England")]
    return " - ".join([title, *parts] if title else parts)


def alternates(slug: str | None) -> list[dict[str, Any]]:
    """The same page in every locale, for the language switcher and hreflang links
    (the hub, for pages that are not content, such as errors)."""
    advertised = languages.advertised_locales()
    return [
        {
            "locale": locale,
            "name": languages.language_name(locale),
            "href": page_url(slug or HOME_SLUG, locale),
            "current": locale == languages.current_locale(),
            "advertised": locale in advertised,  # in hreflang links, not only the switcher
        }
        for locale in current_app.config["LOCALES"]
    ]


def video_unavailable(link: Mapping[str, Any]) -> bool:
    """Whether ``link`` leads to a video page whose video this site cannot offer (no
    address is known): a card to it must not promise a video."""
    target = get_site().pages.get(link["page"]) if link["page"] else None
    if target is None or target.template != "video":
        return False
    return not any(isinstance(b, VideoBlock) and b.watch_url for b in target.blocks)


def shown_blocks(page: Page, view: dict[str, Any]) -> list[Any]:
    """The page's blocks as the visitor sees them today: a notice past its last day
    (:meth:`NoticeBlock.shown_on`, the one rule) is left out."""
    today = snapshot().day or uk_today()
    return [
        shown
        for block, shown in zip(page.blocks, view["blocks"], strict=True)
        if not isinstance(block, NoticeBlock) or block.shown_on(today)
    ]


def without_section_pages(blocks: list[Any], section: list[Page], slug: str) -> list[Any]:
    """Related links minus the pages "Also in this section" lists just after them: a
    screen reader would say the same link twice in a row. A block left empty goes."""
    listed = {p.slug for p in section if p.slug != slug} if len(section) > 1 else set()
    shown = []
    for block in blocks:
        if block["type"] == "related_links":
            links = [link for link in block["links"] if link["page"] not in listed]
            if not links:
                continue
            block = {**block, "links": links}
        shown.append(block)
    return shown


def render_page(page: Page) -> str:
    site = get_site()
    local = request_localizer()
    view = local.page(page)
    view["blocks"] = without_section_pages(
        shown_blocks(page, view), site.section(page.slug), page.slug
    )
    # NHS.UK macros take text through filters that drop a str subclass's
    # markup, so localized titles go in as Markup (escape keeps lang marking).
    crumbs = [
        {"text": escape(local.title(p)), "href": page_url(p.slug), "slug": p.slug}
        for p in site.ancestors(page.slug)
    ]
    section = [
        {
            "text": escape(local.title(p)),
            "href": page_url(p.slug),
            "current": p.slug == page.slug,
        }
        for p in site.section(page.slug)
    ]
    # Only the articles the page lists are localized: each fallback counted
    # must be one the visitor sees, or the "not translated" notice would lie.
    shown = max((b.limit for b in page.blocks if isinstance(b, NewsListBlock)), default=0)
    articles = [
        {
            "title": local.title(p),
            "summary": local.summary(p),
            "href": page_url(p.slug),
            "published": p.published,
        }
        for p in site.articles()[:shown]
    ]
    title = None if page.slug == HOME_SLUG else str(view["title"])
    name = site_name()
    return i18n.render(
        f"pages/{page.template}.html",
        page=view,
        breadcrumbs=crumbs,
        section_items=section,
        articles=articles,
        document_title=document_title(title),
        title_lang=(view["title"].fallback_lang if title else name.fallback_lang),
        canonical_url=absolute(page_url(page.slug)),
        alternates=alternates(page.slug),
    )


def _cached(render: Callable[[], str]) -> Response:
    """This request's page through the page cache, keyed by the content it is built from."""
    return cache.cached_page(render, snapshot().version, languages.current_locale())


@bp.route("/")
def root() -> BaseResponse:
    """The bare domain: send the visitor to the hub in the language they prefer."""
    header = limits.header(request.environ, "HTTP_ACCEPT_LANGUAGE")  # bounded, then parsed
    accepted = parse_accept_header(header, LanguageAccept)
    locale = languages.best_locale(accepted, languages.advertised_locales())
    response = redirect(url_for("site.home", locale=locale))
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.route("/<locale>/")
def home() -> Response:
    return _cached(lambda: render_page(get_site().home))


@bp.route("/<locale>/<slug>/")
def page(slug: str) -> BaseResponse:
    if slug == HOME_SLUG:
        return redirect(page_url(HOME_SLUG), 301)
    if slug not in get_site().pages:
        abort(404)
    return _cached(lambda: render_page(get_site().pages[slug]))


def page_paths(app: Flask) -> list[str]:
    """Every HTML page path in every locale, e.g. for tests and the freezer."""
    with app.test_request_context():
        site: Site = app.extensions["microsite.store"].current().site
        return [page_url(slug, locale) for locale in app.config["LOCALES"] for slug in site.pages]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)  # with the feed routes (feeds.py), imported before this
    app.jinja_env.filters["rich"] = rich
    app.jinja_env.filters["callout"] = callout
    app.jinja_env.globals["CALLOUT_BODY"] = CALLOUT_BODY
    app.jinja_env.globals.update(
        page_url=page_url,
        role_url=role_url,
        hub_url=hub_url,
        link_href=link_href,
        link_treatment=sanitize.link_treatment,
        site_name=site_name,
        absolute=absolute,
        accessibility_run=lambda: current_app.extensions["microsite.accessibility_run"],
        video_unavailable=video_unavailable,
    )
