"""Every request header the site parses, bounded before it is parsed.

A header costs the server what parsing it costs, and a server may accept
hundreds of kilobytes of them: a 400 KB ``Accept-Encoding`` took 178 ms to
parse, against 0.05 ms for a whole cache hit. So no header reaches a parser
(Werkzeug's ``parse_accept_header``, ``parse_etags``, ``parse_date``, IDNA for
the Host) unless it is within the limits below, in characters and in
comma-separated items. A header over its limit is treated as not sent, which is
always a valid reading of these headers: the identity encoding, the source
language, an unconditional request. Browsers send a few dozen characters of
each. The servers bound the total (``server.py``, ``gunicorn.conf.py``).
"""

from __future__ import annotations

from typing import Any

# WSGI environ key: (most characters, most comma-separated items).
LIMITS: dict[str, tuple[int, int]] = {
    "HTTP_ACCEPT_ENCODING": (256, 16),
    "HTTP_ACCEPT_LANGUAGE": (256, 16),
    # The site's ETags are 34 to 37 characters; a cache may send a few.
    "HTTP_IF_NONE_MATCH": (1024, 16),
    "HTTP_IF_MATCH": (1024, 16),
    # An HTTP date is 29 characters, with one comma ("Mon, 01 Jan 2024 ...").
    "HTTP_IF_MODIFIED_SINCE": (64, 2),
    "HTTP_IF_UNMODIFIED_SINCE": (64, 2),
    "HTTP_IF_RANGE": (64, 2),
    "HTTP_RANGE": (64, 4),
    # A DNS name is at most 253 characters, then ":port".
    "HTTP_HOST": (260, 1),
}
CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def within(key: str, value: str) -> bool:
    """Whether ``value`` of the header ``key`` is within its limits (cheap: no parsing)."""
    length, items = LIMITS[key]
    return len(value) <= length and value.count(",") < items


def header(environ: dict[str, Any], key: str) -> str:
    """The header ``key`` (``HTTP_ACCEPT_ENCODING``), or ``""`` if absent or over its limits."""
    value = environ.get(key, "")
    return value if isinstance(value, str) and within(key, value) else ""


def conditional(environ: dict[str, Any]) -> dict[str, Any] | None:
    """The environ to answer a conditional request from, or None if it is not one.

    Conditional headers over their limits are left out, as if not sent: the
    full response is always a correct answer to a GET.
    """
    if not any(key in environ for key in CONDITIONAL):
        return None
    bounded = {key: value for key, value in environ.items() if key not in LIMITS}
    for key in LIMITS:
        value = header(environ, key)
        if value:
            bounded[key] = value
    if not any(key in bounded for key in CONDITIONAL):
        return None
    return bounded
