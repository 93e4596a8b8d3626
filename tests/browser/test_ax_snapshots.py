"""Screen-reader regression tests: each page type's accessibility tree, in English
and Arabic, compared with the outline committed in ``tests/browser/ax-snapshots/``.

The pages come from the frozen test content (``tests/data/frozen/``), so the
outlines move with templates only, never with an editor's or translator's work.

A difference fails the test with a diff, so any change a screen-reader user
would notice (a landmark, a heading level, a link's name, a language switch)
shows up in review. When the change is intended, rewrite the expectations and
commit them with the change:

    UPDATE_AX_SNAPSHOTS=1 .venv/bin/pytest tests/browser/test_ax_snapshots.py

One page load per snapshot.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ax_outline import snapshot

from helpers import PAGE_TYPES, check_snapshot

EXPECTED = Path(__file__).resolve().parent / "ax-snapshots"
UPDATE = os.environ.get("UPDATE_AX_SNAPSHOTS") == "1"
COMMAND = "UPDATE_AX_SNAPSHOTS=1 .venv/bin/pytest tests/browser/test_ax_snapshots.py"


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_accessibility_tree_matches_the_committed_outline(browser, frozen_site, page_type, locale):
    browser.get(f"{frozen_site}/{locale}/{PAGE_TYPES[page_type]}")
    actual = snapshot(browser)
    check_snapshot(
        actual,
        EXPECTED / f"{page_type}-{locale}.txt",
        f"What a screen reader meets on the {page_type} page ({locale})",
        COMMAND,
        UPDATE,
    )
