"""``translate check`` and ``stats`` on hand-made catalogues: each translator mistake
is caught and named with ``file:line``; waiting entries are counted, not failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from microsite.translation.catalogue import Status
from microsite.translation.provenance import RECORD, digest
from microsite.translation.review import check, stats

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: microsite 1\\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\\n"
"Last-Translator: A Translator <a@example.org>\\n"
"Language-Team: Polish <pl@example.org>\\n"
"Language: pl\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\\n"

"""


def write_po(tmp_path: Path, body: str) -> Path:
    po = tmp_path / "pl" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(HEADER + body, encoding="utf-8")
    return po


def recorded(msgid: str) -> str:
    """The record line the site's tools put on a machine translation of ``msgid``."""
    return f"# {RECORD} {digest((msgid,))}\n"


def line_of(po: Path, text: str) -> int:
    return po.read_text().splitlines().index(text) + 1


def test_a_good_catalogue_passes(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "Published: %(date)s"\nmsgstr "Opublikowano: %(date)s"\n\n'
        'msgctxt "home: rich_text.html"\nmsgid "See <a href=\\"page:news\\">news</a>"\n'
        'msgstr "Zobacz <a href=\\"page:news\\">wiadomości</a>"\n',
    )
    assert check(po) == []


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Opublikowano: %(data)s", "placeholder %(date)s is missing from the translation"),
        ("Opublikowano: %(date)s %(x)s", "placeholder %(x)s is not in the English"),
    ],
)
def test_placeholder_mismatch(tmp_path, translation, problem):
    po = write_po(tmp_path, f'msgid "Published: %(date)s"\nmsgstr "{translation}"\n')
    assert f"{po}:{line_of(po, 'msgid "Published: %(date)s"')}: {problem}" in check(po)


def test_markup_added(tmp_path):
    po = write_po(tmp_path, 'msgid "Plain"\nmsgstr "<script>alert(1)</script>Zwykły"\n')
    [problem] = check(po)
    assert problem == (
        f"{po}:13: markup differs from the English: <script> not at all in the English but "
        "once in the translation"
    )


def test_markup_dropped(tmp_path):
    po = write_po(tmp_path, 'msgid "A <strong>big</strong> deal"\nmsgstr "Wielka sprawa"\n')
    assert check(po) == [
        f"{po}:13: markup differs from the English: <strong> once in the English but not at "
        "all in the translation"
    ]


def test_changed_link_target(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "<a href=\\"page:news\\">News</a>"\nmsgstr "<a href=\\"https://evil.example\\">W</a>"\n',
    )
    [problem] = check(po)
    assert problem.startswith(f"{po}:13: a link's target differs from the English: ")


def test_unreviewed_entries_are_checked_but_not_failed(tmp_path):
    po = write_po(tmp_path, f'{recorded("Home")}#, fuzzy\nmsgid "Home"\nmsgstr "Dom"\n')
    assert check(po) == []
    broken = write_po(
        tmp_path, f'{recorded("At %(time)s")}#, fuzzy\nmsgid "At %(time)s"\nmsgstr "O %(czas)s"\n'
    )
    assert f"{broken}:15: placeholder %(czas)s is not in the English" in check(broken)


def test_invalid_po_syntax(tmp_path):
    po = write_po(tmp_path, 'msgid "Home"\nmsgstr "Dom"\nthis is not po\n')
    [problem] = check(po)
    assert problem.startswith(f"{po}:{line_of(po, 'this is not po')}: invalid PO syntax")


def test_plural_form_may_omit_the_number(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "%(num)d minute"\nmsgid_plural "%(num)d minutes"\n'
        'msgstr[0] "minuta"\nmsgstr[1] "%(num)d minuty"\nmsgstr[2] "%(num)d minut"\n',
    )
    assert check(po) == []


