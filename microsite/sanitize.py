"""The rich-text allowlist and ``clean()``: the only place HTML from content is trusted.

Content editors (and, later, translators) write a small subset of HTML. Anything
outside this allowlist is stripped (tags) or dropped (attributes, URLs) by
bleach, once, when content is loaded. Templates may then mark the result safe.

Internal links are written ``href="page:<slug>"`` so the same content works in
every locale; :func:`internal_links` finds them for validation and
:func:`resolve_internal_links` turns them into real URLs at render time.

External links get the NHS.UK treatment: they open in the same tab and are
marked ``rel="external noopener noreferrer"`` so styles can flag them and the
destination learns nothing about the visitor's page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from urllib.parse import urlsplit

import bleach

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "a", "strong", "em", "ul", "ol", "li", "br", "abbr", "span", "blockquote",
        "table", "caption", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# `lang` is allowed wherever text can change language (WCAG 3.1.2, language of parts).
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "a": ["href", "lang", "hreflang", "rel"],
    "abbr": ["title", "lang"],
    "span": ["lang"],
    "p": ["lang"],
    "blockquote": ["lang"],
    "li": ["lang"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
}
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"https", "http", "mailto", "tel", "page"})
LANG_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
INTERNAL_LINK = re.compile(r'href="page:([a-z0-9-]+)"')


def _link_treatment(attrs: dict, new: bool = False) -> dict | None:
    """bleach linkify callback: mark external links, never open new windows."""
    href = attrs.get((None, "href"), "")
    scheme = urlsplit(href).scheme.lower()
    if scheme in {"http", "https"}:
        attrs[(None, "rel")] = "external noopener noreferrer"
        attrs[(None, "class")] = "microsite-link--external"
    else:
        attrs.pop((None, "rel"), None)
    attrs.pop((None, "target"), None)
    return attrs


# One parse does both jobs: the allowlist, then the link treatment as a filter.
# The filter's URL pattern never matches, so it only visits existing links and
# bare URLs in text stay text (a bare URL is poor link text anyway).
_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
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


def _drop_bad_lang(html: str) -> str:
    """Remove ``lang`` values that are not BCP 47-shaped (they would mislead screen readers)."""

    def fix(match: re.Match[str]) -> str:
        return match.group(0) if LANG_PATTERN.match(match.group(2)) else ""

    return re.sub(r'( lang="([^"]*)")', fix, html)


def clean(html: str) -> str:
    """Return ``html`` reduced to the allowlist, with the external-link treatment applied.

    Safe to call on any string, including hostile input; the result may be
    marked safe in templates. Idempotent: ``clean(clean(x)) == clean(x)``.
    """
    return _drop_bad_lang(_cleaner.clean(html))


def internal_links(html: str) -> list[str]:
    """Slugs named by ``href="page:<slug>"`` links in already-cleaned HTML."""
    return INTERNAL_LINK.findall(html)


def resolve_internal_links(html: str, url_for_slug: Callable[[str], str]) -> str:
    """Replace ``page:<slug>`` hrefs in cleaned HTML with the URLs ``url_for_slug`` gives."""
    return INTERNAL_LINK.sub(lambda m: f'href="{url_for_slug(m.group(1))}"', html)
