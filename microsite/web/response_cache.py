"""The WSGI layer every response leaves through: cache hits replayed, finished pages kept.

One path for every response, by construction. :class:`ResponseCache` sits
outside Flask and inside the gate (:mod:`microsite.web.gate`). For each request
it computes, once, the request's normalised path and from it the one cache key
(:meth:`ResponseCache.lookup_key`) used both to look the response up and to
store it. A request the key cannot name exactly (a script root, a method other
than GET or HEAD, a refused Host) has no key: it is answered, never stored.

On a miss, Flask gets the normalised path (so it renders exactly what the key
names), and a HEAD is rendered as a GET so it fills the cache like one. A view
says what it rendered from (:func:`microsite.web.cache.keep`); the response is
stored only if that is what the key names. Every response, hit or not, then
leaves through :func:`send`, which takes all its headers from
:func:`microsite.web.headers.response_headers` and answers conditional requests
with Werkzeug's ``make_conditional``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, request
from werkzeug.http import parse_etags, unquote_etag

from . import limits
from .cache import NOTES, Notes, PageCache, asset_key, choose_encoding, page_key
from .gate import REFUSED
from .headers import KEPT, KINDS, response_headers
from .stored import StoredResponse

SLASHES = re.compile("/{2,}")
# A page whose render failed is answered with the same error for this long,
# instead of being rendered again by every request (a broken render can cost
# half a second of CPU). Long enough to blunt a flood, short enough for a retry.
FAILURE_SECONDS = 5.0
MAX_FAILURES = 256


def normalised(path: str) -> str:
    """The one spelling of a path the site answers for: runs of slashes made one.

    Routing already treats ``//en/news/`` as ``/en/news/``; so does the key.
    """
    return SLASHES.sub("/", path) if "//" in path else path


def _if_match_fails(value: str, etag: str | None) -> bool:
    """RFC 9110 section 13.1.1, which Werkzeug gets wrong both ways: ``*`` matches any
    current representation (Werkzeug answers 412), and a list of tags matches only by
    strong comparison with the representation's own tag, so a response without one
    matches no tag (Werkzeug answers 200)."""
    tags = parse_etags(value)
    if tags.star_tag:
        return False
    if etag is None:
        return True
    tag, weak = unquote_etag(etag)
    return weak or tag is None or not tags.contains(tag)


def _conditional_status(environ: dict[str, Any], etag: str | None) -> int:
    """200, 304 or 412 for a conditional GET or HEAD of a 200: If-Match by
    :func:`_if_match_fails`, ``If-None-Match: *`` as RFC 9110 section 13.1.2 says
    (false for any current representation, so 304: Werkzeug checks it only against an
    ETag, which assets lack), the other conditions by Werkzeug's rules."""
    bounded = limits.conditional(environ)
    if bounded is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return 200
    if_match = bounded.pop("HTTP_IF_MATCH", None)
    if if_match is not None and _if_match_fails(if_match, etag):
        return 412
    if_none_match = bounded.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None and parse_etags(if_none_match).star_tag:
        return 304
    response = Response(status=200, headers=[("ETag", etag)] if etag else [])
    response.make_conditional(bounded)
    return response.status_code


