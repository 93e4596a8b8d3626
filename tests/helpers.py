"""Plain helpers shared by test modules (conftest.py holds the fixtures)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], Any], seconds: float, interval: float = 0.05) -> bool:
    """Poll ``condition`` until it is true or ``seconds`` pass; whether it came true.

    The one way tests wait: for a condition, never for a fixed time.
    """
    import time

    deadline = time.monotonic() + seconds
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def errors_about(caplog: Any, folder: Path) -> list[str]:
    """The ERROR messages logged about files in ``folder``: the test's own, not
    those of a store another test left behind and that still watches its folder."""
    import logging

    return [
        message
        for record in caplog.records
        if record.levelno == logging.ERROR and str(folder) in (message := record.getMessage())
    ]


def check_snapshot(actual: str, expected_file: Path, what: str, command: str, update: bool) -> None:
    """Compare ``actual`` with the committed snapshot (rewrite it when ``update``); on a
    difference, fail with a unified diff and the command that accepts the change."""
    import difflib

    import pytest

    if update:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"no snapshot for {what}: run {command}"
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=str(expected_file.relative_to(Path(__file__).resolve().parent.parent)),
                tofile="now",
            )
        )
        pytest.fail(
            f"{what} changed:\n{diff}\nIf this is intended, run {command} and commit it.",
            pytrace=False,
        )


def parse(document: Any) -> Any:
    """A page as html5lib parses it, as browsers do: from a test client response, bytes or text.

    The one way tests parse a whole document; for a piece of rich text, :func:`parse_fragment`.
    """
    import html5lib

    if hasattr(document, "get_data"):
        document = document.get_data()
    return html5lib.parse(document, namespaceHTMLElements=False)


def parse_fragment(markup: str) -> Any:
    """A piece of markup (sanitizer or localizer output) as html5lib parses a fragment: no
    html, head or body added; the root is the fragment, so ``.iter()`` starts there.

    The same call the content package makes on rich text (``microsite.content.richtext``),
    so a test sees the tree the site sees.
    """
    import html5lib

    return html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)


def text_of(element: Any) -> str:
    """An element's text as a reader sees it: every run of white space one space, none at
    either end. For checks of what a page says."""
    return " ".join(raw_text_of(element).split())


def raw_text_of(element: Any) -> str:
    """An element's text exactly as the markup holds it, white space and all. For checks
    that the site changed nothing, e.g. that a marked English part is the English verbatim."""
    return "".join(element.itertext())


def minimal_pages() -> dict[str, dict[str, Any]]:
    """The smallest valid site: a hub and one child page."""
    return {
        "home": {
            "slug": "home",
            "title": "Cancer",
            "summary": "The hub.",
            "template": "hub",
            "reviewed": "2026-01-05",
            "next_review": "2027-01-05",
            "blocks": [{"type": "rich_text", "html": "<p>Welcome.</p>"}],
        },
        "child": {
            "slug": "child",
            "title": "Child page",
            "summary": "A child.",
            "parent": "home",
            "reviewed": "2026-01-05",
            "next_review": "2027-01-05",
            "blocks": [{"type": "rich_text", "html": "<p>Child text.</p>"}],
        },
    }


def interface_messages() -> dict[str, str]:
    """Every singular interface message of the shipped template, "translated" as itself."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    with (Path(__file__).parent.parent / "translations" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    return {m.id: m.id for m in template if isinstance(m.id, str) and m.id and not m.context}


# Filled by the browser fixtures (browser and driver versions) in the process
# that runs them; conftest.py carries them to the report.
RUN_FACTS: dict[str, str] = {}
# Where a complete, passing run leaves its report: ignored by git, promoted to the
# statement only by `make accessibility-report`.
RUN_REPORT = Path(__file__).resolve().parent.parent / "test-artefacts" / "accessibility-run.json"


@functools.cache
def real_site() -> Any:
    """The real content as a :class:`microsite.content.site.Site`, loaded once per process.

    Parametrized tests need its pages while pytest collects, before any fixture runs, so
    no app is built here (building one starts a watcher thread and compiles every
    template); ``tests/test_views.py`` checks the paths below are the app's own.
    """
    from microsite.config import from_environment
    from microsite.content.loading import load_site

    return load_site(from_environment()["CONTENT_DIR"])


@functools.cache
def _site() -> tuple[list[str], list[str]]:
    """The real site's page paths and locales, from the content files and settings alone."""
    from microsite.config import from_environment
    from microsite.content.values import HOME_SLUG

    settings = from_environment()
    site = real_site()
    locales = list(settings["LOCALES"])
    paths = [
        f"/{locale}/" if slug == HOME_SLUG else f"/{locale}/{slug}/"
        for locale in locales
        for slug in site.pages
    ]
    return paths, locales


def site_pages() -> list[str]:
    """Every page path of the real site in every locale, computed once per process."""
    return list(_site()[0])


def site_locales() -> list[str]:
    """The locales the real site serves, the source language first."""
    return list(_site()[1])


