"""Locale selection and locale-aware formatting.

The locale comes from the URL (``/<locale>/...``), never from a cookie or a
header, so every URL names exactly one representation and caches stay correct.
"""

from __future__ import annotations

from babel import Locale
from flask import Flask, current_app, g
from flask_babel import Babel, format_date, ngettext

babel = Babel()


def current_locale() -> str:
    """The locale of this request: the URL's, or the source language outside a page URL."""
    return g.get("locale") or current_app.config["LOCALES"][0]


def text_direction(locale: str | None = None) -> str:
    """``rtl`` or ``ltr`` for ``<html dir>``, from Babel's locale data."""
    order = Locale.parse(locale or current_locale()).character_order
    return "rtl" if order == "right-to-left" else "ltr"


def format_duration(seconds: int) -> str:
    """A video length in words ("4 minutes 32 seconds"), pluralized for the locale."""
    minutes, seconds = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(ngettext("%(num)d minute", "%(num)d minutes", minutes))
    if seconds or not minutes:
        parts.append(ngettext("%(num)d second", "%(num)d seconds", seconds))
    return " ".join(parts)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=current_locale)
    app.jinja_env.globals.update(
        current_locale=current_locale,
        text_direction=text_direction,
        format_duration=format_duration,
        format_date=format_date,
    )
