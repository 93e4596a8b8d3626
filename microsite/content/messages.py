"""pydantic's validation errors in plain English, for the people who edit content.

Validator wording ("Input should be a valid string") tells an editor what the
program expected; these messages say what to write instead ("must be text in
quotes"), and name any limit with its value.
"""

from __future__ import annotations

from typing import Any

from .models import BLOCK_TYPES
from .values import IMAGE_SRC_PATTERN, SLUG_PATTERN

# Pattern fields, described in words an editor can act on.
PATTERNS = {
    SLUG_PATTERN: "must be lowercase letters, digits and single hyphens, like 'bowel-screening'",
    IMAGE_SRC_PATTERN: "must start with /static/ (a file in the site's static folder: pages load"
    " no image from another site) and contain no spaces or quotes",
}


def _pattern(error: dict[str, Any]) -> str:
    pattern = error.get("ctx", {}).get("pattern", "")
    if pattern in PATTERNS:
        return PATTERNS[pattern]
    return "is not in the expected form"


def _items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


def plain_message(error: dict[str, Any]) -> str:
    """A pydantic error in plain English: what is wrong and what to write instead."""
    kind, ctx = error["type"], error.get("ctx") or {}
    words = {
        "extra_forbidden": "unknown field",
        "missing": "required field is missing",
        "union_tag_not_found": "a block needs a 'type'",
        "string_type": "must be text in quotes",
        "int_type": "must be a whole number",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "list_type": "must be a list, in [square brackets]",
        "model_type": "must be an object, in {curly brackets}",
        "model_attributes_type": "must be an object, in {curly brackets}",
        "dict_type": "must be an object, in {curly brackets}",
        "url_parsing": "must be a full web address, like https://www.nhs.uk/",
        "url_type": "must be a full web address, like https://www.nhs.uk/",
        "url_scheme": "must be a web address starting https:// or http://",
        "string_pattern_mismatch": _pattern(error),
    }
    if kind in words:
        return words[kind]
    if kind == "union_tag_invalid":
        return f"unknown block type {error['input'].get('type')!r}; expected one of " + ", ".join(
            sorted(BLOCK_TYPES)
        )
    if kind.startswith("date"):
        return "must be a date written as YYYY-MM-DD, like 2025-03-31"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else "is too short"
    if kind == "string_too_long":
        length = len(error["input"]) if isinstance(error.get("input"), str) else 0
        limit = ctx["max_length"]
        return f"is too long: the limit is {limit:,} characters (this has {length:,})"
    if kind == "too_short":
        return f"needs at least {_items(ctx['min_length'])}"
    if kind == "too_long":
        return f"can have at most {_items(ctx['max_length'])}"
    if kind == "literal_error":
        return f"must be one of {ctx['expected']}"
    limits = {"greater_than": "more than", "greater_than_equal": "at least",
              "less_than": "less than", "less_than_equal": "at most"}  # fmt: skip
    if kind in limits:
        bound = next(iter(ctx.values()))
        return f"must be {limits[kind]} {bound}"
    return str(error["msg"]).removeprefix("Value error, ")
