"""The framework floor: a bare Flask app returning fixed bytes (the benchmark's contender 2).

Serves the file named by BENCH_BODY at every path, as text/html, with nothing
else: no routing logic, no cache lookup, no headers beyond Flask's own.
"""

import os
from pathlib import Path

from flask import Flask, Response

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()
app = Flask(__name__)


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def constant(path: str) -> Response:
    return Response(BODY, mimetype="text/html")
