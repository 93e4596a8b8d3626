"""One reader for the live site, start-up and ``translate check``, as strict as GNU msgfmt:
a file with any syntax error is refused whole, named file:line (and column, in words),
and the last good version keeps serving (issue 21 items 2 and 8)."""

from __future__ import annotations

import logging
import re
import subprocess

import pytest
from flask import g

from helpers import errors_about, minimal_pages
from microsite import create_app
from microsite.problems import CatalogueError, ContentError
from microsite.store import ContentStore
from microsite.translation import review
from microsite.translation.catalogue import read_catalogue
from microsite.web.i18n import gettext

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: cy\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : '
    '(n==6) ? 4 : 5;\\n"\n\n'
)
GOOD = 'msgctxt "child: title"\nmsgid "Child page"\nmsgstr "Tudalen plentyn"\n'
PLURAL = 'msgid "%(n)s page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "%(n)s tudalen"\n'

BROKEN = {
    "missing closing quote": (
        (HEADER + GOOD.replace('plentyn"', "plentyn")).encode(), 9, "has no closing quote"),
    "unescaped quote": (
        (HEADER + GOOD.replace('"Tudalen plentyn"', '"Tudalen "plentyn""')).encode(), 9,
        "a quote inside a translation is written"),
    "empty file": (b"", 1, "the file is empty"),
    "duplicate entry": ((HEADER + GOOD + "\n" + GOOD).encode(), 12, "duplicate entry"),
    "obsolete copy of a current entry": (
        (HEADER + GOOD + "\n" + "".join(f"#~ {line}\n" for line in GOOD.splitlines())).encode(),
        12, "duplicate entry (first defined at line 8)"),
    "byte order mark": (b"\xef\xbb\xbf" + (HEADER + GOOD).encode(), 1, "byte order mark"),
    "invalid UTF-8": ((HEADER + GOOD).encode().replace(b"plentyn", b"plen\xfftyn"), 9,
                      "column 21: byte 0xFF is not valid UTF-8"),
    "unknown keyword": ((HEADER + GOOD.replace("msgstr", "msgstring")).encode(), 9,
                        "unknown keyword 'msgstring'"),
    "lone #| msgctxt": ((HEADER + "#, fuzzy\n#| msgctxt \"x\"\n" + GOOD).encode(), 8,
                        "#| msgctxt needs a #| msgid"),
    "plural translations and no Plural-Forms": (
        (HEADER.split('"Plural-Forms')[0] + "\n" + PLURAL).encode(), 1,
        "plural translations (the first at line 6) need a Plural-Forms header"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_load_and_check_refuse_the_same_broken_file_at_the_same_line(tmp_path, case):
    data, line, words = BROKEN[case]
    po = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(data)
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(data, "cy", str(po))
    [problem] = [str(p) for p in refused.value.problems]
    assert problem.startswith(f"{po}:{line}: ") and words in problem, problem
    assert review.check(po)[0] == problem  # translate check says exactly the same


@pytest.mark.parametrize(
    ("english", "welsh", "words"),
    [
        ("Child page\\n", "Tudalen plentyn", "does end with a line break"),
        ("Child page", "Tudalen plentyn\\n", "does not end with a line break"),
        ("\\nChild page", "Tudalen plentyn", "does begin with a line break"),
    ],
)
def test_a_translation_whose_line_breaks_differ_is_refused_as_msgfmt_refuses_it(
    tmp_path, english, welsh, words
):
    """msgfmt --check refuses a file whose msgstr starts or ends with a line break where
    the msgid does not (or the reverse); the site refuses that entry, and check names it
    at the same line."""
    po = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + f'msgid "{english}"\nmsgstr "{welsh}"\n', encoding="utf-8")
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    [refused] = [str(problem) for problem in catalogue.refused]
    assert refused.startswith(f"{po}:7: ") and words in refused, refused
    about_the_entry = [p for p in review.check(po) if "header" not in p]  # a bare header
    assert about_the_entry == [refused]  # said once, in words, not again as msgfmt's
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode != 0 and "entries do not both" in result.stderr, result.stderr


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_msgfmt_refuses_every_file_the_site_refuses(tmp_path, case):
    po = tmp_path / "messages.po"
    po.write_bytes(BROKEN[case][0])
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode != 0, f"msgfmt accepts what the site refuses ({case})"


def test_an_invalid_byte_is_reported_where_msgfmt_reports_it(tmp_path):
    data, _, _ = BROKEN["invalid UTF-8"]
    po = tmp_path / "messages.po"
    po.write_bytes(data)
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    line, column = re.search(r":(\d+):(\d+): ", result.stderr).groups()
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(data, "cy", str(po))
    assert str(refused.value.problems[0]).startswith(f"{po}:{line}: column {column}: ")


@pytest.fixture
def folders(make_content, tmp_path):
    content = make_content(minimal_pages())
    po = tmp_path / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + GOOD, encoding="utf-8")
    return content, tmp_path / "translations", po


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_live_edit_keeps_the_last_good_version_and_names_the_line(folders, caplog, case):
    content, translations, po = folders
    store = ContentStore(content, translations, ["en", "cy"], check_interval=0)
    good = store.current()
    assert good.translations["cy"].find("child: title", "Child page").strings == (
        "Tudalen plentyn",
    )
    data, line, words = BROKEN[case]
    po.write_bytes(data)
    with caplog.at_level(logging.ERROR):
        assert store.current() is good
    [error] = errors_about(caplog, po.parent)
    assert f"{po}:{line}: " in error and words in error


