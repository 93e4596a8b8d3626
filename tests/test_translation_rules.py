"""The rules a shown translation obeys, judged as the page renders it: markup by html5lib
(hostile tricks included), one percent rule, kept English and direction isolates in
right-to-left text, the site's internal marks, plural formulas and CLDR's plural forms."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from babel import Locale

from microsite.content.characters import FORBIDDEN, INTERNAL_MARKS
from microsite.content.loading import load_site
from microsite.content.sanitize import clean
from microsite.content.segments import Localizer
from microsite.problems import ContentError
from microsite.translation.catalogue import read_catalogue
from microsite.translation.locales import po_path
from microsite.translation.plurals import PluralFormsError, parse_header, plural_forms_header
from microsite.translation.pofiles import PoEntry, quote
from microsite.translation.poread import read_po
from microsite.translation.rules import entry_problems
from microsite.web import marking

ROOT = Path(__file__).resolve().parent.parent
ARABIC = "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : " \
    "n%100>=11 ? 4 : 5;"  # fmt: skip


def catalogue(msgid: str, msgstr: str, context: str | None = "home: rich_text.html"):
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' \
        f'"Plural-Forms: {ARABIC}\\n"\n\n'  # fmt: skip
    entry = f"msgctxt {quote(context)}\n" if context else ""
    entry += f"msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n"
    return read_catalogue((header + entry).encode(), "ar", "ar.po")


def shown(msgid: str, msgstr: str, context: str | None = "home: rich_text.html") -> bool:
    return catalogue(msgid, msgstr, context).find(context, msgid) is not None


def refusal(msgid: str, msgstr: str, context: str | None = "home: rich_text.html") -> str:
    [problem] = catalogue(msgid, msgstr, context).refused
    return problem.message


# --- A translation is judged by the parser that renders it (issue 20 item 4) -------------

ENGLISH = 'See <a href="page:news">the news</a> today.'
HOSTILE = [
    'Zobacz <!--><a href="https://evil.example">wiadomości</a> dziś.',
    'Zobacz <a href="page:news">wiadomości</a><!--><a href="https://evil.example">x</a>',
    'Zobacz <![CDATA[<a href="https://evil.example">]]><a href="page:news">wiadomości</a>',
    'Zobacz <?php <a href="https://evil.example">x</a> ?><a href="page:news">w</a>',
    '<abbr title="<a href=\'https://evil.example\'>x</a>">Zobacz</abbr> <a href="page:news">w</a>',
    'Zobacz <a href="page:news" href="https://evil.example">wiadomości</a>',
    'Zobacz <a href=" page:news">wiadomości</a>',
    'Zobacz <a href="page:news" onclick="alert(1)">wiadomości</a>',
    'Zobacz <span lang="en" class="x">x</span><a href="page:news">wiadomości</a>',
    'Zobacz <a href="page:news">wiadomości</a> <a href="page:news">jeszcze</a>',
    'Zobacz <a href="page:news">wiadomości</a> &lt;a href="https://evil.example"&gt;x&lt;/a&gt;',
    'Zobacz <a href="page:news">wiadomości</a> <a/href="https://evil.example">x</a>',
    'Zobacz <a href="page:news">wiadomości<a href="https://evil.example">x</a>',
    'Zobacz <a href="&#x70;age:news">wiadomości</a>',
    'Zobacz <a href="page&colon;evil">wiadomości</a>',
]


def link_targets(html: str) -> list[str]:
    # Not helpers.parse_fragment, on purpose: these rules are judged "as the page renders
    # it", so this spells out the very call the content package makes on rich text
    # (microsite.content.richtext.parse: the etree treebuilder, no namespaces). A change
    # there must be made here too, and seen to be.
    tree = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return sorted(a.get("href", "") for a in tree.iter("a"))


@pytest.mark.parametrize("translation", HOSTILE)
def test_a_translation_never_renders_a_link_the_english_does_not_have(translation):
    """Refused, or rendered with exactly the English's link targets: no way round."""
    found = catalogue(ENGLISH, translation).find("home: rich_text.html", ENGLISH)
    localizer = Localizer(lambda c, m: found.strings[0] if found else None, "en", rtl=True)
    rendered = localizer.rich("home: rich_text.html", clean(f"<p>{ENGLISH}</p>"))
    assert link_targets(rendered) == ["page:news"]


