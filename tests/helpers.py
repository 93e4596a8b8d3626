"""Plain helpers shared by test modules (conftest.py holds the fixtures)."""

from __future__ import annotations

from typing import Any


def minimal_pages() -> dict[str, dict[str, Any]]:
    """The smallest valid site: a hub and one child page."""
    return {
        "home": {
            "slug": "home",
            "title": "Cancer",
            "summary": "The hub.",
            "template": "hub",
            "blocks": [{"type": "rich_text", "html": "<p>Welcome.</p>"}],
        },
        "child": {
            "slug": "child",
            "title": "Child page",
            "summary": "A child.",
            "parent": "home",
            "blocks": [{"type": "rich_text", "html": "<p>Child text.</p>"}],
        },
    }
