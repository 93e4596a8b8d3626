"""The translator's cycle end to end on a copy of the project: extract, update, init.
Files stay byte-identical when nothing changed, and a changed English becomes stale."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from microsite.content.loading import load_site
from microsite.content.segments import page_segments
from microsite.translation import review, tools
from microsite.translation.catalogue import Status, parse, plural_forms, read_catalogue
from microsite.translation.locales import po_path
from microsite.translation.pofiles import to_bytes
from microsite.translation.provenance import digest, set_record

ROOT = Path(__file__).resolve().parent.parent


def content_messages(po: Path) -> set[tuple[str, str]]:
    with po.open("rb") as handle:
        return {(m.context, m.id) for m in read_po(handle) if m.id and m.context}


def test_every_segment_is_extracted_once(project):
    pot, _ = tools.extract(project / "content", project / "translations", root=project)
    site = load_site(project / "content")
    segments = {(s.context, s.text) for page in site.pages.values() for s in page_segments(page)}
    back_links = {
        (f"{slug}: back_link", f"Back to {site.pages[slug].title}")
        for slug in {page.parent for page in site.pages.values()} - {None}
    }
    logo = {("home: logo_label", "NHS England Cancer homepage")}
    assert content_messages(pot) == segments | back_links | logo
    with pot.open("rb") as handle:
        messages = list(read_po(handle))
    home_title = next(m for m in messages if m.context == "home: title")
    assert home_title.auto_comments == ['Page "Cancer" (home), field title']
    assert home_title.locations == [("content/home.json", None)]  # no line to go stale
    assert any(m.id == "Skip to main content" and not m.context for m in messages)


def test_content_is_never_flagged_python_format(project):
    pot, _ = tools.extract(project / "content", project / "translations", root=project)
    text = pot.read_text(encoding="utf-8")
    assert "40% of" in text  # the seed's figure, which msgfmt would read as a placeholder
    for entry in text.split("\n\n"):
        assert not ("msgctxt" in entry and "python-format" in entry), entry


def test_extraction_reads_the_configured_content_folder(project, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "pages"
    shutil.copytree(project / "content", elsewhere)
    page = json.loads((elsewhere / "news.json").read_text())
    page["title"] = "News from elsewhere"
    (elsewhere / "news.json").write_text(json.dumps(page, indent=2))
    pot, _ = tools.extract(elsewhere, project / "translations", root=project)
    assert ("news: title", "News from elsewhere") in content_messages(pot)


def test_rerunning_extract_and_update_changes_no_byte(project):
    translations = project / "translations"
    tools.extract(project / "content", translations, root=project)
    tools.update(translations, ["cy", "pl", "ar"])
    before = {p: p.read_bytes() for p in translations.rglob("*.po*")}
    _, changed = tools.extract(project / "content", translations, root=project)
    reports = tools.update(translations, ["cy", "pl", "ar"])
    assert not changed and not any(report.written for report in reports)
    assert {p: p.read_bytes() for p in translations.rglob("*.po*")} == before


def test_changed_english_becomes_stale_keeps_its_previous_msgid_and_shows_english(project):
    translations = project / "translations"
    page_file = project / "content" / "news.json"
    page = json.loads(page_file.read_text())
    old_title = page["title"]
    page["title"] = old_title + " and updates"
    page_file.write_text(json.dumps(page, indent=2))
    tools.extract(project / "content", translations, root=project)
    [report] = tools.update(translations, ["cy"])
    assert report.changed >= 1 and report.written
    po = report.po
    assert f'#| msgid "{old_title}"' in po.read_text(encoding="utf-8")
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    assert catalogue.find("news: title", old_title + " and updates") is None  # English shown
    assert review.stats(po)["content"][Status.STALE] >= 1
    # A second update must not turn the stale entry into an unreviewed (shown) one.
    tools.update(translations, ["cy"])
    assert f'#| msgid "{old_title}"' in po.read_text(encoding="utf-8")
    assert review.check(po) == []  # waiting for review is a status, not a problem


def test_init_creates_a_catalogue_with_cldr_plurals_and_filled_headers(project):
    translations = project / "translations"
    shutil.rmtree(translations / "cy")
    po = tools.init(translations, "cy")
    data = po.read_bytes()
    assert plural_forms(parse(data, str(po)), data, str(po)).count == 6  # CLDR's Welsh
    assert review.check(po) == []
    counts = review.stats(po)
    assert set(counts["content"]) == {Status.MISSING}


@pytest.mark.parametrize("locale", ["cy", "pl", "ar"])
def test_shipped_catalogues_are_clean_and_honestly_unreviewed(locale):
    po = po_path(ROOT / "translations", locale)
    assert review.check(po) == []
    for kind, counts in review.stats(po).items():
        assert counts[Status.REVIEWED] == 0, f"{locale} {kind}: nobody has reviewed these yet"
        assert counts[Status.UNREVIEWED] > 0
    text = po.read_text(encoding="utf-8")
    header = text[: text.index("\n\n")]
    assert "machine translation, not yet reviewed by a native speaker" in header.replace(
        "\n# ", " "
    )
    for name in ("AI assistant", "Claude"):
        assert name not in text


def test_ci_detects_content_changed_without_extract_and_update(project):
    translations = project / "translations"
    tools.extract(project / "content", translations, root=project)
    tools.update(translations, ["cy"])
    before = {p: p.read_bytes() for p in translations.rglob("*.po*")}
    page_file = project / "content" / "news.json"
    page = json.loads(page_file.read_text())
    page["summary"] = "A new summary nobody has extracted."
    page_file.write_text(json.dumps(page, indent=2))
    assert not tools.template_is_current(project / "content", translations, root=project)
    tools.extract(project / "content", translations, root=project)
    [report] = tools.update(translations, ["cy"], dry_run=True)
    assert report.stale  # what `translate update --check` reports
    assert po_path(translations, "cy").read_bytes() == before[po_path(translations, "cy")]
    # (a dry run writes nothing)


def test_moved_source_lines_alone_are_not_stale(project):
    """A code edit that only moves a message's line changes no reference (they name the
    file only) and must not turn CI red."""
    translations = project / "translations"
    tools.extract(project / "content", translations, root=project)
    old = tools.pot_path(translations).read_bytes()
    views = project / "templates" / "base.html"
    views.write_text("\n\n" + views.read_text())
    assert tools.template_is_current(project / "content", translations, root=project)
    assert tools.extract(project / "content", translations, root=project)[1] is False
    assert tools.pot_path(translations).read_bytes() == old


def test_a_long_changed_paragraph_keeps_its_whole_previous_msgid(project):
    """Babel's writer breaks a long #| msgid without the #| prefix; ours must not.
    The paragraph is the test's own, so rewriting the site's content cannot change it."""
    translations = project / "translations"
    po = po_path(translations, "cy")
    page = project / "content" / "news.json"
    data = json.loads(page.read_text(encoding="utf-8"))
    old = " ".join(
        f"Sentence {n} of a long paragraph that translators see whole." for n in range(6)
    )
    data["blocks"].append({"type": "rich_text", "html": f"<p>{old}</p>"})
    page.write_text(json.dumps(data), encoding="utf-8")
    tools.extract(project / "content", translations, root=project)
    tools.update(translations, ["cy"])
    catalog = parse(po.read_bytes(), str(po))
    [entry] = [m for m in catalog.messages if m.msgid == old]
    entry.msgstr, entry.flags = ["Paragraff hir wedi'i gyfieithu."], ["fuzzy"]
    set_record(entry, digest(entry.ids))  # a machine translation, recorded as ours are
    po.write_bytes(to_bytes(catalog))
    page.write_text(page.read_text(encoding="utf-8").replace(old, old + " Also."), "utf-8")
    tools.extract(project / "content", translations, root=project)
    tools.update(translations, ["cy"])
    assert review.check(po) == []  # msgfmt included
    updated = parse(po.read_bytes(), str(po))
    [stale] = [m for m in updated.messages if m.msgid == old + " Also."]
    assert stale.previous_msgid == old and len(old) > 200


def test_update_never_carries_a_fuzzy_match_with_other_placeholders(tmp_path):
    """msgmerge's fuzzy matching offers "Cyhoeddwyd: %(date)s" for a new "Published by
    %(publisher)s.": msgfmt --check refuses that, so the new entry starts empty."""
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: cy\\n"\n'
    )
    po, pot = tmp_path / "cy.po", tmp_path / "messages.pot"
    po.write_text(
        header + '\n#, fuzzy, python-format\nmsgid "Published: %(date)s"\n'
        'msgstr "Cyhoeddwyd: %(date)s"\n',
        encoding="utf-8",
    )
    pot.write_text(
        header + '\n#, python-format\nmsgid "Published by %(publisher)s."\nmsgstr ""\n'
        '\n#, python-format\nmsgid "Published: %(date)s."\nmsgstr ""\n',
        encoding="utf-8",
    )
    tools.update_one(po, pot)
    checked = subprocess.run(["msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(po)],
                             capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    entries = {m.msgid: m for m in parse(po.read_bytes(), str(po)).messages}
    assert entries["Published by %(publisher)s."].msgstr == [""]
    assert entries["Published: %(date)s."].msgstr == ["Cyhoeddwyd: %(date)s"]  # same placeholders


def test_a_guess_from_an_obsolete_entry_is_stale_and_a_second_update_changes_nothing(tmp_path):
    """msgmerge fills new English from an obsolete entry (which carries no record): the
    guess is stale at once (never shown), recorded from its #| line, and update is
    idempotent: the next run has nothing left to record."""
    from microsite.translation.provenance import Status, status_of

    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: cy\\n"\n'
    )
    po, pot = tmp_path / "cy.po", tmp_path / "messages.pot"
    po.write_text(header + '\n#, fuzzy\n#~ msgid "Drinking alcohol"\n#~ msgstr "Yfed alcohol"\n',
                  encoding="utf-8")  # fmt: skip
    pot.write_text(header + '\nmsgid "Drinking too much alcohol"\nmsgstr ""\n', encoding="utf-8")
    tools.update_one(po, pot)
    [entry] = [m for m in parse(po.read_bytes(), str(po)).messages if m.msgstr != [""]]
    assert status_of(entry) is Status.STALE, "a guess from other English would be shown"
    assert tools.update_one(po, pot).written is False


def test_an_obsolete_entry_revived_by_plain_msgmerge_is_never_shown(tmp_path):
    """Poedit's "Update from POT" is plain msgmerge: when it revives an obsolete machine
    translation for new English, the record translate update left on it says which
    English it was made from, so the site never shows it for the new English."""
    from microsite.translation.provenance import Status, status_of

    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: cy\\n"\n'
    )
    po, pot = tmp_path / "cy.po", tmp_path / "messages.pot"
    po.write_text(header + '\n#, fuzzy\n#~ msgid "Drinking alcohol"\n#~ msgstr "Yfed alcohol"\n',
                  encoding="utf-8")  # fmt: skip
    pot.write_text(header, encoding="utf-8")
    tools.update_one(po, pot)  # the site's update records the obsolete entry
    pot.write_text(header + '\nmsgid "Drinking too much alcohol"\nmsgstr ""\n', encoding="utf-8")
    subprocess.run(["msgmerge", "--previous", "-q", "-o", str(po), str(po), str(pot)], check=True)
    [entry] = [m for m in parse(po.read_bytes(), str(po)).messages if m.msgstr != [""]]
    assert status_of(entry) is Status.STALE, "a revived guess from other English would be shown"


