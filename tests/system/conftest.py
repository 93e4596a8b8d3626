"""Fixtures for tests that start real servers (see ``servers.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from servers import RedisServer


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
