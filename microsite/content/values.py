"""The value types every content model is built from, and the base they share.

Text fields are typed ``PlainText``, ``Summary`` or ``RichText``: each carries
its limits and a :class:`Translatable` marker, so a field typed with one of them
is validated, sanitized and sent to translators with no other change. ``Link``
and ``Source`` are the two small models that blocks, videos and pages all use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from .nesting import shallow_rich_text
from .richtext import text_of
from .sanitize import clean

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
IMAGE_SRC_PATTERN = r"^/static/[^\s\"'<>]+$"  # a file the site serves, named as a URL path
HOME_SLUG = "home"


@dataclass(frozen=True)
class Translatable:
    """Marks a text type as a translator's segment: ``plain`` text or ``rich`` HTML.

    :mod:`microsite.content.segments` finds translatable fields by this marker, so a new
    field typed ``PlainText`` or ``RichText`` reaches the catalogues with no
    other change.
    """

    kind: Literal["plain", "rich"]


def has_text(value: str) -> str:
    """Refuse text that is only white space: it renders as an empty heading, a link with
    no name or a blank paragraph, which ``min_length`` alone lets through."""
    if not value.strip():
        raise ValueError("must not be empty (it holds only spaces)")
    return value


def has_rich_text(html: str) -> str:
    """Refuse rich text with no words in it (``"<p> </p>"``), as :func:`has_text` does."""
    if not text_of(html).strip():
        raise ValueError("must not be empty (it holds no text)")
    return html


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
# Cleaning HTML takes time that grows faster than its length: one field's size is capped
# so that a huge paste is refused in milliseconds instead of stalling a reload.
RICH_TEXT_LIMIT = 20_000
PlainText = Annotated[
    str, Field(min_length=1, max_length=300), AfterValidator(has_text), Translatable("plain")
]
Summary = Annotated[
    str, Field(min_length=1, max_length=400), AfterValidator(has_text), Translatable("plain")
]
RichText = Annotated[
    str,
    Field(
        min_length=1, max_length=RICH_TEXT_LIMIT, description="HTML from the sanitizer allowlist"
    ),
    AfterValidator(shallow_rich_text),  # before cleaning: rendering recurses into the tree
    AfterValidator(clean),
    AfterValidator(has_rich_text),
    Translatable("rich"),
]


class Strict(BaseModel):
    """Base for every content model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(Strict):
    """A link to another page of the site (``page``) or to another site (``url``).

    Exactly one of the two is set. Internal links name a slug, never a URL, so
    the same content works in every locale and a link to a missing page is
    caught at load time.
    """

    text: PlainText
    page: Slug | None = None
    url: HttpUrl | None = None

    @model_validator(mode="after")
    def _one_destination(self) -> Link:
        if (self.page is None) == (self.url is None):
            raise ValueError("a link needs exactly one of 'page' or 'url'")
        return self


class Source(Strict):
    """A document that a fact on the page comes from, listed on the page so that
    readers and reviewers can check it. Titles and publishers stay as published
    (they are not translated, and pages isolate them from the text around them);
    the note on what the source supports is the site's own words, so it is
    translated like every other sentence a visitor reads."""

    title: Annotated[str, Field(min_length=1, max_length=300), AfterValidator(has_text)]
    publisher: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(has_text)]
    url: HttpUrl
    published: dt.date | None = Field(default=None, description="when the source was published")
    accessed: dt.date = Field(description="when we read it to check this page")
    note: PlainText | None = Field(
        default=None, description="what on the page this source backs, when the title does not say"
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Source:
        if self.published and self.published > self.accessed:
            raise ValueError("'published' is later than 'accessed'")
        return self
