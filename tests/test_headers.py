"""Every response carries the security headers; the CSP allows no inline code except
the NHS.UK template's one script, by hash."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from microsite import create_app

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def asset(client) -> str:
    return re.search(
        r'href="(/static/v/[^"]+\.css)"', client.get("/en/").get_data(as_text=True)
    ).group(1)


@pytest.mark.parametrize("path", ["/", "/en/", "/en/", "/cy/news/", "/en/missing/", "/sitemap.xml",
                                  "/robots.txt", "/en/news/feed.xml", "ASSET"])  # fmt: skip
def test_security_headers_everywhere(client, path):
    response = client.get(asset(client) if path == "ASSET" else path)
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{path}: {name}"
    policy = response.headers["Content-Security-Policy"]
    for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "form-action 'self'", "default-src 'self'"]:  # fmt: skip
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "Permissions-Policy" in response.headers
    assert "Strict-Transport-Security" not in response.headers


def test_the_inline_script_is_allowed_by_its_hash(client):
    html = client.get("/en/").get_data(as_text=True)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert scripts, "expected the NHS.UK template's inline script"
    policy = client.get("/en/").headers["Content-Security-Policy"]
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_hsts_when_configured():
    client = create_app({"TESTING": True, "HSTS": "1"}).test_client()
    for _ in range(2):  # the miss through Flask, then the hit on the fast path
        response = client.get("/en/")
        assert (
            response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        )
