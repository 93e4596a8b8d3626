"""The page cache: finished responses kept ready to send, never stale, nearly free to serve.

A key names the deployment (:func:`namespace`: the release, the settings that
change a page, and the cache secret), the content version, the locale, the
path and the encoding, and nothing else a visitor controls (no query string,
no other header). So a cached page is the page every visitor of that URL
should get, a release or a content or catalogue edit changes every key at
once, and two deployments sharing one Redis never read each other's entries.
Because a key's value never changes, a small in-process front cache can sit
before the shared backend (Flask-Caching: SimpleCache in one process,
RedisCache across many) without ever going stale. Values are stored in
:mod:`microsite.web.stored`'s format, which cannot execute and is checked
with the secret when read back.

The key is computed once, by :mod:`microsite.web.response_cache` from the
request's one normalised path, for both the lookup and the store. A view only
says what it rendered from (:func:`keep`); the response is stored only if that
is what the key names.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import brotli
from flask import Flask, Response, request
from flask_caching import Cache
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

from .. import config
from ..content.reading import SOURCE, FileKind, read_file
from . import limits, stored
from .stored import StoredResponse

cache = Cache()
ENCODINGS = ("identity", "gzip", "br")
ETAG_SUFFIX = {"identity": "", "gzip": "-gz", "br": "-br"}
NOTES = "microsite.notes"  # environ: the Notes of this request, for the response layer


class Notes:
    """What Flask tells the response layer about one response, through the environ.

    ``kept`` is what the view rendered from (:func:`keep`), ``kind`` the kind of
    response (:data:`microsite.web.headers.KINDS`), set after the view ran.
    """

    __slots__ = ("kept", "kind")

    def __init__(self) -> None:
        self.kept: tuple[str, ...] | None = None
        self.kind: str | None = None


def folder_hash(*folders: Path, kind: FileKind = SOURCE) -> str:
    """A hash of every file's path and bytes under ``folders`` (read by the one reader)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" not in path.parts:
                data = read_file(path, folder, kind)
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + data)
    return digest.hexdigest()[:12]


def code_version(app: Flask) -> str:
    """A hash of this package, the templates and the NHS.UK macros' version."""
    package = Path(__file__).resolve().parent.parent  # the whole microsite package
    extra = package_version("nhsuk-frontend-jinja").encode()
    digest = hashlib.sha256(folder_hash(package, Path(app.template_folder or "")).encode() + extra)
    return digest.hexdigest()[:12]


def namespace(app: Flask, secret: bytes) -> str:
    """The deployment's part of every key: the release, every setting that changes a
    rendered page (:func:`microsite.config.rendering_settings`), the accessibility run
    the statement shows, and the secret, hashed together.

    Two deployments sharing one Redis get different keys unless they would render
    the same bytes and hold the same secret. Keyed by the secret (HMAC), so the
    namespace says nothing about it.
    """
    run = app.extensions.get("microsite.accessibility_run")
    facts = {
        "release": app.config["RELEASE"],
        **{name: app.config.get(name) for name in config.rendering_settings()},
        "accessibility_run": run.model_dump_json() if run is not None else None,
    }
    text = json.dumps(facts, sort_keys=True, default=str).encode()
    return hmac.new(secret, text, hashlib.sha256).hexdigest()[:16]


def page_key(space: str, version: str, locale: str, path: str, encoding: str) -> str:
    return f"page:{space}:{version}:{locale}:{path}:{encoding}"


def asset_key(space: str, path: str, encoding: str) -> str:
    """Assets depend on the release only: their URL already names the static tree's hash."""
    return f"asset:{space}:{path}:{encoding}"


def keep(*rendered_from: str) -> None:
    """Ask the response layer (:mod:`microsite.web.response_cache`) to keep this request's
    finished response, saying what it was rendered from: a page's content version,
    locale and encoding, an asset's encoding.

    The layer stores it only under the key it computed for this request, and only if
    the key names exactly this: a page rendered from another version, locale or
    encoding than the key says is sent, never stored.
    """
    notes = request.environ.get(NOTES)
    if isinstance(notes, Notes):
        notes.kept = rendered_from


