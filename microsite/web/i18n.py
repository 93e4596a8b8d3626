"""Text in the request's language: interface strings, content lookups, page rendering.

Which language that is, and what the site knows about each language, is
:mod:`.languages`.

Interface strings go through :func:`gettext` / :func:`ngettext`, which never
let a broken translation break a page: if a translated message cannot be
formatted (a renamed ``%(placeholder)s``), the source text is used and the
problem is logged once. Their results are plain strings, so templates escape
them: a translator cannot inject markup into the interface.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from flask import Flask, current_app, g, render_template
from flask_babel import Babel, format_date, format_number
from markupsafe import Markup, escape

from ..content.segments import Localizer
from ..store import snapshot, translations
from ..translation.catalogue import (
    ORGANISATION,
    Entry,
    back_link_message,
    logo_label_message,
)
from ..translation.provenance import Status
from ..translation.rules import BACK_LINK_FIELD, LOGO_LABEL_FIELD
from .hyphenation import hyphenate
from .languages import babel_locale, current_locale, og_locale, source_locale, text_direction
from .marking import mark, resolve_marks

log = logging.getLogger(__name__)


def _status() -> dict[str, int]:
    """This request's counts of interface fallbacks and unreviewed translations shown."""
    if "translation_counts" not in g:
        g.translation_counts = {"interface": 0, "unreviewed": 0}
    return cast(dict[str, int], g.translation_counts)


def _fallback(source: str) -> str:
    _status()["interface"] += 1
    return mark(source)


def _format(entry: Entry, translated: str, source: str, variables: dict[str, Any]) -> str:
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
                "%s: the translation of %r cannot be formatted (%s: %s); the English is shown",
                entry.where or current_locale(), source, type(error).__name__, error,
            )  # fmt: skip
        return _fallback(source % variables)


def _entry(context: str | None, message: str) -> Entry | None:
    """The shown translation of ``message`` in this request's locale, counted if unreviewed."""
    catalogue = translations(current_locale())
    entry = catalogue.find(context, message) if catalogue else None
    if entry and entry.status is Status.UNREVIEWED:
        _status()["unreviewed"] += 1
    return entry


def gettext(message: str, **variables: Any) -> str:
    """Translate an interface string. Without a usable translation the English is
    returned, marked ``lang`` where it is shown (see :mod:`microsite.web.marking`)."""
    if current_locale() == source_locale():
        return message % variables if variables else message
    entry = _entry(None, message)
    if entry is None:
        return _fallback(message % variables if variables else message)
    return _format(entry, entry.strings[0], message, variables)


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Translate a count ("%(num)d pages") with the language's plural rules."""
    variables.setdefault("num", num)
    source = singular if num == 1 else plural
    if current_locale() == source_locale():
        return source % variables
    catalogue = translations(current_locale())
    entry = _entry(None, singular)
    if entry is None or catalogue is None:
        return _fallback(source % variables)
    return _format(entry, entry.strings[catalogue.plural_index(num)], source, variables)


_ = gettext


def content_lookup(context: str, message: str) -> str | None:
    """The translation of a content segment in the current locale, or None if it has none
    to show (missing, or stale: the English changed since it was translated)."""
    if current_locale() == source_locale():
        return message
    entry = _entry(context, message)
    return entry.strings[0] if entry else None


def back_to(slug: str) -> str:
    """ "Back to <page title>" for the back link, translated as a whole for that page,
    so a language can inflect the title (Welsh "Yn ôl i Ganser", not "i Canser").

    Without that page's own translation, the interface message "Back to
    %(title)s" is used with the page's translated title.
    """
    page = snapshot().site.pages[slug]
    if current_locale() == source_locale():
        return back_link_message(page.title)
    entry = _entry(f"{slug}: {BACK_LINK_FIELD}", back_link_message(page.title))
    if entry is not None:
        return entry.strings[0]
    title = content_lookup(f"{slug}: title", page.title) or page.title
    # TRANSLATORS: the back link's screen-reader text, used only when the page's own
    # "<page>: back_link" message has no translation; %(title)s is the parent page's title.
    return gettext("Back to %(title)s", title=title)


def logo_label(service: str) -> str:
    """The NHS logo's screen-reader label, "NHS England <service> homepage", translated
    whole (context "home: logo_label") so a language can inflect both names.

    Without that translation, the interface message is used with the translated names.
    """
    home = snapshot().site.home
    if current_locale() == source_locale():
        return logo_label_message(service)
    entry = _entry(f"{home.slug}: {LOGO_LABEL_FIELD}", logo_label_message(home.title))
    if entry is not None:
        return entry.strings[0]
    # TRANSLATORS: the NHS logo's label for screen readers, used only when the whole
    # label ("home: logo_label") has no translation: "NHS England Cancer homepage".
    return gettext(
        "%(organisation)s %(service)s homepage", organisation=gettext(ORGANISATION), service=service
    )