@pytest.mark.parametrize(
    "translation",
    [t for t in HOSTILE if not any(harmless in t for harmless in ("&lt;", "&#x70;", '" href="'))],
)  # (a second href is dropped by the parser, as the page drops it: the link stays page:news)
def test_hostile_markup_is_refused_in_words(translation):
    message = refusal(ENGLISH, translation)
    assert message.startswith(("markup differs from the English: ", "a link's target differs"))
    assert "[" not in message.split(": ", 1)[1].replace("<![CDATA[ ]]>", "")  # no Python lists


def test_the_english_link_written_with_entities_is_the_same_link():
    assert shown(ENGLISH, 'Zobacz <a href="&#x70;age:news">wiadomości</a>.')


# --- Right-to-left text may keep English whole (item 9) -----------------------------------


@pytest.mark.parametrize(
    "translation",
    [
        'يقدم <span lang="en">NHS England</span> <a href="page:news">الأخبار</a>',
        'يقدم <bdi>NHS England</bdi> <a href="page:news">الأخبار</a>',
        'يقدم <bdi lang="en" dir="ltr">NHS England</bdi> <a href="page:news">الأخبار</a>',
        'يقدم <span dir="ltr" lang="en">NHS England</span> '
        '<a href="page:news" lang="ar">الأخبار</a>',
    ],
)
def test_kept_english_may_be_marked_or_isolated(translation):
    assert shown(ENGLISH, translation)
    localizer = Localizer(lambda c, m: translation, "en", rtl=True)
    rendered = localizer.rich("home: rich_text.html", clean(f"<p>{ENGLISH}</p>"))
    assert "NHS England</" in rendered and ("<bdi" in rendered or 'lang="en"' in rendered)


def test_isolates_are_allowed_in_a_title_when_closed():
    assert shown("News", "أخبار \u2068NHS England\u2069", "news: title")


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("أخبار \u202eNHS England", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("أخبار \u2068NHS England", "without its closing U+2069"),
        ("أخبار NHS England\u2069", "closes no isolate"),
    ],
)
def test_overrides_and_unclosed_isolates_are_refused_in_a_title(title, words):
    message = refusal("News", title, "news: title")
    assert message.startswith("a title or label contains ") and words in message


@pytest.mark.parametrize("context", [None, "news: title"])
def test_an_interface_message_is_judged_whole_like_a_title(context):
    """ "Skip to main content" is a link's text with no <a> in the message: the template
    adds the link, so an override there would reorder a link's text unseen."""
    message = refusal("Skip to main content", "\u202eتخطي إلى المحتوى", context)
    assert message.startswith("a title or label contains ") and "U+202E" in message
    assert shown("Skip to main content", "تخطي إلى \u2068NHS\u2069", context)
    # U+200F is a mark, not an override: allowed
    assert shown("Skip to main content", "\u200fتخطي إلى المحتوى", context)


def test_content_titles_follow_the_same_direction_rule(make_content):
    from helpers import minimal_pages

    pages = minimal_pages()
    pages["child"]["title"] = "Child \u2068page\u2069"
    load_site(make_content(pages))  # closed isolate: fine
    pages["child"]["title"] = "Child \u2068page"
    with pytest.raises(ContentError, match="without its closing U\\+2069"):
        load_site(make_content(pages))


# --- One percent rule (item 5) ------------------------------------------------------------


def test_content_is_shown_as_written_so_a_percent_sign_is_one_percent_sign():
    assert shown("Up to 400% more", "Hyd at 400% yn fwy")
    assert "write a percent sign as %" in refusal("Up to 400% more", "Hyd at 400%% yn fwy")


def test_a_formatted_interface_message_writes_a_percent_sign_twice():
    assert shown("%(num)d%% done", "%(num)d%% wedi", None)
    assert "a lone %" in refusal("%(num)d%% done", "%(num)d% wedi", None)


def test_an_interface_message_without_placeholders_is_shown_as_written():
    assert shown("100% free", "100% am ddim", None)
    assert "write a percent sign as %" in refusal("100% free", "100%% am ddim", None)


def test_the_template_flags_python_format_exactly_where_the_site_formats():
    template = read_po((ROOT / "translations" / "messages.pot").read_bytes(), "messages.pot")
    for entry in template.messages:
        formatted = entry.msgctxt is None and "%(" in entry.msgid
        assert ("python-format" in entry.flags) is formatted, entry.msgid


# --- The site's internal marks can come from nowhere (issue 22 a) --------------------------


