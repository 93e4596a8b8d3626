"""What a hostile header costs under the production server, against a cache hit.

Run: `make bench` (or `.venv/bin/python bench/hostile_headers.py`).

Starts `server.py` (granian) on a free port and, on one keep-alive connection,
sends rounds of requests for the cached hub, or for `/` where the header is
read there (Accept-Language): once without the header, once with each header
filled to about 14 KB (within granian's 16 KiB, far over the site's own limits
in microsite/web/limits.py, so the site treats it as not sent). Prints the cost
per request of each, in milliseconds (the fastest of three rounds), and the
ratio to the same request without the header. Issue 20's goal: no request
costs more than a page render; before the limits, a 400 KB Accept-Encoding
cost 178 ms against 0.05 ms for a hit. The server is stopped by PID.
"""

from __future__ import annotations

import http.client
import time

from serve import VENV, free_port, start, wait_ready

HOSTILE = {
    "Accept-Encoding": lambda n: f"x{n};q=0.1, " + "gzip;q=0.5, " * 1200,
    "Accept-Language": lambda n: f"x{n};q=0.1, " + "en;q=0.5, " * 1400,
    "If-None-Match": lambda n: f'"{n}", ' + '"a", ' * 2800,
}
COUNT = 200


def per_request(port: int, path: str, header: str | None) -> float:
    """Milliseconds per request: the fastest of three rounds of COUNT requests."""
    rounds = []
    for round_ in range(3):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        started = time.perf_counter()
        for n in range(COUNT):
            value = HOSTILE[header](round_ * COUNT + n) if header else None
            connection.request("GET", path, headers={header: value} if header else {})
            response = connection.getresponse()
            response.read()
            if response.status >= 500:
                raise SystemExit(f"{path} with {header}: {response.status}")
        rounds.append((time.perf_counter() - started) * 1000 / COUNT)
        connection.close()
    return min(rounds)


def main() -> None:
    port = free_port()
    server = start(
        [str(VENV / "python"), "server.py"],
        {"MICROSITE_BIND": f"127.0.0.1:{port}", "MICROSITE_WORKERS": "1"},
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/en/")
        columns = ("header (about 14 KB)", "path", "ms/request", "without", "ratio")
        print(f"{columns[0]:<20} {columns[1]:<5} {columns[2]:>10} {columns[3]:>8} {columns[4]:>6}")
        for header in HOSTILE:
            path = "/" if header == "Accept-Language" else "/en/"
            plain = per_request(port, path, None)
            hostile = per_request(port, path, header)
            print(f"{header:<20} {path:<5} {hostile:>10.3f} {plain:>8.3f} {hostile / plain:>6.2f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
