"""Serving benchmark: how close is a cached page to the framework floor and to nginx?

Run: `make bench` (or `.venv/bin/python bench/serve.py --seconds 10 --rounds 3`).

Four contenders serve the same hub bytes on 127.0.0.1, measured with wrk in
interleaved rounds (so a noisy moment hurts every contender alike):

1. the site, cached hub page, under gunicorn with gunicorn.conf.py;
2. a bare Flask app returning the same bytes, same gunicorn settings;
3. nginx serving the same bytes as a static file;
4. the site with the cache off (NullCache): the cost of rendering.

Prints requests/s, p50 and p99 latency (medians over rounds) and the ratios
1/2 and 1/3. Every process it starts is stopped by PID when it ends.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def hub_bytes() -> bytes:
    sys.path.insert(0, str(ROOT))
    from microsite import create_app

    return create_app().test_client().get("/en/").data


def start_gunicorn(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    command = [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", app]
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def start_nginx(folder: Path, port: int) -> subprocess.Popen:
    (folder / "nginx.conf").write_text(
        f"""worker_processes 2;
daemon off;
user root;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  default_type text/html;
  server {{
    listen 127.0.0.1:{port};
    root {folder};
    location / {{ try_files /hub.html =404; }}
  }}
}}
"""
    )
    return subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout  # fmt: skip

    def latency(percentile: str) -> float:
        value, unit = re.search(
            rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M
        ).groups()
        return float(value) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="microsite-bench-"))
    folder.chmod(0o755)
    body = hub_bytes()
    (folder / "hub.html").write_bytes(body)
    ports = {name: free_port() for name in ("site", "bare", "nginx", "uncached")}
    processes = {
        "site": start_gunicorn("wsgi:app", ports["site"], {}),
        "bare": start_gunicorn(
            "bench.bare_app:app", ports["bare"], {"BENCH_BODY": str(folder / "hub.html")}
        ),
        "nginx": start_nginx(folder, ports["nginx"]),
        "uncached": start_gunicorn(
            "wsgi:app", ports["uncached"], {"MICROSITE_CACHE_TYPE": "NullCache"}
        ),
    }
    labels = {
        "site": "1. site, cached hub (gunicorn)",
        "bare": "2. bare Flask, same bytes (gunicorn)",
        "nginx": "3. nginx, same bytes (static file)",
        "uncached": "4. site, cache off (gunicorn)",
    }
    try:
        urls = {name: f"http://127.0.0.1:{port}/en/" for name, port in ports.items()}
        for name, url in urls.items():
            wait_ready(url)
            served = urllib.request.urlopen(url).read()
            assert served == body, f"{name} serves different bytes"
            wrk(url, 2, args.connections)  # warm-up, discarded
        results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
        for round_number in range(args.rounds):
            for name, url in urls.items():
                results[name].append(wrk(url, args.seconds, args.connections))
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)

    summary = {
        name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    print(f"\n{len(body)} bytes per response, {args.connections} connections, "
          f"{args.rounds} x {args.seconds} s per contender, {os.cpu_count()} cores\n")  # fmt: skip
    print("| contender | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|")
    for name, row in summary.items():
        print(f"| {labels[name]} | {row['rps']:.0f} | {row['p50']:.2f} | {row['p99']:.2f} | "
              f"{row['errors']:.0f} |")  # fmt: skip
    floor = summary["site"]["rps"] / summary["bare"]["rps"]
    limit = summary["site"]["rps"] / summary["nginx"]["rps"]
    print(f"\nratio 1/2 (site / framework floor): {floor:.2f}  (goal >= 0.9: "
          f"{'met' if floor >= 0.9 else 'not met'})")  # fmt: skip
    print(f"ratio 1/3 (site / nginx):           {limit:.2f}")


if __name__ == "__main__":
    main()
