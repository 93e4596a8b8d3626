"""``flask freeze``: the static export's command, beside the code it drives."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..config import site_url_warning


@click.command("freeze")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@click.option("--clean", is_flag=True, help="Delete files in DESTINATION this export did not write"
              " (pages since removed, old assets); dot-files are kept.")  # fmt: skip
@with_appcontext
def freeze_command(destination: Path, clean: bool) -> None:
    """Write every page in every language, the assets, sitemap, feeds and robots.txt
    as static files into DESTINATION, each text file with .gz and .br copies."""
    # Imported here: Frozen-Flask is loaded only by the command that needs it.
    from .files import ExportError
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
