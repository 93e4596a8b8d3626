"""Locales and translation: which language a request is in, and text in that language.

The locale comes from the URL (``/<locale>/...``), never from a cookie, so
every URL names exactly one representation and caches stay correct. Only the
bare ``/`` looks at ``Accept-Language``, to choose where to redirect.

Interface strings go through :func:`gettext` / :func:`ngettext`, which never
let a broken translation break a page: if a translated message cannot be
formatted (a renamed ``%(placeholder)s``), the source text is used and the
problem is logged once. Their results are plain strings, so templates escape
them: a translator cannot inject markup into the interface.
"""

from __future__ import annotations

import logging
from functools import cache

from babel import Locale
from flask import Flask, current_app, g
from flask_babel import Babel, format_date, format_number

from .segments import Localizer
from .store import translations

log = logging.getLogger(__name__)


# URL locale -> the Babel locale used for formatting (CLDR's "en" is US English).
FORMAT_LOCALES = {"en": "en_GB"}


def babel_locale() -> str:
    locale = current_locale()
    return FORMAT_LOCALES.get(locale, locale)


def current_locale() -> str:
    """The locale of this request: the URL's, or the source language outside a page URL."""
    return g.get("locale") or current_app.config["LOCALES"][0]


def source_locale() -> str:
    return current_app.config["LOCALES"][0]


@cache
def text_direction(locale: str) -> str:
    """``rtl`` or ``ltr`` for ``<html dir>``, from Babel's locale data."""
    return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"


@cache
def language_name(locale: str) -> str:
    """The language's name in itself ("Cymraeg", "Polski", "العربية"), for the switcher."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def best_locale(accept_languages, locales: list[str]) -> str:
    """The served locale that best matches an ``Accept-Language`` header, else the source."""
    return accept_languages.best_match(locales, default=locales[0])


def _format(translated: str, source: str, variables: dict) -> str:
    if not variables:
        return translated
    try:
        return translated % variables
    except (KeyError, ValueError, TypeError) as error:
        key = (current_locale(), source)
        reported = current_app.extensions.setdefault("microsite.reported", set())
        if key not in reported:
            reported.add(key)
            log.error(
                "translation of %r in %s cannot be formatted (%s: %s); using the source text",
                source, key[0], type(error).__name__, error,
            )  # fmt: skip
        return source % variables


def gettext(message: str, **variables) -> str:
    """Translate an interface string; a broken translation falls back to the source."""
    return _format(translations(current_locale()).ugettext(message), message, variables)


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    translated = translations(current_locale()).ungettext(singular, plural, num)
    return _format(translated, singular if num == 1 else plural, variables)


_ = gettext


def content_lookup(context: str, message: str) -> str | None:
    """The translation of a content segment in the current locale, or None if it has none."""
    if current_locale() == source_locale():
        return message
    catalog = getattr(translations(current_locale()), "_catalog", {})
    translated = catalog.get(f"{context}\x04{message}")
    return translated if translated else None


def localizer() -> Localizer:
    """A fresh localizer for this request's locale (it counts untranslated segments)."""
    return Localizer(content_lookup, source_locale(), text_direction(current_locale()) == "rtl")


def plain(value: object) -> str:
    """Template filter: the bare text of a localized value, for attributes and <title>.

    (Jinja's ``string`` filter keeps a str subclass, so its HTML form, with a
    ``<span lang>`` wrapper, would land inside the attribute.)
    """
    return str.__str__(value) if isinstance(value, str) else str(value)


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
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["LOCALES"][0]
    # Flask-Babel only selects the locale for Babel's date and number formats:
    # catalogues come from the content store. One instance per app, because an
    # instance keeps per-app state and tests build many apps in one process.
    Babel().init_app(app, locale_selector=babel_locale)
    # Replace Flask-Babel's template callables: theirs mark translations safe
    # (Markup), which would let a catalogue inject HTML, and raise on a bad
    # placeholder. Ours return plain strings and fall back instead.
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=False)
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.globals.update(
        current_locale=current_locale,
        text_direction=lambda locale=None: text_direction(locale or current_locale()),
        format_duration=format_duration,
        format_date=format_date,
        format_number=format_number,
    )
