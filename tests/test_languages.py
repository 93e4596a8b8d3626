"""Languages in preparation and regional languages: the tools work on every catalogue in the
folder, serving is the operator's choice, negotiation starts above the threshold, and the
web speaks BCP 47 (pt-BR) while the disk speaks gettext (pt_BR) (issue 21 items 6 and 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import minimal_pages, parse, raw_text_of
from microsite import create_app
from microsite.config import ConfigError, from_environment
from microsite.translation.cli import translate_cli
from microsite.translation.locales import UnknownLanguage, known, po_path
from microsite.translation.poread import read_po

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", folder)
    return folder


def app_for(translations: Path, locales: list[str], content: Path | None = None):
    settings = {"TESTING": True, "TRANSLATIONS_DIR": str(translations), "LOCALES": locales}
    if content is not None:
        settings["CONTENT_DIR"] = str(content)
    return create_app(settings)


def translate(app, *args: str):
    """``flask translate ...`` as a translator runs it: settings from the environment."""
    env = {
        "MICROSITE_TRANSLATIONS_DIR": app.config["TRANSLATIONS_DIR"],
        "MICROSITE_CONTENT_DIR": app.config["CONTENT_DIR"],
        "MICROSITE_LOCALES": ",".join(app.config["LOCALES"]),
    }
    return CliRunner().invoke(translate_cli, list(args), env=env)


def test_a_language_in_preparation_is_kept_current_by_every_tool(translations):
    app = app_for(translations, ["en", "cy"])  # uk is not served
    assert translate(app, "init", "uk").exit_code == 0
    for command in ("update", "check", "stats"):
        result = translate(app, command)
        assert result.exit_code == 0, result.output
        assert "uk" in result.output, f"translate {command} skipped the unserved catalogue"
    po = po_path(translations, "uk")
    template = read_po((translations / "messages.pot").read_bytes(), "pot")
    assert {e.key for e in read_po(po.read_bytes(), str(po)).messages} == {
        e.key for e in template.messages
    }


def test_update_check_fails_when_an_unserved_catalogue_is_out_of_date(translations):
    app = app_for(translations, ["en", "cy"])
    assert translate(app, "init", "uk").exit_code == 0
    po = po_path(translations, "uk")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Skip to main content"\nmsgstr ""\n\n', ""))
    result = translate(app, "update", "--check")
    assert result.exit_code == 1 and "out of date" in result.output


def test_a_served_language_at_zero_percent_is_served_but_not_negotiated(translations, make_content):
    app = app_for(translations, ["en", "cy", "uk"], make_content(minimal_pages()))
    assert translate(app, "init", "uk").exit_code == 0
    client = app_for(translations, ["en", "cy", "uk"], make_content(minimal_pages())).test_client()
    redirect = client.get("/", headers={"Accept-Language": "uk-UA, en;q=0.8"})
    assert redirect.headers["Location"] == "/en/"
    assert client.get("/uk/child/").status_code == 200  # the operator chose to serve it


def test_init_takes_a_bcp_47_tag_and_writes_gettexts_folder(translations):
    app = app_for(translations, ["en", "cy"])
    result = translate(app, "init", "pt-BR")
    assert result.exit_code == 0, result.output
    po = translations / "pt_BR" / "LC_MESSAGES" / "messages.po"
    assert po.exists()
    assert read_po(po.read_bytes(), str(po)).header_value("Language") == "pt_BR"
    assert "pt-BR" in translate(app, "stats").output


def test_an_unknown_language_is_a_one_line_error(translations):
    result = translate(app_for(translations, ["en", "cy"]), "init", "xx")
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "Error: unknown language 'xx': use a language tag that CLDR knows, such as cy, pl or pt-BR"
    ]
    with pytest.raises(UnknownLanguage):
        known("klingon")


@pytest.mark.parametrize("locales", [["en", "cy", "xx"], ["en", "sco"], ["en", "cy", "cy"]])
def test_a_served_language_cldr_does_not_know_stops_start_up_in_one_line(translations, locales):
    with pytest.raises(ConfigError) as error:
        app_for(translations, locales)
    assert str(error.value).startswith("MICROSITE_LOCALES: ")
    assert "\n" not in str(error.value)


def test_served_languages_are_spelled_as_cldr_spells_them(translations):
    assert app_for(translations, ["en", "CY", "pt-br"]).config["LOCALES"] == ["en", "cy", "pt-BR"]


def test_check_names_a_catalogue_folder_cldr_does_not_know(translations):
    folder = translations / "sco" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    text = po_path(translations, "cy").read_text(encoding="utf-8")
    (folder / "messages.po").write_text(text.replace('"Language: cy\n"', '"Language: sco\n"'))
    result = translate(app_for(translations, ["en", "cy"]), "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the folder sco names no language CLDR knows" in result.output


def test_machine_drafts_of_a_new_language_show_once_recorded(translations):
    """Step 3 of the translators' guide: a language's fuzzy drafts, written against the
    current English, show as unreviewed after update --record-drafts, not before."""
    shutil.rmtree(translations / "cy")
    app = app_for(translations, ["en", "cy"])
    assert translate(app, "init", "cy").exit_code == 0
    po = po_path(translations, "cy")
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        'msgctxt "home: title"\nmsgid "Cancer"\nmsgstr ""',
        '#, fuzzy\nmsgctxt "home: title"\nmsgid "Cancer"\nmsgstr "Canser"',
    )
    po.write_text(text, encoding="utf-8")

    def title() -> str:
        page = app_for(translations, ["en", "cy"]).test_client().get("/cy/")
        return raw_text_of(parse(page).find(".//h1"))

    assert "Canser" not in title()  # a fuzzy entry that names no English is not shown
    assert "record-drafts" in translate(app, "check", "-l", "cy").output
    result = translate(app, "update", "--record-drafts", "-l", "cy")
    assert result.exit_code == 0 and "1 newly recorded" in result.output, result.output
    assert "Canser" in title()
    assert translate(app, "update", "--check", "-l", "cy").exit_code == 0


def test_gettext_names_in_the_environment_become_bcp_47(monkeypatch):
    monkeypatch.setenv("MICROSITE_LOCALES", "en,cy,pt_BR")
    assert from_environment()["LOCALES"] == ["en", "cy", "pt-BR"]


def test_a_regional_language_is_bcp_47_on_the_web(translations, make_content):
    folder = translations / "pt_BR"
    shutil.copytree(translations / "cy", folder)  # complete enough to be negotiated
    po = po_path(translations, "pt-BR")
    po.write_text(
        po.read_text(encoding="utf-8").replace('"Language: cy\\n"', '"Language: pt_BR\\n"')
    )
    app = app_for(translations, ["en", "cy", "pt-BR"])
    client = app.test_client()
    redirect = client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    assert redirect.headers["Location"] == "/pt-BR/"
    page = client.get("/pt-BR/")
    assert page.status_code == 200
    tree = parse(page)
    assert tree.get("lang") == "pt-BR"
    hreflangs = {link.get("hreflang") for link in tree.iter("link") if link.get("hreflang")}
    assert "pt-BR" in hreflangs and not any("_" in tag for tag in hreflangs)
