"""The page cache: rendered HTML kept ready to send, never stale, nearly free to serve.

A key names the content version, the locale and the path, and nothing else a
visitor controls (no query string, no header), so a cached page is the page
every visitor of that URL should get, and a content or catalogue edit changes
every key at once. Because a key's value never changes, a small in-process
front cache can sit before the shared backend (Flask-Caching: SimpleCache in
one process, RedisCache across many) without ever going stale.

Each entry holds the body, its strong ETag and its gzip and brotli encodings,
each computed once, the first time a client asks for it. Hits are answered by
:class:`FastPath`, a WSGI layer in front of Flask that skips routing and the
request context, so a cached page costs about as much as a constant string.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

import brotli
from flask import Flask, Response, current_app, request
from flask_caching import Cache
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

from . import headers, i18n
from .store import snapshot

cache = Cache()
HTML_CACHE_CONTROL = "public, max-age=300"
ENCODINGS = ("identity", "gzip", "br")


class Page(NamedTuple):
    """A rendered page; compressed forms are filled in as clients ask for them.

    A plain tuple, so it pickles small for Redis.
    """

    body: bytes
    etag: str
    gzip: bytes | None = None
    br: bytes | None = None

    def encoded(self, encoding: str) -> bytes:
        return {"identity": self.body, "gzip": self.gzip, "br": self.br}[encoding]


def page_key(version: str, locale: str, path: str) -> str:
    return f"page:{version}:{locale}:{path}"


def new_page(html: str) -> Page:
    body = html.encode("utf-8")
    return Page(body, hashlib.sha256(body).hexdigest()[:32])


def with_encoding(page: Page, encoding: str) -> Page:
    if encoding == "gzip" and page.gzip is None:
        return page._replace(gzip=gzip.compress(page.body, 9, mtime=0))
    if encoding == "br" and page.br is None:
        return page._replace(br=brotli.compress(page.body, quality=11))
    return page


@lru_cache(maxsize=128)
def choose_encoding(header: str) -> str:
    """``br``, ``gzip`` or ``identity``: the best the client accepts, by its q-values.

    Cached by header value: browsers send only a handful of distinct ones.
    """
    accepted = parse_accept_header(header, Accept)
    quality, _rank, name = max((accepted.quality(n), rank, n) for rank, n in enumerate(ENCODINGS))
    return name if quality > 0 else "identity"


class PageCache:
    """The shared backend plus a bounded in-process front; never raises.

    A backend failure (Redis stopped) is logged once and pages are served
    uncached until it answers again.
    """

    def __init__(self, app: Flask, front_size: int) -> None:
        self.app = app
        self.front: OrderedDict[str, Page] = OrderedDict()
        self.front_size = front_size
        self.lock = threading.Lock()
        self.down = False

    @property
    def backend(self) -> Any:
        return self.app.extensions["cache"][cache]

    def get(self, key: str) -> Page | None:
        with self.lock:
            page = self.front.get(key)
            if page is not None:
                self.front.move_to_end(key)
                return page
        try:
            value = self.backend.get(key)
        except Exception as error:  # e.g. Redis stopped: a cache outage must not stop pages
            self._failed(error)
            return None
        self._recovered()
        if value is None:
            return None
        page = Page(*value)
        self._remember(key, page)
        return page

    def set(self, key: str, page: Page) -> None:
        self._remember(key, page)
        try:
            self.backend.set(key, tuple(page))
        except Exception as error:
            self._failed(error)
            return
        self._recovered()

    def _remember(self, key: str, page: Page) -> None:
        with self.lock:
            self.front[key] = page
            self.front.move_to_end(key)
            while len(self.front) > self.front_size:
                self.front.popitem(last=False)

    def _failed(self, error: Exception) -> None:
        if not self.down:
            self.down = True
            self.app.logger.error("page cache unavailable, serving uncached pages: %s", error)

    def _recovered(self) -> None:
        if self.down:
            self.down = False
            self.app.logger.warning("page cache available again")


def page_cache() -> PageCache:
    return current_app.extensions["microsite.page_cache"]


def response_headers(page: Page, encoding: str, status: str, hsts: bool) -> list[tuple[str, str]]:
    """Headers of a page response, the same on the fast path and through Flask."""
    suffix = {"identity": "", "gzip": "-gz", "br": "-br"}[encoding]
    result = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("ETag", f'"{page.etag}{suffix}"'),
        ("Cache-Control", HTML_CACHE_CONTROL),
        ("Vary", "Accept-Encoding"),
        ("X-Cache", status),
    ]
    if encoding != "identity":
        result.append(("Content-Encoding", encoding))
    return result + headers.security_headers(hsts)


def _not_modified(page: Page, if_none_match: str) -> bool:
    return bool(if_none_match) and (if_none_match.strip() == "*" or page.etag in if_none_match)


def cached_page(render: Callable[[], str]) -> Response:
    """Serve this URL's page from the cache, rendering and storing it on a miss."""
    key = page_key(snapshot().version, i18n.current_locale(), request.path)
    store = page_cache()
    encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
    page = store.get(key)
    status = "hit"
    if page is None:
        page, status = new_page(render()), "miss"
    if page.encoded(encoding) is None or status == "miss":
        page = with_encoding(page, encoding)
        store.set(key, page)
    if _not_modified(page, request.headers.get("If-None-Match", "")):
        response = Response(status=304)
    else:
        response = Response(page.encoded(encoding))
    hsts = bool(current_app.config.get("HSTS"))
    for name, value in response_headers(page, encoding, status, hsts):
        response.headers[name] = value
    return response


