"""Security headers for every response, cached pages included.

The Content-Security-Policy allows no inline script or style except the NHS.UK
template's one-line inline script, allowed by its SHA-256 hash rather than a
nonce: a nonce must differ per response, which a cached page (the same bytes
for every visitor) cannot do, while a hash is as strict and never changes
unless the script does. The hash is computed from the template itself at
start-up, so an upgrade of the NHS.UK templates cannot silently break it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

from flask import Flask, Response, current_app
from jinja2 import PackageLoader

from ..content.models import VIDEO_EMBED_ORIGIN

INLINE_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)


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
def _headers(hsts: bool) -> tuple[tuple[str, str], ...]:
    values = [
        ("Content-Security-Policy", content_security_policy()),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if hsts:
        values.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return tuple(values)


def security_headers(hsts: bool) -> list[tuple[str, str]]:
    """The headers every response carries (HSTS only when the site is served over TLS)."""
    return list(_headers(hsts))


def _add(response: Response) -> Response:
    for name, value in security_headers(bool(current_app.config.get("HSTS"))):
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add)
