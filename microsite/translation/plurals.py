"""gettext ``Plural-Forms`` headers: parsed safely, checked, and chosen per language.

A catalogue's plural formula is C-like code written by a translator. It is
parsed here by a small recursive-descent parser over the grammar GNU gettext
accepts (``n``, integers, ``! * / % + - < > <= >= == != && || ?:`` and
parentheses) into closures; nothing is ever passed to ``eval``. A formula is
only accepted if it answers, for every count a page could show, a form index
below ``nplurals`` without dividing by zero, so a typo can never break a page.

Nesting is limited (:data:`MAX_DEPTH`, as the standard library's ``gettext``
limits it), so a formula of a thousand parentheses is refused in words rather
than raising ``RecursionError`` from deep inside the parser.

:func:`plural_forms_header` gives a new catalogue CLDR's forms, from Babel's
locale data (Babel 2.19 agrees with CLDR and Weblate for Arabic and Welsh).
:func:`gettext_plural_count` asks GNU ``msginit`` what it writes for a language:
Poedit and years of translation memories follow gettext's table (two forms for
French, Spanish and Portuguese, where CLDR now has three), so a catalogue with
either count is a translator's choice, not a mistake.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from babel.messages.plurals import get_plural

Formula = Callable[[int], int]

# Counts tried when a formula is checked: every small number, and large ones.
CHECKED_COUNTS = (*range(0, 1001), 10**4, 10**5 + 1, 10**6, 10**9 + 7)
MAX_PLURALS = 6 + 4  # CLDR has at most six categories; leave room, refuse nonsense
MAX_DEPTH = 20  # nested parentheses, "!" and "?:": CLDR's longest formula (Arabic) needs 6
MAX_TOKENS = 1000
# gettext reads a formula's numbers as an unsigned long (at most 20 digits). Counted
# before int() is called: int() refuses over 4,300 digits with a bare ValueError.
MAX_DIGITS = 18
TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(&&|\|\||==|!=|<=|>=|[-+*/%<>!?:()]))")


class PluralFormsError(ValueError):
    """A ``Plural-Forms`` header that cannot be used, said in a translator's words."""


@dataclass(frozen=True)
class PluralForms:
    count: int
    formula: Formula
    source: str


def _tokens(text: str) -> list[str]:
    tokens, position, text = [], 0, text.rstrip().rstrip(";").rstrip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise PluralFormsError(f"unexpected {text[position:].strip()[:10]!r} in the formula")
        tokens.append(match.group(match.lastindex or 0))
        position = match.end()
        if len(tokens) > MAX_TOKENS:
            raise PluralFormsError(f"the formula is longer than {MAX_TOKENS} symbols")
    return tokens


_BINARY: list[dict[str, Callable[[int, int], int]]] = [
    {"||": lambda a, b: int(bool(a) or bool(b))},
    {"&&": lambda a, b: int(bool(a) and bool(b))},
    {"==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b)},
    {
        "<": lambda a, b: int(a < b),
        ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b),
        ">=": lambda a, b: int(a >= b),
    },
    {"+": lambda a, b: a + b, "-": lambda a, b: a - b},
    {"*": lambda a, b: a * b, "/": lambda a, b: a // b, "%": lambda a, b: a % b},
]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.position = 0
        self.depth = 0

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise PluralFormsError(
                f"the formula nests more than {MAX_DEPTH} levels deep (parentheses, ! or ?:)"
            )

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None, what: str = "more") -> str:
        token = self.peek()
        if token is None:
            wanted = repr(expected) if expected else what
            raise PluralFormsError(f"the formula ends too early (expected {wanted})")
        if expected and token != expected:
            raise PluralFormsError(f"expected {expected!r} but found {token!r} in the formula")
        self.position += 1
        return token

    def parse(self) -> Formula:
        formula = self.conditional()
        if self.peek() is not None:
            raise PluralFormsError(f"unexpected {self.peek()!r} in the formula")
        return formula

    def conditional(self) -> Formula:
        test = self.binary(0)
        if self.peek() != "?":
            return test
        self.take("?")
        self.deeper()
        then = self.conditional()
        self.take(":")
        otherwise = self.conditional()
        self.depth -= 1
        return lambda n: then(n) if test(n) else otherwise(n)

    def binary(self, level: int) -> Formula:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            operate = _BINARY[level][self.take()]
            right = self.binary(level + 1)
            left = (lambda f, g, op: lambda n: op(f(n), g(n)))(left, right, operate)
        return left

    def unary(self) -> Formula:
        token = self.take(what="a number, n or '('")
        if token == "!":
            self.deeper()
            inner = self.unary()
            self.depth -= 1
            return lambda n: int(not inner(n))
        if token == "n":
            return lambda n: n
        if token == "(":
            self.deeper()
            inner = self.conditional()
            self.take(")")
            self.depth -= 1
            return inner
        if token.isdigit():
            if len(token) > MAX_DIGITS:
                raise PluralFormsError(
                    f"a number in the formula has {len(token):,} digits; at most {MAX_DIGITS}"
                )
            value = int(token)
            return lambda n: value
        raise PluralFormsError(f"unexpected {token!r} in the formula")


def parse_formula(text: str) -> Formula:
    """Compile a C plural expression (``n != 1``) into a function; raise on bad syntax."""
    return _Parser(text).parse()


def parse_header(value: str) -> PluralForms:
    """Parse and check a ``Plural-Forms`` header value (``nplurals=2; plural=n != 1;``)."""
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=(.*)", value, re.S)
    if not match:
        raise PluralFormsError('expected "nplurals=<number>; plural=<formula>;"')
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > len(str(MAX_PLURALS)) or not 1 <= int(digits) <= MAX_PLURALS:
        shown = digits if len(digits) <= 12 else f"{digits[:12]}... ({len(digits):,} digits)"
        raise PluralFormsError(f"nplurals={shown} is not between 1 and {MAX_PLURALS}")
    count = int(digits)
    formula = parse_formula(match.group(2))
    for n in CHECKED_COUNTS:
        try:
            index = formula(n)
        except ZeroDivisionError:
            raise PluralFormsError(f"the formula divides by zero for n={n}") from None
        if not 0 <= index < count:
            raise PluralFormsError(
                f"the formula gives form {index} for n={n}, but nplurals={count} "
                f"allows only 0 to {count - 1}"
            )
    return PluralForms(count, formula, value.strip())


def plural_forms_header(locale: str) -> str:
    """The ``Plural-Forms`` header a new catalogue for ``locale`` (a gettext name such as
    ``pt_BR``) gets: CLDR's rules, as Babel's locale data gives them."""
    forms = get_plural(locale)
    return f"nplurals={forms.num_plurals}; plural={forms.plural_expr};"


# The least a template needs for msginit to write a header.
MINIMAL_TEMPLATE = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
GETTEXT_NPLURALS = re.compile(rb"Plural-Forms: nplurals=(\d+);")


@functools.cache
def gettext_plural_count(locale: str) -> int | None:
    """How many plural forms GNU ``msginit`` gives ``locale`` (a gettext name), or None where
    gettext's table has no entry (Welsh, Arabic) or gettext is not installed.

    Asked of the installed tool rather than copied into a table here, so the answer is
    always the one a translator running ``msginit`` or Poedit gets on this machine.
    """
    msginit = shutil.which("msginit")
    if msginit is None:
        return None
    command = [msginit, "--no-translator", f"--locale={locale}", "--input=-", "--output-file=-"]
    try:
        result = subprocess.run(
            command, input=MINIMAL_TEMPLATE, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = GETTEXT_NPLURALS.search(result.stdout)
    return int(match.group(1)) if match else None
