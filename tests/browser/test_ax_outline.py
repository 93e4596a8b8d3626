"""The outline builder on a hand-made accessibility tree: no browser needed.

Guards the rules the snapshots rely on: what is kept, heading levels, item
counts, and how a change of language is shown (on the heading or link whose
whole name it covers, else as a line of its own with digits masked).
"""

from __future__ import annotations

from ax_outline import outline


def node(node_id: str, role: str, name: str = "", children=(), dom: int = 0, **extra) -> dict:
    return {
        "nodeId": node_id,
        "role": {"value": role},
        "name": {"value": name},
        "childIds": list(children),
        "backendDOMNodeId": dom,
        **extra,
    }


def text(node_id: str, words: str, dom: int = 0) -> dict:
    return node(node_id, "StaticText", words, dom=dom)


TREE = [
    node("1", "RootWebArea", "Title", ["2"], dom=1),
    node("2", "main", "", ["3", "5", "7", "10", "12"], dom=2),
    node("3", "heading", "Über uns", ["4"], dom=3,
         properties=[{"name": "level", "value": {"value": 2}}]),
    node("4", "generic", "", ["40"], dom=4),
    text("40", "Über uns"),
    node("5", "link", "Cymraeg", ["6"], dom=5),
    text("6", "Cymraeg"),
    node("7", "list", "", ["8", "9"], dom=7),
    node("8", "listitem", "", [], dom=8),
    node("9", "listitem", "", [], dom=9),
    node("10", "paragraph", "", ["11"], dom=10),
    text("11", "Tool 1.2.3 ran on 27 November 2026 and then some more words here"),
    node("12", "paragraph", "", ["13"], dom=12, ignored=False),
    text("13", "Only in the page's language"),
]  # fmt: skip
LANGUAGES = {1: "en", 4: "de", 5: "cy", 10: "fr"}


def test_outline_keeps_structure_and_marks_language_changes():
    lines = outline(TREE, LANGUAGES, "en").splitlines()
    assert lines == [
        '- document "Title" [lang=en]',
        "  - main",
        '    - heading "Über uns" [level=2] [lang=de]',
        '    - link "Cymraeg" [lang=cy]',
        "    - list (2 items)",
        '    - paragraph [lang=fr]: "Tool N.N.N ran on N November N and then some more…"',
    ]
