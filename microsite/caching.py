"""The page cache: rendered HTML kept in Flask-Caching, ready to send, never stale.

A key names the content version, the locale and the path, and nothing else a
visitor controls (no query string, no header), so a cached page is the page
every visitor of that URL should get, and a content or catalogue edit changes
every key at once. Each entry holds the body, its strong ETag and its gzip and
brotli encodings, all computed once, when the page is rendered; a hit costs a
cache lookup and a header check.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from typing import NamedTuple

import brotli
from flask import Flask, Response, current_app, request
from flask_caching import Cache

from . import i18n
from .store import snapshot

cache = Cache()
HTML_CACHE_CONTROL = "public, max-age=300"


class Page(NamedTuple):
    """A rendered page in every encoding we serve (a tuple: it pickles small, for Redis)."""

    body: bytes
    etag: str
    gzip: bytes
    br: bytes


def page_key(version: str, locale: str, path: str) -> str:
    return f"page:{version}:{locale}:{path}"


def encode(html: str) -> Page:
    body = html.encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32]
    return Page(body, etag, gzip.compress(body, 9, mtime=0), brotli.compress(body, quality=11))


def _cache_down(error: Exception) -> None:
    """Log a cache outage once; pages keep being served, rendered without the cache."""
    if not current_app.extensions.get("microsite.cache_down"):
        current_app.extensions["microsite.cache_down"] = True
        current_app.logger.error("page cache unavailable, serving uncached pages: %s", error)


def _cache_up() -> None:
    if current_app.extensions.pop("microsite.cache_down", False):
        current_app.logger.warning("page cache available again")


def _lookup(key: str) -> Page | None:
    try:
        value = cache.get(key)
    except Exception as error:  # e.g. Redis stopped: a cache outage must not take pages down
        _cache_down(error)
        return None
    _cache_up()
    return Page(*value) if value else None


def _store(key: str, page: Page) -> None:
    try:
        cache.set(key, tuple(page))
    except Exception as error:
        _cache_down(error)


def choose_encoding(accept_encoding) -> str:
    """``br``, ``gzip`` or ``identity``: the best the client accepts, by its q-values."""
    options = [(accept_encoding.quality(name), rank, name) for rank, name in
               enumerate(("identity", "gzip", "br"))]  # fmt: skip
    quality, _rank, name = max(options)
    return name if quality > 0 else "identity"


def respond(page: Page, status: str) -> Response:
    """Send ``page`` in the client's best encoding, or 304 if it already has it."""
    encoding = choose_encoding(request.accept_encodings)
    suffix = {"identity": "", "gzip": "-gz", "br": "-br"}[encoding]
    etag = page.etag + suffix
    if any(tag in request.if_none_match for tag in (etag, page.etag)):
        response = Response(status=304)
    else:
        body = {"identity": page.body, "gzip": page.gzip, "br": page.br}[encoding]
        response = Response(body, mimetype="text/html")
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    response.headers["Cache-Control"] = HTML_CACHE_CONTROL
    response.vary.add("Accept-Encoding")
    response.headers["X-Cache"] = status
    return response


def cached_page(render: Callable[[], str]) -> Response:
    """Serve the cached page for this URL, rendering and storing it on a miss."""
    key = page_key(snapshot().version, i18n.current_locale(), request.path)
    page = _lookup(key)
    status = "hit"
    if page is None:
        page = encode(render())
        _store(key, page)
        status = "miss"
    return respond(page, status)


def init_app(app: Flask) -> None:
    cache.init_app(app)
