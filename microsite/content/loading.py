"""Read, validate and index the JSON content: the only code that opens content files.

:func:`load_site` reads every ``*.json`` file in the content folder, validates it
against :mod:`microsite.content.models` (which sanitizes rich text as it validates),
lints it for accessibility (:mod:`microsite.content.lint`), then
checks what no single file can know: duplicate slugs, missing parents, parent
loops and links to pages that do not exist. It collects *every* problem before
failing, so an editor fixes a whole batch at once, and words each one as
``file: json.path: message``.

The result, a :class:`~microsite.content.site.Site`, is immutable and built
once per load; requests only read it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..problems import ContentError, Problem
from . import sanitize
from .characters import bidi_problems, control_problems
from .fields import raw_text_fields
from .images import missing_image_problems
from .jsonpath import JSONObject, json_path, walk
from .lint import lint_page
from .messages import plain_message
from .models import BLOCK_TYPES, AccessibilityRun, Page
from .nesting import JSON_DEPTH, too_deep
from .reading import CONTENT, REPORT, Refused, read_file
from .site import Site
from .values import HOME_SLUG, RICH_TEXT_LIMIT


def display_name(path: Path) -> str:
    """A path as an editor would type it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _clean_location(location: tuple[int | str, ...], data: Any) -> tuple[int | str, ...]:
    """The path of an error in the editor's JSON: without the tags pydantic inserts.

    Pydantic names a tagged union's member after its tag (``blocks.0.notice.heading``)
    and a validated type after its validator (``function-after[...]``). A part is
    dropped only where the file itself shows it is inserted: the tag right after
    a list index whose item has that ``type``. A field that is merely *named* like a
    block type (a notice's ``heading``) is kept, so the path ends at the field.
    """
    kept: list[int | str] = []
    node: Any = data
    for part in location:
        if isinstance(part, str) and part.startswith(("function-", "constrained-")):
            continue
        is_tag = (
            bool(kept)
            and isinstance(kept[-1], int)
            and isinstance(node, dict)
            and node.get("type") == part
            and part in BLOCK_TYPES
        )
        if is_tag:
            continue
        kept.append(part)
        node = _child(node, part)
    return tuple(kept)


def _child(node: Any, part: int | str) -> Any:
    """``node[part]`` where the JSON has it, else None (the error may be about its absence)."""
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _validation_problems(name: str, error: ValidationError, data: Any) -> list[Problem]:
    return [
        Problem(name, json_path(_clean_location(tuple(item["loc"]), data)), plain_message(item))  # type: ignore[arg-type]
        for item in error.errors()
    ]


def _too_deep_message() -> str:
    return (
        f"objects and lists are nested more than {JSON_DEPTH} levels deep here;"
        " no field of a page is nested that deep"
    )


def _too_long_number_message() -> str:
    return (
        f"invalid JSON: a number has more than {sys.get_int_max_str_digits():,} digits,"
        " more than can be read; no field of a page holds such a number"
    )


