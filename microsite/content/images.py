"""Image blocks checked against the files the site serves.

The schema can only say an image's ``src`` is a ``/static/`` path; whether that
file exists is known only beside the static folder. A page naming a missing file
rendered a broken image (and an export that 404s), so it is refused like a link to
a missing page: named by file and field, and the live site keeps its last good
content.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import unquote

from ..problems import Problem
from .models import ImageBlock, Page

STATIC_PREFIX = "/static/"  # how content names a file under static/ (an image block's src)


def static_name(src: str) -> str:
    """The file under ``static/`` an image block's ``src`` names, spelled as the asset
    manifest spells it (``/static/images/a%20b.png`` -> ``images/a b.png``). The one
    reading of ``src``: the check here and the page's fingerprinted URL both use it."""
    return unquote(src.removeprefix(STATIC_PREFIX))


def missing_image_problems(
    pages: dict[str, Page], files: dict[str, str], served: Collection[str]
) -> list[Problem]:
    """Image blocks whose ``/static/<name>`` names no file in ``served`` (names as the
    asset manifest gives them, such as ``images/map.png``)."""
    problems = []
    for slug, page in pages.items():
        for index, block in enumerate(page.blocks):
            if not isinstance(block, ImageBlock):
                continue
            name = static_name(block.src)
            if name not in served:
                message = (
                    f"no file static/{name} is served (only images of an allowed type in the"
                    " static folder are): add the file or correct the path"
                )
                problems.append(Problem(files[slug], f"$.blocks[{index}].src", message))
    return problems
