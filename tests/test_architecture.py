"""The package's rooms and the one direction imports flow between them.

import-linter reads its contracts from setup.cfg: the layers (cli, export, web,
store, translation, content, then problems and config) and no import cycles
inside any room. The control runs the same contracts on a copy of the package
with one upward import added, so a linter that checked nothing would fail here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from microsite.config import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "setup.cfg"), "--no-cache"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_imports_flow_one_way_with_no_cycles() -> None:
    result = _lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "microsite", tmp_path / "microsite",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(PROJECT_ROOT / "setup.cfg", tmp_path / "setup.cfg")
    models = tmp_path / "microsite" / "content" / "models.py"
    models.write_text(models.read_text() + "\nfrom ..web import views  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, "lint-imports accepted content importing web"
    assert "microsite.content.models -> microsite.web.views" in result.stdout


@pytest.mark.parametrize("package", ["content", "translation", "web", "export"])
def test_each_subpackage_docstring_names_every_module_it_owns(package: str) -> None:
    """The docstring is the room's map: a module added without a line there is missed."""
    import importlib
    import pkgutil

    module = importlib.import_module(f"microsite.{package}")
    names = [info.name for info in pkgutil.iter_modules(module.__path__)]
    missing = [name for name in names if f":mod:`.{name}`" not in (module.__doc__ or "")]
    assert not missing, f"microsite/{package}/__init__.py does not name {missing}"
