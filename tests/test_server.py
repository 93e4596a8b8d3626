"""server.py, the production server's configuration (``make serve``): what it binds,
what it logs, and the open-files limit. tests/system/ runs it for real."""

from __future__ import annotations

import re
import resource
import runpy

import pytest

from microsite.config import PROJECT_ROOT

SERVER = runpy.run_path(str(PROJECT_ROOT / "server.py"))


def test_microsite_bind_is_honoured():
    granian = SERVER["server"]({"MICROSITE_BIND": "0.0.0.0:8123", "MICROSITE_WORKERS": "3"})
    assert (granian.bind_addr, granian.bind_port, granian.workers) == ("0.0.0.0", 8123, 3)
    assert SERVER["server"]({}).bind_addr == "127.0.0.1", "the default must stay local"
    assert SERVER["bind_address"]("[::1]:8000") == ("::1", 8000)


@pytest.mark.parametrize("value", ["8000", "localhost", "host:port", ":8000"])
def test_a_bad_bind_is_refused_by_name(value):
    with pytest.raises(SystemExit, match="MICROSITE_BIND"):
        SERVER["bind_address"](value)


def test_one_python_thread_per_worker():
    assert SERVER["server"]({}).blocking_threads == 1


def test_access_log_is_off_unless_switched_on():
    assert SERVER["server"]({}).log_access is False
    assert SERVER["server"]({"MICROSITE_ACCESS_LOG": "1"}).log_access is True


def test_access_log_records_only_what_the_privacy_notice_names(client):
    fields = set(re.findall(r"%\((\w+)\)", SERVER["ACCESS_LOG_FORMAT"]))
    assert fields == {"time", "addr", "method", "path", "protocol", "status"}
    notice = client.get("/en/privacy/").get_data(as_text=True)
    for words in ("the time", "the page asked for", "response", "IP address"):
        assert words in notice, f"the access log records it, but the notice never says {words!r}"


def test_open_files_limit_is_raised_to_the_hard_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))
        raised = SERVER["raise_open_files_limit"]()
        assert raised == (hard if hard != resource.RLIM_INFINITY else 1_048_576)
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == raised
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_the_request_head_is_bounded():
    """Issue 20, item 3: granian's default accepts 408 KiB of headers."""
    settings = SERVER["server"]({}).http1_settings
    assert settings.max_buffer_size == SERVER["MAX_HEADER_BYTES"] == 16 * 1024