def localizer() -> Localizer:
    """This request's localizer: one per request, so it counts every fallback on the page."""
    if "localizer" not in g:
        rtl = text_direction(current_locale()) == "rtl"
        g.localizer = Localizer(content_lookup, source_locale(), rtl)
    return cast(Localizer, g.localizer)


def translation_status() -> dict[str, int]:
    """What the page's notices say: how many pieces are in English (``untranslated``),
    and how many machine translations nobody has checked yet (``unreviewed``)."""
    if "translation_shown" in g:  # the second rendering: the counts of the first
        return cast(dict[str, int], g.translation_shown)
    counts = _status()
    local = g.get("localizer")
    status = {
        "untranslated": counts["interface"] + (local.fallbacks if local else 0),
        "unreviewed": counts["unreviewed"],
    }
    g.translation_seen = status
    return status


def render(template: str, **context: Any) -> str:
    """Render a page whose notices tell the truth about its translation.

    Interface strings are translated while the template renders, some after
    the notices at the top were written; if that changes which notices the page
    needs, it is rendered once more with the final counts (rare: a footer string
    alone missing or unreviewed). Fallback marks are then resolved, and long
    words get hyphenation points where the language needs them.
    """
    html = render_template(template, **context)
    seen = g.pop("translation_seen", None)
    g.pop("translation_shown", None)
    final = translation_status()
    if seen is not None and {k: bool(v) for k, v in final.items()} != {
        k: bool(v) for k, v in seen.items()
    }:
        g.translation_shown = final
        html = render_template(template, **context)
        g.pop("translation_shown", None)
    rtl = text_direction(current_locale()) == "rtl"
    return hyphenate(resolve_marks(html, source_locale(), rtl), current_locale())


def plain(value: object) -> str:
    """Template filter: the bare text of a localized value, for attributes and <title>.

    (Jinja's ``string`` filter keeps a str subclass, so its HTML form, with a
    ``<span lang>`` wrapper, would land inside the attribute.)
    """
    return str.__str__(value) if isinstance(value, str) else str(value)


def fill(sentence: str, **values: object) -> Markup:
    """Template filter: a sentence from ``_()`` (translated, not yet formatted) filled
    with values that carry markup, such as a publisher's name in ``<bdi lang>``.

    ``{{ _("Published by %(publisher)s.") | fill(publisher=name) }}``: the sentence is
    escaped as text, so a translator still cannot add markup; each value is
    escaped unless it is markup already. A shown translation has exactly the
    English's placeholders (the catalogue refuses any other), so this cannot fail.
    """
    return escape(sentence) % values


def format_duration(seconds: int) -> str:
    """A video length in words ("4 minutes 32 seconds"), pluralized for the locale.

    Minutes and seconds together are one message, so each language joins them
    its own way (Arabic needs "و"); Babel's CLDR list patterns get Arabic wrong.
    """
    minutes, seconds = divmod(seconds, 60)
    # TRANSLATORS: part of a video's length ("30 seconds"), under the video.
    seconds_text = ngettext("%(num)d second", "%(num)d seconds", seconds)
    if not minutes:
        return seconds_text
    # TRANSLATORS: part of a video's length ("2 minutes"), under the video.
    minutes_text = ngettext("%(num)d minute", "%(num)d minutes", minutes)
    if not seconds:
        return minutes_text
    # TRANSLATORS: a video's length, such as "2 minutes 30 seconds"; join the two
    # parts as your language does (for example with "and").
    return gettext("%(minutes)s %(seconds)s", minutes=minutes_text, seconds=seconds_text)


def init_app(app: Flask) -> None:
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["LOCALES"][0]
    # Flask-Babel only selects the locale for Babel's date and number formats:
    # catalogues come from the content store. One instance per app, because an
    # instance keeps per-app state and tests build many apps in one process.
    Babel().init_app(app, locale_selector=babel_locale)
    # Replace Flask-Babel's template callables: theirs mark translations safe
    # (Markup), which would let a catalogue inject HTML, and raise on a bad
    # placeholder. Ours return plain strings and fall back instead.
    # (The method comes with jinja2.ext.i18n, which Flask-Babel adds to the environment.)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=False
    )
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.filters["fill"] = fill
    app.jinja_env.globals.update(
        current_locale=current_locale,
        text_direction=lambda locale=None: text_direction(locale or current_locale()),
        translation_status=translation_status,
        back_to=back_to,
        logo_label=logo_label,
        og_locale=og_locale,
        format_duration=format_duration,
        format_date=format_date,
        format_number=format_number,
    )
