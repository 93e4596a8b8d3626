"""The rich-text allowlist and ``clean()``: the only place HTML from content is trusted.

Content editors (and, later, translators) write a small subset of HTML. Anything
outside this allowlist is stripped (tags) or dropped (attributes, URLs) by
bleach, once, when content is loaded. Templates may then mark the result safe.

Internal links are written ``href="page:<slug>"`` so the same content works in
every locale; :func:`internal_links` finds them for validation and
:func:`resolve_internal_links` turns them into real URLs at render time.

Nothing here edits serialized HTML with regular expressions: attribute values
are judged inside bleach (an attribute callable), and later changes happen on
html5lib's parse tree, so text can never turn into attributes.

External links get the NHS.UK treatment (:func:`link_treatment`, the one
definition, used by templates too): they open in the same tab and are marked
``rel="external noopener noreferrer"`` so styles can flag them and the
destination learns nothing about the visitor's page.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal
from urllib.parse import urlsplit

import bleach
import html5lib

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "a", "strong", "em", "ul", "ol", "li", "br", "abbr", "span", "bdi", "blockquote",
        "table", "caption", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# `lang` (and `dir`, for right-to-left pages) is allowed wherever text can change
# language (WCAG 3.1.2, language of parts): editors mark quotations, and the site
# marks untranslated text on the block elements translators see as one segment.
_LANGUAGE = ["lang", "dir"]
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "a": ["href", "lang", "hreflang"],  # rel is the site's to set (see _link_treatment)
    "abbr": ["title", "lang"],
    "span": _LANGUAGE,
    "bdi": _LANGUAGE,  # isolates a phrase's direction: an English name inside Arabic text
    "p": _LANGUAGE,
    "blockquote": _LANGUAGE,
    "li": _LANGUAGE,
    "caption": _LANGUAGE,
    "th": ["scope", "colspan", "rowspan", *_LANGUAGE],
    "td": ["colspan", "rowspan", *_LANGUAGE],
}
# Elements that can carry a language mark (both `lang` and `dir`).
LANGUAGE_TAGS: frozenset[str] = frozenset(
    tag for tag, names in ALLOWED_ATTRIBUTES.items() if set(_LANGUAGE) <= set(names)
)
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"https", "http", "mailto", "tel", "page"})
LANG_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
DIRECTIONS = frozenset({"ltr", "rtl"})


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """bleach attribute filter: the allowlist, plus valid values for ``lang`` and ``dir``.

    Values are judged here, inside the sanitizer, on the parsed attribute, so
    nothing edits the serialized HTML afterwards. A ``lang`` that is not BCP
    47-shaped would mislead screen readers, so it is dropped.
    """
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name == "lang":
        return bool(LANG_PATTERN.match(value))
    if name == "dir":
        return value in DIRECTIONS
    return True


INTERNAL_SCHEME = "page:"


# The NHS.UK treatment of links to other sites, written once: content links get it
# from the cleaner below, template links through the ``link_treatment`` global.
EXTERNAL_LINK: dict[str, str] = {
    "rel": "external noopener noreferrer",
    "class": "microsite-link--external",
}


def link_treatment(href: str) -> dict[str, str]:
    """The attributes a link to ``href`` gets: the external treatment for http(s), else none.

    Links open in the same tab (no ``target``), say they are external (for
    styles), and tell the destination nothing about the page they came from.
    """
    scheme = urlsplit(str(href)).scheme.lower()
    return dict(EXTERNAL_LINK) if scheme in {"http", "https"} else {}


_Attr = tuple[str | None, str]  # bleach's attribute key: (namespace, name)


def _link_treatment(
    attrs: MutableMapping[_Attr, str], new: bool = False
) -> MutableMapping[_Attr, str]:
    """bleach linkify callback: :func:`link_treatment`, and never a new window."""
    attrs.pop((None, "rel"), None)
    attrs.pop((None, "target"), None)
    for name, value in link_treatment(attrs.get((None, "href"), "")).items():
        attrs[(None, name)] = value
    return attrs


# One parse does both jobs: the allowlist, then the link treatment as a filter.
# The filter's URL pattern never matches, so it only visits existing links and
# bare URLs in text stay text (a bare URL is poor link text anyway).
def _new_cleaner() -> bleach.sanitizer.Cleaner:
    return bleach.sanitizer.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=allowed_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(
                bleach.linkifier.LinkifyFilter,
                callbacks=[_link_treatment],
                url_re=re.compile(r"(?!)"),
                parse_email=False,
            )
        ],
    )


# A bleach Cleaner keeps its parser's state while it works, so one Cleaner must
# never serve two threads at once: the store's watcher thread cleans a reload
# while request threads clean translations (the parser then fails, IndexError).
# Each thread gets its own, made once.
_cleaners = threading.local()


def _cleaner() -> bleach.sanitizer.Cleaner:
    cleaner: bleach.sanitizer.Cleaner | None = getattr(_cleaners, "cleaner", None)
    if cleaner is None:
        cleaner = _cleaners.cleaner = _new_cleaner()
    return cleaner


def clean(html: str) -> str:
    """Return ``html`` reduced to the allowlist, with the external-link treatment applied.

    Safe to call on any string, including hostile input; the result may be
    marked safe in templates. Idempotent: ``clean(clean(x)) == clean(x)``.
    """
    return _cleaner().clean(html)


def _parse(html: str) -> Any:
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def _internal_anchors(root: Any) -> Iterator[tuple[Any, str]]:
    for anchor in root.iter("a"):
        href = anchor.get("href", "").strip()
        if href.startswith(INTERNAL_SCHEME):
            yield anchor, href.removeprefix(INTERNAL_SCHEME)


def internal_links(html: str) -> list[str]:
    """Slugs named by ``href="page:<slug>"`` links, found on the parse tree."""
    return [slug for _anchor, slug in _internal_anchors(_parse(html))]


def resolve_internal_links(html: str, url_for_slug: Callable[[str], str]) -> str:
    """``html`` with each ``page:<slug>`` href replaced by the URL ``url_for_slug`` gives.

    Only ``href`` values change, on the parse tree; html5lib's serializer then
    quotes and escapes them, so a URL can never add an attribute.
    """
    if INTERNAL_SCHEME not in html:
        return html
    root = _parse(html)
    for anchor, slug in _internal_anchors(root):
        anchor.set("href", url_for_slug(slug))
    return html5lib.serialize(
        root, tree="etree", quote_attr_values="always", omit_optional_tags=False
    )


# --- Telling the editor ---------------------------------------------------------
# The cleaner removes; these functions say *what* it would remove, so the content
# check can refuse it with a message instead of changing an editor's words silently.

# What the site itself adds to external links; never reported as an editor's markup.
SITE_ATTRIBUTES: frozenset[tuple[str, str, str]] = frozenset(
    ("a", name, value) for name, value in EXTERNAL_LINK.items()
)


@dataclass(frozen=True)
class Removal:
    """One piece of markup the sanitizer would remove, described for an editor."""

    kind: Literal["tag", "attribute", "value", "url", "comment"]
    tag: str
    name: str = ""
    value: str = ""

    def __str__(self) -> str:
        if self.kind == "tag":
            return f"<{self.tag}> is not allowed"
        if self.kind == "attribute":
            return f"the {self.name} attribute is not allowed on <{self.tag}>"
        if self.kind == "value":
            expected = "ltr or rtl" if self.name == "dir" else "a language code such as cy"
            return f"{self.name}={self.value!r} on <{self.tag}> is not valid: use {expected}"
        if self.kind == "url":
            schemes = ", ".join(f"{p}:" for p in sorted(ALLOWED_PROTOCOLS))
            return f"link address {self.value!r} is not allowed: use one starting {schemes}"
        return "HTML comments are not allowed (they would be removed)"


def _url_allowed(value: str) -> bool:
    """bleach's URL rule: an allowed scheme, else (no scheme) an anchor or relative address."""
    normalized = re.sub(r"[`\x00-\x20\x7f-\xa0\s]+", "", value)
    normalized = re.sub(r"[^\x00-\x7f]", "", normalized).lower()
    try:
        scheme = urlsplit(normalized).scheme
    except ValueError:
        return False
    return not scheme or scheme in ALLOWED_PROTOCOLS


def _local(name: object) -> str:
    return str(name).rsplit("}", 1)[-1].lower()


def removals(html: str) -> list[Removal]:
    """Everything in ``html`` that :func:`clean` would remove, each reported once.

    Works on html5lib's parse tree. Attributes of a disallowed element are not
    listed separately: the element goes, and saying so is enough.
    """
    root = _parse(html)
    found: dict[Removal, None] = {}
    for element in root.iter():
        if element is root:
            continue
        if not isinstance(element.tag, str):
            found[Removal("comment", "")] = None
            continue
        tag = _local(element.tag)
        if tag not in ALLOWED_TAGS:
            found[Removal("tag", tag)] = None
            continue
        for raw_name, value in element.attrib.items():
            name = _local(raw_name)
            if (tag, name, value) in SITE_ATTRIBUTES:
                continue
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                found[Removal("attribute", tag, name)] = None
            elif not allowed_attribute(tag, name, value):
                found[Removal("value", tag, name, value)] = None
            elif name == "href" and not _url_allowed(value):
                found[Removal("url", tag, name, value)] = None
    return list(found)
