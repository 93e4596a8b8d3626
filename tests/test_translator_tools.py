"""The translators' own tools on the shipped catalogues: GNU msgmerge and msgcat (Poedit's
"Update from POT", Weblate's msgmerge add-on), polib (Pontoon) and translate-toolkit
(Weblate). Whatever they write with no English change passes CI and loses nothing; after
an English change, no tool's merge can get an old translation shown for new English."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from translate.convert import pot2po
from translate.storage import po as ttk_po

from microsite.translation import review, tools
from microsite.translation.catalogue import read_catalogue
from microsite.translation.locales import po_path
from microsite.translation.poread import read_po
from microsite.translation.provenance import Status, digest, record_of, status_of

ROOT = Path(__file__).resolve().parent.parent
TAGS = ["ar", "cy", "pl"]


def ci_failures(project: Path) -> list[str]:
    """What `make catalogues` would fail on: msgfmt, translate check, extract and update --check."""
    failures = []
    translations = project / "translations"
    for tag in TAGS:
        po = po_path(translations, tag)
        result = subprocess.run(["msgfmt", "--check", "--use-fuzzy", "-o", "/dev/null", str(po)],
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode:
            failures.append(result.stderr)
        failures += review.check(po)
    if not tools.template_is_current(project / "content", translations, root=project):
        failures.append("extract --check: out of date")
    failures += [str(r) for r in tools.update(translations, TAGS, dry_run=True) if r.stale]
    return failures


def welsh(project: Path) -> Path:
    return po_path(project / "translations", "cy")


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


# --- CI stays green on files the tools write (item 3) --------------------------------


def test_msgmerge_update_from_pot_passes_ci_and_update_leaves_it_alone(project):
    po, pot = welsh(project), project / "translations" / "messages.pot"
    run("msgmerge", "--previous", "--quiet", "-o", str(po), str(po), str(pot))
    before = po.read_bytes()
    assert ci_failures(project) == []
    tools.update(project / "translations", ["cy"])
    assert po.read_bytes() == before


def test_msgcat_no_wrap_passes_ci_and_is_not_rewrapped(project):
    po = welsh(project)
    run("msgcat", "--no-wrap", "-o", str(po), str(po))
    before = po.read_bytes()
    assert max(len(line) for line in before.splitlines()) > 200  # really unwrapped
    assert ci_failures(project) == []
    tools.update(project / "translations", ["cy"])
    assert po.read_bytes() == before


def test_polib_with_pontoons_wrap_width_passes_ci_and_keeps_its_layout(project):
    po = welsh(project)
    catalogue = polib.pofile(str(po), wrapwidth=200)
    catalogue.save()
    before = po.read_bytes()
    assert ci_failures(project) == []
    tools.update(project / "translations", ["cy"])
    assert po.read_bytes() == before


def test_other_ordinary_saves_with_no_english_change_pass_ci(project):
    """Weblate's pot2po (which writes a format flag twice on fuzzy entries), polib's default
    wrap (which breaks comments after a hyphen) and msgmerge --no-location."""
    po, pot = welsh(project), project / "translations" / "messages.pot"
    original = po.read_bytes()

    def pot2po_merge() -> None:
        merged = project / "merged.po"
        with pot.open("rb") as template, po.open("rb") as existing, merged.open("wb") as out:
            pot2po.convertpot(template, out, existing)
        shutil.copy(merged, po)

    saves = {
        "pot2po": pot2po_merge,
        "polib at its default width": lambda: polib.pofile(str(po)).save(),
        "msgmerge --no-location": lambda: run(
            "msgmerge", "--previous", "--no-location", "--quiet", "-o", str(po), str(po), str(pot)
        ),
    }
    for name, save in saves.items():
        po.write_bytes(original)
        save()
        assert po.read_bytes() != original, f"{name} changed nothing: the case tests nothing"
        assert ci_failures(project) == [], name


def test_a_file_saying_charset_utf_8_in_lower_case_is_left_as_it_is(project):
    po = welsh(project)
    po.write_text(po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=utf-8"))
    before = po.read_bytes()
    assert b"charset=utf-8" in before and ci_failures(project) == []
    tools.update(project / "translations", ["cy"])
    assert po.read_bytes() == before


def weblate_save(po: Path) -> None:
    """What Weblate does on a commit: translate-toolkit rewrites the header fields it owns."""
    store = ttk_po.pofile.parsefile(str(po))
    store.updateheader(
        add=True,
        last_translator="Anwen Jones <anwen@example.org>",
        language_team="Welsh <https://hosted.weblate.org/projects/microsite/site/cy/>",
        po_revision_date="2026-12-05 10:00+0000",
        x_generator="Weblate 5.8.4",
    )
    po.write_bytes(bytes(store))


def test_a_weblate_commit_passes_ci(project):
    weblate_save(welsh(project))
    assert ci_failures(project) == []


def add_poedit_fields(po: Path) -> None:
    """Poedit's header fields, added as Poedit does, then laid out by msgcat."""
    catalogue = polib.pofile(str(po))
    catalogue.metadata["X-Generator"] = "Poedit 3.4.2"
    catalogue.metadata["X-Poedit-Basepath"] = "../../.."
    catalogue.metadata["X-Poedit-SearchPath-0"] = "content"
    catalogue.save()
    run("msgcat", "-o", str(po), str(po))


