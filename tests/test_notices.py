"""Time-limited notices: a notice with ``show_until`` disappears the day after,
from freshly rendered and from cached pages alike."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from helpers import minimal_pages
from microsite import create_app, store
from microsite.content.models import NoticeBlock

TODAY = dt.date(2026, 11, 27)


def notice(show_until: dt.date | None) -> dict:
    block = {"type": "notice", "heading": "Service change", "html": "<p>Clinics move.</p>"}
    if show_until is not None:
        block["show_until"] = show_until.isoformat()
    return block


@pytest.fixture
def hub_with(make_content, monkeypatch):
    """An app whose hub carries one notice; the UK date is pinned to TODAY (changeable)."""
    monkeypatch.setattr(store, "uk_today", lambda: TODAY)

    def make(show_until: dt.date | None):
        pages = minimal_pages()
        pages["home"]["blocks"].insert(0, notice(show_until))
        app = create_app(
            {"TESTING": True, "CONTENT_DIR": str(make_content(pages)), "LOCALES": ["en"]}
        )
        return app.test_client()

    return make


def test_show_until_is_optional_and_must_be_a_date():
    assert NoticeBlock.model_validate(notice(None)).shown_on(TODAY)
    with pytest.raises(ValidationError, match="show_until"):
        NoticeBlock.model_validate({**notice(None), "show_until": "next week"})


@pytest.mark.parametrize(
    ("show_until", "shown"),
    [(None, True), (TODAY + dt.timedelta(days=1), True), (TODAY, True),
     (TODAY - dt.timedelta(days=1), False)],
)  # fmt: skip
def test_notice_shows_up_to_and_including_its_last_day(hub_with, show_until, shown):
    page = hub_with(show_until).get("/en/").get_data(as_text=True)
    assert ("Service change" in page) is shown, f"show_until={show_until}, today={TODAY}"


def test_cached_hub_drops_the_notice_the_day_after(hub_with, monkeypatch):
    client = hub_with(TODAY)
    assert "Service change" in client.get("/en/").get_data(as_text=True)
    assert client.get("/en/").headers["X-Cache"] == "hit"
    monkeypatch.setattr(store, "uk_today", lambda: TODAY + dt.timedelta(days=1))
    later = client.get("/en/")
    assert "Service change" not in later.get_data(as_text=True), "an expired notice was served"
    assert later.headers["X-Cache"] == "miss", "the expired page came from the cache"


def test_a_notice_body_reaches_the_page_unchanged(make_content):
    """The callout drops the macro's invalid role="text" from the macro's own
    markup only: an editor's words that happen to read role="text" stay."""
    pages = minimal_pages()
    pages["home"]["blocks"].insert(
        0,
        {"type": "notice", "heading": "Service change",
         "html": '<p>Screen readers once used role="text" here.</p>'},
    )  # fmt: skip
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(pages)), "LOCALES": ["en"]})
    html = app.test_client().get("/en/").get_data(as_text=True)
    assert 'Screen readers once used role="text" here.' in html, "the editor's text was changed"
    assert '<span role="text">' not in html, "the macro's invalid role is still there"
    assert "\x00" not in html, "the body slot leaked into the page"
