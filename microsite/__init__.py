"""microsite: an accessible, server-rendered microsite built from JSON content.

:func:`create_app` is the only way to get an application: nothing happens at
import time, so tests and tools can build as many differently configured apps
as they need.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader

from . import cli, config, store
from .content.loading import load_accessibility_run
from .translation.locales import UnknownLanguage, known
from .web import assets, cache, errors, feeds, hosts, i18n, response_cache, views
from .web.bytecode import TEMPLATES as COMPILED_TEMPLATES


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, content (validated now), extensions, routes, commands.

    Raises :class:`microsite.problems.ContentError` if the content is invalid and
    :class:`microsite.config.ConfigError` if a setting is, so a server never starts
    on either.
    """
    templates = str(config.PROJECT_ROOT / "templates")
    # No Flask static route: assets are served only under their fingerprinted URLs,
    # from an allowlist of types (microsite.web.assets).
    app = Flask(__name__, static_folder=None, template_folder=templates)
    app.config.update(config.from_environment())
    app.config.update(overrides or {})
    app.config["LOCALES"] = served_locales(app.config["LOCALES"])
    app.jinja_options = {
        # The NHS.UK macros test optional parameters with chained attribute
        # access (params.search.input.placeholder), which needs ChainableUndefined.
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader(
            [FileSystemLoader(templates), PackageLoader("nhsuk_frontend_jinja")]
        ),
        # Every template, the macros' .jinja files included, escapes by default:
        # Flask would otherwise autoescape only .html and .xml templates.
        "autoescape": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "extensions": ["jinja2.ext.do"],
        # Templates compiled once per process, not once per app (see bytecode.py).
        "bytecode_cache": COMPILED_TEMPLATES,
    }

    cli.init_app(app)
    assets.init_app(app)  # before the store: image blocks are checked against ASSET_FILES
    app.extensions["microsite.store"] = store.ContentStore(
        app.config["CONTENT_DIR"],
        app.config["TRANSLATIONS_DIR"],
        app.config["LOCALES"],
        check_interval=app.config["CONTENT_CHECK_INTERVAL"],
        served_files=app.config["ASSET_FILES"],
    )
    app.extensions["microsite.accessibility_run"] = load_accessibility_run(
        app.config["ACCESSIBILITY_REPORT"]
    )
    i18n.init_app(app)
    cache.init_app(app)
    response_cache.init_app(app)  # after caching: it answers from the page cache
    views.init_app(app)  # the blueprint, with feeds' routes on it
    feeds.init_app(app)
    errors.init_app(app)
    hosts.init_app(app)  # last: its WSGI layer (the gate) must sit in front of every other
    return app


def served_locales(tags: list[str]) -> list[str]:
    """``MICROSITE_LOCALES`` as CLDR spells each tag (``pt-br`` -> ``pt-BR``), so URLs,
    ``lang`` and catalogues agree; a language CLDR does not know stops start-up with one
    line naming the variable, where it would otherwise fail every page."""
    try:
        spelled = [known(tag) for tag in tags]
    except UnknownLanguage as error:
        raise config.ConfigError(f"{config.variable('locales')}: {error}") from None
    if not spelled or len(set(spelled)) != len(spelled):
        raise config.ConfigError(
            f"{config.variable('locales')}: list each served language once, the source first"
        )
    return spelled
