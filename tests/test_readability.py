"""Plain English, measured with textstat: the limits, the seed exemption, and what
``content check`` (warnings) and ``content report`` (figures, hardest sentences) say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import textstat

from helpers import minimal_pages
from microsite.config import PROJECT_ROOT
from microsite.content.loading import display_name, load_site
from microsite.content.models import Page
from microsite.content.readability import (
    load_seed,
    measure,
    prose,
    seed_sentences,
    sentences_of,
)

PLAIN = "<p>You can get help to stop smoking. Your GP can tell you more. It is free.</p>"
HARD = (
    "<p>Comprehensive multidisciplinary oncological interventions necessitate substantial "
    "organisational coordination across heterogeneous institutional configurations, "
    "notwithstanding considerable administrative complexity and interdepartmental "
    "communication requirements, which regularly overwhelm even experienced professionals.</p>"
)
SEED_LINE = "Earlier diagnosis makes it more likely that patients will receive treatments that can cure cancer. It saves lives."  # noqa: E501


def page(*blocks: dict[str, Any], summary: str = "A page.") -> Page:
    return Page.model_validate(
        {
            "slug": "child",
            "title": "Child page",
            "summary": summary,
            "parent": "home",
            "reviewed": "2026-01-05",
            "next_review": "2027-01-05",
            "blocks": list(blocks),
        }
    )


def test_sentences_split_at_full_stops_but_not_after_titles():
    text = "Dr. Yen-Ching Chang explains it. Is it new? “Yes.” It is."
    assert sentences_of(text) == [
        "Dr. Yen-Ching Chang explains it.",
        "Is it new?",
        "“Yes.”",
        "It is.",
    ]


def test_prose_is_paragraphs_and_list_items_not_headings_links_or_transcripts():
    measured = page(
        {"type": "heading", "text": "A heading that is not prose"},
        {"type": "rich_text", "html": "<p>One paragraph.</p><ul><li>One item</li></ul>"},
        {"type": "list", "items": ["A list item"]},
        {"type": "related_links", "links": [{"text": "A link text", "page": "home"}]},
    )
    assert list(prose(measured)) == [
        ("$.summary", "A page."),
        ("$.blocks[1].html", "One paragraph."),
        ("$.blocks[1].html", "One item"),
        ("$.blocks[2].items[0]", "A list item"),
    ]


def test_figures_are_textstats_own():
    result = measure(page({"type": "rich_text", "html": PLAIN}, summary="Stop smoking."))
    text = "Stop smoking. You can get help to stop smoking. Your GP can tell you more. It is free."
    assert result.ease == textstat.flesch_reading_ease(text)
    assert result.grade == textstat.flesch_kincaid_grade(text)


def test_plain_prose_passes_and_hard_prose_is_warned_by_field():
    assert list(measure(page({"type": "rich_text", "html": PLAIN})).warnings()) == []
    warnings = list(measure(page({"type": "rich_text", "html": HARD})).warnings())
    assert [path for path, _ in warnings] == ["$", "$.blocks[0].html"]
    assert "reading ease" in warnings[0][1] and "aim for 60 or more" in warnings[0][1]
    assert "a sentence of 26 words (aim for 25 or fewer)" in warnings[1][1]


def test_seed_sentences_are_measured_but_exempt_and_edits_are_not():
    seed = seed_sentences(SEED_LINE)
    kept = measure(page({"type": "rich_text", "html": f"<p>{SEED_LINE}</p>"}), seed)
    assert [s.seed for s in kept.sentences] == [False, True, True]  # the summary is ours
    assert kept.own == kept.sentences[:1]
    edited = SEED_LINE.replace("patients", "people")
    changed = measure(page({"type": "rich_text", "html": f"<p>{edited}</p>"}), seed)
    assert [s.seed for s in changed.sentences] == [False, False, True]


def test_the_shipped_seed_is_read_from_the_content_folder():
    seed = load_seed(PROJECT_ROOT / "content")
    assert "It saves lives." in seed
    assert load_seed(PROJECT_ROOT / "tests") == frozenset()  # no seed, no exemption


def test_check_warns_by_file_and_field_but_passes(runner, make_content):
    pages = minimal_pages()
    pages["child"]["blocks"] = [{"type": "rich_text", "html": HARD}]
    folder = make_content(pages)
    result = runner.invoke(args=["content", "check", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    name = display_name(folder / "child.json")
    assert f"{name}: $: warning: plain English: reading ease" in result.output
    assert f"{name}: $.blocks[0].html: warning: plain English: a sentence of 26" in result.output
    assert "2 pages OK" in result.output and "2 plain-English warnings" in result.output


def test_check_refuses_a_seed_that_is_not_a_file(runner, make_content):
    folder = make_content()
    os.mkfifo(folder / "seed.txt")
    result = runner.invoke(args=["content", "check", "--dir", str(folder)])
    assert result.exit_code == 1
    assert "seed.txt: is a named pipe (FIFO), not a regular file" in result.output


def test_report_shows_each_pages_figures_and_hardest_sentences(make_content, tmp_path: Path):
    from microsite import create_app

    pages = minimal_pages()
    pages["child"]["blocks"] = [{"type": "rich_text", "html": PLAIN + HARD}]
    folder = make_content(pages)
    app = create_app({"TESTING": True, "CONTENT_DIR": str(folder)})
    output = app.test_cli_runner().invoke(args=["content", "report", "--hardest", "1"]).output
    rows = {line.split()[0]: line.split() for line in output.splitlines() if line[:1].isalpha()}
    assert rows["child"][-1] == "rewrite" and rows["home"][-1] == "plain"
    assert float(rows["child"][3]) == round(measure(load_site(folder).pages["child"]).ease, 1)
    assert f"{display_name(folder / 'child.json')}: hardest sentences" in output
    assert "$.blocks[0].html: Comprehensive multidisciplinary" in output


def test_a_long_run_of_punctuation_is_scanned_once():
    """``content check`` splits prose into sentences; the sentence-end pattern retried
    a run of ``!`` from each of its characters, so 20,000 of them took 7 s per field.
    In a child process, so that a slow pattern is stopped rather than waited for."""
    code = "from microsite.content.readability import sentences_of; sentences_of('!' * 100_000)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
