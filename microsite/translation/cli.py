"""``flask translate ...``: the translator's cycle, beside the code it drives.

Registered as a ``flask.commands`` entry point (setup.cfg) as well as on the
app, so it runs without loading the site: one broken content file or catalogue
must never stop a translator's tools (or their ``--help``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click
from flask import current_app, has_app_context

from ..config import from_environment
from ..problems import CatalogueError
from . import review, tools
from .catalogue import Status


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
            pot = tools.pot_path(_translations())
            with tempfile.TemporaryDirectory() as scratch:
                fresh, _ = tools.extract(content, Path(scratch))
                stale = not pot.exists() or tools.messages_differ(
                    pot.read_bytes(), fresh.read_bytes()
                )
            if stale:
                raise click.ClickException(
                    f"{pot} is out of date with the content: run translate extract and update"
                )
            click.echo(f"{pot} is up to date (source line numbers aside)")
            return
        pot, changed = tools.extract(content, _translations())
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
            [report] = tools.update(_translations(), [locale], dry_run=dry_run)
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
        po = tools.init(_translations(), locale)
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
        po = tools.po_path(_translations(), locale)
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
    paths = list(files) or [tools.po_path(_translations(), code) for code in _target_locales(only)]
    problems = [problem for path in paths for problem in review.check(path)]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        count = len(problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} found")
    click.echo(f"{len(paths)} catalogue{'s' if len(paths) != 1 else ''} OK")
