"""Marking interface text that fell back to English, wherever a template put it.

An interface string without a translation is shown in English and must carry
``lang="en"`` so a screen reader switches voice (WCAG 3.1.2). Templates use
the same string in element content, where a ``<span lang>`` is right, and in
attribute values or ``<title>``, where markup is impossible. A template cannot
tell which, so :func:`mark` puts two non-characters around the text (they
survive escaping and the macros' filters), and :func:`resolve_marks` runs once
over the rendered page (only
when a fallback happened), reading it with the standard library's HTML parser:
in text, the marks become ``<span lang>``; in tags and raw text they are
dropped. Catalogues and content may not contain these characters.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..content.characters import INTERNAL_MARKS

OPEN, CLOSE = INTERNAL_MARKS  # forbidden in content and catalogues (one definition)
NO_SPAN = {"title", "script", "style", "textarea", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


def mark(text: str) -> str:
    """An English interface string shown on a page in another language, marked."""
    return f"{OPEN}{text}{CLOSE}"


def strip_marks(text: str) -> str:
    return text.replace(OPEN, "").replace(CLOSE, "")


class HtmlRewriter(HTMLParser):
    """Copies a page as the standard library's parser reads it, changing text only.

    Markup is copied as written, through :meth:`markup`; each run of text goes
    through :meth:`text` with the innermost open element and the language in
    force there (the nearest ``lang`` attribute). Used for fallback marks here
    and for hyphenation points (:mod:`microsite.web.hyphenation`): HTML is
    parsed, never matched with a regex.
    """

    def __init__(self, page_lang: str = "") -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[tuple[str, str]] = [("", page_lang)]  # (tag, language in force)

    def markup(self, text: str) -> str:
        return text

    def text(self, data: str, tag: str, lang: str) -> str:
        return data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.markup(self.get_starttag_text() or ""))
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("lang") or self.open[-1][1]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.markup(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        tags = [name for name, _lang in self.open]
        if tag in tags[1:]:
            del self.open[len(tags) - 1 - tags[::-1].index(tag) :]
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(self.text(data, *self.open[-1]))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{self.markup(data)}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def rewrite(self, html: str) -> str:
        self.feed(html)
        self.close()
        return "".join(self.out)


class _Resolver(HtmlRewriter):
    def __init__(self, span: str) -> None:
        super().__init__()
        self.span = span

    def markup(self, text: str) -> str:
        return strip_marks(text)

    def text(self, data: str, tag: str, lang: str) -> str:
        if tag in NO_SPAN:
            return strip_marks(data)
        return data.replace(OPEN, self.span).replace(CLOSE, "</span>")


def resolve_marks(html: str, lang: str, rtl: bool) -> str:
    """The page with each fallback marked ``lang`` in text and unmarked elsewhere."""
    if OPEN not in html:
        return html
    direction = ' dir="ltr"' if rtl else ""
    return _Resolver(f'<span lang="{lang}"{direction}>').rewrite(html)
