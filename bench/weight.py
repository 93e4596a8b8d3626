"""First-visit bytes of every page in every locale, with brotli and with gzip.

Run: `.venv/bin/python bench/weight.py` (after `make install`).

A first visit downloads the HTML and every stylesheet and script the page links
(an empty cache); this prints each of those, compressed as the site sends them,
and the total, for every page in every locale and the 404 page, then the largest
total against the goal of issue 14: at most 10 KB with brotli, well under the
~14 KB one TCP round trip carries. The same measurement (`bench/page_weight.py`) is
the budget test in tests/test_caching.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.page_weight import Weight, first_visit  # noqa: E402
from microsite import create_app  # noqa: E402
from microsite.web.views import page_paths  # noqa: E402

BUDGET = 10 * 1024
ENCODINGS = ("br", "gzip")


def measure() -> list[tuple[str, dict[str, Weight]]]:
    """(path, {encoding: weight}) for every page, locale by locale, 404 pages last."""
    app = create_app({"TESTING": True})
    client = app.test_client()
    paths = page_paths(app) + [f"/{locale}/no-such-page/" for locale in app.config["LOCALES"]]
    return [(path, {e: first_visit(client, path, e) for e in ENCODINGS}) for path in paths]


def table(rows: list[tuple[str, dict[str, Weight]]]) -> str:
    columns = ["HTML br", "CSS br", "JS br", "**total br**", "HTML gz", "CSS gz", "JS gz"]
    lines = ["| page | " + " | ".join(columns) + " | total gz |", "|---|" + "---:|" * 8]
    for path, weights in rows:
        cells = [
            f"{size:,}"
            for e in ENCODINGS
            for size in (weights[e].html, weights[e].css, weights[e].js, weights[e].total)
        ]
        cells[3] = f"**{cells[3]}**"
        lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    rows = measure()
    print(table(rows))
    path, weights = max(rows, key=lambda row: row[1]["br"].total)
    largest = weights["br"].total
    verdict = "met" if largest <= BUDGET else "NOT met"
    print(
        f"\nBytes. Largest first visit: {largest:,} B with brotli ({path}), "
        f"{weights['gzip'].total:,} B with gzip; goal <= {BUDGET:,} B with brotli: {verdict}."
    )
    return 0 if largest <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
