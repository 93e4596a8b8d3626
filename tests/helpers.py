"""Plain helpers shared by test modules (conftest.py holds the fixtures)."""

from __future__ import annotations

from typing import Any


def minimal_pages() -> dict[str, dict[str, Any]]:
    """The smallest valid site: a hub and one child page."""
    return {
        "home": {
            "slug": "home",
            "title": "Cancer",
            "summary": "The hub.",
            "template": "hub",
            "blocks": [{"type": "rich_text", "html": "<p>Welcome.</p>"}],
        },
        "child": {
            "slug": "child",
            "title": "Child page",
            "summary": "A child.",
            "parent": "home",
            "blocks": [{"type": "rich_text", "html": "<p>Child text.</p>"}],
        },
    }


# Filled by the browser fixtures (browser and driver versions); read when the
# session ends to write the accessibility report.
RUN_FACTS: dict[str, str] = {}


def write_accessibility_report(checks: dict[str, int]) -> None:
    """Write reports/accessibility-run.json, shown on the accessibility statement."""
    import datetime as dt
    import json
    import subprocess
    from importlib.metadata import version
    from pathlib import Path

    from microsite import create_app
    from microsite.views import page_paths

    root = Path(__file__).resolve().parent.parent
    app = create_app({"TESTING": True})
    axe = json.loads((root / "node_modules/axe-core/package.json").read_text())["version"]
    vnu = subprocess.run(
        ["java", "-jar", str(root / "node_modules/vnu-jar/build/dist/vnu.jar"), "--version"],
        capture_output=True, text=True, check=True,
    ).stdout.split()[0]  # fmt: skip
    report = {
        "date": dt.date.today().isoformat(),
        "standard": "WCAG 2.2 AA",
        "pages": len(page_paths(app)),
        "locales": app.config["LOCALES"],
        "tools": [
            {"name": "axe-core", "version": axe},
            {"name": "axe-selenium-python", "version": version("axe-selenium-python")},
            {"name": "Selenium", "version": version("selenium")},
            {"name": "Chromium", "version": RUN_FACTS["chromium"]},
            {"name": "ChromeDriver", "version": RUN_FACTS["chromedriver"]},
            {"name": "Nu HTML Checker (vnu-jar)", "version": vnu},
        ],
        "checks": checks,
    }
    path = Path(app.config["ACCESSIBILITY_REPORT"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")


# --- Hostile input --------------------------------------------------------------

DATA = __import__("pathlib").Path(__file__).resolve().parent / "data"


def xss_vectors() -> list[str]:
    lines = (DATA / "xss-vectors.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


def hostile_site(folder, vectors: list[str]) -> tuple[Any, Any, dict[str, str]]:
    """Content and a Welsh catalogue carrying every vector; returns (content, translations,
    slug -> vector for the vectors the content check refused, with its error)."""
    import json

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from microsite.content import ContentError, load_site

    content = folder / "content"
    content.mkdir()
    pages = minimal_pages()
    for name, page in pages.items():
        (content / f"{name}.json").write_text(json.dumps(page))
    refused: dict[str, str] = {}
    catalog = Catalog(locale="cy")
    for number, vector in enumerate(vectors):
        slug = f"xss-{number}"
        page = {
            "slug": slug, "title": f"Vector {number}", "summary": "Hostile content.",
            "parent": "home",
            "blocks": [
                {"type": "rich_text", "html": vector},
                {"type": "list", "items": [vector]},
                {"type": "rich_text", "html": f"<p>Safe paragraph {number}.</p>"},
            ],
        }  # fmt: skip
        path = content / f"{slug}.json"
        path.write_text(json.dumps(page))
        try:
            load_site(content)
        except ContentError as error:  # refused (e.g. by the accessibility lint): a clear error
            refused[slug] = str(error)
            page["blocks"] = page["blocks"][2:]
            path.write_text(json.dumps(page))
        # Every vector also arrives as a translator's work, for plain and rich text.
        catalog.add(f"Vector {number}", vector, context=f"{slug}: title")
        catalog.add(f"Safe paragraph {number}.", vector, context=f"{slug}: rich_text.html")
    translations = folder / "translations"
    (translations / "cy" / "LC_MESSAGES").mkdir(parents=True)
    with (translations / "cy" / "LC_MESSAGES" / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    return content, translations, refused
