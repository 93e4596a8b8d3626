"""The checks every deployment of the site gets, whatever serves it: the live app
(Flask's test client), the static export under a plain file server, and the
export under the checked-in nginx configuration.

:func:`crawl` follows every link from the hubs (HTML parsed, never matched with
a regex) and keeps each response; the ``*_problems`` functions return
readable problems, so a test can assert the list is empty and show all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from helpers import parse

SITE = "http://site.invalid"  # base for resolving relative links; only paths are kept
IMPORT = re.compile(r'\bfrom\s*"([^"]+)"')  # ES module imports (JavaScript, not HTML)


class Answer(NamedTuple):
    status: int
    headers: Mapping[str, str]  # case-insensitive mapping
    body: bytes

    @property
    def mimetype(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()


Fetch = Callable[[str], Answer]


# Parsed once per distinct page: links and hreflang read the same tree.
parse_page = lru_cache(maxsize=1024)(parse)


def links(path: str, answer: Answer, own_hosts: set[str]) -> list[str]:
    """Paths on this site that ``answer`` (at ``path``) links to or imports."""
    if answer.mimetype == "text/html":
        tree = parse_page(answer.body)
        targets = [e.get(a) for e in tree.iter() for a in ("href", "src") if e.get(a)]
    elif path.endswith(".mjs"):
        targets = IMPORT.findall(answer.body.decode())
    else:
        return []
    found = []
    for target in targets:
        url = urlsplit(urljoin(SITE + path, target))
        if url.scheme in ("http", "https") and url.netloc in {*own_hosts, urlsplit(SITE).netloc}:
            found.append(url.path)
    return found


def crawl(fetch: Fetch, start: Iterable[str], own_hosts: set[str]) -> dict[str, Answer]:
    """Every path reachable from ``start``, with its answer."""
    seen: dict[str, Answer] = {}
    queue = list(start)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen[path] = answer = fetch(path)
        if answer.status == 200:
            queue.extend(links(path, answer, own_hosts))
    return seen


def broken_links(answers: Mapping[str, Answer]) -> list[str]:
    return [f"{path}: {a.status}" for path, a in sorted(answers.items()) if a.status != 200]


def hreflang_problems(
    answers: Mapping[str, Answer], served: list[str], advertised: list[str]
) -> list[str]:
    """Each page in a ``served`` locale lists its twin in every ``advertised`` one
    (plus x-default, the source language), and every twin found answered 200."""
    problems = []
    for path, answer in sorted(answers.items()):
        if answer.mimetype != "text/html" or answer.status != 200:
            continue
        alternates = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in parse_page(answer.body).iter("link")
            if link.get("rel") == "alternate" and link.get("hreflang")
        }
        rest = path.split("/", 2)[2] if path.count("/") >= 2 else ""
        expected = {code: f"/{code}/{rest}" for code in advertised}
        expected["x-default"] = f"/{advertised[0]}/{rest}"
        if len(advertised) < 2:  # one language: no alternates to declare
            expected = {}
        if path.split("/")[1] in served and alternates != expected:
            problems.append(f"{path}: hreflang alternates {alternates}, expected {expected}")
        for code, twin in alternates.items():
            if twin in answers and answers[twin].status != 200:
                problems.append(
                    f"{path}: hreflang {code} -> {twin} answered {answers[twin].status}"
                )
    return problems


def locales_of(app) -> tuple[list[str], list[str]]:
    """The locales ``app`` serves, and those its hreflang links offer."""
    from microsite.web.languages import advertised_locales

    with app.app_context():
        return app.config["LOCALES"], advertised_locales()


def header_problems(
    answers: Mapping[str, Answer], expected: Fetch, names: Iterable[str]
) -> list[str]:
    """Where a header in ``names`` differs from what ``expected(path)`` answers."""
    problems = []
    for path, answer in sorted(answers.items()):
        reference = expected(path)
        for name in names:
            if answer.headers.get(name) != reference.headers.get(name):
                got, want = answer.headers.get(name), reference.headers.get(name)
                problems.append(f"{path}: {name} is {got!r}, the live site sends {want!r}")
    return problems


def http_fetch(base: str, headers: Mapping[str, str] | None = None) -> Fetch:
    """Fetch paths from a real server at ``base`` (redirects are not followed)."""
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirects)

    def fetch(path: str) -> Answer:
        request = urllib.request.Request(base + quote(path, safe="/%"), headers=dict(headers or {}))
        try:
            with opener.open(request, timeout=10) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())

    return fetch


def client_fetch(client, headers: Mapping[str, str] | None = None) -> Fetch:
    """Fetch paths from the live app through Flask's test client."""

    def fetch(path: str) -> Answer:
        response = client.get(path, headers=dict(headers or {}))
        return Answer(response.status_code, response.headers, response.data)

    return fetch
