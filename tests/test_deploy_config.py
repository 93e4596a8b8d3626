"""The checked-in nginx configuration sends exactly the live site's security headers
(tests/system/test_nginx_export.py serves a real export with it)."""

from __future__ import annotations

import shlex

from microsite.config import PROJECT_ROOT
from microsite.web.headers import security_headers

HEADERS_CONF = PROJECT_ROOT / "deploy" / "nginx" / "security-headers.conf"


def configured_headers() -> list[tuple[str, str]]:
    found = []
    for line in HEADERS_CONF.read_text().splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == "add_header" and words[-1] == "always;", f"unexpected: {line}"
            found.append((words[1], words[2]))
    return found


def test_nginx_sends_the_live_security_headers():
    expected = security_headers(False)
    lines = "\n".join(f'add_header {name} "{value}" always;' for name, value in expected)
    assert configured_headers() == expected, f"{HEADERS_CONF} is out of date; its lines:\n{lines}"
