"""Language names: BCP 47 tags wherever the web sees them, gettext's names on disk.

A visitor's browser, ``lang``, ``hreflang``, the URL and ``MICROSITE_LOCALES``
speak BCP 47 (``pt-BR``); gettext, Poedit and Weblate name catalogue folders
with an underscore (``translations/pt_BR/LC_MESSAGES/messages.po``). The two
meet only here. A language CLDR does not know is refused in one line.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.core import UnknownLocaleError

CATALOGUE = Path("LC_MESSAGES") / "messages.po"


class UnknownLanguage(ValueError):
    """A language tag that CLDR (Babel's locale data) does not know."""


def web_tag(name: str) -> str:
    """The BCP 47 tag of a gettext name: ``pt_BR`` -> ``pt-BR``."""
    return name.replace("_", "-")


def disk_name(tag: str) -> str:
    """The gettext name of a BCP 47 tag: ``pt-BR`` -> ``pt_BR``."""
    return tag.replace("-", "_")


def known(tag: str) -> str:
    """``tag`` as CLDR spells it (``pt-br`` -> ``pt-BR``); :class:`UnknownLanguage` if unknown."""
    try:
        locale = Locale.parse(disk_name(tag))
    except (UnknownLocaleError, ValueError, TypeError):
        raise UnknownLanguage(
            f"unknown language {tag!r}: use a language tag that CLDR knows, such as cy, pl or pt-BR"
        ) from None
    return web_tag(str(locale))


def po_path(translations: Path, tag: str) -> Path:
    """Where the catalogue for the BCP 47 ``tag`` lives."""
    return translations / disk_name(tag) / CATALOGUE


def catalogue_tags(translations: Path) -> list[str]:
    """Every language with a catalogue in the folder, served or not (BCP 47, sorted)."""
    if not translations.is_dir():
        return []
    return sorted(
        web_tag(folder.name)
        for folder in translations.iterdir()
        if folder.is_dir() and (folder / CATALOGUE).is_file()
    )
