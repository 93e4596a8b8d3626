"""The site as requests see it: every page, validated, and the ways pages find each other.

A :class:`Site` is built by :func:`microsite.content.loading.load_site` and never
changes; the questions templates ask of it (a page's ancestors, its section,
the newest articles, the page with a role) are answered from indexes computed
once, on first use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .models import Page
from .values import HOME_SLUG


@dataclass(frozen=True)
class Site:
    """Every page, by slug, plus the indexes views need. Home comes first."""

    pages: dict[str, Page]
    version: str
    files: dict[str, str] = field(default_factory=dict)  # slug -> file name, for messages

    @property
    def home(self) -> Page:
        return self.pages[HOME_SLUG]

    def ancestors(self, slug: str) -> list[Page]:
        """The chain from home down to the page's parent: the breadcrumb trail."""
        trail: list[Page] = []
        parent = self.pages[slug].parent
        while parent is not None:
            trail.insert(0, self.pages[parent])
            parent = self.pages[parent].parent
        return trail

    @cached_property
    def hub_order(self) -> dict[str, int]:
        """Each page the hub's cards link to, by its position there: editors order
        the site by ordering the hub, not by naming files."""
        order: dict[str, int] = {}
        for block in self.home.blocks:
            for card in getattr(block, "cards", None) or []:
                if card.link.page is not None:
                    order.setdefault(card.link.page, len(order))
        return order

    @cached_property
    def _sections(self) -> dict[str, list[Page]]:
        sections: dict[str, list[Page]] = {}
        for page in self.pages.values():
            if page.section is not None:
                sections.setdefault(page.section, []).append(page)
        last = len(self.hub_order)
        for pages in sections.values():
            pages.sort(key=lambda page: (self.hub_order.get(page.slug, last), page.slug))
        return sections

    def section(self, slug: str) -> list[Page]:
        """Pages sharing ``slug``'s section (including the page itself), in the order
        the hub lists them; pages not on the hub follow, by slug."""
        section = self.pages[slug].section
        return self._sections.get(section, []) if section is not None else []

    @cached_property
    def _articles(self) -> list[Page]:
        articles = [page for page in self.pages.values() if page.template == "article"]
        # Newest first; an article whose date is not known comes after every dated one.
        return sorted(
            articles,
            key=lambda page: (page.published or dt.date.min, page.title),
            reverse=True,
        )

    def articles(self) -> list[Page]:
        """News articles, newest first; ties broken by title so the order is stable."""
        return self._articles

    @cached_property
    def _roles(self) -> dict[str, Page]:
        return {page.role: page for page in self.pages.values() if page.role is not None}

    def with_role(self, role: str) -> Page | None:
        """The page the site's own links call ``role`` ('news', 'privacy' ...), if any."""
        return self._roles.get(role)