def accessibility_report(checks: dict[str, int], facts: dict[str, str]) -> dict[str, Any]:
    """The facts the accessibility statement shows about a complete, passing run:
    date, standard, pages, locales, the tools and their versions, checks per suite."""
    import datetime as dt
    import json
    from importlib.metadata import version

    root = Path(__file__).resolve().parent.parent
    axe = json.loads((root / "node_modules/axe-core/package.json").read_text())["version"]
    vnu = json.loads((root / "node_modules/vnu-jar/package.json").read_text())["version"]
    return {
        "date": dt.date.today().isoformat(),
        "standard": "WCAG 2.2 AA",
        "pages": len(site_pages()),
        "locales": site_locales(),
        "tools": [
            {"name": "axe-core", "version": axe},
            {"name": "axe-selenium-python", "version": version("axe-selenium-python")},
            {"name": "Selenium", "version": version("selenium")},
            {"name": "Chromium", "version": facts["chromium"]},
            {"name": "ChromeDriver", "version": facts["chromedriver"]},
            {"name": "Nu HTML Checker (vnu-jar)", "version": vnu},
        ],
        "checks": checks,
    }


DATA = Path(__file__).resolve().parent / "data"


def own_title(h1: Any) -> str:
    """An h1's title (html5lib element), without its status caption
    (templates/partials/status.html) or the soft hyphens of long words
    (microsite.web.hyphenation)."""
    label = h1.find(".//span[@class='microsite-status-label']")
    text = raw_text_of(h1)
    if label is not None:
        text = text.replace(raw_text_of(label), "", 1)
    return " ".join(text.replace("\u00ad", "").split())


# What counts as a notice when counting what stands between the header and the h1
# (issue 19: at most one), in the browser and in the virtual screen reader alike.
NOTICE_SELECTOR = (
    ".nhsuk-inset-text, .nhsuk-warning-callout, .nhsuk-card--warning, "
    ".nhsuk-notification-banner, .microsite-status, [role=alert], [role=status]"
)


# --- Frozen test content ------------------------------------------------------------
# A copy of the content, the Arabic catalogue and a run report, frozen so that tests of
# templates, styles and what a screen reader meets (snapshots, baselines, page
# conventions) do not move when an editor approves a draft, retires a notice, renames
# a slug or rewords a paragraph. Tests about the seed's own words use content/.
FROZEN = DATA / "frozen"
FROZEN_LOCALES = ["en", "ar"]
# One page of each type in the frozen content: the path after /<locale>/.
PAGE_TYPES = {
    "hub": "",
    "programme": "prevention-and-public-health/",
    "video": "investing-in-radiotherapy/",
    "news": "news/",
    "article": "lung-cancer-drug-durvalumab/",
    "statement": "accessibility-statement/",
    "404": "no-such-page/",
}


def frozen_config() -> dict[str, Any]:
    """App settings for the frozen content, in English and Arabic."""
    return {
        "TESTING": True,
        "CONTENT_DIR": str(FROZEN / "content"),
        "TRANSLATIONS_DIR": str(FROZEN / "translations"),
        "ACCESSIBILITY_REPORT": str(FROZEN / "accessibility-run.json"),
        "LOCALES": FROZEN_LOCALES,
    }


# --- Hostile input --------------------------------------------------------------


def xss_vectors() -> list[str]:
    lines = (DATA / "xss-vectors.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


def hostile_site(folder, vectors: list[str]) -> tuple[Any, Any, dict[str, str]]:
    """Content and a Welsh catalogue carrying every vector; returns (content, translations,
    slug -> vector for the vectors the content check refused, with its error)."""
    import json

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from microsite.content.loading import load_site
    from microsite.problems import ContentError

    content, scratch = folder / "content", folder / "scratch"
    for directory in (content, scratch):
        directory.mkdir()
        for name, page in minimal_pages().items():
            (directory / f"{name}.json").write_text(json.dumps(page))
    refused: dict[str, str] = {}
    catalog = Catalog(locale="cy")
    for number, vector in enumerate(vectors):
        slug = f"xss-{number}"
        page = {
            "slug": slug, "title": f"Vector {number}", "summary": "Hostile content.",
            "parent": "home", "reviewed": "2026-01-05", "next_review": "2027-01-05",
            "blocks": [
                {"type": "rich_text", "html": vector},
                {"type": "list", "items": [vector]},
                {"type": "rich_text", "html": f"<p>Safe paragraph {number}.</p>"},
            ],
        }  # fmt: skip
        # Checked beside the minimal pages alone: one small load per vector, not the whole
        # growing site each time.
        trial = scratch / f"{slug}.json"
        trial.write_text(json.dumps(page))
        try:
            load_site(scratch)
        except ContentError as error:  # refused (e.g. by the accessibility lint): a clear error
            refused[slug] = str(error)
            page["blocks"] = page["blocks"][2:]
        trial.unlink()
        (content / f"{slug}.json").write_text(json.dumps(page))
        # Every vector also arrives as a translator's work, for plain and rich text.
        catalog.add(f"Vector {number}", vector, context=f"{slug}: title")
        catalog.add(f"Safe paragraph {number}.", vector, context=f"{slug}: rich_text.html")
    translations = folder / "translations"
    (translations / "cy" / "LC_MESSAGES").mkdir(parents=True)
    with (translations / "cy" / "LC_MESSAGES" / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    return content, translations, refused
