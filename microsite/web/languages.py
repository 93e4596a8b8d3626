"""Which language a request is in, and what the site knows about each language.

The locale comes from the URL (``/<locale>/...``), never from a cookie, so
every URL names exactly one representation and caches stay correct. Only the
bare ``/`` looks at ``Accept-Language`` (:func:`best_locale`), to choose where
to redirect. Names, text direction and Open Graph tags come from Babel's CLDR
data, never from a hand-kept table.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from babel import Locale
from babel.core import get_global
from flask import current_app, g

from ..store import translations
from ..translation.locales import disk_name

# A language is served from its first entry, but advertised to search engines
# (hreflang links, the sitemap) and offered to browsers that ask for it (the
# Accept-Language redirect from /) only once this share of its entries is translated.
ADVERTISE_THRESHOLD = 0.9

# URL locale (BCP 47) -> the Babel locale used for formatting (CLDR's "en" is US English).
FORMAT_LOCALES = {"en": "en_GB"}


def babel_locale() -> str:
    return babel_locale_of(current_locale())


def current_locale() -> str:
    """The locale of this request: the URL's, or the source language outside a page URL."""
    return str(g.get("locale") or current_app.config["LOCALES"][0])


def source_locale() -> str:
    return str(current_app.config["LOCALES"][0])


@cache
def text_direction(locale: str) -> str:
    """``rtl`` or ``ltr`` for ``<html dir>``, from Babel's locale data."""
    return "rtl" if Locale.parse(disk_name(locale)).character_order == "right-to-left" else "ltr"


@cache
def og_locale(locale: str) -> str:
    """The Open Graph locale (``cy_GB``): language and CLDR's likely territory."""
    likely = get_global("likely_subtags").get(babel_locale_of(locale), babel_locale_of(locale))
    parsed = Locale.parse(likely)
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language


def babel_locale_of(locale: str) -> str:
    """Babel's name for the BCP 47 ``locale`` (``pt-BR`` -> ``pt_BR``)."""
    return FORMAT_LOCALES.get(locale, disk_name(locale))


@cache
def language_name(locale: str) -> str:
    """The language's name in itself ("Cymraeg", "Polski", "العربية"), for the switcher."""
    name = Locale.parse(disk_name(locale)).get_display_name(disk_name(locale)) or locale
    return name[:1].upper() + name[1:]


def best_locale(accept_languages: Iterable[tuple[str, float]], locales: list[str]) -> str:
    """The served locale an ``Accept-Language`` header asks for first, else the source.

    RFC 4647 lookup, as browsers mean it: ranges are tried in order of quality
    (ties in the order sent), each from its full tag down to its language
    (``ar-EG`` then ``ar``), so ``ar-EG,en;q=0.8`` gives Arabic, not English.
    """
    served = {code.lower(): code for code in locales}
    for value, quality in accept_languages:
        if quality <= 0 or value == "*":
            continue
        parts = value.lower().replace("_", "-").split("-")
        while parts:
            if "-".join(parts) in served:
                return served["-".join(parts)]
            parts.pop()
    return locales[0]


def advertised_locales() -> list[str]:
    """The source language and every language at least :data:`ADVERTISE_THRESHOLD`
    translated: the ones hreflang links and the sitemap offer."""
    locales = current_app.config["LOCALES"]
    advertised = [locales[0]]
    for code in locales[1:]:
        catalogue = translations(code)
        if catalogue is not None and catalogue.completeness >= ADVERTISE_THRESHOLD:
            advertised.append(code)
    return advertised
