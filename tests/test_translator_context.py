"""What translators are given to get it right (issue 21 item 10): a note on every interface
string, whole sentences where a name must inflect, msgids without the site's own link
attributes, references that cannot go stale, and a glossary that check holds them to.
Also: extraction reads pages through the content loader only (issue 22 b)."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

from click.testing import CliRunner

from helpers import minimal_pages, parse
from microsite import create_app
from microsite.problems import ContentError
from microsite.translation import tools
from microsite.translation.cli import translate_cli
from microsite.translation.locales import po_path
from microsite.translation.poread import read_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "translations" / "messages.pot"


def template():
    return read_po(TEMPLATE.read_bytes(), str(TEMPLATE))


def test_every_interface_string_has_a_note_for_translators():
    interface = [entry for entry in template().messages if entry.msgctxt is None]
    assert len(interface) >= 50
    assert [entry.msgid for entry in interface if not entry.extracted] == []


def test_references_name_files_without_line_numbers_that_could_go_stale():
    references = [ref for entry in template().messages for ref in entry.references]
    assert references and not [ref for ref in references if re.search(r":\d+$", ref)]


def test_msgids_carry_no_attribute_the_site_adds_itself():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert '<a href=\\"https://' in text  # an external link, kept (whichever page has one)
    assert "microsite-link--external" not in text and "noopener" not in text


def test_translated_external_links_get_the_sites_treatment_back(frozen_client):
    # The frozen content's hub notice links to nhs.uk, and the frozen Arabic catalogue
    # translates it: retiring the real notice moves nothing here.
    [link] = [
        a
        for a in parse(frozen_client.get("/ar/")).iter("a")
        if a.get("href") == "https://www.nhs.uk/conditions/covid-19/"
    ]
    assert link.get("rel") == "external noopener noreferrer"
    assert link.get("class") == "microsite-link--external"
    assert link.get("lang") is None  # the Arabic translation is shown, not English


def logo_label(locale: str) -> str:
    client = create_app({"TESTING": True}).test_client()
    tree = parse(client.get(f"/{locale}/"))
    [logo] = [a for a in tree.iter("a") if a.get("aria-label") and "nhsuk-header__" in
              (a.get("class") or "")]  # fmt: skip
    return logo.get("aria-label")


def test_the_logo_label_is_one_sentence_a_language_can_inflect():
    entries = {e.msgctxt: e for e in template().messages if e.msgctxt}
    assert entries["home: logo_label"].msgid == "NHS England Cancer homepage"
    polish = read_po(po_path(ROOT / "translations", "pl").read_bytes(), "pl")
    [entry] = [e for e in polish.messages if e.msgctxt == "home: logo_label"]
    assert logo_label("pl") == entry.msgstr[0]
    assert logo_label("en") == "NHS England Cancer homepage"


GLOSSARY = "en,cy,note\nNHS England,NHS England,keep\nNHS,GIG,Gwasanaeth Iechyd Gwladol\n"


def check_output(translations: Path) -> tuple[int, str]:
    env = {"MICROSITE_TRANSLATIONS_DIR": str(translations), "MICROSITE_LOCALES": "en,cy"}
    result = CliRunner().invoke(translate_cli, ["check", "-l", "cy"], env=env)
    return result.exit_code, result.output


def test_check_warns_when_a_glossary_term_is_written_another_way(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    (translations / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    assert check_output(translations) == (0, "1 catalogue OK: cy\n")
    po = po_path(translations, "cy")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('"Cysylltu â NHS England"', '"Cysylltu â GIG Lloegr"'))
    code, output = check_output(translations)
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Contact NHS England"') + 1
    assert code == 0  # a warning: grammar may inflect a term
    assert output.splitlines()[0] == (
        f"warning: {po}:{line}: glossary: 'NHS England' is written 'NHS England' in this "
        "language (glossary line 2), but this translation does not use it"
    )


def test_the_shipped_catalogues_follow_the_shipped_glossary():
    env = {"MICROSITE_TRANSLATIONS_DIR": str(ROOT / "translations")}
    result = CliRunner().invoke(translate_cli, ["check"], env=env)
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_extraction_refuses_a_named_pipe_instead_of_hanging(make_content, tmp_path):
    content = make_content(minimal_pages())
    os.mkfifo(content / "pipe.json")
    outcome: list[Exception] = []

    def extract() -> None:
        try:
            tools.build_template(content)
        except Exception as error:  # handed to the test's thread
            outcome.append(error)

    worker = threading.Thread(target=extract, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "extraction is blocked on the named pipe"
    [error] = outcome
    assert isinstance(error, ContentError) and "named pipe" in str(error)