def test_every_internal_mark_is_forbidden_in_catalogues_and_content(make_content):
    from helpers import minimal_pages

    assert (marking.OPEN, marking.CLOSE) == INTERNAL_MARKS
    for mark in INTERNAL_MARKS:
        assert FORBIDDEN.match(mark)
        assert "control or non-characters" in refusal("News", f"News{mark}", "news: title")
        pages = minimal_pages()
        pages["child"]["title"] = f"Child{mark} page"
        with pytest.raises(ContentError, match=f"U\\+{ord(mark):04X}"):
            load_site(make_content(pages))


# --- Plural formulas (issue 22 c, d) -------------------------------------------------------


@pytest.mark.parametrize("formula", ["(" * 5000 + "n" + ")" * 5000, "!" * 5000 + "n"])
def test_a_deeply_nested_formula_is_refused_in_words(formula):
    with pytest.raises(PluralFormsError, match="nests more than|longer than"):
        parse_header(f"nplurals=2; plural={formula};")


@pytest.mark.parametrize("tag", ["ar", "cy", "pl"])
def test_the_shipped_plural_forms_match_cldr(tag):
    """Each form of the shipped header holds exactly the numbers of one CLDR category."""
    data = po_path(ROOT / "translations", tag).read_bytes()
    forms = parse_header(read_po(data, tag).header_value("Plural-Forms") or "")
    rules = Locale.parse(tag).plural_form
    groups: dict[int, set[str]] = {}
    for n in range(0, 1001):
        groups.setdefault(forms.formula(n), set()).add(rules(n))
    assert all(len(categories) == 1 for categories in groups.values()), groups
    assert forms.count == len({rules(n) for n in range(0, 1001)})  # the categories counts use
    assert parse_header(plural_forms_header(tag)).count == forms.count


def test_entry_problems_read_a_plain_entry():
    entry = PoEntry("Home", ["Hafan"])
    assert entry_problems(entry, parse_header(ARABIC)) == []


@pytest.mark.parametrize("character", ["\x85", "\U0001fffe", "\U0010ffff"])
def test_catalogues_refuse_what_content_refuses(make_content, character):
    """One rule in one place: a C1 control or a non-character beyond the first plane is
    refused in a translation exactly as in a content field."""
    from helpers import minimal_pages

    assert FORBIDDEN.match(character)
    assert "control or non-characters" in refusal("News", f"News{character}", "news: title")
    pages = minimal_pages()
    pages["child"]["title"] = f"Child{character} page"
    with pytest.raises(ContentError, match=f"U\\+{ord(character):04X}"):
        load_site(make_content(pages))


def test_a_language_mark_in_a_page_title_is_refused_not_drawn_as_text(project):
    """A title is plain text: the page escapes it in <title>, <h1> and the header. A <bdi>
    a translator adds there (Pontoon, through polib) would be drawn as "<bdi>NHS</bdi>"."""
    import polib

    from microsite import create_app

    po = po_path(project / "translations", "cy")
    catalogue = polib.pofile(str(po))
    [title] = [entry for entry in catalogue if entry.msgctxt == "home: title"]
    title.msgstr = "Canser <bdi>NHS</bdi>"
    catalogue.save()
    settings = {"TRANSLATIONS_DIR": str(project / "translations"), "LOCALES": ["en", "cy"]}
    app = create_app({"TESTING": True, "CONTENT_DIR": str(project / "content"), **settings})
    page = app.test_client().get("/cy/").get_data(as_text=True)
    assert "&lt;bdi&gt;" not in page, "the title's <bdi> reached the page as text"
    loaded = read_catalogue(po.read_bytes(), "cy", str(po))
    assert any("shown as plain text" in problem.message for problem in loaded.refused)


# --- A translation is bounded like the content it translates (issue 20 items 5, 6) ------


@pytest.mark.parametrize(
    ("msgid", "context"),
    [("Cancer", "home: title"), ("Page not found", None), ("A child.", "child: summary")],
)
def test_a_translation_far_longer_than_its_english_is_refused(msgid, context):
    """Content fields have length limits (a title 300 characters); their translations had
    none but the catalogue's 8 MiB. A 1 MB translation of the hub's title "Cancer",
    which every page and error page shows several times, made each Welsh page 3.9 MB
    (from 7 KB) and each cached copy as large. Real translations are at most three
    times their English (Polish, 25 to 74 characters)."""
    assert shown(msgid, "Canser " * 10, context), "control: a long translation is fine"
    huge = "Canser " * 150_000
    assert not shown(msgid, huge, context)
    assert "longer than" in refusal(msgid, huge, context)
