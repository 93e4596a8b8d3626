"""The content schema: one JSON file describes one page, made of typed blocks.

These pydantic models *are* the schema. Every model forbids unknown fields, so a
typo in a content file is an error rather than a silently ignored key. The JSON
Schema exported from them (``flask --app wsgi content schema``) is what editors'
tools can validate against.

Rich-text fields (type ``RichText``) hold a small subset of HTML. Validating a
page runs them through :func:`microsite.content.sanitize.clean`, so a ``Page`` object
can never hold unsanitized markup, and sanitizing happens once, at load time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .values import (
    HOME_SLUG,
    IMAGE_SRC_PATTERN,
    Link,
    PlainText,
    RichText,
    Slug,
    Source,
    Strict,
    Summary,
    Translatable,
)
from .video import VideoBlock


class RichTextBlock(Strict):
    type: Literal["rich_text"]
    html: RichText


class HeadingBlock(Strict):
    type: Literal["heading"]
    text: PlainText
    level: Literal[2, 3, 4] = 2


class ListBlock(Strict):
    type: Literal["list"]
    style: Literal["bullet", "number"] = "bullet"
    items: list[RichText] = Field(min_length=1)


class Card(Strict):
    title: PlainText
    summary: RichText
    link: Link


class CardGroupBlock(Strict):
    type: Literal["card_group"]
    heading: PlainText | None = None
    cards: list[Card] = Field(min_length=1)


class NoticeBlock(Strict):
    """A warning callout: something the reader must not miss.

    A time-limited alert sets ``show_until``: the notice is shown up to and
    including that day (UK time) and disappears by itself the day after, even
    from cached pages (the page cache's content version counts expired notices).
    """

    type: Literal["notice"]
    heading: PlainText
    html: RichText
    actions: list[Link] = Field(default_factory=list)
    show_until: dt.date | None = Field(
        default=None,
        description="last day (UK time) the notice is shown; from the next day it is hidden",
    )

    def shown_on(self, day: dt.date) -> bool:
        """The one rule for when a notice shows: the view drops it from the page after this."""
        return self.show_until is None or day <= self.show_until


def notice_end_dates(pages: Iterable[Page]) -> frozenset[dt.date]:
    """Every ``show_until`` date in the content: the days after which some page changes."""
    return frozenset(
        block.show_until
        for page in pages
        for block in page.blocks
        if isinstance(block, NoticeBlock) and block.show_until is not None
    )


class InsetBlock(Strict):
    type: Literal["inset"]
    html: RichText


class ImageBlock(Strict):
    type: Literal["image"]
    # Only files the site serves: its policy (img-src 'self') blocks any other site's.
    src: Annotated[str, Field(pattern=IMAGE_SRC_PATTERN)]
    # decorative comes first so that alt's check can see it, and names $.blocks[n].alt
    decorative: bool = False
    alt: Annotated[str, Field(max_length=300, validate_default=True), Translatable("plain")] = ""
    caption: PlainText | None = None

    @field_validator("alt")
    @classmethod
    def _alt_or_decorative(cls, alt: str, info: ValidationInfo) -> str:
        if not info.data.get("decorative", False) and not alt.strip():
            raise ValueError('an image needs alt text, or "decorative": true')
        return alt


class RelatedLinksBlock(Strict):
    type: Literal["related_links"]
    heading: PlainText | None = None
    links: list[Link] = Field(min_length=1)


class NewsListBlock(Strict):
    """The newest articles (pages with template ``article``), newest first."""

    type: Literal["news_list"]
    heading: PlainText | None = None
    limit: int = Field(default=10, ge=1, le=100)


class TestRunBlock(Strict):
    """What the last full accessibility test run checked and when, in plain words, read
    from the report the test suite writes (``reports/accessibility-run.json``)."""

    type: Literal["test_run"]


class Tool(Strict):
    name: str
    version: str


class AccessibilityRun(Strict):
    """What the test suite writes after a complete, passing accessibility run. ``checks``
    names each suite that ran (the statement describes them); ``tools`` is kept for
    developers and not shown to the public."""

    date: dt.date
    standard: str
    pages: int = Field(ge=1)
    locales: list[str]
    tools: list[Tool]
    checks: dict[str, int]


Block = Annotated[
    RichTextBlock
    | HeadingBlock
    | ListBlock
    | CardGroupBlock
    | NoticeBlock
    | InsetBlock
    | VideoBlock
    | ImageBlock
    | RelatedLinksBlock
    | NewsListBlock
    | TestRunBlock,
    Field(discriminator="type"),
]

BLOCK_TYPES: frozenset[str] = frozenset(
    model.model_fields["type"].annotation.__args__[0]
    for model in Block.__origin__.__args__  # type: ignore[attr-defined]
)


# Templates find these pages by role, never by slug, so editors may rename them.
PageRole = Literal["news", "privacy", "accessibility"]


class Page(Strict):
    """One page of the site. ``slug`` is its URL segment; the hub's slug is ``home``."""

    slug: Slug
    title: PlainText
    summary: Summary
    template: Literal["hub", "page", "video", "article", "news_index"] = "page"
    role: PageRole | None = Field(
        default=None,
        description="what the site's own links call this page: 'news' (the listing the "
        "hub, footer and feeds link to), 'privacy' and 'accessibility' (footer links); "
        "at most one page per role",
    )
    parent: Slug | None = None
    section: Slug | None = Field(
        default=None,
        description="pages sharing a section list each other as 'Also in this section', "
        "in the order the hub's cards list them",
    )
    published: dt.date | None = Field(
        default=None,
        description="an article's first publication, shown under its title; leave it out "
        "when no listed source confirms the date (the article then shows none)",
    )
    updated: dt.date | None = None
    reviewed: dt.date = Field(description="shown as 'Page last reviewed'")
    next_review: dt.date = Field(description="shown as 'Next review due'")
    draft: bool = Field(
        default=False,
        description="not yet approved by the programme team: a label in the heading, noindex, "
        "left out of the sitemap and feed",
    )
    sources: list[Source] = Field(
        default_factory=list,
        description="where every fact on the page that is not the site's own text comes from",
    )
    blocks: list[Block] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Page:
        if self.slug == HOME_SLUG and self.parent is not None:
            raise ValueError("the home page cannot have a parent")
        if self.slug != HOME_SLUG and self.parent is None:
            raise ValueError("every page except 'home' needs a parent")
        if self.published and self.updated and self.updated < self.published:
            raise ValueError("'updated' is earlier than 'published'")
        if self.next_review <= self.reviewed:
            raise ValueError("'next_review' must be later than 'reviewed'")
        return self
