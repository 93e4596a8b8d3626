"""Static assets under fingerprinted URLs, cached for a year, sent compressed: only an
allowlist of inert types, each under exactly one URL.

Every asset URL carries a hash of the static files (``/static/v/<hash>/build/site.css``),
so browsers and CDNs may keep assets forever (``immutable``) and any change to
any asset changes every URL. Hashing the tree rather than each file keeps
relative URLs inside assets working (``site.mjs`` imports ``../vendor/...``).

What is served is decided once, at start-up (:func:`manifest`): the files under
``static/`` whose type is in :data:`TYPES` (stylesheets, scripts, images,
fonts, JSON), outside hidden folders and the Sass sources, each read by the one
reader (regular files inside the folder, size-limited) and named so that a URL
carries the name unchanged (:func:`carried_unchanged`). HTML, XHTML, XML and
anything else that a browser would run as a document of this site are never
served, live or in the export; SVG files are served with a policy that lets
them run nothing (:mod:`microsite.web.headers`). A file is served only under
its own name: ``x/../build/site.css`` and every other spelling is a 404, so
one file is one cache entry, however many spellings a client invents. An
image block's ``src`` (``/static/<name>``) is rendered as the fingerprinted URL
(:func:`image_src`), which the export has too; the bare path still redirects
there, for links from elsewhere.

Text assets are compressed once (gzip and brotli), and each finished asset
response is kept by the response cache, so a repeat costs what a cached page
costs. Measured in-process on site.css with brotli, the Flask view took 3.1 ms
a request, WhiteNoise (files precompressed on disk) 0.21 ms, and the kept
response about 0.02 ms: so no WhiteNoise.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path, PurePosixPath

import brotli
from flask import Blueprint, Flask, Response, abort, current_app, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse  # what redirect() returns

from .. import config
from ..content.images import static_name
from ..content.reading import STATIC, Refused, read_file
from .cache import choose_encoding, keep

bp = Blueprint("assets", __name__)
# The types served from static/, by suffix, and what they are sent as. Nothing here
# runs as a document of the site (SVG gets a sandboxing policy of its own).
TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",  # browsers refuse a module script of any other type
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".txt": "text/plain",
}
COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".json", ".webmanifest", ".txt", ".ico"}
SOURCES = "scss"  # the stylesheet's source folder: built into build/site.css, not served


def manifest(folder: Path) -> dict[str, str]:
    """Every servable file under ``folder``, by its one name (``build/site.css``), with a
    hash of its bytes: the allowlisted types, outside hidden folders and the Sass sources.

    Raises :class:`microsite.content.reading.Refused` for a file of an allowed type
    that may not be read (a pipe, a link out of the folder, too big), naming it.
    """
    files: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if not p.is_dir()):
        name = PurePosixPath(path.relative_to(folder).as_posix())
        if any(part.startswith(".") for part in name.parts) or name.parts[0] == SOURCES:
            continue
        if name.suffix.lower() not in TYPES:
            continue
        if not carried_unchanged(str(name)):
            shown = str(path) if str(path).isprintable() else repr(str(path))
            raise config.ConfigError(
                f"{shown}: the name holds '%' or a control character, which no URL carries"
                " unchanged (the static export would ask for another file): rename it"
            )
        try:
            data = read_file(path, folder, STATIC)
        except Exception as error:  # Refused, FileNotFoundError (a dangling link)
            raise config.ConfigError(f"{path}: {error}") from None
        files[str(name)] = hashlib.sha256(data).hexdigest()
    return files


def carried_unchanged(name: str) -> bool:
    """Whether ``name`` survives being decoded once more than it was encoded.

    Frozen-Flask decodes an asset's URL to name the file, then requests that
    decoded URL, which the site decodes again: ``x%41.css`` is fetched as
    ``xA.css``. Control characters (a tab, a newline) do not survive routing.
    So a served name holds neither, and the live site and the export serve the
    same file under the same URL.
    """
    return "%" not in name and name.isprintable()


def tree_hash(files: dict[str, str]) -> str:
    """A hash of every served file's name and bytes: the assets' version."""
    digest = hashlib.sha256()
    for name, file_hash in sorted(files.items()):
        digest.update(name.encode() + b"\0" + file_hash.encode() + b"\n")
    return digest.hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The fingerprinted URL of a file under ``static/``."""
    return url_for("assets.asset", version=current_app.config["ASSET_VERSION"], filename=filename)


def image_src(src: str) -> str:
    """Where an image block's ``src`` points: the served file it names, by its fingerprinted
    URL (a file not served is refused when content loads; unchecked content keeps ``src``).

    Editors write ``/static/<name>``. Live, that path redirects here, but the static
    export has no redirects (and nginx refuses ``/static/`` outside ``/static/v/``), so
    a page naming the bare path showed a broken image in every export.
    """
    name = static_name(src)
    return asset_url(name) if name in current_app.config["ASSET_FILES"] else src


def asset_folder_url(folder: str) -> str:
    """The fingerprinted URL of a folder (the NHS.UK template's ``assetPath``).

    Built by hand, not with ``url_for``: a folder is not a servable file, and the
    freezer follows every ``url_for``.
    """
    version = current_app.config["ASSET_VERSION"]
    return f"{request.script_root}/static/v/{version}/{folder.strip('/')}"


@lru_cache(maxsize=256)
def _encoded(path: Path, folder: Path, mtime_ns: int) -> dict[str, bytes]:
    body = read_file(path, folder, STATIC)
    variants = {"identity": body}
    if path.suffix.lower() in COMPRESSIBLE:
        variants["gzip"] = gzip.compress(body, 9, mtime=0)
        variants["br"] = brotli.compress(body, quality=11)
    return variants


@bp.route("/static/v/<version>/<path:filename>")
def asset(version: str, filename: str) -> Response:
    files: frozenset[str] = current_app.config["ASSET_FILES"]
    if version != current_app.config["ASSET_VERSION"] or filename not in files:
        abort(404)
    folder = Path(current_app.config["STATIC_DIR"])
    path = folder / filename
    try:
        variants = _encoded(path, folder, path.stat().st_mtime_ns)
    except (OSError, Refused):  # removed or replaced since start-up
        abort(404)
    wanted = choose_encoding(request.environ)
    # Kept whole by the response cache: a repeat costs a dictionary lookup, not this view.
    keep(wanted)
    encoding = wanted if wanted in variants else "identity"
    response = Response(variants[encoding], mimetype=TYPES[PurePosixPath(filename).suffix.lower()])
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    if len(variants) > 1:
        response.vary.add("Accept-Encoding")
    return response


@bp.route("/static/<path:filename>")
def unversioned(filename: str) -> BaseResponse:
    """``/static/<name>`` (as an image block names a file): to its one, fingerprinted URL."""
    if filename not in current_app.config["ASSET_FILES"]:
        abort(404)
    return redirect(asset_url(filename), 308)


def init_app(app: Flask) -> None:
    """Decide what is served: needs ``STATIC_DIR`` (default: the checkout's ``static/``)."""
    app.config.setdefault("STATIC_DIR", str(config.PROJECT_ROOT / "static"))
    files = manifest(Path(app.config["STATIC_DIR"]))
    app.config["ASSET_FILES"] = frozenset(files)
    app.config.setdefault("ASSET_VERSION", tree_hash(files))
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        asset_url=asset_url, asset_folder_url=asset_folder_url, image_src=image_src
    )
