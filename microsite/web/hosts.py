"""The Host header: which ones the site answers, and why no response repeats one.

A Host header is whatever the visitor sends. If it reached a response, a
shared cache could keep ``Location: http://evil.example/...`` for everyone.
So two rules hold for every response:

- Requests for a Host that is not configured (``TRUSTED_HOSTS``, Flask's own
  setting) are refused with the site's 400 page, before anything else, the
  cache's fast path included, sees them.
- Redirects are relative (``Location: /en/news/``), so they never name a host,
  and every redirect says how long it may be cached.

Flask checks ``TRUSTED_HOSTS`` itself while routing, but a request it refuses
there has no URL adapter, so its error page could not link anywhere. Checking
first, in a WSGI layer, lets the refusal reach Flask under the site's own host
and get the real, localized error page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, redirect, request
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as BaseResponse  # what redirect() returns
from werkzeug.wsgi import get_host, host_is_trusted

REDIRECT_CACHE_CONTROL = "public, max-age=300"
REFUSED = "microsite.refused_host"
LOCAL_HOSTS = ("127.0.0.1", "localhost")
MAX_HOST_DECISIONS = 256


def trusted_hosts(setting: str | list[str] | None, site_url: str) -> list[str] | None:
    """The hosts to answer, from ``MICROSITE_TRUSTED_HOSTS``.

    Empty (the default) means the host of ``site_url`` plus 127.0.0.1 and
    localhost; ``*`` means any host (for a proxy that checks hosts itself);
    otherwise a comma-separated list (a leading dot allows subdomains).
    """
    if setting is None or isinstance(setting, list):
        return setting
    if setting.strip() == "*":
        return None
    names = [name.strip() for name in setting.split(",") if name.strip()]
    if names:
        return names
    site_host = urlsplit(site_url).hostname
    return list(dict.fromkeys([*([site_host] if site_host else []), *LOCAL_HOSTS]))


class RefuseUntrustedHosts:
    """WSGI layer in front of everything: an untrusted or empty Host is answered
    by Flask itself (not the cache's fast path) as a 400, under the site's host."""

    def __init__(self, app: Flask, site_host: str) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.site_host = site_host
        # Decisions by (Host header, server address, trusted list): checking a
        # host costs IDNA encoding, more than answering a cached page. Bounded,
        # so a flood of made-up hosts cannot grow it.
        self.decisions: dict[tuple, bool] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        trusted = self.app.config["TRUSTED_HOSTS"]
        key = (
            environ.get("HTTP_HOST"),
            environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("wsgi.url_scheme"),
            tuple(trusted) if trusted is not None else None,
        )
        allowed = self.decisions.get(key)
        if allowed is None:
            # the Host header, or the server's address without one
            allowed = host_is_trusted(get_host(environ), trusted)
            if len(self.decisions) >= MAX_HOST_DECISIONS:
                self.decisions.clear()
            self.decisions[key] = allowed
        if allowed:
            return self.wsgi_app(environ, start_response)
        refused = {**environ, "HTTP_HOST": self.site_host, REFUSED: get_host(environ)}
        return Flask.wsgi_app(self.app, refused, start_response)


def _refuse() -> None:
    if REFUSED in request.environ:
        abort(400)


def _relative_redirect() -> BaseResponse | None:
    """Routing's own redirects (a missing trailing slash gets a 308) name the
    request's host; send them as a path instead."""
    error = request.routing_exception
    if not isinstance(error, RequestRedirect):
        return None
    target = urlsplit(error.new_url)
    location = "/" + target.path.lstrip("/")  # never "//host": that would leave the site
    if target.query:
        location += "?" + target.query
    return redirect(location, error.code)


def _cache_control(response: Response) -> Response:
    if REFUSED in request.environ:  # a cache keyed without the Host must never keep this 400
        response.headers["Cache-Control"] = "no-store"
    elif 300 <= response.status_code < 400:
        response.headers.setdefault("Cache-Control", REDIRECT_CACHE_CONTROL)
    return response


def init_app(app: Flask) -> None:
    """Install the host check outermost; call after every other WSGI layer."""
    app.config["TRUSTED_HOSTS"] = trusted_hosts(
        app.config.get("TRUSTED_HOSTS"), app.config["SITE_URL"]
    )
    app.before_request(_refuse)
    app.before_request(_relative_redirect)
    app.after_request(_cache_control)
    trusted = app.config["TRUSTED_HOSTS"]
    site_host = urlsplit(app.config["SITE_URL"]).netloc
    if not host_is_trusted(site_host, trusted):  # e.g. a list naming only other hosts
        site_host = trusted[0].lstrip(".") if trusted else LOCAL_HOSTS[0]
    app.wsgi_app = RefuseUntrustedHosts(app, site_host)  # type: ignore[method-assign]
