"""Serving benchmark: a cached page under the production server, against nginx.

Run: `make bench` (or `.venv/bin/python bench/serve.py --seconds 10 --rounds 3`).

Four contenders answer `GET /en/` on 127.0.0.1, measured with wrk in
interleaved rounds (so a noisy moment hurts every contender alike):

1. nginx (2 workers) serving the hub from a fresh `flask freeze` export, with
   the same security and cache headers the site sends (added with add_header);
2. the site, cached hub, under granian with server.py (`make serve`);
3. the site, cached hub, under gunicorn with gunicorn.conf.py;
4. the site with the cache off (NullCache) under granian: the cost of rendering.

Prints requests/s, p50 and p99 latency (medians over rounds), and each
contender's requests/s and p99 as a ratio to nginx's. The goal for 2: at least
0.8x nginx's requests/s, and a p99 at most 2x nginx's. Every process it
starts is stopped by PID when it ends.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"

# The test suite's free_port (tests/helpers.py), not a copy: one way to pick a port for
# the servers the tests and the benchmarks start. helpers.py imports nothing heavy at load.
sys.path.insert(0, str(ROOT / "tests"))
from helpers import free_port  # noqa: E402

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
# Headers nginx makes itself, or that only the live site has reason to send.
OWN_HEADERS = {"date", "server", "content-length", "content-type", "etag", "connection",
               "x-cache", "last-modified", "accept-ranges", "keep-alive"}  # fmt: skip
LABELS = {
    "nginx": "1. nginx, frozen export (static file)",
    "granian": "2. site, cached hub (granian, make serve)",
    "gunicorn": "3. site, cached hub (gunicorn)",
    "uncached": "4. site, cache off (granian)",
}


def fetch(url: str) -> tuple[bytes, list[tuple[str, str]]]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read(), list(response.headers.items())


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up within {timeout} s")


def freeze(folder: Path) -> None:
    subprocess.run(
        [str(VENV / "flask"), "--app", "wsgi", "freeze", str(folder)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def start_nginx(folder: Path, export: Path, port: int, headers: list[tuple[str, str]]) -> Path:
    added = "\n".join(
        f'    add_header {name} "{value}" always;'
        for name, value in headers
        if name.lower() not in OWN_HEADERS
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"""worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  server {{
    listen 127.0.0.1:{port};
    root {export};
    index index.html;
{added}
  }}
}}
"""
    )
    return config


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout  # fmt: skip

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if found is None:
            raise SystemExit(f"no {percentile}% latency in wrk's output:\n{output}")
        return float(found.group(1)) * UNITS[found.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise SystemExit(f"no Requests/sec in wrk's output:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)  # fmt: skip
    return {
        "rps": float(rate.group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": (float(errors.group(1)) if errors else 0.0)
        + (sum(float(n) for n in sockets.groups()) if sockets else 0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="microsite-bench-"))
    export = folder / "export"
    freeze(export)
    for path in [folder, *folder.rglob("*")]:  # nginx's workers run as another user
        path.chmod(0o755 if path.is_dir() else 0o644)
    ports = {name: free_port() for name in LABELS}
    server = [str(VENV / "python"), "server.py"]
    gunicorn = [str(VENV / "gunicorn"), "-c", "gunicorn.conf.py"]
    processes = {
        "granian": start(server, {"MICROSITE_BIND": f"127.0.0.1:{ports['granian']}"}),
        "gunicorn": start([*gunicorn, "--bind", f"127.0.0.1:{ports['gunicorn']}", "wsgi:app"], {}),
        "uncached": start(
            server,
            {
                "MICROSITE_BIND": f"127.0.0.1:{ports['uncached']}",
                "MICROSITE_CACHE_TYPE": "NullCache",
            },
        ),  # fmt: skip
    }
    urls = {name: f"http://127.0.0.1:{port}/en/" for name, port in ports.items()}
    try:
        wait_ready(urls["granian"])
        body, headers = fetch(urls["granian"])
        config = start_nginx(folder, export, ports["nginx"], headers)
        processes["nginx"] = start(["nginx", "-p", str(folder), "-c", str(config)], {})
        sizes = {}
        for name, url in urls.items():
            wait_ready(url)
            sizes[name] = len(fetch(url)[0])
            wrk(url, 2, args.connections)  # warm-up (and every worker's cache), discarded
        results: dict[str, list[dict[str, float]]] = {name: [] for name in LABELS}
        for round_number in range(args.rounds):
            for name in LABELS:
                results[name].append(wrk(urls[name], args.seconds, args.connections))
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    summary = {
        name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    nginx = summary["nginx"]
    print(
        f"\nGET /en/: {sizes['granian']:,} bytes from the site, {sizes['nginx']:,} from the "
        f"export{' (which adds a CSP <meta> tag)' if sizes['nginx'] > sizes['granian'] else ''};"
        f" wrk -t2 -c{args.connections}, {args.rounds} x "
        f"{args.seconds} s per contender, interleaved, medians; {os.cpu_count()} cores\n"
    )
    print("| contender | requests/s | p50 ms | p99 ms | errors | req/s vs nginx | p99 vs nginx |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, row in summary.items():
        print(
            f"| {LABELS[name]} | {row['rps']:.0f} | {row['p50']:.2f} | {row['p99']:.2f} | "
            f"{row['errors']:.0f} | {row['rps'] / nginx['rps']:.2f} | "
            f"{row['p99'] / nginx['p99']:.2f} |"
        )
    rate, tail = summary["granian"]["rps"] / nginx["rps"], summary["granian"]["p99"] / nginx["p99"]
    verdict = {True: "met", False: "not met"}
    print(
        f"\ngoal for 2: requests/s >= 0.8x nginx ({rate:.2f}: {verdict[rate >= 0.8]}),"
        f" p99 <= 2x nginx ({tail:.2f}: {verdict[tail <= 2]})"
    )


if __name__ == "__main__":
    main()
