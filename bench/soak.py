"""Soak test: the production server under steady load across every page and locale, watching memory.

Run: `make soak` (or `.venv/bin/python bench/soak.py --seconds 60 --connections 64`).
Not part of `make test`: it takes a minute and measures, rather than checks.
Every page is requested once per encoding before the clock starts (warm-up).

wrk drives the site (granian with server.py, as `make serve` runs it, on
127.0.0.1) for the given time, cycling through every page in every locale,
alternating brotli and uncompressed requests. The resident memory of the
server's whole process tree
is sampled every second. Passing means zero errors and memory growth under
10% from the 10th second to the end. Every process it starts is stopped by PID.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"

# The test suite's free_port (tests/helpers.py), not a copy: one way to pick a port for
# the servers the tests and the benchmarks start. helpers.py imports nothing heavy at load.
sys.path.insert(0, str(ROOT / "tests"))
from helpers import free_port  # noqa: E402


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def all_paths() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from microsite import create_app
    from microsite.web.views import page_paths

    return page_paths(create_app())


LUA = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  local headers = {}
  if counter %% 2 == 0 then headers["Accept-Encoding"] = "gzip, br" end
  return wrk.format("GET", paths[(counter %% #paths) + 1], headers)
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()

    paths = all_paths()
    script = Path(tempfile.mkdtemp(prefix="microsite-soak-")) / "paths.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths))
    port = free_port()
    server = subprocess.Popen(
        [str(PYTHON), "server.py"], cwd=ROOT,
        env={**os.environ, "MICROSITE_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    samples: list[tuple[float, int]] = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # Warm-up, not measured: every page rendered once per encoding and worker
        # (a render takes tens of ms; 64 clients queued behind a cold cache would
        # exceed wrk's 2 s timeout and measure start-up, not steady state).
        for _ in range(4):
            for path in paths:
                for encoding in ("", "gzip, br"):
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": encoding}
                    )
                    urllib.request.urlopen(request, timeout=30).read()
        started = time.monotonic()
        done = threading.Event()

        def sample() -> None:
            while not done.wait(1.0):
                samples.append((time.monotonic() - started, tree_rss_kb(server.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", str(script),
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=args.seconds + 60,
        ).stdout  # fmt: skip
        done.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    at_10 = next(rss for t, rss in samples if t >= 10)
    at_end = samples[-1][1]
    growth = 100.0 * (at_end - at_10) / at_10
    print(f"{len(paths)} URLs, {args.connections} connections, {args.seconds} s, wrk -t2")
    for line in output.splitlines():
        if "errors" in line or "Non-2xx" in line:
            print(line.strip())
    print(f"requests: {requests} ({requests / args.seconds:.0f}/s), errors: {errors}")
    print(f"server RSS (all processes): {at_10 / 1024:.1f} MB at 10 s, "
          f"{at_end / 1024:.1f} MB at {samples[-1][0]:.0f} s: growth {growth:+.1f}%")  # fmt: skip
    passed = errors == 0 and growth < 10
    print("PASS" if passed else "FAIL", "(zero errors, memory growth under 10%)")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
