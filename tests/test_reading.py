"""One reader for every file the site loads (content, catalogues, the accessibility run
report, static files): the same refusals for each, every refusal named, nothing blocks."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import minimal_pages
from microsite import create_app
from microsite.content.loading import load_accessibility_run
from microsite.content.reading import CATALOGUE, KINDS, REPORT, Refused, read_file
from microsite.problems import ContentError
from microsite.store import ContentStore

PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    'msgctxt "child: title"\nmsgid "Child page"\nmsgstr "Tudalen plentyn"\n'
)


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """``work()``'s result or exception, failing the test (not hanging it) if it blocks."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("value", work()))
        except BaseException as error:  # handed back to the test
            outcome.append(("error", error))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading blocked"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


# --- The reader itself: each hostile kind of path, for every kind of file --------------


def hostile(folder: Path, outside: Path, case: str, limit: int) -> Path:
    """A path under ``folder`` that the reader must refuse."""
    path = folder / "file"
    if case == "fifo":
        os.mkfifo(path)
    elif case == "device":
        path.symlink_to("/dev/zero")
    elif case == "link out":
        outside.write_text("secret")
        path.symlink_to(outside)
    elif case == "linked folder":
        (outside.parent / "elsewhere").mkdir()
        (outside.parent / "elsewhere" / "file").write_text("secret")
        (folder / "sub").symlink_to(outside.parent / "elsewhere", target_is_directory=True)
        path = folder / "sub" / "file"
    elif case == "too big":
        with path.open("wb") as handle:
            handle.truncate(limit + 1)  # sparse: nothing is written
    elif case == "folder":
        path.mkdir()
    return path


CASES = {
    "fifo": "is a named pipe (FIFO), not a regular file; it was not read",
    "device": "outside the",  # /dev/zero is outside every folder: refused before opening
    "link out": "outside the",
    "linked folder": "leads through a linked folder to",
    "too big": "file is larger than the limit of",
    "folder": "is a folder, not a regular file",
}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.folder)
@pytest.mark.parametrize("case", CASES)
def test_every_kind_of_file_is_refused_the_same_way(tmp_path, kind, case):
    folder = tmp_path / "folder"
    folder.mkdir()
    path = hostile(folder, tmp_path / "outside", case, kind.limit)
    with pytest.raises(Refused) as refused:
        within(5, lambda: read_file(path, folder, kind))
    assert CASES[case] in str(refused.value)
    if case in ("link out", "device", "linked folder"):
        assert kind.folder in str(refused.value), "the refusal names the folder"
    if case == "too big":
        assert f"{kind.limit:,} bytes" in str(refused.value), "the refusal names the limit"


def test_a_regular_file_and_a_link_inside_the_folder_are_read(tmp_path):
    (tmp_path / "a.po").write_bytes(b"data")
    (tmp_path / "b.po").symlink_to(tmp_path / "a.po")
    assert read_file(tmp_path / "b.po", tmp_path, CATALOGUE) == b"data"
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.po", tmp_path, CATALOGUE)


# --- Catalogues: at start-up and on reload -------------------------------------------


