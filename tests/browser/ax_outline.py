"""The page as a screen reader meets it: Chromium's accessibility tree as a text outline.

Modelled on Playwright's ARIA snapshots: one line per landmark, heading (with
its level), link, image and list, indented by nesting, each with its accessible
name. Language of parts (WCAG 3.1.2) shows as ``[lang=xx]`` wherever an element
switches language; text in another language that is not itself a link or
heading gets its own line with the first words of the text. Everything else
(paragraph text, generic containers) is left out, so the outline changes when
something a screen-reader user would notice changes, and not otherwise.

The tree comes from ``Accessibility.getFullAXTree``; the ``lang`` attributes,
which that tree does not carry, from ``DOM.getDocument``. Both are read through
Selenium's CDP bridge after one page load.
"""

from __future__ import annotations

import json
import re
from typing import Any

LANDMARKS = {
    "banner",
    "navigation",
    "main",
    "contentinfo",
    "complementary",
    "region",
    "search",
    "form",
}
KEPT = LANDMARKS | {"heading", "link", "image", "list", "button", "textbox", "alert"}
PART_TEXT = 50  # characters of other-language text shown in a part's line


def snapshot(driver) -> str:
    """The outline of the page the driver has loaded."""
    tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    document = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    languages, page_lang = own_languages(document)
    return outline(tree, languages, page_lang)


def own_languages(document: dict[str, Any]) -> tuple[dict[int, str], str]:
    """backendNodeId -> the lang attribute of each element that sets one; and the
    page's language (the lang of <html>)."""
    found: dict[int, str] = {}
    page_lang = ""
    stack = [document]
    while stack:
        node = stack.pop()
        attributes = node.get("attributes", [])
        pairs = dict(zip(attributes[::2], attributes[1::2], strict=False))
        if "lang" in pairs:
            found[node["backendNodeId"]] = pairs["lang"]
            if node.get("nodeName") == "HTML":
                page_lang = pairs["lang"]
        stack.extend(node.get("children", []))
    return found, page_lang


def _clean(text: str) -> str:
    return " ".join(text.split())


def outline(nodes: list[dict[str, Any]], languages: dict[int, str], page_lang: str) -> str:
    """Render the AX tree (``getFullAXTree`` nodes, root first) as indented lines."""
    by_id = {node["nodeId"]: node for node in nodes}
    root = nodes[0]
    lines = [f"- document {_quote(_name(root))} [lang={page_lang}]"]

    def ax_text(node: dict[str, Any]) -> str:
        """The text under an accessibility-tree node: its StaticText names, in order
        (an html5lib element's text is helpers.text_of)."""
        if node["role"]["value"] == "StaticText":
            return _name(node)
        return " ".join(ax_text(by_id[c]) for c in node.get("childIds", []) if c in by_id)

    def walk(node: dict[str, Any], depth: int, lang: str, holder: int | None) -> None:
        """``holder``: the line of the nearest kept ancestor (a heading, a link ...)."""
        role = node["role"]["value"]
        own = languages.get(node.get("backendDOMNodeId"))
        switched = own is not None and own != lang
        lang = own if own is not None else lang
        mark = f" [lang={lang}]" if switched else ""
        if not node.get("ignored") and role in KEPT:
            lines.append("  " * depth + f"- {_describe(node, by_id)}{mark}")
            depth, holder = depth + 1, len(lines) - 1
        elif switched and role not in ("StaticText", "InlineTextBox"):
            words = _clean(ax_text(node))
            held = (
                holder is not None
                and lines[holder].startswith("  " * (depth - 1) + "- ")
                and f" {_quote(words)}" in lines[holder]
            )
            if held:  # the whole name of a heading or link is in this language: mark it
                lines[holder] += mark
            else:
                words = re.sub(r"\d+", "N", words)
                if len(words) > PART_TEXT:
                    words = words[:PART_TEXT].rstrip() + "…"
                label = "text" if role in ("none", "generic") else role
                lines.append("  " * depth + f"- {label}{mark}: {_quote(words)}")
                depth, holder = depth + 1, len(lines) - 1
        for child in node.get("childIds", []):
            if child in by_id:
                walk(by_id[child], depth, lang, holder)

    for child in root.get("childIds", []):
        walk(by_id[child], 1, page_lang, None)
    return "\n".join(lines) + "\n"


def _name(node: dict[str, Any]) -> str:
    return _clean(str(node.get("name", {}).get("value", "")))


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _describe(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> str:
    role, name = node["role"]["value"], _name(node)
    properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
    text = f"{role} {_quote(name)}" if name else role
    if role == "heading":
        text += f" [level={properties.get('level')}]"
    if role == "list":
        items = [c for c in node.get("childIds", []) if by_id.get(c, {}).get("role", {}).get(
            "value") == "listitem"]  # fmt: skip
        text += f" ({len(items)} item{'' if len(items) == 1 else 's'})"
    return text
