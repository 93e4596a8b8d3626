"""Hyphenation points in long words, for languages whose words outgrow a phone's line.

With text at 200% on a 320 px screen, a line holds about 18 letters of body
text and 12 of a heading. Some Polish words are longer ("niedrobnokomórkowym"
is 331 px at 32 px Arial, wider than the screen), so the browser must break
them somewhere. Browsers hyphenate (``hyphens: auto``) only with the
language's dictionary, which many lack (Chromium on Linux has none), and
otherwise break a word at any letter. So the site marks where each long word
may be hyphenated in its language, with soft hyphens (U+00AD): invisible, and
silent for screen readers, until a line breaks there and shows a hyphen.

The points come from LibreOffice's hyphenation dictionaries through Pyphen.
:data:`DICTIONARIES` names the languages that need it: the browser tests
(tests/browser/test_text_grows.py) fail on any word broken elsewhere, so a
language is added when they show its words do not fit. English, Welsh and
Arabic words fit today. Only text in the page's own language is touched,
never attributes, ``<title>``, scripts, or English fallbacks marked ``lang``.

Addresses are not words and have no hyphenation points: an email address or a
web address of :data:`MIN_ADDRESS` characters or more gets line-break
opportunities (``<wbr>``, which copying and screen readers ignore) where
typesetters break them: after ``@`` and ``/``, and before a dot, so that no
line ends with a dot that reads as a full stop. This applies in every
language, English fallbacks included, since an address is the same in all.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pyphen

from .marking import HtmlRewriter

SOFT_HYPHEN = "\u00ad"
# Locale -> Pyphen dictionary, for languages whose words need it (see above).
DICTIONARIES = {"pl": "pl_PL"}
# Shorter words fit the narrowest line of the largest heading (12 letters of a
# 40 px bold h1 on 288 px); only longer ones get hyphenation points.
MIN_LETTERS = 12
WORD = re.compile(rf"[^\W\d_]{{{MIN_LETTERS},}}")  # in text, never in markup
SKIPPED = {"title", "script", "style", "textarea", "option"}
MIN_ADDRESS = 16
# An email address is tried only where its run of local-part characters begins
# (the lookbehind): tried from every character of a run, the pattern rescanned the
# rest of the run each time, so 20,000 letters without an "@" took 1.4 s to search.
# Where a run begins is the only place a match can start, so what matches is the same.
ADDRESS = re.compile(
    rf"(?:(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+)"
    rf"(?<=.{{{MIN_ADDRESS}}})"
)
ADDRESS_BREAK = re.compile(r"(?<=[@/])(?=[^/])|(?<=[^./])(?=\.[^\s.])")
WBR = "<wbr>"


@cache
def _dictionary(locale: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(locale)
    return pyphen.Pyphen(lang=name) if name else None


@lru_cache(maxsize=8192)
def _hyphenated(word: str, locale: str) -> str:
    dictionary = _dictionary(locale)
    return dictionary.inserted(word, hyphen=SOFT_HYPHEN) if dictionary else word


def hyphenate_text(text: str, locale: str) -> str:
    """``text`` with soft hyphens at the hyphenation points of its long words."""
    return WORD.sub(lambda match: _hyphenated(match.group(0), locale), text)


def _broken(address: re.Match[str]) -> str:
    return ADDRESS_BREAK.sub(WBR, address.group(0))


def break_addresses(text: str) -> str:
    """``text`` (HTML text, not markup) with ``<wbr>`` inside its long addresses."""
    return ADDRESS.sub(_broken, text)


class _Hyphenator(HtmlRewriter):
    def __init__(self, locale: str) -> None:
        super().__init__(page_lang=locale)
        self.locale = locale
        self.words = _dictionary(locale) is not None

    def text(self, data: str, tag: str, lang: str) -> str:
        if tag in SKIPPED:
            return data
        words = self.words and lang.split("-")[0].lower() == self.locale
        pieces, start = [], 0
        for match in ADDRESS.finditer(data):  # an address is never hyphenated
            text = data[start : match.start()]
            pieces += [hyphenate_text(text, self.locale) if words else text]
            pieces += [_broken(match)]
            start = match.end()
        rest = data[start:]
        return "".join([*pieces, hyphenate_text(rest, self.locale) if words else rest])


def hyphenate(html: str, locale: str) -> str:
    """The page with hyphenation points in its long words, if its language needs them,
    and line-break opportunities in its long addresses."""
    if _dictionary(locale) is None and not ADDRESS.search(html):
        return html
    return _Hyphenator(locale).rewrite(html)