def _read_page(path: Path, raw: bytes) -> tuple[JSONObject | None, Page | None, list[Problem]]:
    """One file's JSON object, its page (None if the schema refuses it), every problem."""
    name = display_name(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return (
            None,
            None,
            [Problem(name, "$", f"not UTF-8 text ({error.reason} at byte {error.start})")],
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return None, None, [Problem(name, "$", f"invalid JSON at {where}: {error.msg}")]
    except ValueError:
        # Not a JSONDecodeError: Python's int() refuses a number of more digits than
        # sys.get_int_max_str_digits() (4,300) with a bare ValueError, mid-parse.
        return None, None, [Problem(name, "$", _too_long_number_message())]
    except RecursionError:  # the parser's own limit, far beyond ours
        return None, None, [Problem(name, "$", _too_deep_message())]
    deep = too_deep(data)
    if deep is not None:
        return None, None, [Problem(name, json_path(deep), _too_deep_message())]
    if not isinstance(data, dict):
        return None, None, [Problem(name, "$", "a page file must hold one JSON object")]
    page: Page | None = None
    try:
        page = Page.model_validate(data)
    except ValidationError as error:
        problems = _validation_problems(name, error, data)
    else:
        problems = []
    # The lint and the character checks read the raw JSON, so schema errors never
    # hide their findings.
    found = [*control_problems(data), *bidi_problems(data), *lint_page(data, page)]
    problems += [Problem(name, where, message) for where, message in found]
    slug = data.get("slug")
    if isinstance(slug, str) and slug != path.stem:
        message = f"slug {slug!r} does not match the file name {path.name!r}"
        problems.append(Problem(name, "$.slug", message))
    return data, page, problems


def _link_problems(name: str, data: JSONObject, slugs: set[str]) -> list[Problem]:
    """Links (``page`` fields and ``page:`` hrefs) that name no existing page.

    Read from the raw JSON, so they are found even in a file with schema errors.
    """
    problems = []
    for location, value in walk(data.get("blocks")):
        if location and location[-1] == "page" and isinstance(value, str) and value not in slugs:
            where = json_path(("blocks", *location))
            problems.append(Problem(name, where, f"no page has slug {value!r}"))
    for location, kind, value in raw_text_fields(data):
        if kind == "rich" and len(value) <= RICH_TEXT_LIMIT and sanitize.INTERNAL_SCHEME in value:
            for slug in sanitize.internal_links(value):
                if slug not in slugs:
                    message = f"link to page:{slug}, but no page has slug {slug!r}"
                    problems.append(Problem(name, json_path(location), message))
    return problems


def _parent_problems(
    name: str, page: Page, pages: dict[str, Page], slugs: set[str]
) -> list[Problem]:
    """A missing parent or a loop; ``slugs`` also holds pages that have errors of their own."""
    if page.parent is None or page.parent in slugs - set(pages):
        return []
    if page.parent not in pages:
        return [Problem(name, "$.parent", f"no page has slug {page.parent!r}")]
    seen = [page.slug]
    current: str | None = page.parent
    while current is not None and current in pages:
        if current in seen:
            chain = " -> ".join([*seen, current])
            return [Problem(name, "$.parent", f"parent chain loops: {chain}")]
        seen.append(current)
        current = pages[current].parent
    return []


def load_accessibility_run(path: str | Path) -> AccessibilityRun | None:
    """The last full accessibility test run, or None if the suite has not written one.

    A malformed report is an error like bad content: the statement page must
    not show made-up figures.
    """
    path = Path(path)
    try:
        raw = read_file(path, path.parent, REPORT)
    except FileNotFoundError:
        return None
    except Refused as refused:
        raise ContentError([Problem(display_name(path), "$", str(refused))]) from None
    try:
        return AccessibilityRun.model_validate_json(raw)
    except ValidationError as error:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # deep nesting: pydantic has named it
            data = None
        raise ContentError(_validation_problems(display_name(path), error, data)) from None


def _role_problems(pages: dict[str, Page], files: dict[str, str]) -> list[Problem]:
    """A role names one page: two privacy notices would leave the footer guessing."""
    first: dict[str, str] = {}
    problems = []
    for slug, page in pages.items():
        if page.role is None:
            continue
        if page.role in first:
            other = files[first[page.role]]
            message = f"role {page.role!r} is already given to the page in {other}"
            problems.append(Problem(files[slug], "$.role", message))
        else:
            first[page.role] = slug
    return problems


def load_site(directory: str | Path, served_files: Collection[str] | None = None) -> Site:
    """Load and check every page in ``directory``; raise :class:`ContentError` on any problem.

    With ``served_files`` (the static files the site serves), image blocks must name one.
    """
    directory = Path(directory)
    if not directory.is_dir():
        where = display_name(directory)
        raise ContentError(
            [Problem(where, "$", "content folder does not exist or is not a folder")]
        )
    paths = sorted(directory.glob("*.json"))
    problems: list[Problem] = []
    pages: dict[str, Page] = {}
    files: dict[str, str] = {}
    # every JSON object, valid or not, for link checks
    raw_pages: list[tuple[str, JSONObject]] = []
    digest = hashlib.sha256()
    for path in paths:
        try:
            raw = read_file(path, directory, CONTENT)
        except Refused as refused:
            problems.append(Problem(display_name(path), "$", str(refused)))
            continue
        digest.update(path.name.encode() + b"\0" + raw)
        data, page, page_problems = _read_page(path, raw)
        problems += page_problems
        name = display_name(path)
        if data is not None:
            raw_pages.append((name, data))
        if page is None:
            continue
        if page.slug in pages:
            other = files[page.slug]
            problems.append(
                Problem(name, "$.slug", f"duplicate slug {page.slug!r} (also in {other})")
            )
            continue
        pages[page.slug] = page
        files[page.slug] = name
    if HOME_SLUG not in pages and not problems:
        problems.append(Problem(display_name(directory), "$", f"no page has slug {HOME_SLUG!r}"))
    # A page with errors still counts as existing: links to it are not also wrong.
    slugs = set(pages) | {
        data["slug"] for _, data in raw_pages if isinstance(data.get("slug"), str)
    }
    for slug, page in pages.items():
        problems += _parent_problems(files[slug], page, pages, slugs)
    problems += _role_problems(pages, files)
    for name, data in raw_pages:
        problems += _link_problems(name, data, slugs)
    if served_files is not None:
        problems += missing_image_problems(pages, files, served_files)
    if problems:
        raise ContentError(problems)
    ordered = {HOME_SLUG: pages[HOME_SLUG]} | pages
    return Site(pages=ordered, version=digest.hexdigest()[:16], files=files)