def test_stats_counts_each_status_for_interface_and_content(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "Home"\nmsgstr "Dom"\n\nmsgid "Back"\nmsgstr ""\n\n'
        + recorded("News")
        + '#, fuzzy\nmsgid "News"\nmsgstr "Wiadomości"\n\n'
        '#, fuzzy\n#| msgid "Old"\nmsgid "New"\nmsgstr "Stary"\n\n'
        'msgctxt "home: title"\nmsgid "Cancer"\nmsgstr "Rak"\n',
    )
    result = stats(po)
    assert result["ui"] == {
        Status.REVIEWED: 1, Status.MISSING: 1, Status.UNREVIEWED: 1, Status.STALE: 1
    }  # fmt: skip
    assert result["content"] == {Status.REVIEWED: 1}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('msgid "100%% sure: %(n)s"\nmsgstr "Na 100% pewne: %(n)s"\n', "a lone %"),
        ('msgid "%(num)d page"\nmsgid_plural "%(num)d pages"\nmsgstr[0] "%(num)d strona"\n'
         'msgstr[1] "%(num)d strony"\n', "2 plural forms, but nplurals=3"),
        ('msgid "%(num)d page"\nmsgid_plural "%(num)d pages"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
         'msgstr[2] "c"\nmsgstr[3] "d"\n', "4 plural forms, but nplurals=3"),
        ('msgid "Home"\nmsgstr "Dom"\n\nmsgid "Home"\nmsgstr "Start"\n', "duplicate entry"),
        ('msgid "Home"\nmsgstr "Dom\n', 'column 12: the string has no closing quote'),
        ('#, python-format\nmsgctxt "home: title"\nmsgid "40% of"\nmsgstr "40% z"\n',
         "this message is shown as written, never formatted: remove the flag"),
        ('#, python-format\nmsgid "Reviewed: %(date)s"\nmsgstr "Adolygwyd: %(date)i"\n',
         "placeholder %(date)i must be written %(date)s, as in the English"),
        ('#, python-format\nmsgid "%(num)d pages"\nmsgstr "%(num)s tudalen"\n',
         "placeholder %(num)s must be written %(num)d, as in the English"),
    ],
)  # fmt: skip
def test_check_catches_what_msgfmt_catches(tmp_path, body, problem):
    po = write_po(tmp_path, body)
    found = check(po)
    assert any(problem in line and line.startswith(f"{po}:") for line in found), found


SHOWN_AS_TEXT = "this message is shown as plain text, so markup such as <bdi>"


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ('msgid "© NHS England"\nmsgstr "© <bdi>NHS England</bdi>"\n', True),  # interface
        ('msgid "Skip"\nmsgstr "<span lang=\\"en\\">Skip</span>"\n', True),
        ('msgctxt "news: back_link"\nmsgid "Back to News"\nmsgstr "Wróć do <bdi>News</bdi>"\n',
         True),  # a label, escaped like interface text
        ('msgid "© NHS England"\nmsgstr "© \u2068NHS England\u2069"\n', False),  # isolates
        ('msgctxt "home: title"\nmsgid "Cancer"\nmsgstr "Rak <bdi>NHS</bdi>"\n', True),  # plain
        ('msgctxt "home: summary"\nmsgid "Find out"\nmsgstr "<span lang=\\"en\\">NHS</span>"\n',
         True),
        ('msgctxt "home: rich_text.html"\nmsgid "Cancer"\nmsgstr "Rak <bdi>NHS</bdi>"\n', False),
    ],
)  # fmt: skip
def test_markup_in_text_the_site_escapes_is_refused(tmp_path, body, refused):
    """The site escapes interface messages, labels and plain content fields (titles,
    summaries, headings, link texts): a language mark there would be drawn as "<bdi>";
    in rich text it is markup and allowed."""
    found = check(write_po(tmp_path, body))
    assert any(SHOWN_AS_TEXT in line for line in found) is refused, found


@pytest.mark.parametrize("marks", ['<span lang="cy">', "<bdi>", '<bdi dir="ltr">'])
def test_a_translation_nested_deeper_than_content_may_is_refused(tmp_path, marks):
    """Language marks pass the markup rule, but thousands of them nested make every
    render slow: a translation may nest no deeper than content. (The English is long,
    so that the translation is within the length rule and only its nesting is wrong.)"""
    closing = "</span>" if marks.startswith("<span") else "</bdi>"
    text = marks * 4000 + "Testun" + closing * 4000
    escaped = text.replace('"', '\\"')
    english = "Text " * 6000
    body = f'msgctxt "child: rich_text.html"\nmsgid "<p>{english}</p>"\nmsgstr "<p>{escaped}</p>"\n'
    [problem] = check(write_po(tmp_path, body))
    assert "elements are nested 4001 deep; a translation may nest at most 20" in problem


def test_header_placeholders_must_be_filled(tmp_path):
    po = write_po(tmp_path, "")
    text = po.read_text().replace("A Translator <a@example.org>", "FULL NAME <EMAIL@ADDRESS>")
    po.write_text(text)
    expected = f"{po}:5: fill in header Last-Translator (it says 'FULL NAME <EMAIL@ADDRESS>')"
    assert expected in check(po)


def test_an_unreadable_catalogue_is_reported_not_raised(tmp_path):
    po = write_po(tmp_path, 'msgid "Home"\nmsgstr "Dom"\n')
    po.write_text(po.read_text().replace("? 1 : 2)", "? 1 : 2"))
    [problem] = check(po)
    assert problem.startswith(f"{po}:11: Plural-Forms: ")


def test_bidi_controls_in_a_title_are_reported(tmp_path):
    po = write_po(tmp_path, 'msgctxt "home: title"\nmsgid "Cancer"\nmsgstr "Rak\u202egpj.exe"\n')
    [problem] = check(po)
    assert "a title or label contains the invisible direction control U+202E" in problem
