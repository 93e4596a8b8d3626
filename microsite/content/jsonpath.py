"""Walking JSON-like data and naming places in it, for error messages editors can follow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# A page file as JSON gives it, and a place in one (("blocks", 2, "html")).
JSONObject = dict[str, Any]
Location = tuple[int | str, ...]


def walk(value: Any, location: Location = ()) -> Iterator[tuple[Location, Any]]:
    """Every ``(location, value)`` pair inside nested dicts and lists, depth first."""
    yield location, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*location, index))


def json_path(location: Location) -> str:
    """``("blocks", 2, "html")`` -> ``$.blocks[2].html``."""
    text = "$"
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
