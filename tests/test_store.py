"""Live edits: a broken file never takes the site down; a fixed one is picked up
without a restart, and the content version (the cache key) follows."""

from __future__ import annotations

import json
import logging
import os
import threading
import warnings

import pytest

import microsite.content.segments
import microsite.store
from helpers import errors_about, minimal_pages, wait_until
from microsite import create_app
from microsite.problems import ContentError
from microsite.store import ContentStore

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgctxt "child: title"
msgid "Child page"
msgstr "{title}"
"""


@pytest.fixture
def folders(make_content, tmp_path):
    content = make_content(minimal_pages())
    translations = tmp_path / "translations"
    (translations / "cy" / "LC_MESSAGES").mkdir(parents=True)
    write_po(translations, "Tudalen plentyn")
    return content, translations


def write_po(translations, title: str) -> None:
    po = translations / "cy" / "LC_MESSAGES" / "messages.po"
    po.write_text(PO.replace("{title}", title), encoding="utf-8")


def edit(folder, name: str, text: str) -> None:
    (folder / f"{name}.json").write_text(text, encoding="utf-8")


def child_with_title(title: str) -> str:
    return json.dumps(dict(minimal_pages()["child"], title=title))


def store_for(folders) -> ContentStore:
    content, translations = folders
    return ContentStore(content, translations, ["en", "cy"], check_interval=0)


def test_a_good_edit_is_picked_up_and_changes_the_version(folders):
    store = store_for(folders)
    before = store.current()
    edit(folders[0], "child", child_with_title("Renamed page"))
    after = store.current()
    assert after.site.pages["child"].title == "Renamed page"
    assert after.version != before.version


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("{not json", "child.json: $: invalid JSON at line 1 column 2"),
        ('{"slug": "child", "x": ' + "9" * 5000 + "}", "child.json: $: invalid JSON: a number"),
        (child_with_title(""), "child.json: $.title: must not be empty"),
    ],
)
def test_a_broken_edit_keeps_the_last_good_version_and_logs_once(folders, caplog, broken, message):
    store = store_for(folders)
    good = store.current()
    edit(folders[0], "child", broken)
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            assert store.current() is good
    errors = errors_about(caplog, folders[0])
    assert len(errors) == 1 and message in errors[0]
    edit(folders[0], "child", child_with_title("Fixed page"))
    assert store.current().site.pages["child"].title == "Fixed page"


def test_a_broken_catalogue_keeps_the_last_good_translations(folders, caplog):
    store = store_for(folders)
    good = store.current()
    po = folders[1] / "cy" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text() + "\nthis is not po\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert store.current() is good
        assert store.current() is good
    errors = errors_about(caplog, folders[1])
    assert len(errors) == 1 and "messages.po:9: invalid PO syntax" in errors[0]
    write_po(folders[1], "Tudalen newydd")
    fixed = store.current()
    entry = fixed.translations["cy"].find("child: title", "Child page")
    assert entry.strings == ("Tudalen newydd",)
    assert fixed.version != good.version


def test_start_up_on_broken_content_fails(folders):
    edit(folders[0], "child", "{not json")
    with pytest.raises(ContentError):
        store_for(folders)


def test_the_live_site_serves_the_last_good_page_then_the_fix(folders):
    content, translations = folders
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(content), "TRANSLATIONS_DIR": str(translations),
         "LOCALES": ["en", "cy"], "CONTENT_CHECK_INTERVAL": 0}
    )  # fmt: skip
    client = app.test_client()
    assert "Child page" in client.get("/en/child/").get_data(as_text=True)
    assert "Tudalen plentyn" in client.get("/cy/child/").get_data(as_text=True)
    edit(content, "child", "{broken")
    response = client.get("/en/child/")
    assert response.status_code == 200 and "Child page" in response.get_data(as_text=True)
    edit(content, "child", child_with_title("Fixed page"))
    assert "Fixed page" in client.get("/en/child/").get_data(as_text=True)
    # The English changed, so Welsh now falls back to it, marked as English.
    assert '<title lang="en">Fixed page' in client.get("/cy/child/").get_data(as_text=True)


# --- Reloading off the request path --------------------------------------------------


def test_reload_runs_on_a_watcher_thread_never_the_callers(folders, monkeypatch):
    """A reload is held half-way: visitors still get the last good snapshot at once (were
    current() to wait for the reload, it would block until the reload is let go)."""
    content, translations = folders
    store = ContentStore(content, translations, ["en", "cy"], check_interval=0.05)
    loads: list[int] = []
    loading, release = threading.Event(), threading.Event()
    real_load_site = microsite.store.load_site

    def held_load_site(directory, *rest):
        loads.append(threading.get_ident())
        loading.set()
        release.wait(10)
        return real_load_site(directory, *rest)

    monkeypatch.setattr(microsite.store, "load_site", held_load_site)
    good = store.current()
    edit(content, "child", child_with_title("Renamed page"))
    try:
        assert loading.wait(5), "the watcher never reloaded"
        answered: list[object] = []
        visitor = threading.Thread(target=lambda: answered.append(store.current()))
        visitor.start()
        visitor.join(5)
        assert answered == [good], "current() waited for the reload"
    finally:
        release.set()
    assert wait_until(lambda: store.current().site.pages["child"].title == "Renamed page", 5)
    assert loads and threading.get_ident() not in loads


def test_a_closed_store_stops_watching_until_asked_again(folders):
    content, translations = folders
    store = ContentStore(content, translations, ["en", "cy"], check_interval=0.05)
    good = store.current()
    name = f"content-watcher {content}"
    watchers = lambda: [t for t in threading.enumerate() if t.name == name]  # noqa: E731
    assert len(watchers()) == 1
    store.close()
    assert wait_until(lambda: not watchers(), 5.0)
    edit(content, "child", child_with_title("Edited while closed"))
    assert store._snapshot is good  # no watcher is left to reload it
    assert wait_until(
        lambda: store.current().site.pages["child"].title == "Edited while closed", 5.0
    )
    assert len(watchers()) == 1  # one new watcher, not a second beside the old


def test_each_forked_worker_starts_its_own_watcher(folders):
    content, translations = folders
    store = ContentStore(content, translations, ["en", "cy"], check_interval=0.05)
    store.current()  # the parent's watcher; a fork does not copy it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: intended here
        pid = os.fork()
    if pid == 0:  # the worker: an edit made after the fork must still be picked up
        try:
            edit(content, "child", child_with_title("Seen by the worker"))
            title = lambda: store.current().site.pages["child"].title  # noqa: E731
            os._exit(
                0 if wait_until(lambda: title() == "Seen by the worker", 5.0, interval=0.02) else 1
            )
        finally:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_rich_text_is_not_cleaned_again_when_pages_render(folders, monkeypatch):
    content, translations = folders
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(content), "TRANSLATIONS_DIR": str(translations),
         "LOCALES": ["en", "cy"], "CONTENT_CHECK_INTERVAL": 0}
    )  # fmt: skip
    calls: list[str] = []
    real_clean = microsite.content.segments.clean
    monkeypatch.setattr(
        microsite.content.segments, "clean", lambda html: calls.append(html) or real_clean(html)
    )
    client = app.test_client()
    for path in ("/en/child/", "/cy/child/", "/en/", "/cy/"):  # source, and untranslated Welsh
        assert client.get(path).status_code == 200
    assert calls == []


CHARSET = '"Content-Type: text/plain; charset=utf-8\\n"'
HUGE = "9" * 5000  # more digits than int() reads from text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("charset=utf-8", "charset=klingon", "unknown charset"),
        (CHARSET, CHARSET + '\n"Plural-Forms: nplurals=2; plural=(n != 1;\\n"', "Plural-Forms"),
        (CHARSET, CHARSET + '\n"Plural-Forms: nplurals=2; plural=n/0;\\n"', "divides by zero"),
        # Numbers longer than Python's int() reads (4,300 digits) raised a bare ValueError.
        (CHARSET, CHARSET + f'\n"Plural-Forms: nplurals={HUGE}; plural=n != 1;\\n"', "nplurals"),
        (CHARSET, CHARSET + f'\n"Plural-Forms: nplurals=2; plural=n != {HUGE};\\n"', "digits"),
        (
            'msgstr "Tudalen plentyn"',
            'msgstr "Tudalen plentyn"\n\nmsgid "a"\nmsgid_plural "b"\n'
            f'msgstr[0] "x"\nmsgstr[{HUGE}] "y"\n',
            "out of order",
        ),
    ],
)
def test_every_catalogue_failure_keeps_the_last_good_version(folders, caplog, old, new, message):
    store = store_for(folders)
    good = store.current()
    po = folders[1] / "cy" / "LC_MESSAGES" / "messages.po"
    text = po.read_text()
    assert old in text
    po.write_text(text.replace(old, new), encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert store.current() is good
    [error] = errors_about(caplog, folders[1])
    assert f"{po}:" in error and message in error


def test_an_entry_with_a_control_character_is_refused_and_logged(folders, caplog):
    store = store_for(folders)
    po = folders[1] / "cy" / "LC_MESSAGES" / "messages.po"
    write_po(folders[1], "Tudalen\x01plentyn")
    with caplog.at_level(logging.ERROR):
        catalogue = store.current().translations["cy"]
    assert catalogue.find("child: title", "Child page") is None  # the English is shown
    assert f"{po}:6: control or non-characters are not allowed: U+0001" in caplog.text


def test_a_deleted_catalogue_keeps_the_last_good_translations(folders, caplog):
    store = store_for(folders)
    good = store.current()
    (folders[1] / "cy" / "LC_MESSAGES" / "messages.po").unlink()
    with caplog.at_level(logging.ERROR):
        assert store.current() is good
    assert "the catalogue was deleted" in caplog.text
    write_po(folders[1], "Tudalen newydd")
    assert store.current().translations["cy"].find("child: title", "Child page") is not None


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(folders):
    """Two writes within one tick of the file system's clock can leave size and mtime
    unchanged; the store then compares the bytes of recently changed files."""
    content, _ = folders
    edit(content, "child", child_with_title("Page one"))
    store = store_for(folders)
    path = content / "child.json"
    before = path.stat()
    edit(content, "child", child_with_title("Page two"))  # same length, new words
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert store.current().site.pages["child"].title == "Page two"
