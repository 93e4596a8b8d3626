"""The rules every translation the site shows must obey, one function per rule.

Used twice with the same meaning: when the site loads a catalogue (an entry
that breaks a rule is refused and its English shown, see
:mod:`microsite.translation.catalogue`) and by ``translate check`` (see
:mod:`microsite.translation.review`). Pure functions of one
:class:`~.pofiles.PoEntry`; every message is said in a translator's words.

Placeholders and percent signs have their own module (:mod:`.placeholders`).
Markup is judged by html5lib, the parser that renders it
(:mod:`microsite.content.richtext`), before and after the sanitizer.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..content.characters import LABEL_FIELDS, direction_problem, forbidden_in, link_texts
from ..content.fields import field_kinds
from ..content.nesting import RICH_TEXT_DEPTH, rich_text_depth
from ..content.richtext import parse
from ..content.sanitize import clean
from .placeholders import percent_problems
from .plurals import PluralForms
from .pofiles import PoEntry

# Marks that only isolate a phrase or say its language: a translator may add or drop them.
LANGUAGE_ATTRIBUTES = frozenset({"lang", "dir"})
LANGUAGE_ELEMENTS = frozenset({"span", "bdi"})
LINK_ATTRIBUTES = ("href", "src")
# The longest a translation may be: real ones are at most 3 times their English (a
# 25-character Polish name became 74); the extra leaves room for a one-word English.
LENGTH_TIMES, LENGTH_EXTRA = 4, 200

# Sentences that hold a page title are one message each, so a language can inflect
# the title: "<slug>: back_link" = "Back to <title>" (the back link's screen-reader
# text), and "home: logo_label" = "NHS England <hub title> homepage" (the logo's label).
BACK_LINK_FIELD = "back_link"
LOGO_LABEL_FIELD = "logo_label"
# Messages the site shows as text, escaped, never as markup: every interface message
# (no context), these two content messages, which end up in labels, and every content
# field the schema marks plain (titles, summaries, headings, link and alt texts).
TEXT_ONLY_FIELDS = frozenset({BACK_LINK_FIELD, LOGO_LABEL_FIELD})


def _markup(text: str) -> tuple[Counter[str], Counter[str]]:
    """The elements (with their attribute names) and the link targets of ``text``, as html5lib
    reads it. Comments, ``<?...>`` and ``<![CDATA[...]]>`` count as markup; language marks
    (``lang``/``dir`` attributes, and ``<span>``/``<bdi>`` carrying only those) do not."""
    elements: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    root = parse(text)
    for element in root.iter():
        if element is root:
            continue
        if not isinstance(element.tag, str):
            elements["a comment (<!-- -->, <? ?> or <![CDATA[ ]]>)"] += 1
            continue
        attributes = {k: v for k, v in element.attrib.items() if k not in LANGUAGE_ATTRIBUTES}
        if element.tag in LANGUAGE_ELEMENTS and not attributes:
            continue
        names = "".join(f" {name}" for name in sorted(attributes))
        elements[f"<{element.tag}{names}>"] += 1
        for name in LINK_ATTRIBUTES:
            if name in attributes:
                targets[attributes[name]] += 1
    return elements, targets


def _times(count: int) -> str:
    return {0: "not at all", 1: "once", 2: "twice"}.get(count, f"{count} times")


@lru_cache(maxsize=16384)
def _compare(english: str, translated: str) -> str | None:
    """Pure, so remembered: every reload and every app in a process checks the same
    pairs again, and each check parses both texts with html5lib."""
    source_elements, source_targets = _markup(english)
    elements, targets = _markup(translated)
    if elements != source_elements:
        differences = [
            f"{name} {_times(source_elements[name])} in the English but "
            f"{_times(elements[name])} in the translation"
            for name in sorted(set(source_elements) | set(elements))
            if source_elements[name] != elements[name]
        ]
        return "markup differs from the English: " + "; ".join(differences)
    if targets != source_targets:
        added = sorted((targets - source_targets).elements())
        missing = sorted((source_targets - targets).elements())
        parts = [f"links to {target!r}, which the English does not" for target in added]
        parts += [f"does not link to {target!r} as the English does" for target in missing]
        return "a link's target differs from the English: the translation " + "; ".join(parts)
    return None


def markup_problems(entry: PoEntry) -> list[str]:
    """A translation keeps the English's elements and link targets exactly, as the page's
    parser reads them and after the sanitizer has run (what a visitor would get)."""
    english = entry.ids[0]
    for translated in entry.strings:
        if not translated or translated == english:
            continue
        if "<" not in english and "<" not in translated:
            continue  # no element, comment or link can exist in either, cleaned or not
        problem = _compare(english, translated) or _compare(clean(english), clean(translated))
        if problem:
            return [problem]
    return []


def length_problems(entry: PoEntry) -> list[str]:
    """A translation is bounded like the content it translates: content fields have
    limits, and a page shows every translation in full (the hub's title on every page,
    several times), so one of megabytes made every page megabytes. Named alone, before
    any rule parses it."""
    for index, translated in enumerate(entry.strings):
        english = entry.ids[min(index, len(entry.ids) - 1)]
        limit = LENGTH_TIMES * len(english) + LENGTH_EXTRA
        if len(translated) > limit:
            return [
                f"the translation is {len(translated):,} characters, longer than {limit:,}"
                f" ({LENGTH_TIMES} times the English and {LENGTH_EXTRA} more): shorten it"
            ]
    return []


def nesting_problems(entry: PoEntry) -> list[str]:
    """A translation nests elements no deeper than content may (language marks count):
    thousands of nested <bdi> pass every other rule and make each render slow."""
    for translated in entry.strings:
        if "<" in translated and (depth := rich_text_depth(translated)) > RICH_TEXT_DEPTH:
            return [
                f"elements are nested {depth} deep; a translation may nest at most "
                f"{RICH_TEXT_DEPTH}, as content may: simplify the structure"
            ]
    return []


def shown_as_text(entry: PoEntry) -> bool:
    """Whether the site escapes this message: interface text, title-holding labels and
    plain content fields (a page title goes into <title>, <h1> and the header as text, so
    "<bdi>NHS</bdi>" there reached visitors as "&lt;bdi&gt;NHS&lt;/bdi&gt;")."""
    if entry.msgctxt is None:
        return True
    field = entry.msgctxt.rsplit(": ", 1)[-1]
    return field in TEXT_ONLY_FIELDS or field_kinds().get(field) == "plain"


def text_only_problems(entry: PoEntry) -> list[str]:
    """Markup in a message the site shows as text would reach the visitor as text: a
    ``<bdi>`` meant to isolate "NHS England" would be drawn as "<bdi>"."""
    if not shown_as_text(entry):
        return []
    for translated in entry.strings:
        if "<" in translated and _any_markup(translated):
            return [
                "this message is shown as plain text, so markup such as <bdi> would appear "
                "on the page as written: to isolate a name, use the Unicode marks U+2068 "
                "and U+2069 around it instead"
            ]
    return []


def _any_markup(text: str) -> bool:
    root = parse(text)
    return any(element is not root for element in root.iter())


def characters(entry: PoEntry) -> list[str]:
    """Control and non-characters break feeds, hide text or forge the site's own marks."""
    texts = [entry.msgctxt or "", *entry.ids, *entry.strings]
    found = sorted({name for text in texts for name in forbidden_in(text)})
    return [f"control or non-characters are not allowed: {', '.join(found)}"] if found else []


