"""The whole site as static files, for any static host or CDN (Frozen-Flask).

Every page in every locale, each locale's news feed, the sitemap, robots.txt,
every asset under its fingerprinted URL, and ``404.html`` in the source
language. Pages are the live site's bytes with the CSP added as a ``<meta>``
element, and every text file gets ``.gz`` and ``.br`` copies
(:mod:`microsite.export.files`).

The destination is someone's folder, so the export is careful with it:

- It never writes through a symbolic link. A link where a file or folder of
  the export goes (a ``robots.txt`` or ``cy/`` pointing elsewhere) stops the
  export before anything is written, and the error names it.
- It deletes nothing unless asked. With ``clean=True``, files this export did
  not write (pages since removed, assets of an older version) are deleted;
  dot-files such as a ``.git`` folder are kept.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path, PurePosixPath
from unicodedata import normalize

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning, walk_directory

from ..content.values import HOME_SLUG
from ..web import headers
from . import files

# Relative to the destination: what cleaning never touches.
DESTINATION_IGNORE = [".?*"]
NOT_FOUND_PAGE = "404.html"


class FreezeError(Exception):
    """The export cannot go ahead; the message says why and where."""


class Export:
    """The static export of ``app`` into ``destination``.

    ``urls()`` says what will be written (for progress bars); ``write()``
    writes it. Both may be called any number of times.
    """

    def __init__(self, app: Flask, destination: str | Path, *, clean: bool = False) -> None:
        self.app = app
        self.root = Path(destination).absolute()
        self.clean = clean
        self.policy = headers.content_security_policy()
        app.config.update(
            FREEZER_DESTINATION=str(self.root),
            FREEZER_REMOVE_EXTRA_FILES=False,  # cleaning is ours: it must know every file we write
            FREEZER_REDIRECT_POLICY="follow",
            FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
        )
        self.freezer = Freezer(app, with_static_files=False)
        self.freezer.register_generator(self._pages)
        self.freezer.register_generator(self._assets)

    def _pages(self) -> Iterator[tuple[str, dict[str, str]]]:
        site = self.app.extensions["microsite.store"].current().site
        for locale in self.app.config["LOCALES"]:
            yield "site.home", {"locale": locale}
            yield "site.feed", {"locale": locale}
            for slug in site.pages:
                if slug != HOME_SLUG:
                    yield "site.page", {"locale": locale, "slug": slug}

    def _assets(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Exactly the files the live site serves (:func:`microsite.web.assets.manifest`)."""
        version = self.app.config["ASSET_VERSION"]
        for filename in sorted(self.app.config["ASSET_FILES"]):
            yield "assets.asset", {"version": version, "filename": filename}

    def urls(self) -> list[str]:
        """Every URL the export writes, sorted (``404.html`` aside)."""
        return sorted(set(self.freezer.all_urls()))

    def write(self, progress: Callable[[str], None] | None = None) -> list[str]:
        """Write the export; call ``progress(url)`` after each URL; return the URLs.

        Raises :class:`FreezeError` before writing anything if a symbolic link
        sits where a file of the export would go, or a page hides the 404 page.
        """
        urls = self.urls()
        names = [self._file(url) for url in urls] + [NOT_FOUND_PAGE]
        refuse_links(self.root, [f + suffix for f in names for suffix in ("", ".gz", ".br")])
        not_found = self._not_found_page()
        written: set[str] = set()
        with warnings.catch_warnings():  # the plain /static/ route is deliberately not frozen
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
            for page in self.freezer.freeze_yield():
                written |= self._finish(page.path.as_posix(), page.url)
                if progress:
                    progress(page.url)
        self.root.joinpath(NOT_FOUND_PAGE).write_bytes(not_found)
        written |= self._finish(NOT_FOUND_PAGE, "/" + NOT_FOUND_PAGE)
        if self.clean:
            remove_stale(self.root, written)
        return urls

    def _file(self, url: str) -> str:
        return normalize("NFC", self.freezer.urlpath_to_filepath(url))

    def _finish(self, name: str, url: str) -> set[str]:
        """The CSP into a page, then compressed copies; return the files now there."""
        path = self.root / name
        if path.suffix == ".html":
            page = files.with_csp_meta(path.read_bytes(), self.policy, name)
            files.write_if_changed(path, page)
        asset = url.startswith("/static/")
        quality = files.ASSET_QUALITY if asset else files.PAGE_QUALITY
        extra = files.precompress(path, quality)
        return {name, *(p.relative_to(self.root).as_posix() for p in extra)}

    def _not_found_page(self) -> bytes:
        source = self.app.config["LOCALES"][0]
        response = self.app.test_client().get(f"/{source}/404/")
        if response.status_code != 404:
            raise FreezeError(f"/{source}/404/ answered {response.status_code}, not 404:"
                              " a page with the slug 404 hides the not-found page")  # fmt: skip
        return response.get_data()


def freeze(
    app: Flask,
    destination: str | Path,
    *,
    clean: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Write the site into ``destination``; return the URLs written, sorted."""
    return Export(app, destination, clean=clean).write(progress)


def refuse_links(root: Path, names: list[str]) -> None:
    """Raise :class:`FreezeError` if any of ``names`` (relative to ``root``), or a
    folder on the way to it, is a symbolic link: writing there would land outside."""
    checked: set[PurePosixPath] = set()
    for name in names:
        relative = PurePosixPath(name)
        for part in [*reversed(relative.parents[:-1]), relative]:
            if part in checked:
                continue
            checked.add(part)
            path = root / part
            if path.is_symlink():
                raise FreezeError(
                    f"{path}: is a symbolic link (to {os.readlink(path)}), and the export would"
                    " write through it. Remove the link, or freeze into another folder."
                )


def remove_stale(root: Path, written: set[str]) -> list[str]:
    """Delete files under ``root`` that are not in ``written`` (dot-files are kept),
    then any folder left empty; return the names deleted."""
    stale = sorted(set(walk_directory(root, ignore=DESTINATION_IGNORE)) - written)
    for name in stale:
        path = root / name
        path.unlink()
        for folder in path.parents:
            if folder == root:
                break
            with suppress(OSError):  # not empty
                folder.rmdir()
    return stale