def change_home_paragraph(project: Path) -> tuple[str, str]:
    """Edit the hub's second paragraph; the old and new English."""
    path = project / "content" / "home.json"
    page = json.loads(path.read_text(encoding="utf-8"))
    block = next(b for b in page["blocks"] if b.get("html", "").startswith("<p>Find out"))
    old = "Find out what we are doing to improve cancer services in England."
    new = "Find out what we are doing to improve cancer care across England."
    block["html"] = block["html"].replace(old, new)
    path.write_text(json.dumps(page, indent=2, ensure_ascii=False), encoding="utf-8")
    return old, new


def test_update_keeps_every_header_field_and_comment_tools_added(project):
    po = welsh(project)
    add_poedit_fields(po)
    weblate_save(po)
    text = po.read_text(encoding="utf-8").replace(
        "# Copyright (C) 2026", "# Reviewed in Poedit by a volunteer.\n# Copyright (C) 2026"
    )
    po.write_text(text, encoding="utf-8")
    change_home_paragraph(project)  # so update really rewrites the file
    tools.extract(project / "content", project / "translations", root=project)
    [report, *_] = tools.update(project / "translations", ["cy", "ar", "pl"])
    assert report.written
    updated = read_po(po.read_bytes(), str(po))
    for name, value in [
        ("X-Generator", "Weblate 5.8.4"), ("X-Poedit-Basepath", "../../.."),
        ("X-Poedit-SearchPath-0", "content"),
        ("Last-Translator", "Anwen Jones <anwen@example.org>"),
    ]:  # fmt: skip
        assert updated.header_value(name) == value, name
    assert "Reviewed in Poedit by a volunteer." in po.read_text(encoding="utf-8")
    assert ci_failures(project) == []


def test_an_added_previous_msgctxt_passes_ci_and_is_kept(project):
    po = welsh(project)
    text = po.read_text(encoding="utf-8")
    entry = '#, fuzzy\nmsgctxt "home: title"\n'
    assert entry in text
    moved = '#, fuzzy\n#| msgctxt "home: hero.title"\n#| msgid "Cancer"\n' + entry[9:]
    po.write_text(text.replace(entry, moved))
    assert ci_failures(project) == []
    tools.update(project / "translations", ["cy"])
    assert '#| msgctxt "home: hero.title"' in po.read_text(encoding="utf-8")


# --- What each translation was made from survives every tool (item 1) -------------------


def records(po: Path) -> dict:
    catalogue = read_po(po.read_bytes(), str(po))
    return {entry.key: record_of(entry) for entry in catalogue.messages if entry.msgstr[0]}


@pytest.mark.parametrize("tool", ["msgmerge", "msgcat", "polib", "translate-toolkit"])
def test_every_tool_keeps_the_record_of_the_english(project, tool):
    po, pot = welsh(project), project / "translations" / "messages.pot"
    before = records(po)
    assert all(before.values()) and len(before) > 200
    if tool == "msgmerge":
        run("msgmerge", "--previous", "--quiet", "-o", str(po), str(po), str(pot))
    elif tool == "msgcat":
        run("msgcat", "--no-wrap", "-o", str(po), str(po))
    elif tool == "polib":
        polib.pofile(str(po), wrapwidth=200).save()
    else:
        weblate_save(po)
    assert records(po) == before


