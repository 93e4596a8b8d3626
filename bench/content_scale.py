"""How start-up time, memory and freeze time grow with the amount of content.

Run: `.venv/bin/python bench/content_scale.py [--sizes 250 500 1000]`.

For each size it generates a synthetic site (N pages, each with headings,
paragraphs, a list and related links) and complete catalogues for cy, pl and
ar (every segment translated), then, each in a fresh Python process:

- start-up: time for `create_app()` (load, validate, lint and sanitize every
  page; parse and compile every catalogue), and peak resident memory;
- freeze: time for `flask freeze` to write every page in all 4 locales.

Goals: linear growth, start-up < 2 s and freeze < 60 s for 1,000 pages.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOCALES = ["en", "cy", "pl", "ar"]


def page(number: int) -> dict:
    slug = f"topic-{number}"
    return {
        "slug": slug,
        "title": f"Topic {number}: screening and early diagnosis",
        "summary": f"What topic {number} covers and who it is for.",
        "parent": "home",
        "section": f"section-{number // 10}",
        "reviewed": "2026-01-05",
        "next_review": "2027-01-05",
        "blocks": [
            {"type": "rich_text", "html": f"<p>Topic {number} explains how screening works. "
             "It is written in plain English.</p><p>Screening can find cancer early, when "
             "treatment is more likely to work.</p>"},
            {"type": "heading", "text": f"Who can have topic {number}", "level": 2},
            {"type": "list", "items": [f"People aged {50 + number % 20}", "People with symptoms",
                                       f"Anyone referred for topic {number}"]},
            {"type": "heading", "text": "What happens next", "level": 2},
            {"type": "rich_text", "html": f"<p>You get a letter about topic {number}. It tells "
             "you where to go and what to bring.</p>"},
            {"type": "related_links", "links": [
                {"text": "Back to the hub", "page": "home"},
                {"text": f"Topic {number} on the NHS website", "url": "https://www.nhs.uk/"},
            ]},
        ],
    }  # fmt: skip


def generate(folder: Path, pages: int) -> tuple[Path, Path]:
    """Write content and full catalogues for ``pages`` pages into ``folder``."""
    sys.path.insert(0, str(ROOT))
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from microsite.content.loading import load_site
    from microsite.content.segments import page_segments

    content, translations = folder / "content", folder / "translations"
    content.mkdir(parents=True)
    intro = {"type": "rich_text", "html": "<p>Synthetic content for measuring.</p>"}
    home = {"slug": "home", "title": "Cancer", "summary": "A synthetic hub.", "template": "hub",
            "reviewed": "2026-01-05", "next_review": "2027-01-05", "blocks": [intro]}  # fmt: skip
    (content / "home.json").write_text(json.dumps(home))
    for number in range(1, pages):
        (content / f"topic-{number}.json").write_text(json.dumps(page(number)))
    site = load_site(content)
    for locale in LOCALES[1:]:
        catalog = Catalog(locale=locale)
        for item in site.pages.values():
            for segment in page_segments(item):
                catalog.add(segment.text, f"[{locale}] {segment.text}", context=segment.context)
        target = translations / locale / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "messages.po").open("wb") as handle:
            write_po(handle, catalog)
    return content, translations


STARTUP = """
import resource, sys, time
sys.path.insert(0, {root!r})
from microsite import create_app
started = time.perf_counter()
app = create_app({{"CONTENT_DIR": {content!r}, "TRANSLATIONS_DIR": {translations!r},
                   "LOCALES": {locales!r}}})
seconds = time.perf_counter() - started
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure(pages: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix=f"microsite-scale-{pages}-"))
    try:
        content, translations = generate(folder, pages)
        script = STARTUP.format(root=str(ROOT), content=str(content),
                                translations=str(translations), locales=LOCALES)  # fmt: skip
        output = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, check=True)
        startup, memory = (float(value) for value in output.stdout.split())
        env = {"MICROSITE_CONTENT_DIR": str(content),
               "MICROSITE_TRANSLATIONS_DIR": str(translations),
               "MICROSITE_LOCALES": ",".join(LOCALES), "PATH": "/usr/bin:/bin"}  # fmt: skip
        started = time.perf_counter()
        result = subprocess.run(
            [PYTHON, "-m", "flask", "--app", "wsgi", "freeze", str(folder / "out")],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode:
            raise SystemExit(f"freeze failed:\n{result.stderr[-3000:]}")
        freeze = time.perf_counter() - started
        written = sum(1 for _ in (folder / "out").rglob("index.html"))
        return {"pages": pages, "startup": startup, "memory": memory, "freeze": freeze,
                "html_files": written}  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        rows.append(measure(size))
        print(f"measured {size} pages", file=sys.stderr)
    print("\n| pages | locales | start-up s | peak memory MB | freeze s | HTML files written |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['pages']} | {len(LOCALES)} | {row['startup']:.2f} | {row['memory']:.0f} | "
              f"{row['freeze']:.1f} | {row['html_files']} |")  # fmt: skip
    first, last = rows[0], rows[-1]
    growth = last["pages"] / first["pages"]
    startup_growth = last["startup"] / first["startup"]
    freeze_growth = last["freeze"] / first["freeze"]
    print(f"\n{first['pages']} -> {last['pages']} pages (x{growth:.1f}): start-up "
          f"x{startup_growth:.1f}, freeze x{freeze_growth:.1f}")  # fmt: skip
    biggest = max(rows, key=lambda row: row["pages"])
    print(f"goals at {biggest['pages']} pages: start-up < 2 s "
          f"{'met' if biggest['startup'] < 2 else 'not met'}, freeze < 60 s "
          f"{'met' if biggest['freeze'] < 60 else 'not met'}")  # fmt: skip


if __name__ == "__main__":
    main()
