"""The Host header: which ones the site answers, and why no response repeats one.

A Host header is whatever the visitor sends. If it reached a response, a
shared cache could keep ``Location: http://evil.example/...`` for everyone.
So two rules hold for every response:

- Requests for a Host that is not configured (``TRUSTED_HOSTS``, Flask's own
  setting, read here) are refused with the site's 400 page, before anything
  else, the cache's fast path included, sees them (:mod:`microsite.web.gate`).
- Redirects are relative (``Location: /en/news/``), so they never name a host;
  how long they may be cached is decided with every other response's
  ``Cache-Control`` (:func:`microsite.web.headers.cache_control`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, redirect, request
from werkzeug.routing import RequestRedirect
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Response as BaseResponse  # what redirect() returns

from . import gate

LOCAL_HOSTS = ("127.0.0.1", "localhost")


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


def init_app(app: Flask) -> None:
    """Install the host check (:mod:`microsite.web.gate`) outermost; call after every
    other WSGI layer."""
    app.config["TRUSTED_HOSTS"] = trusted_hosts(
        app.config.get("TRUSTED_HOSTS"), app.config["SITE_URL"]
    )
    trusted = app.config["TRUSTED_HOSTS"]
    site_host = urlsplit(app.config["SITE_URL"]).netloc
    if not host_is_trusted(site_host, trusted):  # e.g. a list naming only other hosts
        site_host = trusted[0].lstrip(".") if trusted else LOCAL_HOSTS[0]
    gate.init_app(app, site_host)  # first: a refused request is refused, not redirected
    app.before_request(_relative_redirect)
