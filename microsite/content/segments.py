"""Content as translators see it: segments out (extraction), translations back in.

A *segment* is one translatable piece of a page: its title, its summary, a
heading, one paragraph or list item of rich text, a link text, an alt text, a
transcript line. Each becomes one gettext message whose context names the page
and the field (``"home: card_group.cards.title"``), so the same English in two
places can be translated differently, and whose translator comment says which
page it comes from.

:class:`Localizer` builds the translated view of a page. A segment without a
translation keeps the source text but is marked with the source language
(``lang="en"``, and ``dir="ltr"`` on right-to-left pages) so screen readers
switch voice (WCAG 3.1.2), and it is counted so the page can say so.

Rich text is segmented on html5lib's parse tree (:mod:`microsite.content.richtext`), so
extraction and rendering see exactly the same runs. A translated run is cleaned,
and the field it lands in is cleaned again as a whole before it is shown:
whatever a translator writes, the page holds only what the allowlist allows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape
from pydantic import BaseModel

from . import richtext
from .fields import kind_of as _kind_of
from .jsonpath import Location
from .models import Page
from .richtext import Run, Token
from .sanitize import clean

Lookup = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class TextField:
    """One translatable field value inside a page, with where it lives."""

    location: tuple[int | str, ...]  # path in the page's JSON, e.g. ("blocks", 2, "html")
    field: str  # what it is, e.g. "card_group.cards.summary"
    kind: str  # "plain" or "rich"
    value: str


@dataclass(frozen=True)
class Segment:
    slug: str
    field: str
    text: str
    kind: str = "plain"  # "rich" when ``text`` is a run of HTML

    @property
    def context(self) -> str:
        return f"{self.slug}: {self.field}"


def text_fields(model: BaseModel, location: Location = (), prefix: str = "") -> Iterator[TextField]:
    """Every translatable value in ``model``, depth first, in document order."""
    block_type = getattr(model, "type", None)
    if isinstance(block_type, str):
        prefix = block_type
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        field = f"{prefix}.{name}" if prefix else name
        kind = _kind_of(info)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*location, name) if index is None else (*location, name, index)
            if isinstance(item, BaseModel):
                yield from text_fields(item, where, "" if name == "blocks" else field)
            elif kind and isinstance(item, str) and item:
                yield TextField(where, field, kind, item)


def rich_pieces(html: str) -> list[str]:
    """The segments of one rich-text value: each run of inline content between blocks."""
    return richtext.runs(html)


def page_segments(page: Page) -> Iterator[Segment]:
    for item in text_fields(page):
        texts = rich_pieces(item.value) if item.kind == "rich" else [item.value]
        for text in texts:
            yield Segment(page.slug, item.field, text, item.kind)


class Text(str):
    """Plain content text that knows whether it is an untranslated fallback.

    In HTML it renders escaped, wrapped in ``<span lang=...>`` when it is a
    fallback; ``str(text)`` is the bare text, for attributes and titles.
    """

    fallback_lang: str | None = None
    fallback_dir: str | None = None

    def __html__(self) -> str:
        escaped = escape(str(self))
        if not self.fallback_lang:
            return escaped
        direction = f' dir="{self.fallback_dir}"' if self.fallback_dir else ""
        return f'<span lang="{self.fallback_lang}"{direction}>{escaped}</span>'


# Cleaning is pure, and the same translations meet the same source on every render
# of a page: cache both steps so a translated page is cleaned once per process,
# not once per render. (Bounded: a catalogue edit leaves old entries to age out.)
@lru_cache(maxsize=8192)
def _translated_tokens(translated: str) -> tuple[Token, ...]:
    """A translator's run, cleaned and parsed (tokens are shared: read-only)."""
    return tuple(richtext.tokens(clean(translated)))


@lru_cache(maxsize=4096)
def _clean_again(html: str) -> str:
    """The last step for a field a translation went into: the sanitizer, once more."""
    return clean(html)


@dataclass
class Localizer:
    """Translates pages for one request: ``lookup`` finds a translation or None."""

    lookup: Lookup
    source_lang: str
    rtl: bool
    fallbacks: int = 0

    def _mark(self) -> dict[tuple[None, str], str]:
        """Count one fallback; the attributes that mark it as source-language text."""
        self.fallbacks += 1
        marks = {(None, "lang"): self.source_lang}
        if self.rtl:
            marks[(None, "dir")] = "ltr"
        return marks

    def plain(self, context: str, text: str) -> Text:
        translated = self.lookup(context, text)
        result = Text(text if translated is None else translated)
        if translated is None:
            self._mark()
            result.fallback_lang = self.source_lang
            result.fallback_dir = "ltr" if self.rtl else None
        return result

    def _run(self, context: str, run: Run) -> tuple[list[Token], bool]:
        """One run translated (or marked as a fallback); True if foreign markup went in."""
        translated = self.lookup(context, run.text)
        start, end = run.element or (None, None)
        inner: list[Token] = list(run.tokens)
        foreign = translated is not None and translated != run.text
        if translated is None:
            marks = self._mark()
            if start is None:
                start = {"type": "StartTag", "name": "span", "namespace": None, "data": marks}
                end = {"type": "EndTag", "name": "span", "namespace": None}
            elif (None, "lang") not in start["data"]:
                start = {**start, "data": {**start["data"], **marks}}
        elif foreign:
            inner = list(_translated_tokens(translated))
        return ([start] if start else []) + inner + ([end] if end else []), foreign

    def rich(self, context: str, html: str) -> Markup:
        """``html`` (already clean) with each run translated or marked as a fallback.

        Source text is only re-serialized from its parse tree; when a
        translation went in, the whole result is cleaned once more, as the last
        step, so nesting a translator's markup into ours cannot add anything
        the allowlist forbids.
        """
        out: list[Token] = []
        foreign = False
        for part in richtext.split(html):
            if isinstance(part, Run):
                tokens, changed = self._run(context, part)
                out += tokens
                foreign = foreign or changed
            else:
                out.append(part)
        result = richtext.serialize(out)
        return Markup(_clean_again(result) if foreign else result)

    def title(self, page: Page) -> Text:
        return self.plain(f"{page.slug}: title", page.title)

    def summary(self, page: Page) -> Text:
        return self.plain(f"{page.slug}: summary", page.summary)

    def page(self, page: Page) -> dict[str, Any]:
        """The page as a dict for templates, every segment translated or marked."""
        data = page.model_dump(mode="python")
        for item in text_fields(page):
            context = f"{page.slug}: {item.field}"
            if item.kind == "rich":
                value: str = self.rich(context, item.value)
            else:
                value = self.plain(context, item.value)
            parent: Any = data  # nested dicts and lists, indexed by the field's location
            for part in item.location[:-1]:
                parent = parent[part]
            parent[item.location[-1]] = value
        return data
