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

from ..problems import ContentError
from .lint import readability
from .loading import load_accessibility_run, load_site
from .models import Page
from .segments import page_segments

content_cli = AppGroup("content", help="Check and describe the JSON content.")


@content_cli.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path),
    default=None,
    help="Content folder (default: MICROSITE_CONTENT_DIR, else content/).",
)
def check(directory: Path | None) -> None:
    """Validate every content file; exit 1 listing every problem."""
    directory = directory or Path(current_app.config["CONTENT_DIR"])
    try:
        site = load_site(directory)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} found") from None
    click.echo(f"{len(site.pages)} pages OK in {directory}")


@content_cli.command("report")
def report() -> None:
    """Readability of each page's English (advice, not errors): NHS content aims at a
    reading age of 9 to 11, roughly a Flesch reading ease of 60 or more with
    sentences averaging under 15 to 20 words."""
    site = load_site(Path(current_app.config["CONTENT_DIR"]))
    click.echo(f"{'page':<44}{'sentences':>10}{'words/sentence':>16}{'longest':>9}{'ease':>7}")
    for page in site.pages.values():
        result = readability([segment.text for segment in page_segments(page)])
        click.echo(
            f"{page.slug:<44}{result.sentences:>10}{result.words_per_sentence:>16.1f}"
            f"{result.longest_sentence:>9}{result.reading_ease:>7.1f}"
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