def english_shown(project: Path, new: str) -> str | None:
    po = welsh(project)
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    entry = catalogue.find("home: rich_text.html", new)
    return entry.strings[0] if entry else None


def test_msgmerge_onto_new_english_never_shows_the_old_welsh(project):
    """Poedit's "Update from POT": msgmerge writes no #| for an entry that was already
    fuzzy (every machine translation here), but the record still makes it stale."""
    po, pot = welsh(project), project / "translations" / "messages.pot"
    stale_before = review.stats(po)["content"][Status.STALE]
    old, new = change_home_paragraph(project)
    tools.extract(project / "content", project / "translations", root=project)
    run("msgmerge", "--previous", "--quiet", "-o", str(po), str(po), str(pot))
    merged = next(e for e in read_po(po.read_bytes(), str(po)).messages if e.msgid == new)
    assert merged.msgstr[0] and merged.fuzzy and merged.previous_msgid is None  # the trap
    assert status_of(merged) is Status.STALE
    assert english_shown(project, new) is None
    assert review.stats(po)["content"][Status.STALE] == stale_before + 1


def test_weblates_pot2po_onto_new_english_never_shows_the_old_welsh(project):
    old, new = change_home_paragraph(project)
    tools.extract(project / "content", project / "translations", root=project)
    po, pot = welsh(project), project / "translations" / "messages.pot"
    merged = project / "merged.po"
    with pot.open("rb") as template, po.open("rb") as existing, merged.open("wb") as output:
        pot2po.convertpot(template, output, existing)
    shutil.copy(merged, po)
    entry = next(e for e in read_po(po.read_bytes(), str(po)).messages if e.msgid == new)
    assert entry.msgstr[0] and entry.fuzzy  # translate-toolkit carried the old Welsh over
    assert status_of(entry) is Status.STALE and english_shown(project, new) is None
    entry.previous_msgid = None  # even without its #| line, the record says it is stale
    assert status_of(entry) is Status.STALE


def test_our_update_then_shows_the_reviewer_what_changed(project):
    old, new = change_home_paragraph(project)
    tools.extract(project / "content", project / "translations", root=project)
    [report] = tools.update(project / "translations", ["cy"])
    assert report.changed == 1
    entry = next(e for e in read_po(welsh(project).read_bytes(), "cy").messages if e.msgid == new)
    assert entry.previous_msgid == old and status_of(entry) is Status.STALE


def test_a_reviewer_clearing_fuzzy_in_poedit_makes_it_reviewed_and_update_records_it(project):
    old, new = change_home_paragraph(project)
    tools.extract(project / "content", project / "translations", root=project)
    tools.update(project / "translations", ["cy"])
    po = welsh(project)
    catalogue = polib.pofile(str(po))
    [entry] = [e for e in catalogue if e.msgid == new]
    entry.msgstr = "Dysgwch beth rydyn ni’n ei wneud i wella gofal canser ledled Lloegr."
    entry.flags.remove("fuzzy")  # Poedit: "Needs work" off; it also drops the #| lines
    entry.previous_msgid = entry.previous_msgctxt = None
    catalogue.save()
    assert english_shown(project, new) == entry.msgstr
    tools.update(project / "translations", ["cy"])
    [recorded] = [e for e in read_po(po.read_bytes(), str(po)).messages if e.msgid == new]
    assert status_of(recorded) is Status.REVIEWED
    assert record_of(recorded) == digest((new,))


def test_nothing_is_lost_by_a_round_trip_through_every_tool(project):
    """Each tool in turn, no English change: every translation, status and comment kept."""
    po, pot = welsh(project), project / "translations" / "messages.pot"
    before = read_po(po.read_bytes(), str(po))
    run("msgmerge", "--previous", "--quiet", "-o", str(po), str(po), str(pot))
    run("msgcat", "--no-wrap", "-o", str(po), str(po))
    polib.pofile(str(po), wrapwidth=200).save()
    weblate_save(po)
    tools.update(project / "translations", ["cy"])
    after = read_po(po.read_bytes(), str(po))
    assert [(e.key, e.msgstr, e.flags, e.comments) for e in after.messages] == [
        (e.key, e.msgstr, e.flags, e.comments) for e in before.messages
    ]
    assert ci_failures(project) == []


# --- The same English in a new context (item 4) -------------------------------------------

