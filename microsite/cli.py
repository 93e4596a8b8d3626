"""Command-line tools, registered on ``flask --app wsgi``: thin wrappers over the modules.

``flask --app wsgi content check`` validates the content folder and lists every
problem as ``file: json.path: message``; ``content schema`` prints the JSON
Schema editors' tools can validate against.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup, with_appcontext

from . import catalogues, review
from .config import from_environment
from .content import ContentError, load_accessibility_run, load_site
from .lint import readability
from .models import Page
from .segments import page_segments
from .translations import CatalogueError, Status

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


@click.group(
    "translate",
    help="The translation cycle: extract, update, (translators edit .po files), check, stats. "
    "Works from MICROSITE_CONTENT_DIR, MICROSITE_TRANSLATIONS_DIR and MICROSITE_LOCALES "
    "without loading the site, so one broken file never blocks the others.",
)
def translate_cli() -> None:
    pass


def _setting(key: str) -> Any:
    """The app's setting when run through an app (tests), else the environment's."""
    settings = current_app.config if has_app_context() else from_environment()
    return settings[key]


def _translations() -> Path:
    return Path(_setting("TRANSLATIONS_DIR"))


def _target_locales(only: tuple[str, ...] = ()) -> list[str]:
    """Every served locale except the source language (or the ones asked for)."""
    served = _setting("LOCALES")[1:]
    unknown = sorted(set(only) - set(served))
    if unknown:
        names = ", ".join(unknown)
        raise click.BadParameter(f"not a served locale: {names} (see MICROSITE_LOCALES)")
    return [code for code in served if not only or code in only]


LOCALE_OPTION = click.option(
    "--locale", "-l", "only", multiple=True, help="Only this language (repeatable)."
)


def _fail(error: Exception) -> click.ClickException:
    return click.ClickException(str(error))


@translate_cli.command("extract")
@click.option("--check", "dry_run", is_flag=True, help="Exit 1 if the template is out of date.")
def translate_extract(dry_run: bool) -> None:
    """Collect every interface and content string into <translations>/messages.pot."""
    content = Path(_setting("CONTENT_DIR"))
    try:
        if dry_run:
            pot = catalogues.pot_path(_translations())
            with tempfile.TemporaryDirectory() as scratch:
                fresh, _ = catalogues.extract(content, Path(scratch))
                stale = not pot.exists() or catalogues.messages_differ(
                    pot.read_bytes(), fresh.read_bytes()
                )
            if stale:
                raise click.ClickException(
                    f"{pot} is out of date with the content: run translate extract and update"
                )
            click.echo(f"{pot} is up to date (source line numbers aside)")
            return
        pot, changed = catalogues.extract(content, _translations())
    except (CatalogueError, RuntimeError, ValueError) as error:
        raise _fail(error) from None
    counts = review.message_counts(pot)
    click.echo(
        f"{'wrote' if changed else 'unchanged'} {pot}: {counts['ui']} interface and "
        f"{counts['content']} content messages"
    )


@translate_cli.command("update")
@LOCALE_OPTION
@click.option("--check", "dry_run", is_flag=True, help="Exit 1 if a catalogue is out of date.")
def translate_update(only: tuple[str, ...], dry_run: bool) -> None:
    """Merge messages.pot into each language's messages.po, keeping previous msgids."""
    failed = stale = 0
    for locale in _target_locales(only):
        try:
            [report] = catalogues.update(_translations(), [locale], dry_run=dry_run)
        except (CatalogueError, OSError, RuntimeError) as error:
            click.echo(str(error), err=True)
            failed += 1
            continue
        stale += report.stale
        click.echo(f"{'out of date: ' if dry_run and report.stale else ''}{report}")
    if failed:
        raise click.ClickException(f"{failed} catalogue(s) could not be read: fix them first")
    if dry_run and stale:
        raise click.ClickException(f"{stale} catalogue(s) out of date: run translate update")


@translate_cli.command("init")
@click.argument("locale")
def translate_init(locale: str) -> None:
    """Start a new language's catalogue (then add LOCALE to MICROSITE_LOCALES)."""
    try:
        po = catalogues.init(_translations(), locale)
    except (FileExistsError, CatalogueError, RuntimeError, ValueError) as error:
        raise _fail(error) from None
    click.echo(f"created {po}")


@translate_cli.command("stats")
@LOCALE_OPTION
def translate_stats(only: tuple[str, ...]) -> None:
    """Count each language's entries by review status, for interface and content."""
    statuses = list(Status)
    click.echo(f"{'locale':<8}{'part':<10}" + "".join(f"{s.value:>12}" for s in statuses))
    failed = 0
    for locale in _target_locales(only):
        po = catalogues.po_path(_translations(), locale)
        try:
            counts = review.stats(po)
        except (CatalogueError, OSError) as error:
            click.echo(f"{po}: {error}", err=True)
            failed += 1
            continue
        for part, label in (("ui", "interface"), ("content", "content")):
            cells = "".join(f"{counts[part][s]:>12}" for s in statuses)
            click.echo(f"{locale:<8}{label:<10}{cells}")
    if failed:
        raise click.ClickException(f"{failed} catalogue(s) could not be read: run translate check")


@translate_cli.command("check")
@LOCALE_OPTION
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def translate_check(only: tuple[str, ...], files: tuple[Path, ...]) -> None:
    """Find translators' mistakes, as file:line; exit 1 if any. Entries waiting for
    translation or review are counted (see stats), not failed."""
    paths = list(files) or [
        catalogues.po_path(_translations(), code) for code in _target_locales(only)
    ]
    problems = [problem for path in paths for problem in review.check(path)]
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
