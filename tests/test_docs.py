"""The README and docs/ say only what is true: every command example is run or
checked, every relative link and anchor resolves, every file they name exists.

Command examples live in fenced blocks of two kinds, and only these two:

- ```` ```console ````: ``$ command`` lines, each followed by the output it prints
  (standard output and standard error, as a terminal shows them). Each block runs,
  command after command, in a scratch copy of the project (``COPIED``), with the
  scratch copy's own ``microsite`` package first on ``PYTHONPATH``, so a command
  that writes (``translate init``, ``freeze``) never touches the working tree; a
  reader's ``.venv/bin/...`` is this checkout's virtual environment. Output is
  compared line by line: a line ``...`` matches any number of lines, ``...`` inside
  a line matches any text. A command must exit 0 unless its output shows Click's
  ``Error:`` line. These tests are marked ``slow`` (each command starts the app).
- ```` ```sh ````: commands without output, checked as runnable as written without
  running them: a ``make`` target exists (``make -n TARGET`` exits 0), a ``flask``
  command and its options parse (Click, in-process), scripts and files named exist,
  a script's ``--options`` are in its ``--help``, and every environment variable
  named is read by the project (``MICROSITE_*``: by the settings or the servers).

Any other fenced block holding a ``$`` prompt, a ``.venv/bin/`` command or a
``make`` line fails, and so does a ``bash`` or ``shell`` block: a command shown
any other way would go unchecked.

Why this small parser and not a library: markdown-it-py (the CommonMark parser
already in the lock) finds the fenced blocks, links and headings; the run-and-
compare part is ours because none of the tools fitted. prysk and cram read their
own ``.t`` files, not Markdown fences; byexample marks wildcards ``<...>`` and runs
its own runner and a persistent shell outside pytest; pytest-codeblocks needs an
HTML comment before each expected-output block, compares exactly and runs in the
working tree; Sybil would collect the blocks but leaves the evaluator (scratch
copy, wildcards, exit status) to us.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import click
import pytest
from flask.cli import routes_command, run_command, shell_command
from markdown_it import MarkdownIt
from markdown_it.token import Token

from microsite import create_app
from microsite.config import PROJECT_ROOT, configuration_table
from microsite.content.loading import load_site

ROOT = PROJECT_ROOT
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
VENV_BIN = Path(sys.executable).parent
# What a console example may read or write, copied for each block. The rest of the
# project (node_modules, .venv, tests) is not needed by the commands shown.
COPIED = (
    "content",
    "translations",
    "templates",
    "microsite",
    "static",
    "reports",
    "docs",
    "wsgi.py",
    "babel.cfg",
    "setup.cfg",
)
COMMAND_KINDS = {"console", "sh"}
WRONG_KINDS = {"bash", "shell", "zsh", "shell-session"}
# Folders a command creates (git ignores them): a file named under them need not exist yet.
GENERATED = (
    "test-artefacts/",
    "static/build/",
    "static/vendor/",
    "build/",
    "node_modules/",
    ".venv/",
    ".make/",
)
# Programs a sh block may name that are not files: shell builtins.
BUILTINS = {"cd", "export"}
SEPARATORS = {"&&", "||", ";", "|"}
MARKDOWN = MarkdownIt("commonmark").enable("table")


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its kind (the info string's first word), its text."""

    doc: Path
    line: int  # 1-based line of the opening fence
    kind: str
    words: tuple[str, ...]  # the info string's other words
    text: str

    def __str__(self) -> str:
        return f"{relative(self.doc)}:{self.line}"


@cache
def tokens(doc: Path) -> list[Token]:
    return MARKDOWN.parse(doc.read_text(encoding="utf-8"))


def blocks(kind: str | None = None) -> list[Block]:
    found = []
    for doc in DOCS:
        for token in tokens(doc):
            if token.type == "fence" and token.map:
                info = token.info.split()
                block = Block(
                    doc, token.map[0] + 1, info[0] if info else "", tuple(info[1:]), token.content
                )
                if kind is None or block.kind == kind:
                    found.append(block)
    return found


# --- console blocks: run and compared --------------------------------------------------


@dataclass(frozen=True)
class Example:
    command: str
    expected: list[str]
    line: int


def examples(block: Block) -> list[Example]:
    """The ``$ command`` lines of a console block, each with the lines after it."""
    found: list[Example] = []
    for number, line in enumerate(block.text.splitlines(), start=block.line + 1):
        if line.startswith("$ "):
            found.append(Example(line[2:].strip(), [], number))
        elif not found:
            raise AssertionError(f"{relative(block.doc)}:{number}: output before any `$ ` command")
        else:
            found[-1].expected.append(line.rstrip())
    return found