class FastPath:
    """WSGI middleware answering cache hits before Flask sees the request.

    Only GET and HEAD of ``/<locale>/...`` paths whose page is already cached in
    the wanted encoding take this path; everything else, including every miss,
    goes to Flask unchanged, so both paths send the same bytes and headers.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.locales = frozenset(app.config["LOCALES"])
        self.hsts = bool(app.config.get("HSTS"))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if method in ("GET", "HEAD") and path.endswith("/") and not environ.get("SCRIPT_NAME"):
            locale = path[1:].split("/", 1)[0]
            if locale in self.locales:
                answer = self._hit(environ, locale, path, start_response, method == "HEAD")
                if answer is not None:
                    return answer
        return self.wsgi_app(environ, start_response)

    def _hit(self, environ, locale, path, start_response, head_only) -> Iterable[bytes] | None:
        version = self.app.extensions["microsite.store"].current().version
        page = self.app.extensions["microsite.page_cache"].get(page_key(version, locale, path))
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if page is None or page.encoded(encoding) is None:
            return None
        headers_out = response_headers(page, encoding, "hit", self.hsts)
        if _not_modified(page, environ.get("HTTP_IF_NONE_MATCH", "")):
            start_response("304 NOT MODIFIED", [h for h in headers_out if h[0] != "Content-Type"])
            return [b""]
        body = page.encoded(encoding)
        start_response("200 OK", [*headers_out, ("Content-Length", str(len(body)))])
        return [b""] if head_only else [body]


TEXT_TYPES = {"text/html", "application/xml", "application/atom+xml", "text/plain"}


def _etag_the_rest(response: Response) -> Response:
    """Strong ETags (and 304s) for text responses the page cache does not handle:
    error pages, the sitemap, feeds and robots.txt."""
    if (
        response.mimetype in TEXT_TYPES
        and "ETag" not in response.headers
        and not response.direct_passthrough
        and response.status_code in (200, 404, 405)
    ):
        response.add_etag()
        if response.status_code == 200:
            response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_etag_the_rest)
    cache.init_app(app)
    # With the cache turned off (NullCache), the front cache is off too.
    off = app.config["CACHE_TYPE"] == "NullCache"
    front = 0 if off else app.config.get("PAGE_FRONT_CACHE", 256)
    app.extensions["microsite.page_cache"] = PageCache(app, front)
    app.wsgi_app = FastPath(app)  # type: ignore[method-assign]