@lru_cache(maxsize=128)
def _choose(header: str) -> str:
    accepted = parse_accept_header(header, Accept)
    quality, _rank, name = max((accepted.quality(n), rank, n) for rank, n in enumerate(ENCODINGS))
    return name if quality > 0 else "identity"


def choose_encoding(environ: dict[str, Any]) -> str:
    """``br``, ``gzip`` or ``identity``: the best the client accepts, by its q-values.

    The header is bounded first (:mod:`microsite.web.limits`), then its choice is
    cached by value: browsers send only a handful of distinct ones.
    """
    return _choose(limits.header(environ, "HTTP_ACCEPT_ENCODING"))


def encode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body, 9, mtime=0)
    if encoding == "br":
        compressed: bytes = brotli.compress(body, quality=11)
        return compressed
    return body


def cache_secret(app: Flask) -> bytes:
    """The key of the cache's integrity check: the configured secret, or, for a cache
    inside one process, a random one (:func:`microsite.config.check_cache_secret`)."""
    config.check_cache_secret(app.config)
    configured = app.config.get("CACHE_SECRET") or ""
    return configured.encode("utf-8") if configured else secrets.token_bytes(32)


class PageCache:
    """The shared backend plus a bounded in-process front; never raises.

    A backend failure (Redis stopped) is logged once and pages are served
    uncached until it answers again. A stored value that fails its integrity
    check or is not a valid response (written by something else, or under
    another secret) is logged, deleted and treated as a miss, so the page is
    rendered and stored again.
    """

    def __init__(self, app: Flask, front_size: int, secret: bytes) -> None:
        self.app = app
        self.front: dict[str, StoredResponse] = {}
        self.front_size = front_size
        self.secret = secret
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
            entry = stored.loads(value, key, self.secret)
        except ValueError as error:
            self.app.logger.warning("page cache: dropped the value under %s: %s", key, error)
            self._drop(key)
            return None
        self._remember(key, entry)
        return entry

    def set(self, key: str, entry: StoredResponse) -> None:
        self._remember(key, entry)
        try:
            self.backend.set(key, stored.dumps(entry, key, self.secret))
        except Exception as error:
            self._failed(error)
            return
        self._recovered()

    def _drop(self, key: str) -> None:
        try:
            self.backend.delete(key)
        except Exception as error:
            self._failed(error)

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
    encoding = choose_encoding(request.environ)
    body = render().encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32] + ETAG_SUFFIX[encoding]
    response = Response(encode(body, encoding), mimetype="text/html")
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    keep(version, locale, encoding)
    return response


TEXT_TYPES = {"text/html", "application/xml", "application/atom+xml", "text/plain"}


def _etag_the_rest(response: Response) -> Response:
    """Strong ETags for text responses the page cache does not handle: error
    pages, the sitemap, feeds and robots.txt (``response_cache.send`` answers their 304s)."""
    if (
        response.mimetype in TEXT_TYPES
        and "ETag" not in response.headers
        and not response.direct_passthrough
        and response.status_code in (200, 404, 405)
    ):
        response.add_etag()
    return response


def init_app(app: Flask) -> None:
    """Needs the content store, the accessibility run and ``ASSET_VERSION``
    (:mod:`microsite.web.assets`) first. Raises :class:`microsite.config.ConfigError`
    for a shared cache without a secret."""
    secret = cache_secret(app)
    app.after_request(_etag_the_rest)
    cache.init_app(app)
    cache_backend = app.extensions["cache"][cache]
    cache_backend.serializer = stored.BytesSerializer()
    # The release: code and static files. A release that changes only CSS
    # must not serve cached HTML that links to the old stylesheet URL.
    app.config["RELEASE"] = f"{code_version(app)}-{app.config['ASSET_VERSION']}"
    app.config["CACHE_NAMESPACE"] = namespace(app, secret)
    # With the cache turned off (NullCache), the front cache is off too.
    off = app.config["CACHE_TYPE"] == "NullCache"
    front = 0 if off else app.config.get("PAGE_FRONT_CACHE", 256)
    app.extensions["microsite.page_cache"] = PageCache(app, front, secret)
