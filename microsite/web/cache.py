"""The page cache: finished responses kept ready to send, never stale, nearly free to serve.

A key names the release (a hash of the code, templates and static files), the
content version, the locale, the path and the encoding, and nothing else a
visitor controls (no query string, no other header). So a cached page is the
page every visitor of that URL should get, and a release or a content or
catalogue edit changes every key at once. Because a key's value never changes,
a small in-process front cache can sit before the shared backend
(Flask-Caching: SimpleCache in one process, RedisCache across many) without
ever going stale. Values are stored in :mod:`microsite.web.stored`'s format,
which cannot execute.

Views mark a response to be kept (:func:`keep`); the WSGI layer in
:mod:`microsite.web.response_cache` keeps it once Flask has finished it and replays it
on hits, so a hit carries everything Flask adds.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import brotli
from flask import Flask, Response, current_app, request
from flask_caching import Cache
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

from . import stored
from .stored import StoredResponse

cache = Cache()
HTML_CACHE_CONTROL = "public, max-age=300"
ENCODINGS = ("identity", "gzip", "br")
ETAG_SUFFIX = {"identity": "", "gzip": "-gz", "br": "-br"}
STORE_KEY = "microsite.keep_as"  # environ: a list where a page view puts its cache key


def folder_hash(*folders: Path) -> str:
    """A hash of every file's path and bytes under ``folders``."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def code_version(app: Flask) -> str:
    """A hash of this package, the templates and the NHS.UK macros' version."""
    package = Path(__file__).resolve().parent.parent  # the whole microsite package
    extra = package_version("nhsuk-frontend-jinja").encode()
    digest = hashlib.sha256(folder_hash(package, Path(app.template_folder or "")).encode() + extra)
    return digest.hexdigest()[:12]


def page_key(release: str, version: str, locale: str, path: str, encoding: str) -> str:
    return f"page:{release}:{version}:{locale}:{path}:{encoding}"


def asset_key(release: str, path: str, encoding: str) -> str:
    """Assets depend on the release only: their URL already names the static tree's hash."""
    return f"asset:{release}:{path}:{encoding}"


def keep(key: str) -> None:
    """Ask the response layer (:mod:`microsite.web.response_cache`) to keep this request's
    finished response under ``key``.

    The key must be the one :meth:`ResponseCache.lookup_key` computes for the
    same request, or the entry is never found.
    """
    marks = request.environ.get(STORE_KEY)
    if marks is not None:  # set by ResponseCache (Werkzeug hands Flask a copy of the environ)
        marks.append(key)


@lru_cache(maxsize=128)
def choose_encoding(header: str) -> str:
    """``br``, ``gzip`` or ``identity``: the best the client accepts, by its q-values.

    Cached by header value: browsers send only a handful of distinct ones.
    """
    accepted = parse_accept_header(header, Accept)
    quality, _rank, name = max((accepted.quality(n), rank, n) for rank, n in enumerate(ENCODINGS))
    return name if quality > 0 else "identity"


def encode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body, 9, mtime=0)
    if encoding == "br":
        return brotli.compress(body, quality=11)
    return body


