"""The WSGI layer every response leaves through: cache hits replayed, finished responses kept.

One path for every response, by construction. :class:`ResponseCache` sits
outside Flask. A view marks its response to be kept (:func:`caching.keep`);
once Flask has finished it (every ``after_request`` hook included) this layer
stores the status, headers and body exactly as sent, and answers later hits by
replaying them, so hits carry whatever Flask adds, now or after any future
change. Conditional requests (``If-None-Match`` ...) are answered for every
response, hit or not, by one function, :func:`send`, with Werkzeug's
``make_conditional``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Response

from .cache import STORE_KEY, PageCache, asset_key, choose_encoding, page_key
from .stored import StoredResponse


def send(
    entry: StoredResponse, cache_status: str | None, environ: dict, start_response: Callable
) -> Iterable[bytes]:
    """Send a finished response: the one way every response leaves the app.

    A conditional GET or HEAD of a 200 goes through Werkzeug's
    ``make_conditional`` (ETags parsed with ``parse_etags``, so ``"x-gz"``
    never matches ``"x"``); any other request needs no conditional work and
    is sent as stored.
    """
    headers = list(entry.headers)
    if cache_status:
        headers.append(("X-Cache", cache_status))
    if entry.status.startswith("200") and (
        "HTTP_IF_NONE_MATCH" in environ
        or "HTTP_IF_MODIFIED_SINCE" in environ
        or "HTTP_IF_MATCH" in environ
        or "HTTP_IF_UNMODIFIED_SINCE" in environ
    ):
        response = Response(entry.body, entry.status, headers)
        response.make_conditional(environ)
        return response(environ, start_response)
    start_response(entry.status, headers)
    return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [entry.body]


class ResponseCache:
    """WSGI layer outside Flask: answers cache hits, keeps finished pages, sends everything.

    Only GET and HEAD of ``/<locale>/.../`` paths and of this release's
    fingerprinted assets are looked up; everything else, and every miss, goes
    to Flask. What Flask returns is buffered and
    sent through :func:`send`; if a page view marked it (a GET with status
    200), it is kept under the view's key first.
    """

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.locales = frozenset(app.config["LOCALES"])
        self.pages: PageCache = app.extensions["microsite.page_cache"]
        self.store = app.extensions["microsite.store"]
        self.release = app.config["RELEASE"]
        self.assets = f"/static/v/{app.config['ASSET_VERSION']}/"

    def lookup_key(self, environ: dict) -> str | None:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if path.startswith(self.assets) and not environ.get("SCRIPT_NAME"):
            encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
            return asset_key(self.release, path, encoding)
        if not path.endswith("/"):
            return None
        locale = path[1:].partition("/")[0]
        if locale not in self.locales or environ.get("SCRIPT_NAME"):
            return None
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        version = self.store.current().version
        return page_key(self.release, version, locale, path, encoding)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = self.lookup_key(environ)
        if key is not None:
            entry = self.pages.get(key)
            if entry is not None:
                return send(entry, "hit", environ, start_response)
        keep: list[str] = []
        environ[STORE_KEY] = keep
        response = Response.from_app(self.wsgi_app, environ, buffered=True)
        entry = StoredResponse(
            response.status, tuple(response.headers.to_wsgi_list()), response.get_data()
        )
        response.close()
        if keep and response.status_code == 200 and environ["REQUEST_METHOD"] == "GET":
            self.pages.set(keep[0], entry)
        return send(entry, "miss" if keep else None, environ, start_response)


def init_app(app: Flask) -> None:
    """Install the layer; needs :func:`microsite.web.cache.init_app` first."""
    app.wsgi_app = ResponseCache(app, app.wsgi_app)  # type: ignore[method-assign]