MOVED_POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: content/home.json
msgctxt "home: callout.html"
msgid "Screening saves lives."
msgstr ""
"""
MOVED_PO = """msgid ""
msgstr ""
"Language: cy\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : "
"(n==6) ? 4 : 5;\\n"

# source-sha256: {record}
#: content/home.json
msgctxt "home: rich_text.html"
msgid "Screening saves lives."
msgstr "Mae sgrinio yn achub bywydau."
"""


@pytest.mark.parametrize(
    ("merge", "machine"),
    [("translate update", False), ("msgmerge", False), ("translate update", True)],
)  # msgmerge itself writes no #| for an entry that was already fuzzy (a machine translation)
def test_english_moved_to_another_block_is_not_stale_and_shows_its_old_context(
    tmp_path, merge, machine
):
    translations = tmp_path / "translations"
    po = po_path(translations, "cy")
    po.parent.mkdir(parents=True)
    (translations / "messages.pot").write_text(MOVED_POT, encoding="utf-8")
    text = MOVED_PO.replace("{record}", digest(("Screening saves lives.",)))
    if machine:
        text = text.replace(
            'msgctxt "home: rich_text.html"', '#, fuzzy\nmsgctxt "home: rich_text.html"'
        )
    po.write_text(text)
    if merge == "msgmerge":
        run("msgmerge", "--previous", "--quiet", "-o", str(po), str(po),
            str(translations / "messages.pot"))  # fmt: skip
    else:
        tools.update(translations, ["cy"])
    [entry] = read_po(po.read_bytes(), str(po)).messages
    assert entry.msgctxt == "home: callout.html"
    assert entry.previous_msgctxt == "home: rich_text.html"  # the reviewer sees the move
    assert status_of(entry) is Status.UNREVIEWED  # shown, with the notice, until re-reviewed
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    shown = catalogue.find("home: callout.html", "Screening saves lives.")
    assert shown is not None and shown.strings == ("Mae sgrinio yn achub bywydau.",)


# --- A catalogue in another charset (msgconv) --------------------------------------------

LATIN2_PO = """msgid ""
msgstr ""
"Language: pl\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
"n%100>=20) ? 1 : 2);\\n"

#: content/home.json
msgctxt "home: rich_text.html"
msgid "Screening saves lives."
msgstr "Badania przesiewowe ratują życie."
"""


def test_a_catalogue_msgconv_wrote_in_iso_8859_2_keeps_its_polish_through_update(tmp_path):
    """A translator's tool may save Polish as ISO-8859-2 (msgconv, an old editor): the site
    reads it in that charset, and update must write it back in the charset it declares."""
    translations = tmp_path / "translations"
    po = po_path(translations, "pl")
    po.parent.mkdir(parents=True)
    (translations / "messages.pot").write_text(MOVED_POT.replace("callout", "rich_text"))
    po.write_text(LATIN2_PO, encoding="utf-8")
    run("msgconv", "--to-code=ISO-8859-2", "-o", str(po), str(po))
    assert "ratują życie".encode("iso-8859-2") in po.read_bytes()  # really converted
    tools.update(translations, ["pl"])
    run("msgfmt", "--check", "-o", "/dev/null", str(po))
    shown = read_catalogue(po.read_bytes(), "pl", str(po))
    entry = shown.find("home: rich_text.html", "Screening saves lives.")
    assert entry is not None and entry.strings == ("Badania przesiewowe ratują życie.",)


def test_update_shows_the_reviewer_a_changed_plural_english(project):
    """Only msgid_plural changed: msgmerge keeps the machine translation fuzzy with no #|
    line; update names the old English, as for any other change, so Poedit shows it."""
    template = project / "templates" / "blocks" / "test_run.html"
    old = "The pages are in %(num)d languages."
    template.write_text(
        template.read_text().replace(f'"{old}"', '"The site is in %(num)d languages."')
    )
    tools.extract(project / "content", project / "translations", root=project)
    tools.update(project / "translations", ["cy"])
    po = welsh(project)
    [entry] = [e for e in read_po(po.read_bytes(), str(po)).messages
               if e.msgid == "The pages are in %(num)d language."]  # fmt: skip
    assert status_of(entry) is Status.STALE
    assert (entry.previous_msgid, entry.previous_msgid_plural) == (entry.msgid, old)
