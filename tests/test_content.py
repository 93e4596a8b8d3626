"""The loader: good content loads once and is indexed; every kind of bad content
is reported with its exact ``file: json.path: message``, all problems at once."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from helpers import minimal_pages
from microsite.content.loading import display_name, load_site
from microsite.content.models import Page
from microsite.content.reading import FILE_LIMIT
from microsite.content.values import RICH_TEXT_LIMIT
from microsite.problems import ContentError, Problem


def problems_for(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(folder)
    return [str(problem) for problem in caught.value.problems]


IMAGE_SRC = (
    "must start with /static/ (a file in the site's static folder: pages load no image from"
    " another site) and contain no spaces or quotes"
)


def rich(html: str) -> dict:
    return {"type": "rich_text", "html": html}


def with_changes(**changes) -> dict:
    pages = minimal_pages()
    for key, value in changes.items():
        pages["child"][key] = value
    return pages


def test_minimal_site_loads_with_home_first(make_content):
    site = load_site(make_content())
    assert list(site.pages) == ["home", "child"]
    assert [page.slug for page in site.ancestors("child")] == ["home"]


def test_real_content_loads():
    site = load_site(Path(__file__).parent.parent / "content")
    assert "home" in site.pages and len(site.pages) >= 10


def test_version_changes_when_a_file_changes(make_content):
    folder = make_content()
    before = load_site(folder).version
    (folder / "child.json").write_text(
        (folder / "child.json").read_text().replace("Child text", "New text")
    )
    assert load_site(folder).version != before


def test_malformed_json_names_line_and_column(make_content):
    folder = make_content({**minimal_pages(), "broken": '{"slug": "broken",\n  oops}'})
    name = display_name(folder / "broken.json")
    assert problems_for(folder) == [
        f"{name}: $: invalid JSON at line 2 column 3: "
        "Expecting property name enclosed in double quotes"
    ]


def test_a_number_too_long_to_read_is_a_problem_not_a_traceback(make_content):
    """Python's JSON parser refuses an integer of more than 4,300 digits with a plain
    ValueError, not a JSONDecodeError: it must be named like any other unreadable JSON
    (before, ``content check`` and start-up ended in a traceback, and a live edit was
    logged as a crash every second)."""
    digits = "9" * 5000
    folder = make_content({**minimal_pages(), "broken": '{"slug": "broken", "x": ' + digits + "}"})
    [message] = problems_for(folder)
    assert message.startswith(f"{display_name(folder / 'broken.json')}: $: invalid JSON: ")
    assert "4,300 digits" in message


def test_unknown_field_is_an_error(make_content):
    folder = make_content(with_changes(colour="red"))
    name = display_name(folder / "child.json")
    assert problems_for(folder) == [f"{name}: $.colour: unknown field"]


def test_unknown_field_inside_a_block_gives_its_path(make_content):
    pages = with_changes(blocks=[{"type": "heading", "text": "Hi", "size": 2}])
    folder = make_content(pages)
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.blocks[0].size: unknown field"
    ]


def test_wrong_type(make_content):
    folder = make_content(with_changes(title=42))
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.title: must be text in quotes"
    ]


def test_missing_required_field(make_content):
    pages = minimal_pages()
    del pages["child"]["summary"]
    folder = make_content(pages)
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.summary: required field is missing"
    ]


def test_unknown_block_type(make_content):
    folder = make_content(with_changes(blocks=[{"type": "carousel"}]))
    [message] = problems_for(folder)
    assert message.startswith(
        f"{display_name(folder / 'child.json')}: $.blocks[0]: unknown block type 'carousel'; "
        "expected one of card_group, heading,"
    )


def test_slug_must_match_file_name(make_content):
    pages = minimal_pages()
    pages["copy"] = dict(pages["child"], title="Copy")
    folder = make_content(pages)
    copy = display_name(folder / "copy.json")
    assert f"{copy}: $.slug: slug 'child' does not match the file name 'copy.json'" in (
        problems_for(folder)
    )


def test_duplicate_slug_names_both_files(make_content):
    pages = minimal_pages()
    pages["child-2"] = dict(pages["child"], title="Copy")  # same slug, other file
    folder = make_content(pages)
    child, copy = display_name(folder / "child.json"), display_name(folder / "child-2.json")
    # child-2.json sorts first, so child.json is the duplicate.
    assert f"{child}: $.slug: duplicate slug 'child' (also in {copy})" in problems_for(folder)


def test_missing_parent(make_content):
    folder = make_content(with_changes(parent="nowhere"))
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.parent: no page has slug 'nowhere'"
    ]


def test_parent_loop(make_content):
    pages = minimal_pages()
    pages["child"]["parent"] = "other"
    pages["other"] = dict(pages["child"], slug="other", parent="child")
    folder = make_content(pages)
    assert (
        f"{display_name(folder / 'child.json')}: $.parent: parent chain loops: "
        "child -> other -> child"
    ) in problems_for(folder)


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (
            {"type": "related_links", "links": [{"text": "Gone", "page": "gone"}]},
            "$.blocks[0].links[0].page: no page has slug 'gone'",
        ),
        (
            {"type": "rich_text", "html": '<p><a href="page:gone">Gone</a></p>'},
            "$.blocks[0].html: link to page:gone, but no page has slug 'gone'",
        ),
    ],
)
def test_link_to_missing_page(make_content, block, problem):
    folder = make_content(with_changes(blocks=[block]))
    assert problems_for(folder) == [f"{display_name(folder / 'child.json')}: {problem}"]


def test_link_needs_exactly_one_destination(make_content):
    link = {"text": "Both", "page": "home", "url": "https://www.nhs.uk/"}
    folder = make_content(with_changes(blocks=[{"type": "related_links", "links": [link]}]))
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.blocks[0].links[0]: "
        "a link needs exactly one of 'page' or 'url'"
    ]


@pytest.mark.parametrize("alt", [{}, {"alt": ""}, {"alt": "  "}])
def test_image_without_alt(make_content, alt):
    block = {"type": "image", "src": "/static/x.png"} | alt
    folder = make_content(with_changes(blocks=[block]))
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.blocks[0].alt: "
        'an image needs alt text, or "decorative": true'
    ]


def test_a_decorative_image_needs_no_alt(make_content):
    block = {"type": "image", "src": "/static/x.png", "decorative": True}
    assert load_site(make_content(with_changes(blocks=[block]))).pages["child"].blocks


def test_an_article_may_leave_out_a_date_no_source_confirms(make_content):
    site = load_site(make_content(with_changes(template="article")))
    assert site.pages["child"].published is None and site.articles() == [site.pages["child"]]


def test_file_must_hold_an_object(make_content):
    folder = make_content({**minimal_pages(), "list": "[1, 2]"})
    assert problems_for(folder) == [
        f"{display_name(folder / 'list.json')}: $: a page file must hold one JSON object"
    ]


def test_missing_home(make_content):
    pages = minimal_pages()
    del pages["home"]
    pages["child"]["parent"] = None
    folder = make_content(pages)
    assert (
        f"{display_name(folder / 'child.json')}: $: every page except 'home' needs a parent"
        in problems_for(folder)
    )  # noqa: E501


def test_missing_folder(tmp_path):
    assert problems_for(tmp_path / "absent") == [
        f"{display_name(tmp_path / 'absent')}: $: content folder does not exist or is not a folder"
    ]


def test_every_problem_is_reported_at_once(make_content):
    pages = minimal_pages()
    pages["child"]["colour"] = "red"
    pages["child"]["parent"] = "nowhere"
    pages["other"] = dict(pages["child"], slug="other", title=7)
    folder = make_content(pages)
    assert len(problems_for(folder)) == 3


def test_problem_format():
    assert str(Problem("content/a.json", "$.title", "required field is missing")) == (
        "content/a.json: $.title: required field is missing"
    )


def test_the_schema_still_sanitizes_as_the_last_line_of_defence():
    html = '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x()">y</a></p>'
    page = Page.model_validate(dict(minimal_pages()["child"], blocks=[rich(html)]))
    cleaned = page.blocks[0].html
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert cleaned.startswith("<p>Hi")


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<script> is not allowed"),
        ("<iframe src='https://example.org/'></iframe>", "<iframe> is not allowed"),
        ('<img src="x.png" alt="A chart">', "<img> is not allowed"),
        ("<div>Text</div>", "<div> is not allowed"),
        ('<p onclick="x()">Hi</p>', "the onclick attribute is not allowed on <p>"),
        ('<p class="big">Hi</p>', "the class attribute is not allowed on <p>"),
        ('<span style="font-weight:bold">Hi</span>',
         "the style attribute is not allowed on <span>"),
        ('<a href="https://www.nhs.uk/" rel="nofollow">NHS website</a>',
         "the rel attribute is not allowed on <a>"),
        ('<a href="javascript:alert(1)">Run it</a>',
         "link address 'javascript:alert(1)' is not allowed: use one starting "
         "http:, https:, mailto:, page:, tel:"),
        ('<a href="data:text/html,x">Data</a>', "link address 'data:text/html,x' is not allowed"),
        ("<p>Hi<!-- note to self --></p>", "HTML comments are not allowed (they would be removed)"),
        ('<span lang="not a code">Hi</span>',
         "lang='not a code' on <span> is not valid: use a language code such as cy"),
        ('<p dir="sideways">Hi</p>', "dir='sideways' on <p> is not valid: use ltr or rtl"),
    ],
)  # fmt: skip
def test_markup_the_sanitizer_would_remove_is_an_error(make_content, html, message):
    folder = make_content(with_changes(blocks=[rich(html)]))
    name = display_name(folder / "child.json")
    assert [p for p in problems_for(folder) if p.startswith(f"{name}: $.blocks[0].html: {message}")]


def test_every_kind_of_removal_in_every_rich_field_is_reported(make_content):
    card = {
        "title": "Card",
        "summary": "<p onclick='x'>S</p>",
        "link": {"text": "Home", "page": "home"},
    }
    blocks = [
        rich("<p>A</p><script>x</script>"),
        {"type": "list", "items": ["<b>Bold</b>", "<a href='vbscript:x'>Run</a>"]},
        {"type": "card_group", "heading": "Cards", "cards": [card]},
        {"type": "inset", "html": "<!-- hidden -->Text"},
    ]
    folder = make_content(with_changes(blocks=blocks))
    name = display_name(folder / "child.json")
    assert problems_for(folder) == [
        f"{name}: $.blocks[0].html: <script> is not allowed",
        f"{name}: $.blocks[1].items[0]: <b> conveys meaning only visually; use <strong>",
        f"{name}: $.blocks[1].items[1]: link address 'vbscript:x' is not allowed: use one "
        "starting http:, https:, mailto:, page:, tel:",
        f"{name}: $.blocks[2].cards[0].summary: the onclick attribute is not allowed on <p>",
        f"{name}: $.blocks[3].html: HTML comments are not allowed (they would be removed)",
    ]


def test_plain_text_that_looks_like_markup_is_not_reported(make_content):
    folder = make_content(with_changes(title="Use <b> for bold", blocks=[]))
    load_site(folder)  # plain text is escaped, never stripped: nothing is removed


def test_a_schema_error_does_not_hide_lint_or_link_problems(make_content):
    blocks = [
        {"type": "heading", "text": "Skipped", "level": 4},
        rich('<p><a href="page:nowhere">Click here</a><script>x</script></p>'),
        {"type": "related_links", "links": [{"text": "Elsewhere", "page": "missing"}]},
    ]
    folder = make_content(with_changes(title=None, blocks=blocks))
    name = display_name(folder / "child.json")
    assert problems_for(folder) == [
        f"{name}: $.title: must be text in quotes",
        f"{name}: $.blocks[0].level: heading 'Skipped' is h4 but follows an h1: levels must "
        "not skip (use h2)",
        f"{name}: $.blocks[1].html: link text 'Click here' says nothing out of context; "
        "name the destination",
        f"{name}: $.blocks[1].html: <script> is not allowed",
        f"{name}: $.blocks[2].links[0].page: no page has slug 'missing'",
        f"{name}: $.blocks[1].html: link to page:nowhere, but no page has slug 'nowhere'",
    ]


def test_a_page_with_errors_is_not_also_reported_missing(make_content):
    pages = minimal_pages()
    pages["grandchild"] = dict(pages["child"], slug="grandchild", parent="child")
    pages["grandchild"]["blocks"] = [
        {"type": "related_links", "links": [{"text": "Child", "page": "child"}]}
    ]
    pages["child"]["title"] = 5  # child has an error of its own
    folder = make_content(pages)
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.title: must be text in quotes"
    ]


def test_every_file_is_reported_in_one_run(make_content):
    pages = minimal_pages()
    pages["child"]["blocks"] = [rich("<p>Hi<script>x</script></p>")]
    pages["other"] = dict(pages["child"], slug="other", summary=5)
    folder = make_content(pages)
    problems = problems_for(folder)
    assert any("child.json: $.blocks[0].html: <script>" in p for p in problems)
    assert any("other.json: $.summary: must be text in quotes" in p for p in problems)
    assert any("other.json: $.blocks[0].html: <script>" in p for p in problems)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "Child Page"}, "$.slug: must be lowercase letters, digits and single hyphens, "
                                  "like 'bowel-screening'"),
        ({"title": ""}, "$.title: must not be empty"),
        ({"summary": "x" * 401},
         "$.summary: is too long: the limit is 400 characters (this has 401)"),
        ({"template": "wide"}, "$.template: must be one of 'hub', 'page', 'video', 'article' or "
                               "'news_index'"),
        ({"published": "last week"}, "$.published: must be a date written as YYYY-MM-DD, like "
                                     "2025-03-31"),
        ({"blocks": {}}, "$.blocks: must be a list, in [square brackets]"),
        ({"blocks": [7]}, "$.blocks[0]: must be an object, in {curly brackets}"),
        ({"blocks": [{"type": "list", "items": []}]}, "$.blocks[0].items: needs at least 1 item"),
        ({"blocks": [{"type": "heading", "text": "H", "level": 7}]},
         "$.blocks[0].level: must be one of 2, 3 or 4"),
        ({"blocks": [{"type": "news_list", "limit": "ten"}]},
         "$.blocks[0].limit: must be a whole number"),
        ({"blocks": [{"type": "news_list", "limit": 0}]}, "$.blocks[0].limit: must be at least 1"),
        ({"blocks": [{"type": "image", "src": "chart.png", "alt": "A chart"}]},
         "$.blocks[0].src: " + IMAGE_SRC),
        # The policy allows images from the site only (img-src 'self'): one from
        # another site passed the check and was blocked on every page.
        ({"blocks": [{"type": "image", "src": "https://example.org/chart.png", "alt": "A chart"}]},
         "$.blocks[0].src: " + IMAGE_SRC),
        ({"blocks": [{"type": "image", "src": "/static/a.png", "alt": "A", "decorative": "maybe"}]},
         "$.blocks[0].decorative: must be true or false"),
        ({"blocks": [{"type": "related_links", "links": [{"text": "T", "url": "ftp://x.org"}]}]},
         "$.blocks[0].links[0].url: must be a web address starting https:// or http://"),
    ],
)  # fmt: skip
def test_schema_errors_are_in_plain_english(make_content, changes, message):
    folder = make_content(with_changes(**changes))
    problems = problems_for(folder)
    assert f"{display_name(folder / 'child.json')}: {message}" in problems, problems
    assert not any("Input should" in p or "String should" in p for p in problems)


def test_articles_newest_first(make_content):
    pages = minimal_pages()
    for slug, day in [("old", "2020-01-01"), ("new", "2021-01-01")]:
        pages[slug] = {
            "slug": slug, "title": slug, "summary": "s", "parent": "home",
            "template": "article", "published": day,
            "reviewed": "2026-01-05", "next_review": "2027-01-05",
        }  # fmt: skip
    site = load_site(make_content(pages))
    assert [page.slug for page in site.articles()] == ["new", "old"]


# --- Only regular files inside the folder, within size limits ----------------------------


def load_in_thread(folder: Path) -> list[str]:
    """The problems load_site reports, failing the test (not hanging it) if it blocks."""
    result: list[list[str]] = []
    worker = threading.Thread(target=lambda: result.append(problems_for(folder)), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "load_site blocked"
    return result[0]


def test_a_named_pipe_is_refused_without_blocking(make_content):
    folder = make_content()
    os.mkfifo(folder / "pipe.json")
    assert load_in_thread(folder) == [
        f"{display_name(folder / 'pipe.json')}: $: is a named pipe (FIFO), not a regular file; "
        "it was not read"
    ]


@pytest.mark.parametrize("target", ["/dev/zero", "outside.json"])
def test_a_symlink_out_of_the_folder_is_refused_and_named(make_content, tmp_path, target):
    folder = make_content()
    if target == "outside.json":
        target = tmp_path / "outside.json"
        target.write_text(json.dumps(dict(minimal_pages()["child"], slug="escape")))
    (folder / "escape.json").symlink_to(target)
    resolved = Path(target).resolve()
    assert load_in_thread(folder) == [
        f"{display_name(folder / 'escape.json')}: $: is a symbolic link to {resolved}, outside "
        "the content folder; only files inside the content folder are read"
    ]


def test_a_symlink_inside_the_folder_is_read(make_content):
    folder = make_content()
    (folder / "child.json").rename(folder / "child.data")
    (folder / "child.json").symlink_to(folder / "child.data")
    assert "child" in load_site(folder).pages


def test_a_file_over_the_size_limit_is_refused_unread(make_content):
    pages = minimal_pages()
    pages["child"]["summary"] = "x" * FILE_LIMIT
    folder = make_content(pages)
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $: file is larger than the limit of 262,144 "
        "bytes (256 KiB); split the page or shorten it"
    ]


def test_a_rich_text_field_over_its_limit_is_refused_before_cleaning(make_content, monkeypatch):
    """Cleaning and parsing take time that grows faster than the length, so an
    over-long field is refused by its length alone: no parser ever sees it."""
    import bleach.sanitizer

    import microsite.content.lint

    html = "<p>" + "<b>x</b>" * (RICH_TEXT_LIMIT // 8) + "</p>"
    folder = make_content(with_changes(blocks=[rich(html)]))
    parsed: list[int] = []
    clean, parse = bleach.sanitizer.Cleaner.clean, microsite.content.lint.parse

    def cleaning(cleaner, text):
        parsed.append(len(text))
        return clean(cleaner, text)

    def parsing(text, *args, **kwargs):
        parsed.append(len(text))
        return parse(text, *args, **kwargs)

    monkeypatch.setattr(bleach.sanitizer.Cleaner, "clean", cleaning)
    monkeypatch.setattr(microsite.content.lint, "parse", parsing)
    assert problems_for(folder) == [
        f"{display_name(folder / 'child.json')}: $.blocks[0].html: is too long: the limit is "
        f"20,000 characters (this has {len(html):,})"
    ]
    assert parsed and max(parsed) <= RICH_TEXT_LIMIT  # the other pages were parsed; not this


# --- Characters that must not reach a page ---------------------------------------------


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x07", "\x0b", "\x0d", "\x1b", "\x1f", "\x85", "\x9f", "\ufffe", "\uffff",
     "\U0001fffe", "\U0010ffff"],
)  # fmt: skip
def test_control_characters_are_refused_with_the_fields_path(make_content, character):
    blocks = [{"type": "list", "items": ["Fine", f"Bad{character}item"]}]
    folder = make_content(with_changes(blocks=blocks))
    problems = problems_for(folder)
    code = f"U+{ord(character):04X}"
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        f"{display_name(folder / 'child.json')}: $.blocks[0].items[1]: contains the invisible "
        f"control character {code}"
    )
    assert problems[0].endswith("at character 4; remove it")


def test_tabs_and_newlines_are_allowed(make_content):
    load_site(make_content(with_changes(summary="Two\tcolumns\nand lines")))


@pytest.mark.parametrize("character", ["\u202a", "\u202e", "\u2066", "\u2069"])
@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"title": "Cancer {c}news"}, "$.title"),
        ({"blocks": [{"type": "heading", "text": "A{c}b"}]}, "$.blocks[0].text"),
        ({"blocks": [{"type": "related_links", "links": [{"text": "NHS{c} website",
                                                          "url": "https://www.nhs.uk/"}]}]},
         "$.blocks[0].links[0].text"),
        ({"blocks": [rich('<p><a href="https://www.nhs.uk/">NHS{c} website</a></p>')]},
         "$.blocks[0].html"),
    ],
)  # fmt: skip
def test_bidi_controls_in_titles_and_link_text_are_reported(make_content, character, changes, path):
    changes = json.loads(json.dumps(changes).replace("{c}", json.dumps(character)[1:-1]))
    folder = make_content(with_changes(**changes))
    problems = problems_for(folder)
    code = f"U+{ord(character):04X}"
    assert [p for p in problems if f": {path}: " in p and code in p and "misleading order" in p]


def test_bidi_controls_in_body_text_are_not_reported(make_content):
    load_site(make_content(with_changes(blocks=[rich("<p>Quoted \u2067text\u2069 here.</p>")])))
