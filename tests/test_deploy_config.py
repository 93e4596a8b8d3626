"""The checked-in nginx configuration sends exactly the live site's headers and serves
exactly the live site's asset types (tests/system/test_nginx_export.py serves a real
export with it)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from microsite.config import PROJECT_ROOT
from microsite.web.assets import TYPES
from microsite.web.headers import security_headers

NGINX = PROJECT_ROOT / "deploy" / "nginx"


def configured_headers(conf: Path) -> list[tuple[str, str]]:
    found = []
    for line in conf.read_text().splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == "add_header" and words[-1] == "always;", f"unexpected: {line}"
            found.append((words[1], words[2]))
    return found


@pytest.mark.parametrize(("name", "svg"), [("security-headers.conf", False),
                                           ("svg-headers.conf", True)])  # fmt: skip
def test_nginx_sends_the_live_security_headers(name, svg):
    expected = security_headers(False, svg=svg)
    lines = "\n".join(f'add_header {name} "{value}" always;' for name, value in expected)
    conf = NGINX / name
    assert configured_headers(conf) == expected, f"{conf} is out of date; its lines:\n{lines}"


def test_nginx_serves_the_live_asset_types_and_no_other():
    text = (NGINX / "microsite.conf").read_text()
    listed = re.search(r"location ~ \^/static/v/\.\+\\\.\(([a-z0-9|]+)\)\$", text)
    assert listed, "microsite.conf: no allowlist location for /static/v/"
    served = {"." + suffix for suffix in listed.group(1).split("|")} | {".svg"}
    assert served == set(TYPES), f"microsite.conf should list {sorted(set(TYPES) - {'.svg'})}"
