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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    computed_field,
    model_validator,
)

from .nesting import shallow_rich_text
from .sanitize import clean

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
HOME_SLUG = "home"


@dataclass(frozen=True)
class Translatable:
    """Marks a text type as a translator's segment: ``plain`` text or ``rich`` HTML.

    :mod:`microsite.content.segments` finds translatable fields by this marker, so a new
    field typed ``PlainText`` or ``RichText`` reaches the catalogues with no
    other change.
    """

    kind: Literal["plain", "rich"]


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
# Cleaning HTML takes time that grows faster than its length: one field's size is capped
# so that a huge paste is refused in milliseconds instead of stalling a reload.
RICH_TEXT_LIMIT = 20_000
PlainText = Annotated[str, Field(min_length=1, max_length=300), Translatable("plain")]
Summary = Annotated[str, Field(min_length=1, max_length=400), Translatable("plain")]
RichText = Annotated[
    str,
    Field(
        min_length=1, max_length=RICH_TEXT_LIMIT, description="HTML from the sanitizer allowlist"
    ),
    AfterValidator(shallow_rich_text),  # before cleaning: rendering recurses into the tree
    AfterValidator(clean),
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


class TranscriptLine(Strict):
    speaker: PlainText | None = None
    text: RichText


class Source(Strict):
    """A document that a fact on the page comes from, listed on the page so that
    readers and reviewers can check it. Titles and publishers stay as published
    (they are not translated, and pages isolate them from the text around them);
    the note on what the source supports is the site's own words, so it is
    translated like every other sentence a visitor reads."""

    title: Annotated[str, Field(min_length=1, max_length=300)]
    publisher: Annotated[str, Field(min_length=1, max_length=200)]
    url: HttpUrl
    published: dt.date | None = Field(default=None, description="when the source was published")
    accessed: dt.date = Field(description="when we read it to check this page")
    note: Annotated[str, Field(min_length=1, max_length=300), Translatable("plain")] | None = Field(
        default=None, description="what on the page this source backs, when the title does not say"
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Source:
        if self.published and self.published > self.accessed:
            raise ValueError("'published' is later than 'accessed'")
        return self


class Transcript(Strict):
    """A word-for-word transcript of a video and where it came from.

    Only a verbatim transcript belongs here: a summary of what a video covers
    puts words in real people's mouths, so it is not a transcript.
    """

    source: Source
    lines: list[TranscriptLine] = Field(min_length=1)


# Addresses that are a video host's home or a channel, never one video.
_CHANNEL_PATHS = ("/@", "/channel/", "/c/", "/user/")
_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtu.be"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")

# The one video platform whose player a page may frame, and only after the visitor
# chooses to play: YouTube's privacy-enhanced host, which sets no cookies until the
# video plays. The Content-Security-Policy (microsite.web.headers) allows exactly
# this frame origin, from this constant.
VIDEO_EMBED_ORIGIN = "https://www.youtube-nocookie.com"


def youtube_id(url: HttpUrl) -> str | None:
    """The video ID in a YouTube address for one video (``watch?v=``, ``youtu.be/``,
    ``embed/``, ``shorts/``), or None if ``url`` is not on YouTube or names no video."""
    host = (url.host or "").removeprefix("www.")
    if host not in _YOUTUBE_HOSTS:
        return None
    path = url.path or "/"
    if host == "youtu.be":
        candidate = path.strip("/")
    elif path == "/watch":
        candidate = dict(url.query_params()).get("v", "")
    else:
        prefix, _, rest = path.strip("/").partition("/")
        candidate = rest if prefix in ("embed", "shorts", "live") else ""
    return candidate if _YOUTUBE_ID.match(candidate) else None


class VideoBlock(Strict):
    """A video: played on the page when its address is known, else one honest sentence.

    A YouTube address (``watch_url``) is shown as a link, which the site's script
    turns into a "Play" button; only that click loads the player, from
    :data:`VIDEO_EMBED_ORIGIN`, so no request reaches the platform before the
    visitor chooses to play. Another host's address stays a link. Without an
    address the page says once that the video is not available on this site.
    Length and transcript are optional because they are often unknown; the page
    never guesses them.
    """

    type: Literal["video"]
    title: PlainText | None = None
    summary: RichText | None = None
    duration_seconds: int | None = Field(default=None, gt=0, lt=36000)
    watch_url: HttpUrl | None = None
    watch_text: PlainText | None = None
    transcript: Transcript | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def embed_url(self) -> str | None:
        """The player's address on :data:`VIDEO_EMBED_ORIGIN`, for a YouTube video."""
        video = youtube_id(self.watch_url) if self.watch_url else None
        return f"{VIDEO_EMBED_ORIGIN}/embed/{video}" if video else None

    @model_validator(mode="after")
    def _a_real_video_link(self) -> VideoBlock:
        if (self.watch_url is None) != (self.watch_text is None):
            raise ValueError("'watch_url' and 'watch_text' go together: give both or neither")
        url = self.watch_url
        if url is not None and (url.host or "").removeprefix("www.") in _YOUTUBE_HOSTS:
            path = url.path or "/"
            if path == "/" or path.startswith(_CHANNEL_PATHS):
                raise ValueError(
                    "'watch_url' is a channel or home page, not the video itself; "
                    "leave it out until the video's own address is known"
                )
            if youtube_id(url) is None:
                raise ValueError(
                    "'watch_url' is on YouTube but names no video: use the video's own "
                    "address, such as https://www.youtube.com/watch?v=<11-character ID>"
                )
        return self


class ImageBlock(Strict):
    type: Literal["image"]
    src: Annotated[str, Field(pattern=r"^(/static/|https://)[^\s\"'<>]+$")]
    alt: Annotated[str, Field(max_length=300), Translatable("plain")] = ""
    decorative: bool = False
    caption: PlainText | None = None

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> ImageBlock:
        if not self.decorative and not self.alt.strip():
            raise ValueError('an image needs alt text, or "decorative": true')
        return self


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
    published: dt.date | None = None
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
        if self.template == "article" and self.published is None:
            raise ValueError("an article needs a 'published' date")
        if self.published and self.updated and self.updated < self.published:
            raise ValueError("'updated' is earlier than 'published'")
        if self.next_review <= self.reviewed:
            raise ValueError("'next_review' must be later than 'reviewed'")
        return self
