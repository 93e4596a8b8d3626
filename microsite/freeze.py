"""The whole site as static files, for any static host or CDN (Frozen-Flask).

Every page in every locale, each locale's news feed, the sitemap, robots.txt,
every asset under its fingerprinted URL, and ``404.html``: the same bytes the
live site serves (uncompressed; the host compresses).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from .models import HOME_SLUG


def freeze(app: Flask, destination: str | Path) -> list[str]:
    """Write the site into ``destination``; return the URLs written, sorted.

    Existing files are overwritten but never deleted, so pointing this at the
    wrong folder cannot wipe it.
    """
    app.config.update(
        FREEZER_DESTINATION=str(Path(destination).resolve()),
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_REDIRECT_POLICY="follow",
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
    )
    freezer = Freezer(app, with_static_files=False, log_url_for=True)

    @freezer.register_generator
    def pages() -> Iterator[tuple[str, dict]]:
        site = app.extensions["microsite.store"].current().site
        for locale in app.config["LOCALES"]:
            yield "site.home", {"locale": locale}
            yield "site.feed", {"locale": locale}
            for slug in site.pages:
                if slug != HOME_SLUG:
                    yield "site.page", {"locale": locale, "slug": slug}

    @freezer.register_generator
    def assets() -> Iterator[tuple[str, dict]]:
        static = Path(app.static_folder)
        for path in sorted(static.rglob("*")):
            hidden = any(part.startswith(".") for part in path.parts)
            if path.is_file() and "scss" not in path.parts and not hidden:
                filename = path.relative_to(static).as_posix()
                yield "assets.asset", {"version": app.config["ASSET_VERSION"], "filename": filename}

    with warnings.catch_warnings():  # the plain /static/ route is deliberately not frozen
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        urls = sorted(freezer.freeze())
    not_found = app.test_client().get("/en/404/")
    (Path(destination) / "404.html").write_bytes(not_found.data)
    return urls
