"""The translator's cycle end to end: extract, update, compile, on a copy of the project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from microsite import catalogues
from microsite.content import load_site
from microsite.segments import page_segments

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of what extraction reads: mapping, code, templates, content."""
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    for name in ("microsite", "templates", "content"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def content_messages(po: Path) -> set[tuple[str, str]]:
    with po.open("rb") as handle:
        return {(m.context, m.id) for m in read_po(handle) if m.id and m.context}


def test_every_segment_is_extracted_once(project):
    pot = catalogues.extract(project / "translations", root=project)
    site = load_site(project / "content")
    segments = {(s.context, s.text) for page in site.pages.values() for s in page_segments(page)}
    assert content_messages(pot) == segments
    with pot.open("rb") as handle:
        messages = list(read_po(handle))
    home_title = next(m for m in messages if m.context == "home: title")
    assert home_title.auto_comments == ['Page "Cancer" (home), field title']
    assert home_title.locations == [("content/home.json", 3)]
    assert any(m.id == "Skip to main content" and not m.context for m in messages)


def test_a_new_paragraph_reaches_the_catalogue(project):
    translations = project / "translations"
    catalogues.extract(translations, root=project)
    catalogues.update(translations, ["cy"])
    page_file = project / "content" / "news.json"
    page = json.loads(page_file.read_text())
    page["blocks"].append({"type": "rich_text", "html": "<p>A brand new paragraph.</p>"})
    page_file.write_text(json.dumps(page, indent=2))

    catalogues.extract(translations, root=project)
    [po] = catalogues.update(translations, ["cy"])
    assert ("news: rich_text.html", "A brand new paragraph.") in content_messages(po)
    [mo] = catalogues.compile_all(translations, ["cy"])
    assert mo.exists()


@pytest.mark.parametrize("locale", ["cy", "pl", "ar"])
def test_shipped_catalogues_are_complete_and_clean(locale):
    po = catalogues.po_path(ROOT / "translations", locale)
    assert catalogues.check(po) == []
    for kind, completion in catalogues.stats(po).items():
        assert completion.translated == completion.total, f"{locale} {kind}: {completion}"
    header = po.read_text(encoding="utf-8")[:900]
    assert "Produced by an AI assistant" in header
    assert "awaiting review by a native" in header.replace('"\n"', "")
