"""The page cache: rendered HTML kept in Flask-Caching, keyed so it is never stale.

A key names the content version, the locale and the path, nothing a visitor
controls beyond the path itself (no query string, no headers), so a page in the
cache is the page every visitor of that URL should get, and an edit to any
content file changes every key at once.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, request
from flask_caching import Cache

from . import i18n
from .store import snapshot

cache = Cache()


def page_key(version: str, locale: str, path: str) -> str:
    return f"page:{version}:{locale}:{path}"


def cached_page(render: Callable[[], str]) -> Response:
    """Serve the cached HTML for this URL, rendering and storing it on a miss."""
    key = page_key(snapshot().version, i18n.current_locale(), request.path)
    html = cache.get(key)
    status = "hit"
    if html is None:
        html = render()
        cache.set(key, html)
        status = "miss"
    response = Response(html, mimetype="text/html")
    response.headers["X-Cache"] = status
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def init_app(app: Flask) -> None:
    cache.init_app(app)
