"""Routes: pages, sitemap, robots.txt, the news feed and error pages.

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
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Response as BaseResponse  # what redirect() returns

from ..content import sanitize
from ..content.loading import Site
from ..content.models import HOME_SLUG, NewsListBlock, NoticeBlock, Page, VideoBlock
from ..content.segments import Localizer, Text
from ..store import snapshot, uk_today
from . import cache, i18n, limits
from .i18n import gettext as _
from .marking import strip_marks

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
        values["locale"] = i18n.current_locale()


def page_url(slug: str, locale: str | None = None) -> str:
    """The path of a page in ``locale`` (default: the current one). Home is ``/<locale>/``."""
    locale = locale or i18n.current_locale()
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
    advertised = i18n.advertised_locales()
    return [
        {
            "locale": locale,
            "name": i18n.language_name(locale),
            "href": page_url(slug or HOME_SLUG, locale),
            "current": locale == i18n.current_locale(),
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
    return cache.cached_page(render, snapshot().version, i18n.current_locale())


@bp.route("/")
def root() -> BaseResponse:
    """The bare domain: send the visitor to the hub in the language they prefer."""
    header = limits.header(request.environ, "HTTP_ACCEPT_LANGUAGE")  # bounded, then parsed
    accepted = parse_accept_header(header, LanguageAccept)
    locale = i18n.best_locale(accepted, i18n.advertised_locales())
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


def feed_pages() -> list[Page]:
    """The articles the news feed carries, newest first: approved ones only (no drafts)."""
    return [page for page in get_site().articles() if not page.draft]


def feed_has_entries() -> bool:
    """Whether the feed has anything in it: pages offer it only then."""
    return bool(feed_pages())


@bp.route("/<locale>/news/feed.xml")
def feed() -> Response:
    """An Atom feed of approved news articles in this locale, newest first (no drafts)."""
    entries = [
        {
            "title": request_localizer().title(page),
            "summary": request_localizer().summary(page),
            "url": absolute(page_url(page.slug)),
            "published": page.published,
            "updated": page.updated or page.published,
        }
        for page in feed_pages()
    ]
    # An empty feed still needs a real <updated>: when the site was last reviewed.
    updated = entries[0]["updated"] if entries else get_site().home.reviewed
    feed_xml = render_template("feed.xml", entries=entries, updated=updated, site_title=site_name())
    body = strip_marks(feed_xml)
    return Response(body, mimetype="application/atom+xml")


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    """Every approved page (no drafts) in every advertised locale, each listing its
    alternates (hreflang)."""
    site = get_site()
    locales = i18n.advertised_locales()
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


def _error_locale() -> str:
    """The locale for an error page: the URL's first segment if it is one we serve."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in current_app.config["LOCALES"] else current_app.config["LOCALES"][0]


def _render_error(code: int) -> str:
    if code == 404:
        # TRANSLATORS: heading and browser-tab title of the error page for an unknown address.
        heading = _("Page not found")
    elif code >= 500:
        # TRANSLATORS: heading of the error page when the server failed (as on NHS.UK).
        heading = _("Sorry, there is a problem with the service")
    else:
        # TRANSLATORS: heading of the error page for a malformed request.
        heading = _("Sorry, this request could not be handled")
    return i18n.render(
        "error.html",
        code=code,
        heading=heading,
        document_title=document_title(heading),
        alternates=alternates(None),
    )


def handle_error(error: HTTPException) -> Response:
    """Accessible, localized error pages in the site's layout.

    An error page depends only on locale, status and encoding, never on the URL,
    so each is rendered and compressed once per content version: a flood of
    random URLs costs a lookup each and cannot grow memory. Compressed like any
    page, since a 404 is some visitors' first visit (issue 14's 10 KB budget).
    """
    g.locale = g.get("locale") or _error_locale()
    code = error.code or 500
    encoding = cache.choose_encoding(request.environ)
    pages: cache.ErrorPages = current_app.extensions["microsite.error_pages"]
    try:
        body = pages.get(
            snapshot().version,
            (g.locale, code, encoding),
            lambda: cache.encode(_render_error(code).encode("utf-8"), encoding),
        )
    except Exception:  # the error page itself failed: still answer, in plain text
        current_app.logger.exception("error page %s could not be rendered", code)
        return Response(f"Error {code}", status=code, mimetype="text/plain")
    response = Response(body, status=code, mimetype="text/html")
    response.vary.add("Accept-Encoding")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_exception(error: Exception) -> Response:
    current_app.logger.exception("Unhandled error on %s", request.path)
    return handle_error(InternalServerError())


def page_paths(app: Flask) -> list[str]:
    """Every HTML page path in every locale, e.g. for tests and the freezer."""
    with app.test_request_context():
        site: Site = app.extensions["microsite.store"].current().site
        return [page_url(slug, locale) for locale in app.config["LOCALES"] for slug in site.pages]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, handle_error)
    app.register_error_handler(Exception, handle_exception)
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
        feed_has_entries=feed_has_entries,
        video_unavailable=video_unavailable,
    )
