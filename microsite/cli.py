"""Command-line tools, registered on ``flask --app wsgi``: thin wrappers over the modules.

``flask --app wsgi content check`` validates the content folder and lists every
problem as ``file: json.path: message``; ``content schema`` prints the JSON
Schema editors' tools can validate against.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .content import ContentError, load_site
from .models import Page

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


@content_cli.command("schema")
def schema() -> None:
    """Print the JSON Schema of a page file."""
    click.echo(json.dumps(Page.model_json_schema(), indent=2))


def init_app(app: Flask) -> None:
    app.cli.add_command(content_cli)
