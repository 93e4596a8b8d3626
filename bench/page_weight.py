"""First-visit weight: the bytes a browser with an empty cache downloads for a page.

That is the HTML and every stylesheet and script it links, each as the site sends
it for an ``Accept-Encoding`` (brotli or gzip). Images, icons and the manifest are
left out: they do not block the first paint. Used by ``bench/weight.py`` and by
the budget tests, so the figure in the README and the one tested are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import html5lib
from flask.testing import FlaskClient


@dataclass(frozen=True)
class Weight:
    """Bytes on the wire for one page, by kind."""

    html: int
    css: int
    js: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def linked_assets(html: str) -> tuple[list[str], list[str]]:
    """The stylesheet and script URLs a page links, in document order."""
    # The call tests/helpers.parse makes, spelled out rather than imported: this module is
    # the measurement itself, shared by bench/weight.py and tests/test_caching.py, and it
    # stays importable without the tests folder on the path.
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    css = [
        href
        for link in tree.iter("link")
        if "stylesheet" in (link.get("rel") or "").split() and (href := link.get("href"))
    ]
    js = [src for script in tree.iter("script") if (src := script.get("src"))]
    js += [
        href
        for link in tree.iter("link")
        if (link.get("rel") or "") == "modulepreload" and (href := link.get("href"))
    ]
    return css, js


def first_visit(client: FlaskClient, path: str, encoding: str) -> Weight:
    """The first-visit weight of ``path`` with ``Accept-Encoding: encoding``.

    Counts the bytes as sent: a response the site leaves uncompressed counts in
    full. Raises ``AssertionError`` naming the URL when the page or an asset
    fails, so a broken asset is never counted as small.
    """
    headers = {"Accept-Encoding": encoding}

    def fetch(url: str, statuses: tuple[int, ...] = (200,)) -> bytes:
        response = client.get(url, headers=headers)
        assert response.status_code in statuses, f"{url} answered {response.status_code}"
        return response.data

    page = fetch(path, (200, 404))
    css, js = linked_assets(client.get(path).get_data(as_text=True))
    return Weight(
        html=len(page),
        css=sum(len(fetch(url)) for url in css),
        js=sum(len(fetch(url)) for url in js),
    )
