"""The glossary: fixed terms, and how each language writes them.

``translations/glossary.csv`` is a table any spreadsheet, Poedit user or
Weblate glossary import can read: one row per term, a column ``en`` with the
English, one column per language (its catalogue folder's name: ``cy``,
``pl``, ``ar``) with the fixed translation, and a ``note`` for translators.
A cell equal to the English means "keep it in English" (a name such as
"NHS England"); an empty cell means no rule yet for that language.

``translate check`` warns when a translation's English uses a term but the
translation does not use that language's fixed form: a warning, not a
failure, since grammar may inflect the term.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import CatalogueError
from .files import read_translation_file
from .pofiles import PoFile
from .provenance import status_of

GLOSSARY_NAME = "glossary.csv"
MAX_GLOSSARY_BYTES = 256 * 1024


@dataclass(frozen=True)
class Term:
    english: str
    forms: dict[str, str]  # catalogue folder name -> the fixed form
    note: str
    line: int


Glossary = list[Term]


def glossary_path(translations: Path) -> Path:
    return translations / GLOSSARY_NAME


def read_glossary(path: Path) -> Glossary | None:
    """The terms of ``path`` (None if there is no glossary); ValueError names a bad line."""
    try:
        data = read_translation_file(path)
    except FileNotFoundError:
        return None
    except CatalogueError as error:
        raise ValueError(str(error.problems[0])) from None
    if len(data) > MAX_GLOSSARY_BYTES:
        raise ValueError(f"{path}:1: the glossary is larger than {MAX_GLOSSARY_BYTES} bytes")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    if not reader.fieldnames or "en" not in reader.fieldnames:
        raise ValueError(f"{path}:1: the first row must name the columns, starting with en")
    terms = []
    for row in reader:
        english = (row.get("en") or "").strip()
        if not english:
            raise ValueError(f"{path}:{reader.line_num}: a term without its English (column en)")
        forms = {
            key: value.strip() for key, value in row.items()
            if key not in ("en", "note") and key and value and value.strip()
        }  # fmt: skip
        terms.append(Term(english, forms, (row.get("note") or "").strip(), reader.line_num))
    return terms


def _uses(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def term_warnings(po: PoFile, glossary: Glossary, language: str, name: str) -> list[str]:
    """``file:line: message`` for each shown translation that writes a term another way."""
    found = []
    for entry in po.messages:
        if not status_of(entry).shown:
            continue
        for term in glossary:
            form = term.forms.get(language)
            english = entry.msgid
            for longer in glossary:  # "NHS" in "NHS England" is that term's business
                if term.english in longer.english and longer.english != term.english:
                    english = english.replace(longer.english, " ")
            if form is None or not _uses(english, term.english):
                continue
            # (A prefix may join the term in the translation: Arabic "وNHS England".)
            if not any(re.search(rf"{re.escape(form)}(?!\w)", text) for text in entry.strings):
                found.append(
                    f"{name}:{entry.line}: glossary: {term.english!r} is written {form!r} in "
                    f"this language (glossary line {term.line}), but this translation does not "
                    "use it"
                )
    return found
