"""PO string literals, read as GNU gettext's lexer reads them.

One job, apart from the line grammar of :mod:`.poread`: the value of one quoted
string, its escapes, and what may follow it. An octal or hex escape is a *byte*
of the file's charset, as in gettext (``msgcat --escape`` writes "’" as
``\\342\\200\\231``), so a file keeps its meaning whichever tool escaped it; bytes
that do not make a character of the charset are refused in words, like any other
byte the charset does not allow.
"""

from __future__ import annotations

import re

SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
SIMPLE_ESCAPES |= {"\\": "\\", '"': '"', "'": "'", "?": "?"}


class PoSyntax(Exception):
    """A syntax error at ``line`` and ``column`` (1-based), said in a translator's words."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


PLAIN_RUN = re.compile(r'[^"\\]+')


def read_string(text: str, start: int, line: int, charset: str = "utf-8") -> str:
    """The value of the string literal at ``text[start:]``; nothing may follow it.

    An octal or hex escape is a *byte* of the file's charset, as gettext reads it:
    ``msgcat --escape`` writes "’" as ``\\342\\200\\231``, which must read as "’" again.
    """
    if start >= len(text) or text[start] != '"':
        raise PoSyntax(line, start + 1, 'expected a string in double quotes (")')
    out: list[str] = []
    escaped: dict[int, int] = {}  # index in ``out`` of an escaped byte -> its column
    position = start + 1
    while True:
        if position >= len(text):
            raise PoSyntax(
                line, len(text) + 1, 'the string has no closing quote (") at the end of the line'
            )
        plain = PLAIN_RUN.match(text, position)
        if plain:  # a run with no quote or backslash, taken whole (a catalogue is mostly these)
            out.append(plain.group())
            position = plain.end()
            continue
        if text[position] == '"':
            break
        escape = text[position + 1 : position + 2]
        if escape in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[escape])
            position += 2
        elif escape.isdigit() and escape < "8":
            digits = re.match(r"[0-7]{1,3}", text[position + 1 :])
            assert digits is not None
            escaped[len(out)] = position + 1
            out.append(_byte(int(digits.group(), 8) & 0xFF))
            position += 1 + len(digits.group())
        elif escape == "x" and (digits := re.match(r"[0-9a-fA-F]+", text[position + 2 :])):
            escaped[len(out)] = position + 1
            out.append(_byte(int(digits.group()[:2], 16)))
            position += 2 + len(digits.group()[:2])
        else:
            shown = escape or "at the end of the line"
            raise PoSyntax(line, position + 1, f"invalid escape sequence \\{shown}")
    rest = text[position + 1 :]
    following = position + 1 + len(rest) - len(rest.lstrip())
    value = _bytes_decoded(out, escaped, line, charset)
    if rest.lstrip().startswith('"'):  # "a" "b": gettext joins adjacent strings
        return value + read_string(text, following, line, charset)
    if rest.strip():
        raise PoSyntax(
            line,
            following + 1,
            'text after the closing quote (a quote inside a translation is written \\")',
        )
    return value


def _byte(value: int) -> str:
    """An escaped byte: ASCII as itself, others held as a surrogate until decoded."""
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def _bytes_decoded(out: list[str], escaped: dict[int, int], line: int, charset: str) -> str:
    """The string with its escaped bytes decoded in the file's charset, as msgfmt does."""
    value = "".join(out)
    if not any(out[index] >= "\udc80" for index in escaped):
        return value
    data = value.encode(charset, "surrogateescape")
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        bad = data[error.start]
        offset, column = 0, 1
        for index, character in enumerate(out):  # the escape that wrote the bad byte
            offset += len(character.encode(charset, "surrogateescape"))
            if offset > error.start:
                column = escaped.get(index, 1)
                break
        raise PoSyntax(
            line,
            column,
            f"the escaped byte \\{bad:03o} is not valid {charset.upper()} here: "
            "write the character itself",
        ) from None
