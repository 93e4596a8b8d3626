"""The headers of every response, decided in one function: :func:`response_headers`.

Every response leaves through :func:`microsite.web.response_cache.send`, cache
hits and Flask's responses alike, and that function takes its headers from
here, so a header can never reach one path and miss the other. Of what a view
(or a cache entry) says, only the description of the body is kept
(:data:`KEPT`: its type, encoding, ETag, ``Vary``, a redirect's ``Location``, a
405's ``Allow``); everything about how the response may be used comes from the
code at send time: ``Cache-Control`` (:func:`cache_control`, one table for
every kind of response) and the security headers. So an entry read back from a
shared cache can never bring its own policy, cookie or caching.

The Content-Security-Policy allows no inline script or style except the NHS.UK
template's one-line inline script, allowed by its SHA-256 hash rather than a
nonce: a nonce must differ per response, which a cached page (the same bytes
for every visitor) cannot do, while a hash is as strict and never changes
unless the script does. The hash is computed from the template itself at
start-up, so an upgrade of the NHS.UK templates cannot silently break it.
SVG files, which can hold scripts of their own, get a policy that lets them
run nothing (``sandbox``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache, lru_cache

from jinja2 import PackageLoader

from ..content.video import VIDEO_EMBED_ORIGIN

INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)

# What a response may say about itself (lower case): everything else is dropped.
KEPT = frozenset({"content-type", "content-encoding", "etag", "vary", "location", "allow"})
# Of those, what may repeat the request (a redirect keeps its query string): never memoised.
FROM_REQUEST = frozenset({"location"})

# Kinds of response, by the Flask endpoint that made it.
PAGE, DOCUMENT, ASSET, CHOICE = "page", "document", "asset", "choice"
KINDS = {
    "site.home": PAGE,
    "site.page": PAGE,
    "site.feed": DOCUMENT,
    "site.sitemap": DOCUMENT,
    "site.robots": DOCUMENT,
    "assets.asset": ASSET,
    "site.root": CHOICE,  # the redirect by Accept-Language: each visitor's own
}
HTML_CACHE_CONTROL = "public, max-age=300"
ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable"
REDIRECT_CACHE_CONTROL = "public, max-age=300"
NOT_FOUND_CACHE_CONTROL = "public, max-age=60"
NO_STORE = "no-store"
# A successful response, by kind: pages, feeds and the sitemap change with an
# edit (5 minutes); fingerprinted assets never change under their URL.
SUCCESS = {
    PAGE: HTML_CACHE_CONTROL,
    DOCUMENT: HTML_CACHE_CONTROL,
    ASSET: ASSET_CACHE_CONTROL,
    CHOICE: "no-cache",
}
SVG = "image/svg+xml"
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def cache_control(status: int, kind: str | None, shared: bool = True) -> str:
    """``Cache-Control`` for every response, by status and kind (the one table).

    A 304 gets the value of the 200 it stands for. Errors other than "not found"
    (a refused Host, a 412, a 500) are never stored by anyone, and neither is a
    response that is not ``shared``: rendered from something its URL does not
    name (a script root), so a proxy or CDN keying by URL would give it to all.
    """
    if not shared:
        return NO_STORE
    if status in (200, 304):
        return SUCCESS.get(kind or "", NO_STORE)
    if 300 <= status < 400:
        return "no-cache" if kind == CHOICE else REDIRECT_CACHE_CONTROL
    if status in (404, 410):
        return NOT_FOUND_CACHE_CONTROL
    return NO_STORE


@cache
def template_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline scripts in the NHS.UK page template."""
    source, _name, _uptodate = PackageLoader("nhsuk_frontend_jinja").get_source(
        None,  # type: ignore[arg-type]
        "nhsuk/template.jinja",
    )
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(source)
    )


def content_security_policy() -> str:
    scripts = " ".join(("'self'", *template_script_hashes()))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            # Exactly one frame origin: the video player a visitor chooses to play
            # (templates/blocks/video.html). No other page is ever framed.
            f"frame-src {VIDEO_EMBED_ORIGIN}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


@cache
def _headers(hsts: bool, policy: str) -> tuple[tuple[str, str], ...]:
    values = [
        ("Content-Security-Policy", policy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if hsts:
        values.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return tuple(values)


def security_headers(hsts: bool, svg: bool = False) -> list[tuple[str, str]]:
    """The headers every response carries (HSTS only when the site is served over TLS);
    an SVG file's policy lets it run nothing."""
    return list(_headers(hsts, SVG_POLICY if svg else content_security_policy()))


@lru_cache(maxsize=64)
def _decided(
    status: int, kind: str | None, hsts: bool, svg: bool, shared: bool
) -> tuple[tuple[str, str], ...]:
    return (("Cache-Control", cache_control(status, kind, shared)), *_headers(
        hsts, SVG_POLICY if svg else content_security_policy()
    ))  # fmt: skip


def response_headers(
    status: int,
    kind: str | None,
    described: tuple[tuple[str, str], ...],
    length: int | None,
    hsts: bool,
    shared: bool = True,
) -> list[tuple[str, str]]:
    """Every header of a response: the one function both the fast path and Flask's use.

    ``described`` is what the view (or the cache entry) says about the body;
    only :data:`KEPT` names survive. ``length`` is the body's length (None for
    a 304, which describes no body). ``kind`` comes from :data:`KINDS`. ``shared``
    is False for a response no shared cache may keep (:func:`cache_control`).

    Memoised only when nothing described comes from the request: a redirect's
    ``Location`` repeats the request's query string, so remembering it would let
    one client fill the memo with 4,096 of its own long URLs (56 MB measured).
    """
    if any(name.lower() in FROM_REQUEST for name, _value in described):
        return list(_response_headers.__wrapped__(status, kind, described, length, hsts, shared))
    return list(_response_headers(status, kind, described, length, hsts, shared))


@lru_cache(maxsize=4096)  # a cache hit sends the same headers every time: build them once
def _response_headers(
    status: int,
    kind: str | None,
    described: tuple[tuple[str, str], ...],
    length: int | None,
    hsts: bool,
    shared: bool,
) -> tuple[tuple[str, str], ...]:
    kept = [(name, value) for name, value in described if name.lower() in KEPT]
    svg = any(
        name.lower() == "content-type" and value.partition(";")[0].strip().lower() == SVG
        for name, value in kept
    )
    if length is None:  # a 304: no description of a body it does not carry
        kept = [(n, v) for n, v in kept if n.lower() in ("etag", "vary")]
    else:
        kept.append(("Content-Length", str(length)))
    return (*kept, *_decided(status, kind, hsts, svg, shared))
