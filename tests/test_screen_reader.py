"""What a screen reader says: pinned for each page type, budgeted on every page (issue 19).

@guidepup/virtual-screen-reader, a third-party model of screen-reader output, reads
each page from top to bottom in jsdom (tests/screen_reader.mjs, one Node process).

**Snapshots.** Each page type of the frozen test content (tests/data/frozen/), in
English and Arabic, is compared with the spoken output committed beside the
accessibility-tree outlines: ``tests/browser/ax-snapshots/<type>-<locale>.spoken.txt``,
one phrase per line. A difference fails with a diff: read it as a screen-reader
user would hear it. If the change is intended, rewrite and commit the snapshots:

    UPDATE_SR_SNAPSHOTS=1 .venv/bin/pytest tests/test_screen_reader.py

**Budgets**, properties rather than snapshots, so they hold whatever the words: on
every real page in every locale, and on the frozen pages,

- the skip link is the first thing said;
- the h1 comes within 5 phrases of the start of main;
- no link text is announced twice in a row;
- at most one notice stands between the header and the h1.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from screen_reader import ScreenReader

from helpers import (
    FROZEN_LOCALES,
    NOTICE_SELECTOR,
    PAGE_TYPES,
    check_snapshot,
    frozen_config,
    parse,
    site_locales,
    site_pages,
    text_of,
)
from microsite import create_app

pytestmark = pytest.mark.slow
SNAPSHOTS = Path(__file__).resolve().parent / "browser" / "ax-snapshots"
UPDATE = os.environ.get("UPDATE_SR_SNAPSHOTS") == "1"
COMMAND = "UPDATE_SR_SNAPSHOTS=1 .venv/bin/pytest tests/test_screen_reader.py"
H1_WITHIN = 5
REAL = [*site_pages(), *(f"/{locale}/no-such-page/" for locale in site_locales())]
FROZEN = [f"/{locale}/{path}" for locale in FROZEN_LOCALES for path in PAGE_TYPES.values()]
H1 = re.compile(r"^heading, .*, level 1$")


@pytest.fixture(scope="session")
def reader() -> Iterator[ScreenReader]:
    reader = ScreenReader()
    yield reader
    reader.close()


@pytest.fixture(scope="module")
def sites():
    return {
        "real": create_app({"TESTING": True}).test_client(),
        "frozen": create_app(frozen_config()).test_client(),
    }


def page(sites, site: str, path: str) -> str:
    response = sites[site].get(path)
    assert response.status_code in (200, 404), f"{path} answered {response.status_code}"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("locale", FROZEN_LOCALES)
@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_spoken_output_matches_the_committed_snapshot(reader, sites, page_type, locale):
    html = page(sites, "frozen", f"/{locale}/{PAGE_TYPES[page_type]}")
    actual = "\n".join(reader.reading(html, NOTICE_SELECTOR).phrases) + "\n"
    check_snapshot(
        actual,
        SNAPSHOTS / f"{page_type}-{locale}.spoken.txt",
        f"What a screen reader says on the {page_type} page ({locale})",
        COMMAND,
        UPDATE,
    )


def budget_problems(html: str, phrases: list[str], notices: int) -> list[str]:
    """Where the spoken output of a page breaks the budgets (empty: within them)."""
    problems = []
    tree = parse(html)
    skip = tree.find(".//a[@class='nhsuk-skip-link']")
    skip_text = text_of(skip) if skip is not None else None
    first = next((p for p in phrases if p != "document"), None)
    if skip_text is None or first != f"link, {skip_text}":
        problems.append(f"the first thing said is {first!r}, not the skip link")
    main = next((i for i, p in enumerate(phrases) if p == "main" or p.startswith("main, ")), None)
    h1 = next((i for i, p in enumerate(phrases) if H1.match(p)), None)
    if main is None or h1 is None or not 0 < h1 - main <= H1_WITHIN:
        where = "never" if h1 is None or main is None else f"{h1 - main} phrases after main"
        problems.append(f"the h1 is said {where}, not within {H1_WITHIN} of the start of main")
    links = [p.removeprefix("link, ") for p in phrases if p.startswith("link, ")]
    repeats = sorted({a for a, b in zip(links, links[1:], strict=False) if a == b})
    if repeats:
        problems.append(f"link text said twice in a row: {repeats}")
    if notices > 1:
        problems.append(f"{notices} notices stand between the header and the h1")
    return problems


@pytest.mark.parametrize(
    ("site", "path"), [("real", path) for path in REAL] + [("frozen", path) for path in FROZEN]
)
def test_spoken_output_keeps_to_the_budgets(reader, sites, site, path):
    html = page(sites, site, path)
    reading = reader.reading(html, NOTICE_SELECTOR)
    problems = budget_problems(html, reading.phrases, reading.notices_before_h1)
    assert not problems, f"{site} {path}:\n  " + "\n  ".join(problems)


BAD_PAGE = """<!DOCTYPE html><html lang="en"><body>
<header><a href="/">Home</a></header><div class="nhsuk-inset-text">One</div>
<div class="nhsuk-inset-text">Two</div>
<main id="maincontent"><p>One.</p><p>Two.</p><p>Three.</p><h1>Late title</h1>
<a href="/a">Read more</a><a href="/b">Read more</a></main></body></html>"""


def test_the_budgets_catch_a_page_that_breaks_them(reader):
    reading = reader.reading(BAD_PAGE, NOTICE_SELECTOR)
    problems = budget_problems(BAD_PAGE, reading.phrases, reading.notices_before_h1)
    assert len(problems) == 4, problems  # no skip link, late h1, "Read more" twice, 2 notices
