"""``flask content check`` and ``content schema``, through Flask's CLI runner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import minimal_pages
from microsite.content.loading import display_name

ROOT = Path(__file__).resolve().parent.parent


def test_check_passes_on_good_content(runner, make_content):
    result = runner.invoke(args=["content", "check", "--dir", str(make_content())])
    assert result.exit_code == 0, result.output
    assert "2 pages OK" in result.output


def test_check_lists_every_problem_and_fails(runner, make_content):
    pages = minimal_pages()
    pages["child"]["colour"] = "red"
    pages["broken"] = "{not json"
    folder = make_content(pages)
    result = runner.invoke(args=["content", "check", "--dir", str(folder)])
    assert result.exit_code == 1
    assert f"{display_name(folder / 'child.json')}: $.colour: unknown field" in result.output
    assert f"{display_name(folder / 'broken.json')}: $: invalid JSON at line 1" in result.output
    assert "2 problems found" in result.output


def test_schema_is_json_schema(runner):
    schema = json.loads(runner.invoke(args=["content", "schema"]).output)
    assert schema["title"] == "Page" and "blocks" in schema["properties"]


def run_flask(*args: str, content_dir: Path) -> subprocess.CompletedProcess:
    env = {"MICROSITE_CONTENT_DIR": str(content_dir), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_check_honours_the_environment_variable(make_content):
    pages = minimal_pages()
    pages["child"]["title"] = 3
    folder = make_content(pages)
    result = run_flask("content", "check", content_dir=folder)
    assert result.returncode != 0
    assert f"{display_name(folder / 'child.json')}: $.title: must be text in quotes" in (
        result.stderr
    )
    good = run_flask("content", "check", content_dir=make_content(minimal_pages()))
    assert good.returncode == 0, good.stderr


def test_server_refuses_to_start_on_bad_content(make_content):
    pages = minimal_pages()
    pages["child"]["parent"] = "nowhere"
    folder = make_content(pages)
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT, env={"MICROSITE_CONTENT_DIR": str(folder)}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "$.parent: no page has slug 'nowhere'" in result.stderr


def start_server(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
    )  # fmt: skip


def test_server_refuses_to_start_without_content(tmp_path):
    result = start_server({"MICROSITE_CONTENT_DIR": str(tmp_path / "missing")})
    assert result.returncode == 1
    assert f"{tmp_path / 'missing'}: $: content folder does not exist or is not a folder" in (
        result.stderr
    )


def test_server_refuses_to_start_when_content_is_a_file(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = start_server({"MICROSITE_CONTENT_DIR": str(tmp_path / "file")})
    assert result.returncode == 1 and "is not a folder" in result.stderr


def test_server_refuses_to_start_without_translations(tmp_path):
    result = start_server({"MICROSITE_TRANSLATIONS_DIR": str(tmp_path / "gone")})
    assert result.returncode == 1
    assert f"{tmp_path / 'gone'}: $: translations folder does not exist" in result.stderr


def test_unreadable_catalogue_stops_start_up(tmp_path):
    translations = tmp_path / "translations"
    (translations / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (translations / "cy" / "LC_MESSAGES" / "messages.po").write_bytes(b"\xff\xfe not utf-8 \x00")
    result = start_server(
        {"MICROSITE_TRANSLATIONS_DIR": str(translations), "MICROSITE_LOCALES": "en,cy"}
    )
    assert result.returncode == 1 and "messages.po" in result.stderr


def test_a_bad_plural_formula_stops_start_up_naming_the_line_without_a_traceback(tmp_path):
    po = tmp_path / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1;\\n"\n',
        encoding="utf-8",
    )
    result = start_server(
        {"MICROSITE_TRANSLATIONS_DIR": str(tmp_path / "translations"), "MICROSITE_LOCALES": "en,cy"}
    )
    assert result.returncode == 1
    assert f"{po}:4: Plural-Forms: " in result.stderr
    assert "Traceback" not in result.stderr


def run_translate(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "translate", *args],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.slow  # several flask processes, each importing the app
def test_translate_works_when_the_site_cannot_load(make_content, tmp_path):
    """A broken content file and a broken catalogue in another language block neither
    --help nor the other language's check and stats."""
    content = make_content({**minimal_pages(), "broken": "{not json"})
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    (translations / "pl" / "LC_MESSAGES" / "messages.po").write_text("msgid broken")
    env = {
        "MICROSITE_CONTENT_DIR": str(content),
        "MICROSITE_TRANSLATIONS_DIR": str(translations),
    }
    assert run_translate("--help", env=env).returncode == 0
    check = run_translate("check", "--locale", "cy", env=env)
    assert check.returncode == 0, check.stderr
    stats = run_translate("stats", "-l", "cy", env=env)
    assert stats.returncode == 0 and "unreviewed" in stats.stdout
    bad = run_translate("check", "--locale", "pl", env=env)
    assert bad.returncode == 1 and "pl/LC_MESSAGES/messages.po:1: " in bad.stderr


@pytest.mark.slow  # several flask processes, each importing the app
def test_a_new_language_in_two_commands(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    env = {"MICROSITE_TRANSLATIONS_DIR": str(translations), "MICROSITE_LOCALES": "en,ur"}
    created = run_translate("init", "ur", env=env)
    assert created.returncode == 0, created.stderr
    assert (translations / "ur" / "LC_MESSAGES" / "messages.po").exists()
    assert run_translate("init", "ur", env=env).returncode == 1  # never overwrites work
    stats = run_translate("stats", env=env)
    [row] = [line.split() for line in stats.stdout.splitlines() if line.startswith("ur ")][1:]
    assert row[2] != "0" and row[3:] == ["0", "0", "0"]  # everything missing, nothing else
    update = run_translate("update", env=env)
    assert update.returncode == 0 and "0 new, 0 changed" in update.stdout
