"""More than 100 XSS vectors through content rich text and through translated
catalogue entries: every page renders, and an HTML5 parser finds nothing executable."""

from __future__ import annotations

import pytest

from helpers import hostile_site, parse, xss_vectors
from microsite import create_app

VECTORS = xss_vectors()
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "data",
                  "poster", "srcset", "cite", "srcdoc"}  # fmt: skip
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "base",
                  "meta", "link", "form", "svg", "math", "template", "input", "button"}  # fmt: skip


def executable_parts(html: str) -> list[str]:
    """Script elements, event handlers and script URLs inside <main>."""
    tree = parse(html)
    main = tree.find(".//main")
    assert main is not None, "the page has no main element"
    found = []
    for element in main.iter():
        tag = str(element.tag).split("}")[-1].lower()
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = str(name).split("}")[-1].lower()
            if name.startswith("on") or name == "style":
                found.append(f"{tag} {name}=")
            squashed = "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()
            if name in URL_ATTRIBUTES and squashed.startswith(SCRIPT_SCHEMES):
                found.append(f"{tag} {name}={value!r}")
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    content, translations, refused = hostile_site(folder, VECTORS)
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(content), "TRANSLATIONS_DIR": str(translations),
         "LOCALES": ["en", "cy"]}
    )  # fmt: skip
    return app.test_client(), refused


def test_the_corpus_has_over_100_vectors():
    assert len(VECTORS) > 100


@pytest.mark.parametrize("number", range(len(VECTORS)))
def test_vector_in_content_renders_harmlessly(hostile, number):
    client, refused = hostile
    response = client.get(f"/en/xss-{number}/")
    assert response.status_code == 200
    assert executable_parts(response.get_data(as_text=True)) == [], VECTORS[number]
    if f"xss-{number}" in refused:
        assert ": $.blocks[" in refused[f"xss-{number}"]  # refused with file, path and reason


@pytest.mark.parametrize("number", range(len(VECTORS)))
def test_vector_in_a_translation_renders_harmlessly(hostile, number):
    client, _refused = hostile
    response = client.get(f"/cy/xss-{number}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert executable_parts(html) == [], VECTORS[number]
    head = parse(html).find("head")
    assert [s for s in head.iter("script") if s.get("type") != "module"] == []
