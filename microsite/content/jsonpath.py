"""Walking JSON-like data and naming places in it, for error messages editors can follow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(value: Any, location: tuple[int | str, ...] = ()) -> Iterator[tuple[tuple, Any]]:
    """Every ``(location, value)`` pair inside nested dicts and lists, depth first."""
    yield location, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*location, index))


def json_path(location: tuple[int | str, ...]) -> str:
    """``("blocks", 2, "html")`` -> ``$.blocks[2].html``."""
    text = "$"
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
