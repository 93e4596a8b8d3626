"""``flask translate ...``: the translator's cycle, beside the code it drives.

Registered as a ``flask.commands`` entry point (setup.cfg) as well as on the
app, so it runs without loading the site: one broken content file or catalogue
must never stop a translator's tools (or their ``--help``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import current_app, has_app_context

from ..config import from_environment
from ..problems import CatalogueError, ContentError
from . import locales, review, tools
from .glossary import glossary_path, read_glossary
from .provenance import Status


@click.group(
    "translate",
    help="The translation cycle: extract, update, (translators edit .po files), check, stats. "
    "Works on every catalogue in MICROSITE_TRANSLATIONS_DIR (served or not) and the content "
    "in MICROSITE_CONTENT_DIR, without loading the site, so one broken file never blocks "
    "the others.",
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
    """Every language with a catalogue in the folder, served or in preparation (or the ones
    asked for). Serving is MICROSITE_LOCALES' business; the tools keep every catalogue current."""
    source = locales.web_tag(_setting("LOCALES")[0])
    present = [tag for tag in locales.catalogue_tags(_translations()) if tag != source]
    wanted = [locales.web_tag(code) for code in only]
    unknown = sorted(set(wanted) - set(present))
    if unknown:
        names = ", ".join(unknown)
        raise click.BadParameter(f"no catalogue for {names} (start one with translate init)")
    return [tag for tag in present if not wanted or tag in wanted]


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
            if not tools.template_is_current(content, _translations()):
                raise click.ClickException(
                    f"{pot} is out of date with the content: run translate extract and update"
                )
            click.echo(f"{pot} is up to date")
            return
        pot, changed = tools.extract(content, _translations())
    except (CatalogueError, ContentError, RuntimeError, ValueError) as error:
        raise _fail(error) from None
    counts = review.message_counts(pot)
    click.echo(
        f"{'wrote' if changed else 'unchanged'} {pot}: {counts['ui']} interface and "
        f"{counts['content']} content messages"
    )


@translate_cli.command("update")
@LOCALE_OPTION
@click.option(
    "--check",
    "dry_run",
    is_flag=True,
    help="Exit 1 if a catalogue's English differs from the template's (writes nothing).",
)
@click.option(
    "--record-drafts", "drafts", is_flag=True,
    help="First record fuzzy drafts you just wrote as made from the English beside them, "
    "so they show as unreviewed: only for drafts of the current English, never after "
    "another tool merged new English into the file.",
)  # fmt: skip
def translate_update(only: tuple[str, ...], dry_run: bool, drafts: bool) -> None:
    """Merge messages.pot into every catalogue (msgmerge --previous), recording the
    English each translation was made from."""
    failed = stale = 0
    for tag in _target_locales(only):
        try:
            [report] = tools.update(_translations(), [tag], dry_run=dry_run, drafts=drafts)
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
    """Start a catalogue for LOCALE, a language tag such as uk or pt-BR (serve it by adding
    the tag to MICROSITE_LOCALES)."""
    try:
        po = tools.init(_translations(), locale)
    except (FileExistsError, CatalogueError, RuntimeError, ValueError) as error:
        raise _fail(error) from None
    tag = locales.known(locale)
    click.echo(f"created {po}; translate it, then add {tag} to MICROSITE_LOCALES to serve it")


@translate_cli.command("stats")
@LOCALE_OPTION
def translate_stats(only: tuple[str, ...]) -> None:
    """Count each language's entries by review status, for interface and content."""
    statuses = list(Status)
    click.echo(f"{'locale':<8}{'part':<10}" + "".join(f"{s.value:>12}" for s in statuses))
    failed = 0
    for locale in _target_locales(only):
        po = locales.po_path(_translations(), locale)
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
    translation or review are counted (see stats), not failed; glossary terms written
    another way are warnings."""
    paths = list(files) or [locales.po_path(_translations(), tag) for tag in _target_locales(only)]
    try:
        terms = read_glossary(glossary_path(_translations()))
    except (OSError, ValueError) as error:
        raise _fail(error) from None
    problems = [problem for path in paths for problem in review.check(path)]
    for warning in (w for path in paths for w in review.warnings(path, terms)):
        click.echo(f"warning: {warning}", err=True)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        count = len(problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} found")
    names = ", ".join(
        str(path) if files else locales.web_tag(path.parent.parent.name) for path in paths
    )
    click.echo(f"{len(paths)} catalogue{'s' if len(paths) != 1 else ''} OK: {names}")
