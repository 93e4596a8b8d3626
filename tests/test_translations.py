"""Loading a catalogue for the site: every way a translator's file can be wrong is refused
with ``file:line``, and each entry gets its review status."""

from __future__ import annotations

import pytest

from microsite.problems import CatalogueError
from microsite.translation.catalogue import Status, read_catalogue
from microsite.translation.plurals import PluralFormsError, parse_header, plural_forms_header
from microsite.translation.provenance import RECORD, digest

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Plural-Forms: {plurals}\\n"\n\n'
)
POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


def po(body: str, charset: str = "utf-8", plurals: str = POLISH) -> bytes:
    return (HEADER.format(charset=charset, plurals=plurals) + body).encode("utf-8")


def problems(data: bytes) -> list[str]:
    """Why the file is refused, else why entries are refused (their English is shown)."""
    try:
        catalogue = read_catalogue(data, "pl", "pl.po")
    except CatalogueError as error:
        return [str(problem) for problem in error.problems]
    assert catalogue.entries == {}, "a refused entry must not be shown"
    return [str(problem) for problem in catalogue.refused]


@pytest.mark.parametrize(
    ("plurals", "message"),
    [
        ("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;",
         "expected ')'"),
        ("nplurals=2; plural=n/0;", "divides by zero for n=0"),
        ("nplurals=2; plural=n;", "gives form 2 for n=2, but nplurals=2"),
        ("nplurals=x; plural=n != 1;", 'expected "nplurals=<number>; plural=<formula>;"'),
        ("nplurals=2; plural=__import__('os');", "unexpected"),
    ],
)  # fmt: skip
def test_a_bad_plural_formula_is_refused_at_its_line(plurals, message):
    [problem] = problems(po('msgid "Home"\nmsgstr "Dom"\n', plurals=plurals))
    assert problem.startswith("pl.po:4: ") and message in problem


def test_an_unknown_charset_is_refused_at_its_line():
    [problem] = problems(po('msgid "Home"\nmsgstr "Dom"\n', charset="klingon"))
    assert problem == "pl.po:3: unknown charset 'klingon' in Content-Type (use charset=UTF-8)"


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_refused(character):
    [problem] = problems(po(f'msgid "Home"\nmsgstr "Do{character}m"\n'))
    assert problem.startswith("pl.po:6: control or non-characters are not allowed: U+")


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Czas: %(duration)0200000s", "must not set a width or precision"),
        ("Czas: %(duration).3s", "must not set a width or precision"),
        ("Czas: %(other)s", "placeholder %(other)s is not in the English"),
        ("Czas: 100% %(duration)s", "a lone %"),
        ("Czas", "placeholder %(duration)s is missing"),
    ],
)
def test_interface_placeholders_are_the_englishs_only(translation, message):
    found = problems(po(f'msgid "Length: %(duration)s"\nmsgstr "{translation}"\n'))
    assert any(p.startswith("pl.po:6: ") and message in p for p in found), found


def test_content_may_not_add_markup_or_change_a_link():
    body = (
        'msgctxt "home: rich_text.html"\nmsgid "See <a href=\\"page:news\\">news</a>"\n'
        'msgstr "Zobacz <a href=\\"https://evil.example\\">wiadomości</a>"\n\n'
        'msgctxt "home: title"\nmsgid "Cancer"\nmsgstr "<img src=x>Rak"\n'
    )
    assert problems(po(body)) == [
        "pl.po:7: a link's target differs from the English: the translation links to "
        "'https://evil.example', which the English does not; does not link to 'page:news' "
        "as the English does",
        "pl.po:11: markup differs from the English: <img src> not at all in the English but "
        "once in the translation",
    ]


def test_a_partly_translated_plural_shows_the_english():
    body = 'msgid "%(num)d page"\nmsgid_plural "%(num)d pages"\nmsgstr[0] "%(num)d strona"\n'
    catalogue = read_catalogue(po(body + 'msgstr[1] "%(num)d strony"\n'), "pl", "pl.po")
    assert catalogue.find(None, "%(num)d page") is None


def test_each_status():
    body = (
        'msgid "Missing"\nmsgstr ""\n\n'
        f'# {RECORD} {digest(("Machine",))}\n#, fuzzy\nmsgid "Machine"\nmsgstr "Maszyna"\n\n'
        '#, fuzzy\nmsgid "Unknown"\nmsgstr "Nieznane"\n\n'  # made from which English? not shown
        'msgid "Reviewed"\nmsgstr "Sprawdzone"\n\n'
        '#, fuzzy\n#| msgid "Old English"\nmsgid "Changed"\nmsgstr "Stare"\n'
    )
    catalogue = read_catalogue(po(body), "pl", "pl.po")
    assert catalogue.find(None, "Missing") is None
    assert catalogue.find(None, "Machine").status is Status.UNREVIEWED
    assert catalogue.find(None, "Reviewed").status is Status.REVIEWED
    assert catalogue.find(None, "Changed") is None  # stale: never shown
    assert catalogue.find(None, "Unknown") is None


def test_a_stale_entry_with_an_old_placeholder_does_not_block_loading():
    body = '#, fuzzy\n#| msgid "%(num)d old"\nmsgid "%(count)d new"\nmsgstr "%(num)d stare"\n'
    assert read_catalogue(po(body), "pl", "pl.po").find(None, "%(count)d new") is None


@pytest.mark.parametrize("locale", ["ar", "cy"])
def test_new_catalogues_get_cldr_plural_forms_with_six_forms(locale):
    forms = parse_header(plural_forms_header(locale))
    assert forms.count == 6
    assert [forms.formula(n) for n in (0, 1, 2, 3)] == [0, 1, 2, 3]


def test_arabic_many_and_other_follow_cldr():
    forms = parse_header(plural_forms_header("ar"))
    assert forms.formula(11) == 4 and forms.formula(99) == 4  # many
    assert forms.formula(100) == 5 and forms.formula(102) == 5  # other


def test_a_formula_is_never_evaluated_as_python():
    with pytest.raises(PluralFormsError):
        parse_header("nplurals=2; plural=n.__class__;")
