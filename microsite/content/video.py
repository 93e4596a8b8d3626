"""The video block: a real video when its address is known, else one honest sentence.

Kept apart from the other blocks because it alone knows about a video host:
which YouTube addresses name one video, the one origin a page may frame, and
the transcript that must be word for word.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, HttpUrl, computed_field, model_validator

from .values import PlainText, RichText, Source, Strict


class TranscriptLine(Strict):
    speaker: PlainText | None = None
    text: RichText


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
