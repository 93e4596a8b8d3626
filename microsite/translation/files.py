"""Translators' files as the ``translate`` commands read them: through the site's one reader.

The live site reads catalogues with :func:`microsite.content.reading.read_file`
(regular files inside their folder, opened without blocking, size-limited); the
commands translators and CI run read the same files by the same rules, so a
named pipe in place of a ``.po`` cannot hang ``translate check``, and a link out
of ``translations/`` is refused there as it is by the site.
"""

from __future__ import annotations

from pathlib import Path

from ..content.reading import CATALOGUE, Refused, read_file
from ..problems import CatalogueError, CatalogueProblem


def folder_of(path: Path) -> Path:
    """The translations folder a catalogue (``<folder>/<name>/LC_MESSAGES/messages.po``)
    or the template (``<folder>/messages.pot``) belongs to; else the file's own folder."""
    if path.parent.name == "LC_MESSAGES":
        return path.parents[2]
    return path.parent


def read_translation_file(path: Path) -> bytes:
    """The bytes of a catalogue, template or glossary, or :class:`CatalogueError` naming
    ``file:1`` with why it was not read. A missing file is ``FileNotFoundError``."""
    try:
        return read_file(path, folder_of(path), CATALOGUE)
    except Refused as refusal:
        raise CatalogueError([CatalogueProblem(str(path), 1, str(refusal))]) from None
