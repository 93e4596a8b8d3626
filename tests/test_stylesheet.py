"""The shipped stylesheet: every ``url()`` in it resolves, and pruning kept every
rule the pages can use.

The NHS.UK Sass points its icons at ``/assets/images/``, which this site does not
serve (issue 14: four icons answered 404). The stylesheet is parsed with
tinycss2, every ``url()`` is resolved against the stylesheet's own URL, as a
browser does, and fetched from the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import tinycss2
from tinycss2.ast import FunctionBlock, IdentToken, LiteralToken, Node, URLToken

from helpers import parse, site_locales, site_pages
from microsite.config import PROJECT_ROOT

# Dart Sass's whole output, before PurgeCSS (built by `make install`).
FULL_CSS = Path(__file__).resolve().parents[1] / "build" / "site.css"
PAGES = site_pages() + [f"/{locale}/no-such-page/" for locale in site_locales()]


def css_urls(nodes: list[Node]) -> Iterator[str]:
    """Every ``url(...)`` target in a list of parsed CSS component values."""
    for node in nodes:
        if isinstance(node, URLToken):
            yield node.value
        elif isinstance(node, FunctionBlock) and node.lower_name == "url":
            yield from (arg.value for arg in node.arguments if arg.type == "string")
        for child in ("content", "arguments"):
            yield from css_urls(getattr(node, child, None) or [])


def selector_classes(css: str) -> set[str]:
    """Every class name that appears in a selector of ``css`` (inside @media too)."""
    classes: set[str] = set()

    def walk(rules: list[Node]) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                tokens = rule.prelude
                for dot, name in zip(tokens, tokens[1:], strict=False):
                    if (
                        isinstance(dot, LiteralToken)
                        and dot.value == "."
                        and isinstance(name, IdentToken)
                    ):
                        classes.add(name.value)
            elif rule.type == "at-rule" and rule.content:
                walk(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True))
    return classes


def page_classes(html: str) -> set[str]:
    tree = parse(html)
    return {name for element in tree.iter() for name in (element.get("class") or "").split()}


def stylesheets(html: str) -> list[str]:
    tree = parse(html)
    return [link.get("href") for link in tree.iter("link") if link.get("rel") == "stylesheet"]


def test_css_urls_finds_every_form():
    css = '@media print { a { background: url(a.svg) } } b { mask: url("b.svg"), url( c.png ) }'
    assert list(css_urls(tinycss2.parse_component_value_list(css))) == ["a.svg", "b.svg", "c.png"]


def test_every_url_in_the_shipped_css_resolves(client):
    sheets = stylesheets(client.get("/en/").get_data(as_text=True))
    assert sheets, "the hub links no stylesheet"
    broken = []
    for sheet in sheets:
        css = client.get(sheet).get_data(as_text=True)
        for url in css_urls(tinycss2.parse_component_value_list(css)):
            if url.startswith("data:"):
                continue
            target = urljoin(sheet, url)
            assert not urlsplit(target).netloc, f"{sheet}: url({url}) loads from another host"
            status = client.get(target).status_code
            if status != 200:
                broken.append(f"{sheet}: url({url}) -> {target} answered {status}")
    assert not broken, "\n".join(sorted(set(broken)))


def test_pruning_kept_every_class_the_pages_use(client):
    """A class that the full NHS.UK stylesheet styles and a page uses must still be
    styled after PurgeCSS, in every page of every locale and on error pages."""
    assert FULL_CSS.exists(), f"{FULL_CSS} is missing: run `make install`"
    full = selector_classes(FULL_CSS.read_text(encoding="utf-8"))
    sheet = stylesheets(client.get("/en/").get_data(as_text=True))[0]
    shipped = selector_classes(client.get(sheet).get_data(as_text=True))
    assert len(shipped) < len(full), "the shipped stylesheet was not pruned"
    missing: dict[str, set[str]] = {}
    for path in PAGES:
        for name in (page_classes(client.get(path).get_data(as_text=True)) & full) - shipped:
            missing.setdefault(name, set()).add(path)
    assert not missing, "\n".join(
        f"class {name} (on {sorted(paths)[0]} and {len(paths) - 1} more) lost its rules"
        for name, paths in sorted(missing.items())
    )


def test_selectors_whose_has_names_an_unused_class_are_dropped(tmp_path):
    """scripts/prune-has.mjs: PurgeCSS keeps p:has(+ .unused) because <p> is used; the
    pruner drops that selector and keeps the one whose :has() names a used class."""
    import subprocess

    css = tmp_path / "site.css"
    css.write_text(
        "p:has(+.nhsuk-fieldset-never-used),p:has(+.nhsuk-lede-text){margin:0}"
        "p:has(+.nhsuk-label-never-used){color:red}h1{color:blue}"
    )
    script = PROJECT_ROOT / "scripts" / "prune-has.mjs"
    subprocess.run(["node", str(script), str(css)], cwd=PROJECT_ROOT,
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    assert css.read_text() == "p:has(+.nhsuk-lede-text){margin:0}h1{color:blue}"
