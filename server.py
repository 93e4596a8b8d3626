"""The production server: granian, a Rust HTTP server, running the WSGI app.

Run: ``make serve`` (that is, ``.venv/bin/python server.py``).

Chosen by measurement (docs/measurements.md; ``make bench``): on this 2-core
machine granian answers a cached page several times faster than gunicorn,
and because its connections are handled in Rust, not by Python threads, a
client that trickles its headers or body ties up a few kilobytes of memory,
not a worker. The app keeps the plain WSGI interface, so it runs under any
WSGI server (``gunicorn -c gunicorn.conf.py wsgi:app`` still works).

Settings, each from the environment:

- ``MICROSITE_BIND``: ``host:port`` to listen on (default ``127.0.0.1:8000``).
- ``MICROSITE_WORKERS``: worker processes (default: one per core).
- ``MICROSITE_ACCESS_LOG``: set to 1 for an access log (it costs throughput).

Fixed here, with the reason:

- One Python thread per worker (``blocking_threads=1``): a cache hit is a few
  microseconds of Python, so more threads only fight over the GIL; measured,
  two threads per worker halved the throughput. Waiting on the network is
  done in Rust, off the Python thread.
- ``http1 header_read_timeout``: a client gets 10 s to send its headers, then
  its connection is closed.
- ``http1 max_buffer_size``: the request line and headers together may be at
  most 16 KiB (granian's default is 408 KiB); more gets a 431. Each header the
  site parses has its own, smaller limit (``microsite/web/limits.py``), and
  16 KiB keeps the cost of building a request's environ far below a render
  while leaving room for large cookies set by other sites on a parent domain.
- The open-files limit is raised to the hard limit, since every connection is
  a file descriptor and the usual soft limit (1,024) is below the 1,500 slow
  connections we must survive (tests/system/test_production_server.py).
"""

from __future__ import annotations

import os
import resource
from pathlib import Path
from typing import Any

from granian import Granian
from granian.constants import Interfaces
from granian.http import HTTP1Settings

HEADER_READ_TIMEOUT_MS = 10_000
MAX_HEADER_BYTES = 16 * 1024  # the request line and every header, together
# When switched on, each line holds only what the privacy notice names (time, IP
# address, the page asked for, the response): granian's default adds nothing
# personal, but this keeps the promise in one visible place.
ACCESS_LOG_FORMAT = '[%(time)s] %(addr)s "%(method)s %(path)s %(protocol)s" %(status)d'


def raise_open_files_limit() -> int:
    """Raise this process's soft RLIMIT_NOFILE to its hard limit; return the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = 1_048_576 if hard == resource.RLIM_INFINITY else hard
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


def bind_address(value: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8000`` for IPv6) as a host and a port."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"MICROSITE_BIND: {value!r} is not host:port, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def server(environ: os._Environ[str] | dict[str, str] = os.environ) -> Any:  # granian's Server
    host, port = bind_address(environ.get("MICROSITE_BIND", "127.0.0.1:8000"))
    return Granian(
        "wsgi:app",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=int(environ.get("MICROSITE_WORKERS", os.cpu_count() or 1)),
        blocking_threads=1,
        backlog=2048,
        http1_settings=HTTP1Settings(
            header_read_timeout=HEADER_READ_TIMEOUT_MS, max_buffer_size=MAX_HEADER_BYTES
        ),
        log_access=environ.get("MICROSITE_ACCESS_LOG", "") not in ("", "0"),
        log_access_format=ACCESS_LOG_FORMAT,
        working_dir=Path(__file__).resolve().parent,
    )


if __name__ == "__main__":
    raise_open_files_limit()
    server().serve()
