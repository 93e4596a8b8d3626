"""Run the pinned axe-core on the page a driver shows, and report violations readably.

axe-selenium-python bundles an old axe-core; we pass ``script_url`` so the
engine is the one ``package-lock.json`` pins, and check that it really ran.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from axe_selenium_python import Axe

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = json.loads((AXE_SCRIPT.parent / "package.json").read_text())["version"]
ARTEFACTS = PROJECT_ROOT / "test-artefacts" / "axe"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(driver) -> dict:
    """axe results for the current page; injects axe first (needed after every load)."""
    axe = Axe(driver, script_url=str(AXE_SCRIPT))
    axe.inject()
    results = axe.run(options=json.dumps({"runOnly": {"type": "tag", "values": TAGS}}))
    engine = results["testEngine"]["version"]
    assert engine == AXE_VERSION, f"axe-core {engine} ran, expected the pinned {AXE_VERSION}"
    return results


def format_violations(violations: list[dict]) -> str:
    """One line per failing element: rule (impact): target -> help URL, then why."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(
                f"{violation['id']} ({violation['impact']}): {target} -> {violation['helpUrl']}"
            )
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {summary}")
    return "\n".join(lines)


def write_artefact(name: str, results: dict) -> Path:
    """Keep the full axe results as JSON under test-artefacts/axe/ for whoever fixes it."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / (re.sub(r"[^a-zA-Z0-9]+", "-", name).strip("-") + ".json")
    path.write_text(json.dumps(results, indent=2))
    return path