def send(
    entry: StoredResponse,
    cache_status: str | None,
    environ: dict[str, Any],
    start_response: Callable[..., Any],
    hsts: bool,
) -> Iterable[bytes]:
    """Send a finished response: the one way every response leaves the app.

    A conditional GET or HEAD of a 200 may become a 304 (no body) or a 412
    (empty body, never stored); a HEAD gets the headers of the GET without its body.
    A response rendered under a script root, which no key names, is not stored
    here and may not be stored by a shared cache either (``no-store``).
    """
    status, body = entry.status, entry.body
    code = int(status[:3])
    if code == 200 and (
        "HTTP_IF_NONE_MATCH" in environ
        or "HTTP_IF_MATCH" in environ
        or "HTTP_IF_MODIFIED_SINCE" in environ
        or "HTTP_IF_UNMODIFIED_SINCE" in environ
    ):  # spelled out: this runs on every cache hit
        etag = next((v for n, v in entry.headers if n.lower() == "etag"), None)
        code = _conditional_status(environ, etag)
        if code == 304:
            status, body = "304 Not Modified", b""
        elif code == 412:
            status, body = "412 Precondition Failed", b""
    length = None if code == 304 else len(body)
    policy_status = 200 if code == 304 else code
    shared = not environ.get("SCRIPT_NAME")
    headers = response_headers(policy_status, entry.kind, entry.headers, length, hsts, shared)
    if cache_status:
        headers.append(("X-Cache", cache_status))
    start_response(status, headers)
    return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class ResponseCache:
    """WSGI layer outside Flask: answers cache hits, keeps finished pages, sends everything.

    Only GET and HEAD of ``/<locale>/.../`` paths and of this release's
    fingerprinted assets (by their canonical names only) are looked up;
    everything else, and every miss, goes to Flask.
    """

    def __init__(self, app: Flask, wsgi_app: Callable[..., Any]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.locales = frozenset(app.config["LOCALES"])
        self.pages: PageCache = app.extensions["microsite.page_cache"]
        self.store = app.extensions["microsite.store"]
        self.space = app.config["CACHE_NAMESPACE"]
        self.assets = f"/static/v/{app.config['ASSET_VERSION']}/"
        self.asset_files: frozenset[str] = app.config["ASSET_FILES"]
        self.hsts = bool(app.config.get("HSTS"))
        self.failures: dict[str, tuple[float, StoredResponse]] = {}

    def lookup_key(self, environ: dict[str, Any], path: str) -> tuple[str, tuple[str, ...]] | None:
        """The cache key of this request, and what a response must be rendered from to be
        stored under it; None if the request may not be answered from the cache.

        ``path`` is the normalised ``PATH_INFO``. The same key is used to look up and
        to store, so what is stored is what is looked up.
        """
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("SCRIPT_NAME"):
            return None
        if REFUSED in environ:
            return None
        if path.startswith(self.assets):
            if path[len(self.assets) :] not in self.asset_files:
                return None  # one key per file: no spelling of a path makes another entry
            encoding = choose_encoding(environ)
            return asset_key(self.space, path, encoding), (encoding,)
        if not path.endswith("/"):
            return None
        locale = path[1:].partition("/")[0]
        if locale not in self.locales:
            return None
        encoding = choose_encoding(environ)
        version = self.store.current().version
        return page_key(self.space, version, locale, path, encoding), (version, locale, encoding)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        path = normalised(environ.get("PATH_INFO", ""))
        found = self.lookup_key(environ, path)
        if found is not None:
            entry = self.pages.get(found[0])
            if entry is not None:
                return send(entry, "hit", environ, start_response, self.hsts)
            failed = self._recent_failure(found[0])
            if failed is not None:
                return send(failed, None, environ, start_response, self.hsts)
        inner = {**environ, "PATH_INFO": path}
        if environ.get("REQUEST_METHOD") == "HEAD":  # rendered like a GET, so it is kept too
            inner["REQUEST_METHOD"] = "GET"
        notes = inner[NOTES] = Notes()
        response = Response.from_app(self.wsgi_app, inner, buffered=True)
        described = tuple(
            (name, value) for name, value in response.headers.to_wsgi_list() if name.lower() in KEPT
        )
        entry = StoredResponse(response.status, notes.kind, described, response.get_data())
        response.close()
        kept = found is not None and notes.kept == found[1]
        if kept and found is not None and response.status_code == 200:
            self.pages.set(found[0], entry)
        elif found is not None and response.status_code >= 500:
            self._remember_failure(found[0], entry)
        return send(entry, "miss" if kept else None, environ, start_response, self.hsts)

    def _recent_failure(self, key: str) -> StoredResponse | None:
        failure = self.failures.get(key)
        if failure is None or failure[0] < time.monotonic():
            return None
        return failure[1]

    def _remember_failure(self, key: str, entry: StoredResponse) -> None:
        if len(self.failures) >= MAX_FAILURES:
            self.failures.clear()
        self.failures[key] = (time.monotonic() + FAILURE_SECONDS, entry)


def _note_kind(response: Response) -> Response:
    """Tell the response layer what kind of response this is, by the endpoint that made it."""
    notes = request.environ.get(NOTES)
    if isinstance(notes, Notes):
        notes.kind = KINDS.get(request.endpoint or "")
    return response


def init_app(app: Flask) -> None:
    """Install the layer; needs :func:`microsite.web.cache.init_app` and
    :func:`microsite.web.assets.init_app` first."""
    app.after_request(_note_kind)
    app.wsgi_app = ResponseCache(app, app.wsgi_app)  # type: ignore[method-assign]
