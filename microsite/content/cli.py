"""``flask content ...``: the editor's commands, beside the code they drive.

``content check`` validates the content folder and lists every problem as
``file: json.path: message``; ``content report`` shows how readable each page
is; ``content schema`` prints the JSON Schema editors' tools can validate against.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..problems import ContentError, Problem
from .loading import load_accessibility_run, load_site
from .models import Page
from .readability import (
    MAX_GRADE,
    MAX_SENTENCE_WORDS,
    MIN_EASE,
    PageReadability,
    load_seed,
    measure,
)
from .reading import Refused
from .site import Site

content_cli = AppGroup("content", help="Check and describe the JSON content.")


def _content_dir(directory: Path | None = None) -> Path:
    return directory or Path(current_app.config["CONTENT_DIR"])


def _load(directory: Path) -> Site:
    """The site, or a clean exit listing every problem (never a traceback)."""
    try:
        # the static files this app serves: an image block must name one
        return load_site(directory, current_app.config.get("ASSET_FILES"))
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} found") from None


def _readability(site: Site, directory: Path) -> list[PageReadability]:
    try:
        seed = load_seed(directory)
    except Refused as error:
        raise click.ClickException(f"{directory / 'seed.txt'}: {error}") from None
    return [measure(page, seed) for page in site.pages.values()]


@content_cli.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path),
    default=None,
    help="Content folder (default: MICROSITE_CONTENT_DIR, else content/).",
)
def check(directory: Path | None) -> None:
    """Validate every content file; exit 1 listing every problem. Prose that misses the
    plain-English limits is a warning, by file and field: it never fails the check."""
    directory = _content_dir(directory)
    site = _load(directory)
    warnings = [
        Problem(site.files.get(result.slug, result.slug), path, f"warning: {message}")
        for result in _readability(site, directory)
        for path, message in result.warnings()
    ]
    for warning in warnings:
        click.echo(str(warning), err=True)
    counted = f", {len(warnings)} plain-English warning{'s' if len(warnings) != 1 else ''}"
    click.echo(f"{len(site.pages)} pages OK in {directory}{counted if warnings else ''}")


@content_cli.command("report")
@click.option("--hardest", default=3, show_default=True, help="Sentences shown per page.")
def report(hardest: int) -> None:
    """How plain each page's own English is, and the sentences to rewrite first.

    NHS content aims at a reading age of 9 to 11. Limits: Flesch reading ease at
    least 60, Flesch-Kincaid grade at most 7, no sentence over 25 words. Sentences
    kept word for word from the seed (content/seed.txt) are counted apart."""
    directory = _content_dir()
    site = _load(directory)
    click.echo(
        f"Limits: reading ease >= {MIN_EASE:.0f}, grade <= {MAX_GRADE:.0f}, "
        f"sentences <= {MAX_SENTENCE_WORDS} words (seed sentences exempt)\n"
    )
    header = f"{'page':<44}{'own':>5}{'seed':>6}{'ease':>7}{'grade':>7}{'longest':>9}  verdict"
    click.echo(header)
    results = _readability(site, directory)
    for result in results:
        verdict = "plain" if not list(result.warnings()) else "rewrite"
        if not result.own:
            verdict = "seed only"
        click.echo(
            f"{result.slug:<44}{len(result.own):>5}{len(result.sentences) - len(result.own):>6}"
            f"{result.ease:>7.1f}{result.grade:>7.1f}{result.longest:>9}  {verdict}"
        )
    for result in results:
        sentences = result.hardest(hardest)
        if not sentences:
            continue
        click.echo(f"\n{site.files.get(result.slug, result.slug)}: hardest sentences")
        for sentence in sentences:
            click.echo(
                f"  grade {sentence.grade:>5.1f}, {sentence.words:>2} words, {sentence.path}: "
                f"{sentence.text}"
            )


@content_cli.command("promote-accessibility-run")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
def promote_accessibility_run(report: Path) -> None:
    """Make REPORT the run the accessibility statement shows (MICROSITE_ACCESSIBILITY_REPORT).

    The test suite writes test-artefacts/accessibility-run.json only after a
    complete, passing run, and never the tracked file itself, so a test run leaves
    the checkout clean and the statement changes only when someone means it to.
    """
    try:
        run = load_accessibility_run(report)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{report}: not a valid run report; nothing changed") from None
    if run is None:
        raise click.ClickException(
            f"{report}: no run report. `make test` writes one after a complete, passing run."
        )
    target = Path(current_app.config["ACCESSIBILITY_REPORT"])
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, target)
    click.echo(f"{target}: the statement now shows the run of {run.date}")


@content_cli.command("schema")
def schema() -> None:
    """Print the JSON Schema of a page file."""
    click.echo(json.dumps(Page.model_json_schema(), indent=2))