class PageCache:
    """The shared backend plus a bounded in-process front; never raises.

    A backend failure (Redis stopped) is logged once and pages are served
    uncached until it answers again. A stored value that is not a valid
    response (written by something else) is logged, ignored and overwritten.
    """

    def __init__(self, app: Flask, front_size: int) -> None:
        self.app = app
        self.front: dict[str, StoredResponse] = {}
        self.front_size = front_size
        self.lock = threading.Lock()
        self.down = False

    @property
    def backend(self) -> Any:
        return self.app.extensions["cache"][cache]

    def get(self, key: str) -> StoredResponse | None:
        entry = self.front.get(key)  # one dict read: atomic, so no lock on the hit path
        if entry is not None:
            return entry
        try:
            value = self.backend.get(key)
        except Exception as error:  # e.g. Redis stopped: a cache outage must not stop pages
            self._failed(error)
            return None
        self._recovered()
        if value is None:
            return None
        try:
            entry = stored.loads(value)
        except ValueError as error:
            self.app.logger.warning("page cache: ignored the value under %s: %s", key, error)
            return None
        self._remember(key, entry)
        return entry

    def set(self, key: str, entry: StoredResponse) -> None:
        self._remember(key, entry)
        try:
            self.backend.set(key, stored.dumps(entry))
        except Exception as error:
            self._failed(error)
            return
        self._recovered()

    def _remember(self, key: str, entry: StoredResponse) -> None:
        if self.front_size <= 0:
            return
        with self.lock:  # oldest stored goes first: entries never change, so no reordering
            self.front[key] = entry
            while len(self.front) > self.front_size:
                del self.front[next(iter(self.front))]

    def _failed(self, error: Exception) -> None:
        if not self.down:
            self.down = True
            self.app.logger.error("page cache unavailable, serving uncached pages: %s", error)

    def _recovered(self) -> None:
        if self.down:
            self.down = False
            self.app.logger.warning("page cache available again")


def cached_page(render: Callable[[], str], version: str, locale: str) -> Response:
    """This URL's page, in the encoding the client prefers, marked to be kept.

    Called by Flask only on a miss: hits never reach Flask. Each encoding is
    its own entry with its own strong ETag. The caller names the content
    ``version`` and ``locale`` the page is rendered from, so this module needs
    neither the store nor the locale rules.
    """
    encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
    release = current_app.config["RELEASE"]
    key = page_key(release, version, locale, request.path, encoding)
    body = render().encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32] + ETAG_SUFFIX[encoding]
    response = Response(encode(body, encoding), mimetype="text/html")
    response.set_etag(etag)
    response.headers["Cache-Control"] = HTML_CACHE_CONTROL
    response.vary.add("Accept-Encoding")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    keep(key)
    return response


class ErrorPages:
    """Rendered error pages by (locale, status), for one content version at a time.

    Safe across threads by construction: the version and its pages are one
    tuple replaced whole, each lookup reads that tuple once, and a page
    rendered for an old version is never stored under a newer one.
    """

    def __init__(self) -> None:
        self._current: tuple[str, dict[tuple, Any]] = ("", {})

    def get(self, version: str, key: tuple, render: Callable[[], Any]) -> Any:
        current_version, pages = self._current
        if current_version != version:
            pages = {}
            self._current = (version, pages)
        html = pages.get(key)
        if html is None:
            html = render()
            pages.setdefault(key, html)
        return html


TEXT_TYPES = {"text/html", "application/xml", "application/atom+xml", "text/plain"}


def _etag_the_rest(response: Response) -> Response:
    """Strong ETags for text responses the page cache does not handle: error
    pages, the sitemap, feeds and robots.txt (``responses.send`` answers their 304s)."""
    if (
        response.mimetype in TEXT_TYPES
        and "ETag" not in response.headers
        and not response.direct_passthrough
        and response.status_code in (200, 404, 405)
    ):
        response.add_etag()
    return response


def init_app(app: Flask) -> None:
    """Needs the content store and ``ASSET_VERSION`` (:mod:`microsite.web.assets`) first."""
    app.after_request(_etag_the_rest)
    cache.init_app(app)
    cache_backend = app.extensions["cache"][cache]
    cache_backend.serializer = stored.BytesSerializer()
    # The release: code and static files. A release that changes only CSS
    # must not serve cached HTML that links to the old stylesheet URL.
    app.config["RELEASE"] = f"{code_version(app)}-{app.config['ASSET_VERSION']}"
    # With the cache turned off (NullCache), the front cache is off too.
    off = app.config["CACHE_TYPE"] == "NullCache"
    front = 0 if off else app.config.get("PAGE_FRONT_CACHE", 256)
    app.extensions["microsite.page_cache"] = PageCache(app, front)
    app.extensions["microsite.error_pages"] = ErrorPages()
