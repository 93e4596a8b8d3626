"""requirements.lock pins every package the site and its tests install, and the
installed versions are the pinned ones, so two machines run the same code."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, pin = line.split("==")
            pins[canonicalize_name(name)] = pin.split(";")[0].strip()
    return pins


def needed(distribution: str = "microsite", extras: frozenset[str] = frozenset({"test"})):
    """Every distribution microsite[test] pulls in, direct or not, on this Python."""
    found: set[str] = set()
    todo = [(distribution, extras)]
    while todo:
        name, wanted = todo.pop()
        for line in requires(name) or []:
            requirement = Requirement(line)
            environments = [{"extra": extra} for extra in wanted] or [{"extra": ""}]
            marker = requirement.marker
            if marker and not any(marker.evaluate(env) for env in environments):
                continue
            key = canonicalize_name(requirement.name)
            if key not in found:
                found.add(key)
                todo.append((requirement.name, frozenset(requirement.extras)))
    return found


def test_every_dependency_is_pinned():
    missing = sorted(needed() - locked().keys())
    assert not missing, f"{LOCK.name}: no pin for {missing}; run `make lock` and commit it"


def test_the_installed_versions_are_the_pinned_ones():
    wrong = {}
    for name, pin in locked().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # needed only on another Python or platform
        if installed != pin:
            wrong[name] = f"{installed} installed, {pin} pinned"
    assert not wrong, f"{LOCK.name}: {wrong}; run `make install`"
