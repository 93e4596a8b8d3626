"""The outermost WSGI layer: requests refused before anything else, the cache included, sees them.

- **An untrusted Host.** A Host header that is not configured
  (``TRUSTED_HOSTS``, :mod:`microsite.web.hosts`), empty, or longer than a
  DNS name can be, gets the site's 400 page. Flask checks ``TRUSTED_HOSTS``
  itself while routing, but a request it refuses there has no URL adapter, so
  its error page could not link anywhere: refused here, it reaches Flask under
  the site's own host and gets the real, localized error page.
- **A method not spelled as HTTP spells it.** Methods are case-sensitive
  (RFC 9110, 9.1): ``get`` is not ``GET``, but Werkzeug upper-cases them, so
  ``get`` would be served as a GET. It gets a 405 instead.

A refused request carries :data:`REFUSED` in its environ, so the response
layer neither looks it up nor stores it, and :func:`refuse` (a Flask
``before_request`` hook) answers it with the error page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, abort, request
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

from . import limits

REFUSED = "microsite.refused"  # environ: ("host" or "method", the value refused)
MAX_HOST_DECISIONS = 256
ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS"]


class Gate:
    """Refuses untrusted Hosts and misspelled methods, then calls the layers inside."""

    def __init__(
        self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]], site_host: str
    ) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.site_host = site_host
        # Decisions by (Host header, server address, trusted list): checking a
        # host costs IDNA encoding, more than answering a cached page. Bounded,
        # so a flood of made-up hosts cannot grow it.
        self.decisions: dict[tuple[Any, ...], bool] = {}

    def host_allowed(self, environ: dict[str, Any]) -> bool:
        host = environ.get("HTTP_HOST")
        if host is not None and not limits.within("HTTP_HOST", host):
            return False  # longer than any name: refused without parsing it
        trusted = self.app.config["TRUSTED_HOSTS"]
        key = (
            host,
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
        return allowed

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        refusal: tuple[str, str] | None = None
        if not self.host_allowed(environ):
            refusal = ("host", str(environ.get("HTTP_HOST", ""))[:260])
        elif method != method.upper():
            refusal = ("method", method)
        if refusal is not None:
            environ = {**environ, "HTTP_HOST": self.site_host, REFUSED: refusal}
        return self.wsgi_app(environ, start_response)


def refuse() -> None:
    """Flask ``before_request`` hook: answer a request the gate refused with its error."""
    refusal = request.environ.get(REFUSED)
    if refusal is None:
        return
    if refusal[0] == "method":
        raise MethodNotAllowed(valid_methods=ALLOWED_METHODS)
    abort(400)


def init_app(app: Flask, site_host: str) -> None:
    """Install the gate outermost; call after every other WSGI layer."""
    app.before_request(refuse)
    app.wsgi_app = Gate(app, app.wsgi_app, site_host)  # type: ignore[method-assign]