@pytest.mark.parametrize(
    ("saved_as", "merge"),
    [
        ("reviewed in Poedit", ["msgmerge"]),
        ("a fuzzy draft", ["msgmerge"]),
        ("a fuzzy draft", ["msgmerge", "--previous"]),  # no #| for an entry already fuzzy
    ],
)
def test_a_translation_never_recorded_is_not_shown_for_new_english(project, saved_as, merge):
    """A translator saves a translation (no record yet: the site's tools have not run),
    then the English changes and msgmerge, with or without --previous, matches the old
    translation to it. Neither the site nor a later update may show it for the new English."""
    translations = project / "translations"
    po = po_path(translations, "cy")
    page_file = project / "content" / "news.json"
    page = json.loads(page_file.read_text())
    old_title = page["title"]
    text = po.read_text(encoding="utf-8")
    block = next(b for b in text.split("\n\n") if 'msgctxt "news: title"' in b)
    lines = [line for line in block.splitlines() if not line.startswith("# source-sha256:")]
    if saved_as == "reviewed in Poedit":
        lines = [line for line in lines if line != "#, fuzzy"]
    po.write_text(text.replace(block, "\n".join(lines)), encoding="utf-8")
    shown = read_catalogue(po.read_bytes(), "cy", str(po)).find("news: title", old_title)
    assert (shown is not None) is (saved_as == "reviewed in Poedit")  # gettext shows no fuzzy

    page["title"] = old_title + " and updates"
    page_file.write_text(json.dumps(page, indent=2))
    pot, _ = tools.extract(project / "content", translations, root=project)
    subprocess.run([*merge, "-q", "-o", str(po), str(po), str(pot)], check=True)
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    assert catalogue.find("news: title", old_title + " and updates") is None, "stale shown"
    if merge == ["msgmerge"]:
        assert any("not shown" in w for w in review.warnings(po, None))
    tools.update(translations, ["cy"])  # what CI's "out of date" would make someone run
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    assert catalogue.find("news: title", old_title + " and updates") is None, "stale shown"
