"""Error pages: accessible, localized, in the site's layout, rendered once per version."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException, InternalServerError

from ..store import snapshot
from . import cache, i18n
from .i18n import gettext as _
from .views import alternates, document_title

ErrorKey = tuple[str, int, str]  # locale, status, encoding


class ErrorPages:
    """Rendered error pages by (locale, status, encoding), for one content version at a time.

    Safe across threads by construction: the version and its pages are one
    tuple replaced whole, each lookup reads that tuple once, and a page
    rendered for an old version is never stored under a newer one. A page
    rendered under a script root (``SCRIPT_NAME``), whose links differ, is
    never stored: the key does not name it.
    """

    def __init__(self) -> None:
        self._current: tuple[str, dict[ErrorKey, bytes]] = ("", {})

    def get(self, version: str, key: ErrorKey, render: Callable[[], bytes]) -> bytes:
        if request.script_root:
            return render()
        current_version, pages = self._current
        if current_version != version:
            pages = {}
            self._current = (version, pages)
        page = pages.get(key)
        if page is None:
            page = render()
            pages.setdefault(key, page)
        return page


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
    pages: ErrorPages = current_app.extensions["microsite.error_pages"]
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


def init_app(app: Flask) -> None:
    app.extensions["microsite.error_pages"] = ErrorPages()
    app.register_error_handler(HTTPException, handle_error)
    app.register_error_handler(Exception, handle_exception)
