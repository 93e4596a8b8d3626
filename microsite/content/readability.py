"""Plain English, measured: each page's own prose against the NHS's reading-age aim.

NHS content aims at a reading age of 9 to 11. We hold each page's own prose
(its lede, paragraphs and list items, insets, notices and card summaries; not
headings, link texts or a video's verbatim transcript) to three limits:

- Flesch reading ease of at least :data:`MIN_EASE`;
- Flesch-Kincaid grade of at most :data:`MAX_GRADE`;
- no sentence longer than :data:`MAX_SENTENCE_WORDS` words.

The formulas and syllable counts come from textstat, a maintained library, with
its default (US English) settings, so an editor or reviewer running textstat on
the same text gets the same figures. textstat is imported only when a page is
measured: serving pages never needs it.

Sentences the site keeps word for word from its seed text (the NHS England
cancer hub the site grew from, kept in ``content/seed.txt``) are measured and
shown but exempt from the limits: they are the site's own words, dated or
annotated rather than rewritten. Readability is advice for editors (``content
check`` warns, ``content report`` explains); it never stops a page loading.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from . import richtext
from .jsonpath import json_path
from .models import Page
from .reading import CONTENT, read_file
from .segments import text_fields

MIN_EASE = 60.0
MAX_GRADE = 7.0
MAX_SENTENCE_WORDS = 25
SEED_FILE = "seed.txt"

# The fields whose text is the page's own running prose.
PROSE_FIELDS = frozenset(
    {
        "summary",
        "rich_text.html",
        "list.items",
        "inset.html",
        "notice.html",
        "card_group.cards.summary",
        "video.summary",
    }
)
# A sentence ends at . ! or ? (and any closing quote or bracket) followed by
# space and the start of the next sentence. "Dr. Chang" stays one sentence.
# Tried only where a run of . ! ? begins (the lookbehind): tried from each of its
# characters, a run of 20,000 was rescanned 20,000 times (7 s). Same matches.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_TITLES = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|e\.g|i\.e|etc|No)\.$")
_SPACE = re.compile(r"\s+")


@cache
def _textstat() -> ModuleType:
    """textstat, loaded once. Version 0.7.4 (the last that works offline) imports
    setuptools' deprecated pkg_resources at import time; that warning is about
    textstat's packaging, not ours, so it is silenced here and only here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
        import textstat

    module: ModuleType = textstat
    return module


def normalise(text: str) -> str:
    """Text compared for seed matching: one space between words, curly quotes kept."""
    return _SPACE.sub(" ", text).strip()


def sentences_of(text: str) -> list[str]:
    """``text`` split into sentences (plain text, not HTML)."""
    text = normalise(text)
    ends = [match.end() for match in _SENTENCE_END.finditer(text)] + [len(text)]
    pieces: list[str] = []
    start = 0
    for end in ends:
        piece, start = text[start:end].strip(), end
        if pieces and _TITLES.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return pieces


def seed_sentences(text: str) -> frozenset[str]:
    """Every sentence of the seed text, one line of the seed at a time."""
    return frozenset(
        sentence for line in text.splitlines() for sentence in sentences_of(line) if sentence
    )


def load_seed(directory: Path) -> frozenset[str]:
    """The seed's sentences from ``<content>/seed.txt``; none if the folder has no seed.

    Raises :class:`~microsite.content.reading.Refused` for a seed file that is
    not safe to read (a link out of the folder, a pipe, too large).
    """
    try:
        data = read_file(directory / SEED_FILE, directory, CONTENT)
    except FileNotFoundError:
        return frozenset()
    return seed_sentences(data.decode("utf-8"))


@dataclass(frozen=True)
class Sentence:
    text: str
    path: str  # where it is, as a JSON path into the page file
    words: int
    grade: float  # Flesch-Kincaid grade of this sentence alone: how hard it is
    seed: bool  # kept word for word from the seed: measured, exempt from the limits


@dataclass(frozen=True)
class PageReadability:
    slug: str
    sentences: tuple[Sentence, ...]
    ease: float  # over the page's own sentences (seed sentences excluded)
    grade: float

    @property
    def own(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if not s.seed)

    @property
    def longest(self) -> int:
        return max((s.words for s in self.own), default=0)

    def hardest(self, count: int = 3) -> list[Sentence]:
        """The page's own sentences an editor should rewrite first."""
        # A two-word list item can score a high grade on one long word; whole
        # sentences come first.
        ranked = sorted(self.own, key=lambda s: (s.words >= 5, s.grade, s.words), reverse=True)
        return ranked[:count]

    def warnings(self) -> Iterator[tuple[str, str]]:
        """(JSON path, message) for each limit the page's own prose misses."""
        if self.own and (self.ease < MIN_EASE or self.grade > MAX_GRADE):
            yield (
                "$",
                f"plain English: reading ease {self.ease:.0f} (aim for {MIN_EASE:.0f} or more) "
                f"and grade {self.grade:.1f} (aim for {MAX_GRADE:.0f} or less); "
                "`content report` lists the hardest sentences",
            )
        for sentence in self.own:
            if sentence.words > MAX_SENTENCE_WORDS:
                yield (
                    sentence.path,
                    f"plain English: a sentence of {sentence.words} words (aim for "
                    f"{MAX_SENTENCE_WORDS} or fewer): “{_preview(sentence.text)}”",
                )


def _terminated(sentence: str) -> str:
    return sentence if sentence.rstrip("\"'”’)]").endswith((".", "!", "?", ":")) else sentence + "."


def _preview(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def prose(page: Page) -> Iterator[tuple[str, str]]:
    """(JSON path, plain text) of each paragraph or list item of the page's own prose."""
    for item in text_fields(page):
        if item.field not in PROSE_FIELDS:
            continue
        path = json_path(item.location)
        pieces = richtext.runs(item.value) if item.kind == "rich" else [item.value]
        for piece in pieces:
            text = richtext.text_of(piece) if item.kind == "rich" else piece
            if text.strip():
                yield path, text


def measure(page: Page, seed: Iterable[str] = ()) -> PageReadability:
    """The readability of ``page``'s own prose; sentences found in ``seed`` are exempt."""
    textstat = _textstat()
    known = frozenset(seed)
    found = [
        Sentence(
            text=sentence,
            path=path,
            words=textstat.lexicon_count(sentence),
            grade=float(textstat.flesch_kincaid_grade(sentence)),
            seed=sentence in known,
        )
        for path, text in prose(page)
        for sentence in sentences_of(text)
    ]
    # A list item without a full stop still ends where the reader stops: textstat
    # counts sentences by their final punctuation, so each one is given its own.
    own = " ".join(_terminated(s.text) for s in found if not s.seed)
    ease = float(textstat.flesch_reading_ease(own)) if own else 0.0
    grade = float(textstat.flesch_kincaid_grade(own)) if own else 0.0
    return PageReadability(page.slug, tuple(found), ease, grade)