def _line_matches(pattern: str, line: str) -> bool:
    parts = [re.escape(part) for part in pattern.split("...")]
    return re.fullmatch(".*".join(parts), line, flags=re.DOTALL) is not None


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a line ``...`` matches any number of lines (none included)."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(output_matches(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return (
        bool(actual)
        and _line_matches(expected[0], actual[0])
        and output_matches(expected[1:], actual[1:])
    )


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def scratch_project(folder: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    return folder


def _environment(scratch: Path) -> dict[str, str]:
    """The reader's shell: none of this machine's MICROSITE_ or FLASK_ settings, the
    scratch copy's package first, output in the order it is written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MICROSITE_", "FLASK_"))}
    env.update(
        PYTHONPATH=str(scratch),
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        NO_COLOR="1",
        COLUMNS="100",
    )
    return env


def _program(command: str) -> str:
    words = [w for w in shlex.split(command) if not re.match(r"^[A-Z_][A-Z0-9_]*=", w)]
    return words[0] if words else ""


def working_tree_status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
@pytest.mark.parametrize("block", blocks("console"), ids=str)
def test_console_example_prints_what_it_shows(block: Block, tmp_path: Path) -> None:
    scratch = scratch_project(tmp_path / "project")
    env = _environment(scratch)
    before = working_tree_status()
    for example in examples(block):
        where = f"{relative(block.doc)}:{example.line}: $ {example.command}"
        assert _program(example.command) != "make", (
            f"{where}: make targets install and build; show them in a sh block (dry-run checked)"
        )
        command = re.sub(r"(^|\s)\.venv/bin/", rf"\g<1>{VENV_BIN}/", example.command)
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=scratch,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=120,
        )
        actual = _trimmed([line.rstrip() for line in result.stdout.splitlines()])
        expected = _trimmed(example.expected)
        assert output_matches(expected, actual), (
            f"{where}\n--- the docs show:\n"
            + "\n".join(expected)
            + "\n--- it printed:\n"
            + "\n".join(actual)
        )
        fails = any(line.startswith("Error:") for line in expected)
        assert (result.returncode != 0) == fails, (
            f"{where}: exit status {result.returncode}, but the output shown "
            + ("says Error:" if fails else "shows no Error: line")
        )
    assert working_tree_status() == before, f"{block}: a command changed the working tree"


def test_wildcards_match_lines_and_text() -> None:
    assert output_matches(["a", "...", "d ... f"], ["a", "b", "c", "d e f"])
    assert output_matches(["...", "z"], ["z"])
    assert not output_matches(["a", "d ... f"], ["a", "b", "d e f"]), "only `...` skips lines"
    assert not output_matches(["a ... c"], ["a b d"]), "text after `...` still counts"


# --- sh blocks: runnable as written ---------------------------------------------------


def commands(block: Block) -> Iterator[tuple[int, list[str]]]:
    """(line, words) of each command, continuation lines joined, comments dropped."""
    pending, start = "", 0
    for number, line in enumerate(block.text.splitlines(), start=block.line + 1):
        start = start or number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        words = shlex.split(pending + line, comments=True)
        pending, first = "", start
        start = 0
        segment: list[str] = []
        for word in [*words, ";"]:
            if word in SEPARATORS:
                if segment:
                    yield first, segment
                segment = []
            else:
                segment.append(word)


@cache
def tracked_text() -> str:
    """Every tracked file but the docs themselves: where a variable must be read."""
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    texts = []
    for name in names:
        path = ROOT / name
        if path.suffix in (".md", ".png", ".po", ".pot") or not path.is_file():
            continue
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def variable_problem(name: str) -> str | None:
    if name.startswith("MICROSITE_"):
        settings = {row.split("`")[1] for row in configuration_table()}
        servers = "".join((ROOT / f).read_text() for f in ("server.py", "gunicorn.conf.py"))
        if name not in settings and f'"{name}"' not in servers:
            return f"{name} is neither a setting (microsite/config.py) nor read by a server"
    elif not re.search(rf"\b{re.escape(name)}\b", tracked_text()):
        return f"no file of the project reads {name}"
    return None


def project_path_problem(word: str) -> str | None:
    """A word that names a file or folder of the project must name one that exists.

    A path is the project's when its first part is a top-level entry (``tests/...``)
    or a room of the package (``web/headers.py``); bare names, URLs, placeholders
    (``<slug>``) and what commands generate are not checked."""
    path = word.split("::")[0]
    if "/" not in path or path.startswith(("/", "-", "~", "$", *GENERATED)):
        return None
    if "<" in path or "*" in path or ":" in path.split("/")[0]:
        return None
    top = path.split("/")[0]
    if not (ROOT / top).exists() and not (ROOT / "microsite" / top).is_dir():
        return None
    return _exists(path)


def _exists(path: str) -> str | None:
    if (ROOT / path).exists() or (ROOT / "microsite" / path).exists():
        return None
    return f"{path} does not exist"


@cache
def flask_commands() -> click.Group:
    """``flask --app wsgi``'s commands: the site's (content, translate, freeze) and Flask's."""
    app = create_app({"TESTING": True})
    own = [run_command, shell_command, routes_command]
    return click.Group("flask", commands=[*app.cli.commands.values(), *own])


def flask_problem(words: list[str]) -> str | None:
    """``flask --app wsgi GROUP COMMAND ARGS``: the command exists and its arguments parse."""
    if words[:2] != ["--app", "wsgi"]:
        return "write flask commands as `.venv/bin/flask --app wsgi ...`"
    root = flask_commands()
    command: click.Command | None = root
    context = click.Context(root, info_name="flask")
    rest = words[2:]
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        command = command.get_command(context, rest[0])
        if command is None:
            return f"no flask command {rest[0]!r}"
        context = click.Context(command, info_name=rest[0], parent=context)
        rest = rest[1:]
    assert command is not None
    try:
        command.make_context(command.name or "", list(rest), parent=context.parent)
    except click.ClickException as error:
        return f"flask {' '.join(words[2:])}: {error.format_message()}"
    return None


def make_problem(words: list[str]) -> str | None:
    for word in words:
        if "=" in word and (problem := variable_problem(word.split("=")[0])):
            return problem
    targets = [w for w in words if "=" not in w and not w.startswith("-")]
    result = subprocess.run(["make", "-n", *targets], cwd=ROOT, capture_output=True, text=True)
    return None if result.returncode == 0 else f"make -n {' '.join(targets)}: {result.stderr}"


def script_problem(script: str, options: list[str]) -> str | None:
    path = ROOT / script
    if not path.is_file():
        return f"{script} does not exist"
    named = [o.split("=")[0] for o in options if o.startswith("--")]
    if not named:
        return None
    if "argparse" not in path.read_text():
        return f"{script} takes no options"
    shown = subprocess.run(
        [sys.executable, str(path), "--help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    missing = [o for o in named if o not in shown]
    return f"{script} --help names no {', '.join(missing)}" if missing else None


def pytest_problem(words: list[str]) -> str | None:
    """Paths exist, and ``-m`` names only the suite's markers."""
    markers = {"browser", "system", "slow"}
    takes_value = {"-n", "-k", "-m", "-p", "--maxfail"}
    for before, word in zip(["", *words], words, strict=False):
        if before == "-m":
            unknown = set(re.findall(r"\w+", word)) - markers - {"and", "or", "not"}
            if unknown:
                return f"no marker {', '.join(sorted(unknown))}"
        elif (
            before not in takes_value
            and not word.startswith("-")
            and (problem := _exists(word.split("::")[0]))
        ):
            return problem
    return None


def without_redirections(words: list[str]) -> list[str]:
    """The words of a command, less ``> file`` and the like (the shell's, not the command's)."""
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif re.fullmatch(r"\d?(>>?|<)", word):
            skip = True
        elif not re.fullmatch(r"\d?>&\d", word):
            kept.append(word)
    return kept


def command_problem(words: list[str]) -> str | None:
    words = without_redirections(words)
    while words and (match := re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=", words[0])):
        if problem := variable_problem(match.group(1)):
            return problem
        words = words[1:]
    if not words:
        return None
    program, args = words[0], words[1:]
    if program == "export":
        return command_problem(args) if args else None
    name = program.removeprefix(".venv/bin/")
    if name == "make":
        return make_problem(args)
    if name == "flask":
        return flask_problem(args)
    if name == "pytest":
        return pytest_problem(args)
    if name in ("python", "python3") and args and args[0].endswith(".py"):
        return script_problem(args[0], args[1:])
    if program.startswith(".venv/bin/"):
        if not (VENV_BIN / name).exists():
            return f"{program} is not installed by make install"
    elif "/" in program:
        if problem := _exists(program):
            return problem
    elif program not in BUILTINS and shutil.which(program) is None:
        return f"{program}: no such command"
    for word in args:
        if problem := project_path_problem(word):
            return problem
    return None


@pytest.mark.parametrize("block", blocks("sh"), ids=str)
def test_sh_commands_are_runnable_as_written(block: Block) -> None:
    problems = [
        f"{relative(block.doc)}:{line}: {' '.join(words)}: {problem}"
        for line, words in commands(block)
        if (problem := command_problem(words))
    ]
    assert not problems, "\n".join(problems)
    assert not any(line.startswith("$ ") for line in block.text.splitlines()), (
        f"{block}: a `$ ` prompt belongs in a console block, with the output"
    )


def test_every_command_is_in_a_block_that_is_checked() -> None:
    shown = re.compile(r"^\s*(\$ |\.venv/bin/|make [a-z])")
    unchecked = [
        str(block)
        for block in blocks()
        if block.kind in WRONG_KINDS
        or block.kind not in COMMAND_KINDS
        and any(shown.match(text) for text in block.text.splitlines())
    ]
    assert not unchecked, "commands outside a console or sh block: " + ", ".join(unchecked)


def test_the_docs_show_commands() -> None:
    """A control: the checks above found blocks of both kinds to check."""
    assert len(blocks("console")) >= 5 and len(blocks("sh")) >= 5


# --- links, anchors and files named ---------------------------------------------------


def anchor(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


@cache
def anchors(doc: Path) -> set[str]:
    found: dict[str, int] = {}
    result = set()
    stream = tokens(doc)
    for token, following in zip(stream, stream[1:], strict=False):
        if token.type == "heading_open":
            text = "".join(
                c.content for c in following.children or [] if c.type in ("text", "code_inline")
            )
            slug = anchor(text)
            result.add(slug if slug not in found else f"{slug}-{found[slug]}")
            found[slug] = found.get(slug, 0) + 1
    return result


def inline(doc: Path) -> Iterator[Token]:
    for token in tokens(doc):
        yield from token.children or []


@pytest.mark.parametrize("doc", DOCS, ids=relative)
def test_relative_links_and_anchors_resolve(doc: Path) -> None:
    broken = []
    for token in inline(doc):
        href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
        if not href or re.match(r"^[a-z]+:", href):
            continue
        target, _, fragment = href.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        if not path.exists() or ROOT not in path.parents and path != ROOT:
            broken.append(f"{href}: no such file")
        elif fragment and path.suffix == ".md" and fragment not in anchors(path):
            broken.append(f"{href}: no heading #{fragment} in {relative(path)}")
    assert not broken, f"{relative(doc)}: " + "; ".join(broken)


@pytest.mark.parametrize("doc", DOCS, ids=relative)
def test_files_named_in_the_text_exist(doc: Path) -> None:
    """`microsite/content/models.py`, `tests/test_x.py`, `deploy/nginx/`: code spans that
    name a project path name one that exists (under the root or under microsite/)."""
    missing = [
        f"`{token.content}`: {problem}"
        for token in inline(doc)
        if token.type == "code_inline"
        and " " not in token.content.strip()
        and re.fullmatch(r"[\w./:-]+", token.content)
        and (problem := project_path_problem(token.content))
    ]
    assert not missing, f"{relative(doc)}: " + "; ".join(missing)


def test_every_module_is_in_the_layout_table() -> None:
    """docs/developing.md's table names every module of the package, as its room sees it."""
    named = {t.content for t in inline(ROOT / "docs" / "developing.md") if t.type == "code_inline"}
    modules = [
        path.relative_to(ROOT / "microsite").as_posix()
        for path in (ROOT / "microsite").rglob("*.py")
        if path.name != "__init__.py"
    ]
    missing = [m for m in modules if m not in named and f"microsite/{m}" not in named]
    assert modules and not missing, f"docs/developing.md: add to the Layout table: {missing}"


def test_the_example_pages_are_valid(tmp_path: Path) -> None:
    """A JSON page shown in the docs loads beside the real content, as the docs say."""
    pages = [
        json.loads(block.text)
        for block in blocks("json")
        if block.text.lstrip().startswith("{") and '"slug"' in block.text
    ]
    assert pages, "the docs show no example page"
    folder = shutil.copytree(ROOT / "content", tmp_path / "content")
    for page in pages:
        (folder / f"{page['slug']}.json").write_text(json.dumps(page), encoding="utf-8")
    site = load_site(folder)
    assert {page["slug"] for page in pages} <= set(site.pages)
