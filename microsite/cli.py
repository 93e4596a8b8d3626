"""Command-line tools, registered on ``flask --app wsgi``: thin wrappers over the modules.

``flask --app wsgi content check`` validates the content folder and lists every
problem as ``file: json.path: message``; ``content schema`` prints the JSON
Schema editors' tools can validate against.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import catalogues
from .content import ContentError, load_accessibility_run, load_site
from .lint import readability
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


translate_cli = AppGroup(
    "translate",
    help="The translation cycle: extract, update, (translators edit .po files), check, compile.",
)


def _translations() -> Path:
    return Path(current_app.config["TRANSLATIONS_DIR"])


def _target_locales() -> list[str]:
    """Every served locale except the source language."""
    return current_app.config["LOCALES"][1:]


@translate_cli.command("extract")
def translate_extract() -> None:
    """Collect every interface and content string into translations/messages.pot."""
    pot = catalogues.extract(_translations())
    click.echo(f"wrote {pot}")


@translate_cli.command("update")
def translate_update() -> None:
    """Merge messages.pot into each language's messages.po (creating missing ones)."""
    for po in catalogues.update(_translations(), _target_locales()):
        click.echo(f"updated {po}")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Build .mo files from the .po files, for other gettext tools (the site reads the .po)."""
    for mo in catalogues.compile_all(_translations(), _target_locales()):
        click.echo(f"compiled {mo}")


@translate_cli.command("stats")
def translate_stats() -> None:
    """Show how complete each language is, for interface and content separately."""
    click.echo(f"{'locale':<8}{'interface':>22}{'content':>22}")
    for locale in _target_locales():
        counts = catalogues.stats(catalogues.po_path(_translations(), locale))
        cells = [
            f"{c.translated}/{c.total} ({c.percent:.1f}%)"
            for c in (counts["ui"], counts["content"])
        ]
        click.echo(f"{locale:<8}{cells[0]:>22}{cells[1]:>22}")


@translate_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def translate_check(files: tuple[Path, ...]) -> None:
    """Find translators' mistakes (syntax, placeholders, markup, fuzzy); exit 1 if any."""
    paths = list(files) or [catalogues.po_path(_translations(), code) for code in _target_locales()]
    problems = [problem for path in paths for problem in catalogues.check(path)]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        count = len(problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} found")
    click.echo(f"{len(paths)} catalogue{'s' if len(paths) != 1 else ''} OK")


@click.command("freeze")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@click.option("--clean", is_flag=True, help="Delete files in DESTINATION this export did not write"
              " (pages since removed, old assets); dot-files are kept.")  # fmt: skip
@with_appcontext
def freeze_command(destination: Path, clean: bool) -> None:
    """Write every page in every language, the assets, sitemap, feeds and robots.txt
    as static files into DESTINATION, each text file with .gz and .br copies."""
    from .config import site_url_warning
    from .export_files import ExportError
    from .freeze import Export, FreezeError

    if warning := site_url_warning(current_app.config):
        click.echo(f"Warning: {warning}", err=True)
    started = time.perf_counter()
    export = Export(current_app, destination, clean=clean)
    total = len(export.urls())
    try:
        bar = click.progressbar(length=total, label="Freezing", show_pos=True, file=sys.stderr)
        with bar:  # drawn only on a terminal; stdout keeps the summary
            urls = export.write(progress=lambda _url: bar.update(1))
    except (FreezeError, ExportError) as error:
        raise click.ClickException(str(error)) from None
    seconds = time.perf_counter() - started
    click.echo(f"wrote {len(urls)} URLs to {destination} in {seconds:.1f} s")


def init_app(app: Flask) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(freeze_command)
