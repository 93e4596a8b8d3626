"""Read, validate and index the JSON content: the only code that opens content files.

:func:`load_site` reads every ``*.json`` file in the content folder, validates it
against :mod:`microsite.models` (which sanitizes rich text as it validates),
lints it for accessibility (:mod:`microsite.lint`), then
checks what no single file can know: duplicate slugs, missing parents, parent
loops and links to pages that do not exist. It collects *every* problem before
failing, so an editor fixes a whole batch at once, and words each one as
``file: json.path: message``.

The result, a :class:`Site`, is immutable and built once at start-up; requests
only read it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import sanitize
from .jsonpath import json_path, walk
from .lint import lint_page
from .models import BLOCK_TYPES, HOME_SLUG, AccessibilityRun, Page


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located precisely enough to fix without searching."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class ContentError(Exception):
    """Raised by :func:`load_site` with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n{lines}")


@dataclass(frozen=True)
class Site:
    """Every page, by slug, plus the indexes views need. Home comes first."""

    pages: dict[str, Page]
    version: str
    files: dict[str, str] = field(default_factory=dict)  # slug -> file name, for messages

    @property
    def home(self) -> Page:
        return self.pages[HOME_SLUG]

    def ancestors(self, slug: str) -> list[Page]:
        """The chain from home down to the page's parent: the breadcrumb trail."""
        trail: list[Page] = []
        parent = self.pages[slug].parent
        while parent is not None:
            trail.insert(0, self.pages[parent])
            parent = self.pages[parent].parent
        return trail

    @cached_property
    def _sections(self) -> dict[str, list[Page]]:
        sections: dict[str, list[Page]] = {}
        for page in self.pages.values():
            if page.section is not None:
                sections.setdefault(page.section, []).append(page)
        return sections

    def section(self, slug: str) -> list[Page]:
        """Pages sharing ``slug``'s section, in site order (including the page itself)."""
        section = self.pages[slug].section
        return self._sections.get(section, []) if section is not None else []

    @cached_property
    def _articles(self) -> list[Page]:
        articles = [page for page in self.pages.values() if page.template == "article"]
        return sorted(articles, key=lambda page: (page.published, page.title), reverse=True)

    def articles(self) -> list[Page]:
        """News articles, newest first; ties broken by title so the order is stable."""
        return self._articles


def display_name(path: Path) -> str:
    """A path as an editor would type it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _clean_location(location: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the discriminator tags and validator names pydantic inserts into error paths."""
    kept: list[int | str] = []
    for part in location:
        if kept and isinstance(kept[-1], int) and part in BLOCK_TYPES:
            continue
        if isinstance(part, str) and part.startswith(("function-", "constrained-")):
            continue
        kept.append(part)
    return tuple(kept)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "union_tag_invalid":
        return f"unknown block type {error['input'].get('type')!r}; expected one of " + ", ".join(
            sorted(BLOCK_TYPES)
        )
    if kind == "union_tag_not_found":
        return "a block needs a 'type'"
    return str(error["msg"]).removeprefix("Value error, ")


def _validation_problems(name: str, error: ValidationError) -> list[Problem]:
    return [
        Problem(name, json_path(_clean_location(item["loc"])), _message(item))  # type: ignore[arg-type]
        for item in error.errors()
    ]


def _read_page(path: Path, raw: bytes) -> tuple[Page | None, list[Problem]]:
    name = display_name(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return None, [Problem(name, "$", f"not UTF-8 text ({error.reason} at byte {error.start})")]
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return None, [Problem(name, "$", f"invalid JSON at {where}: {error.msg}")]
    if not isinstance(data, dict):
        return None, [Problem(name, "$", "a page file must hold one JSON object")]
    try:
        page = Page.model_validate(data)
    except ValidationError as error:
        return None, _validation_problems(name, error)
    problems = [Problem(name, where, message) for where, message in lint_page(data, page)]
    if page.slug != path.stem:
        message = f"slug {page.slug!r} does not match the file name {path.name!r}"
        problems.append(Problem(name, "$.slug", message))
    return page, problems


def _link_problems(name: str, page: Page, slugs: set[str]) -> list[Problem]:
    """Links (``page`` fields and ``page:`` hrefs) that name no existing page."""
    problems = []
    for location, value in walk(page.model_dump(mode="json", include={"blocks"})):
        if location and location[-1] == "page" and isinstance(value, str) and value not in slugs:
            problems.append(Problem(name, json_path(location), f"no page has slug {value!r}"))
        elif isinstance(value, str) and "page:" in value:
            for slug in sanitize.internal_links(value):
                if slug not in slugs:
                    message = f"link to page:{slug}, but no page has slug {slug!r}"
                    problems.append(Problem(name, json_path(location), message))
    return problems


def _parent_problems(name: str, page: Page, pages: dict[str, Page]) -> list[Problem]:
    if page.parent is None:
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
    if not path.exists():
        return None
    try:
        return AccessibilityRun.model_validate_json(path.read_bytes())
    except ValidationError as error:
        raise ContentError(_validation_problems(display_name(path), error)) from None


def load_site(directory: str | Path) -> Site:
    """Load and check every page in ``directory``; raise :class:`ContentError` on any problem."""
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
    digest = hashlib.sha256()
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as error:
            problems.append(Problem(display_name(path), "$", f"cannot read file: {error.strerror}"))
            continue
        digest.update(path.name.encode() + b"\0" + raw)
        page, page_problems = _read_page(path, raw)
        problems += page_problems
        if page is None:
            continue
        name = display_name(path)
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
    slugs = set(pages)
    for slug, page in pages.items():
        problems += _parent_problems(files[slug], page, pages)
        problems += _link_problems(files[slug], page, slugs)
    if problems:
        raise ContentError(problems)
    ordered = {HOME_SLUG: pages[HOME_SLUG]} | pages
    return Site(pages=ordered, version=digest.hexdigest()[:16], files=files)