@pytest.fixture
def folders(make_content, tmp_path):
    content = make_content(minimal_pages())
    translations = tmp_path / "translations"
    (translations / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (translations / "cy" / "LC_MESSAGES" / "messages.po").write_text(PO)
    return content, translations


def po_of(translations: Path) -> Path:
    return translations / "cy" / "LC_MESSAGES" / "messages.po"


@pytest.mark.parametrize("case", ["fifo", "device", "link out", "too big"])
def test_a_hostile_catalogue_stops_start_up_with_its_name(folders, tmp_path, case):
    content, translations = folders
    po = po_of(translations)
    po.unlink()
    if case == "fifo":
        os.mkfifo(po)
    elif case == "device":
        po.symlink_to("/dev/zero")
    elif case == "link out":
        (tmp_path / "elsewhere.po").write_text(PO)
        po.symlink_to(tmp_path / "elsewhere.po")
    else:
        with po.open("wb") as handle:
            handle.truncate(CATALOGUE.limit + 1)
    with pytest.raises(ContentError) as error:
        within(10, lambda: ContentStore(content, translations, ["en", "cy"], check_interval=0))
    expected = {
        "fifo": "named pipe",
        "device": "outside the translations folder",
        "link out": "outside the translations folder",
        "too big": "larger than the limit",
    }
    assert f"{po}:1: " in str(error.value) and expected[case] in str(error.value), str(error.value)


def test_a_fifo_on_reload_is_refused_and_later_reloads_still_work(folders, caplog):
    content, translations = folders
    store = ContentStore(content, translations, ["en", "cy"], check_interval=0)
    before = store.current().version
    po = po_of(translations)
    po.unlink()
    os.mkfifo(po)
    with caplog.at_level(logging.ERROR):
        assert within(10, store.current).version == before, "kept the last good version"
    assert "named pipe" in caplog.text and str(po) in caplog.text
    po.unlink()
    po.write_text(PO.replace("Tudalen plentyn", "Tudalen newydd"))
    after = within(10, store.current)
    assert after.version != before, "a fixed catalogue is picked up after the refusal"
    assert after.translations["cy"].find("child: title", "Child page").strings == (
        "Tudalen newydd",
    )


@pytest.mark.parametrize("case", ["fifo", "device", "link out", "too big"])
def test_the_translators_commands_read_catalogues_by_the_same_rules(folders, tmp_path, case):
    """translate check, stats and warnings read through the one reader too: a named pipe
    left as the Welsh catalogue used to hang `translate check` (and so `make test`)."""
    from microsite.problems import CatalogueError
    from microsite.translation import review

    _, translations = folders
    po = po_of(translations)
    po.unlink()
    if case == "fifo":
        os.mkfifo(po)
    elif case == "device":
        po.symlink_to("/dev/zero")
    elif case == "link out":
        (tmp_path / "elsewhere.po").write_text(PO)
        po.symlink_to(tmp_path / "elsewhere.po")
    else:
        with po.open("wb") as handle:
            handle.truncate(CATALOGUE.limit + 1)
    [problem] = within(10, lambda: review.check(po))
    words = {"fifo": "named pipe", "too big": "larger than the limit"}.get(
        case, "outside the translations folder"
    )
    assert problem.startswith(f"{po}:1: ") and words in problem, problem
    assert within(10, lambda: review.warnings(po, None)) == []  # check has said it
    with pytest.raises(CatalogueError):
        within(10, lambda: review.stats(po))


def test_a_glossary_that_is_a_named_pipe_is_refused_not_waited_for(folders):
    from microsite.translation.glossary import glossary_path, read_glossary

    _, translations = folders
    os.mkfifo(glossary_path(translations))
    with pytest.raises(ValueError, match="named pipe"):
        within(10, lambda: read_glossary(glossary_path(translations)))


# --- The accessibility run report ------------------------------------------------------


@pytest.mark.parametrize("case", ["fifo", "device", "link out", "too big"])
def test_a_hostile_accessibility_report_is_refused_with_its_name(tmp_path, case):
    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "run.json"
    if case == "fifo":
        os.mkfifo(report)
    elif case == "device":
        report.symlink_to("/dev/zero")
    elif case == "link out":
        (tmp_path / "outside.json").write_text("{}")
        report.symlink_to(tmp_path / "outside.json")
    else:
        with report.open("wb") as handle:
            handle.truncate(REPORT.limit + 1)
    with pytest.raises(ContentError) as error:
        within(5, lambda: load_accessibility_run(report))
    assert "run.json: $: " in str(error.value)


@pytest.mark.parametrize("shape", ["[", '{"a":'])
def test_a_deeply_nested_accessibility_report_is_a_clean_error(tmp_path, shape):
    report = tmp_path / "run.json"
    closing = "]" if shape == "[" else "}"
    report.write_text(shape * 30_000 + "1" + closing * 30_000)
    with pytest.raises(ContentError) as error:
        load_accessibility_run(report)
    assert "run.json: $" in str(error.value)


def test_a_missing_accessibility_report_is_no_report(tmp_path):
    assert load_accessibility_run(tmp_path / "none.json") is None


def test_the_app_reads_its_report_through_the_reader(tmp_path):
    report = tmp_path / "run.json"
    os.mkfifo(report)
    with pytest.raises(ContentError, match="named pipe"):
        within(10, lambda: create_app({"TESTING": True, "ACCESSIBILITY_REPORT": str(report)}))