@pytest.mark.parametrize("case", ["missing closing quote", "empty file", "duplicate entry"])
def test_at_start_up_a_broken_file_is_the_same_clean_error(folders, case):
    content, translations, po = folders
    data, line, words = BROKEN[case]
    po.write_bytes(data)
    with pytest.raises(ContentError) as refused:
        ContentStore(content, translations, ["en", "cy"], check_interval=0)
    assert f"{po}:{line}: " in str(refused.value) and words in str(refused.value)


def test_a_wrong_nplurals_is_reported_once_at_the_header(tmp_path):
    po = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    header = HEADER.replace("nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? "
                            "3 : (n==6) ? 4 : 5;", "nplurals=2; plural=(n != 1);")  # fmt: skip
    body = (
        'msgid "%(num)d page"\nmsgid_plural "%(num)d pages"\n'
        + "".join(f'msgstr[{i}] "%(num)d tudalen"\n' for i in range(6))
        + '\nmsgid "%(num)d second"\nmsgid_plural "%(num)d seconds"\n'
        + "".join(f'msgstr[{i}] "%(num)d eiliad"\n' for i in range(6))
    )
    po.write_text(header.replace('"Language: cy\\n"\n', '"Language: cy\\n"\n') + body)
    plural_problems = [p for p in review.check(po) if "plural" in p.split(": ", 1)[1]]
    assert plural_problems == [  # not again by msgfmt, at the header and at each entry
        f"{po}:5: Plural-Forms says nplurals=2, but CLDR gives this language 6 plural forms: "
        "correct the header (translate init writes CLDR's)"
    ]


def test_a_render_time_format_error_is_logged_with_file_and_line(
    make_content, tmp_path, caplog, monkeypatch
):
    """The load rules refuse %(date)d for %(date)s; were a rule ever to miss such an entry,
    rendering still falls back to the English and names the entry's file and line."""
    from microsite.translation import placeholders

    monkeypatch.setattr(placeholders, "placeholder_problems", lambda entry: [])
    po = tmp_path / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + 'msgid "Published: %(date)s"\nmsgstr "Cyhoeddwyd: %(date)d"\n')
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(minimal_pages())),
                      "TRANSLATIONS_DIR": str(po.parents[2]), "LOCALES": ["en", "cy"]})  # fmt: skip
    with app.test_request_context("/cy/"), caplog.at_level(logging.ERROR):
        g.locale = "cy"
        assert "Published: 5 May" in gettext("Published: %(date)s", date="5 May")
    assert f"{po}:7: the translation of 'Published: %(date)s' cannot be formatted" in caplog.text


def test_msgcat_escape_output_reads_as_the_same_text(tmp_path):
    """`msgcat --escape` writes every non-ASCII character as octal escapes of its UTF-8 bytes
    ("yw\\342\\200\\231r"); gettext reads escapes as bytes, so the file means exactly what it
    meant before, and the site must not show "ywâ\\x80\\x99r" nor lose the entry's English."""
    po = tmp_path / "messages.po"
    po.write_text(HEADER + 'msgctxt "child: title"\nmsgid "Café page"\nmsgstr "Tudalen’r caffi"\n')
    before = read_catalogue(po.read_bytes(), "cy", str(po)).entries
    subprocess.run(["msgcat", "--escape", "-o", str(po), str(po)], check=True)
    assert b"\\342\\200\\231" in po.read_bytes()  # really escaped
    after = read_catalogue(po.read_bytes(), "cy", str(po)).entries
    assert {key: entry.strings for key, entry in after.items()} == {
        key: entry.strings for key, entry in before.items()
    }


def test_escaped_bytes_that_are_not_utf_8_are_refused_in_words(tmp_path):
    po = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + GOOD.replace('"Tudalen plentyn"', '"Tudalen \\377plentyn"'))
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(po.read_bytes(), "cy", str(po))
    [problem] = [str(p) for p in refused.value.problems]
    assert problem.startswith(f"{po}:9: ") and "\\377 is not valid UTF-8" in problem, problem
    assert review.check(po)[0] == problem


def test_adjacent_strings_on_one_line_read_as_msgfmt_joins_them(tmp_path):
    """``msgstr "Tudalen " "plentyn"`` is valid PO: gettext joins adjacent strings."""
    po = tmp_path / "messages.po"
    po.write_text(HEADER + GOOD.replace('"Tudalen plentyn"', '"Tudalen " "plen" "tyn"'), "utf-8")
    catalogue = read_catalogue(po.read_bytes(), "cy", str(po))
    assert catalogue.find("child: title", "Child page").strings == ("Tudalen plentyn",)
    mo = tmp_path / "messages.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True, capture_output=True)
    import polib

    [entry] = [e for e in polib.mofile(str(mo)) if e.msgid == "Child page"]
    assert entry.msgstr == "Tudalen plentyn"


def test_a_file_with_carriage_returns_alone_is_refused_in_words_by_load_and_check(tmp_path):
    """msgfmt reads such a file as one long line, where the first ``#`` comment would
    swallow every entry after it; the site and check refuse it and say how to fix it."""
    po = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(("# Welsh\n" + HEADER + GOOD).replace("\n", "\r").encode())
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(po.read_bytes(), "cy", str(po))
    [problem] = [str(p) for p in refused.value.problems]
    assert problem == f"{po}:1: " + (
        "the lines end with a carriage return alone (CR, old Mac style): "
        "save the file with LF or CRLF line endings"
    )
    assert review.check(po) == [problem]
