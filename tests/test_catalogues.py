"""``translate check`` and ``stats`` on hand-made catalogues: each translator mistake
is caught and named with ``file:line``."""

from __future__ import annotations

from pathlib import Path

import pytest

from microsite.catalogues import check, stats

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\\n"

"""


def write_po(tmp_path: Path, body: str) -> Path:
    po = tmp_path / "messages.po"
    po.write_text(HEADER + body, encoding="utf-8")
    return po


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
        ("Opublikowano: %(date)s %(x)s", "placeholder %(x)s is not in the source text"),
    ],
)
def test_placeholder_mismatch(tmp_path, translation, problem):
    po = write_po(tmp_path, f'msgid "Published: %(date)s"\nmsgstr "{translation}"\n')
    assert f"{po}:{line_of(po, 'msgid "Published: %(date)s"')}: {problem}" in check(po)


def test_brace_placeholder_mismatch(tmp_path):
    po = write_po(tmp_path, 'msgid "Hello {name}"\nmsgstr "Cześć {imie}"\n')
    assert check(po) == [
        f"{po}:6: placeholder {{name}} is missing from the translation",
        f"{po}:6: placeholder {{imie}} is not in the source text",
    ]


def test_markup_added(tmp_path):
    po = write_po(tmp_path, 'msgid "Plain"\nmsgstr "<script>alert(1)</script>Zwykły"\n')
    [problem] = check(po)
    assert problem.startswith(f"{po}:6: markup differs from the source text")


def test_markup_dropped(tmp_path):
    po = write_po(tmp_path, 'msgid "A <strong>big</strong> deal"\nmsgstr "Wielka sprawa"\n')
    assert check(po) == [
        f"{po}:6: markup differs from the source text: expected ['</strong', '<strong'], found []"
    ]


def test_changed_link_target(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "<a href=\\"page:news\\">News</a>"\nmsgstr "<a href=\\"https://evil.example\\">W</a>"\n',
    )
    assert check(po) == [f"{po}:6: a link's href differs from the source text"]


def test_fuzzy_entry(tmp_path):
    po = write_po(tmp_path, '#, fuzzy\nmsgid "Home"\nmsgstr "Dom"\n')
    assert check(po) == [f"{po}:7: fuzzy translation (review it, then remove the fuzzy flag)"]


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


def test_stats_separates_interface_and_content(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "Home"\nmsgstr "Dom"\n\nmsgid "Back"\nmsgstr ""\n\n'
        'msgctxt "home: title"\nmsgid "Cancer"\nmsgstr "Rak"\n',
    )
    result = stats(po)
    assert (result["ui"].translated, result["ui"].total) == (1, 2)
    assert (result["content"].translated, result["content"].total) == (1, 1)
