"""Command-line tools on ``flask --app wsgi``: each group lives beside the code it drives.

- ``content``: check, report, schema, promote-accessibility-run (:mod:`microsite.content.cli`);
- ``translate``: extract, update, init, check, stats (:mod:`microsite.translation.cli`);
- ``freeze``: the static export (:mod:`microsite.export.cli`).
"""

from __future__ import annotations

from flask import Flask

from .content.cli import content_cli
from .export.cli import freeze_command
from .translation.cli import translate_cli


def init_app(app: Flask) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(freeze_command)