def direction_problems(entry: PoEntry) -> list[str]:
    """Direction controls in a title or link text must not reorder what it says or where it goes.

    Interface messages (no context) are judged whole, as labels: each is a link's text,
    a heading, a button or a short line ("Skip to main content"), never rich text."""
    field = (entry.msgctxt or "").rsplit(".", 1)[-1].rsplit(" ", 1)[-1]
    label = entry.msgctxt is None or field in LABEL_FIELDS
    problems = []
    for translated in entry.strings:
        if label:
            texts = [translated]
        else:
            texts = list(link_texts(translated)) if "<a" in translated else []
        for text in texts:
            if problem := direction_problem(text):
                where = "a title or label" if label else "a link's text"
                problems.append(f"{where} contains {problem}")
    return problems


def newline_problems(entry: PoEntry) -> list[str]:
    """A translation starts and ends with a line break exactly where its English does.

    ``msgfmt --check`` (which ``translate check`` runs) refuses the file otherwise; the
    site refuses the entry by the same rule, so what check refuses is never shown."""
    english = entry.msgid
    problems = []
    for index, text in enumerate(entry.strings):
        if not text:
            continue
        name = f"msgstr[{index}]" if entry.plural else "msgstr"
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(english, "\n") != test(text, "\n"):
                side = "does" if test(english, "\n") else "does not"
                problems.append(
                    f"the English {side} {where} with a line break (\\n), but {name} "
                    f"{'does not' if side == 'does' else 'does'}"
                )
    return problems


def entry_problems(entry: PoEntry, plurals: PluralForms) -> list[str]:
    """What stops one translation from being shown (empty: nothing)."""
    problems = characters(entry)
    problems.extend(newline_problems(entry))
    if entry.plural and any(entry.strings):
        if len(entry.strings) != plurals.count:
            problems.append(f"{len(entry.strings)} plural forms, but nplurals={plurals.count}")
        empty = [str(index) for index, text in enumerate(entry.strings) if not text]
        if empty:
            problems.append(f"plural form msgstr[{', '.join(empty)}] is empty")
    # Too long or too deep is named alone (comparing such markup would parse it); markup
    # that differs from the English is the next problem to name; only markup the English's
    # own rule allows (language marks) is left for the text-only rule.
    problems.extend(
        length_problems(entry)
        or nesting_problems(entry)
        or markup_problems(entry)
        or text_only_problems(entry)
    )
    problems.extend(direction_problems(entry))
    problems.extend(percent_problems(entry))
    return problems
