"""Write every page the site serves, as HTML, for PurgeCSS to read (``make`` runs it).

Usage: ``.venv/bin/python scripts/render_pages.py OUTDIR``

Every page in every locale, plus the 404 page in every locale, rendered by the app
itself from the current content and templates: the markup the NHS.UK macros
actually produce for this site, not every variant they could produce.
"""

from __future__ import annotations

import sys
from pathlib import Path

from microsite import create_app
from microsite.web.views import page_paths


def render(folder: Path) -> int:
    """Render into ``folder`` (emptied of old pages first); return the number written."""
    app = create_app({"TESTING": True})
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):
        old.unlink()
    client = app.test_client()
    paths = page_paths(app) + [f"/{locale}/no-such-page/" for locale in app.config["LOCALES"]]
    for number, path in enumerate(paths):
        response = client.get(path)
        if response.status_code not in (200, 404):
            raise SystemExit(f"render_pages: {path} answered {response.status_code}")
        (folder / f"{number:04d}.html").write_bytes(response.get_data())
    return len(paths)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: render_pages.py OUTDIR")
    print(f"rendered {render(Path(sys.argv[1]))} pages into {sys.argv[1]}")
