"""The problem types: what is wrong with an input, located precisely enough to fix.

Two kinds of input, two ways to point into them, each in the form its editor
knows: content files are JSON, so a content :class:`Problem` names a JSON path
(``file: $.blocks[2].html: message``); catalogues are gettext files, so a
:class:`CatalogueProblem` names a line, as msgfmt does (``file:line: message``).
Both live here, below every subpackage, so that content, translation and the
store can raise and collect them without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located precisely enough to fix without searching."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


@dataclass(frozen=True)
class CatalogueProblem:
    """One thing wrong with a catalogue, at the line a translator's editor shows."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    """Every problem that stops the site from loading, not just the first."""

    def __init__(self, problems: Sequence[Problem | CatalogueProblem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n{lines}")


class CatalogueError(Exception):
    """Every problem that stops a catalogue from being used, each as ``file:line: message``."""

    def __init__(self, problems: list[CatalogueProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
