"""Settings from MICROSITE_* variables (pydantic-settings): every variable works,
bad values name their variable, and the operators' table (docs/operating.md,
"Configuration") is the settings' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from microsite import create_app
from microsite.config import PROJECT_ROOT, ConfigError, configuration_table, from_environment

OPERATING = PROJECT_ROOT / "docs" / "operating.md"

# variable -> (value set, config key, value the app sees)
EVERY_VARIABLE = {
    "MICROSITE_CONTENT_DIR": ("/srv/content", "CONTENT_DIR", "/srv/content"),
    "MICROSITE_TRANSLATIONS_DIR": ("/srv/po", "TRANSLATIONS_DIR", "/srv/po"),
    "MICROSITE_SITE_URL": ("https://example.org", "SITE_URL", "https://example.org"),
    "MICROSITE_TRUSTED_HOSTS": ("example.org", "TRUSTED_HOSTS", "example.org"),
    "MICROSITE_LOCALES": ("en, cy", "LOCALES", ["en", "cy"]),
    "MICROSITE_CACHE_TYPE": ("NullCache", "CACHE_TYPE", "NullCache"),
    "MICROSITE_CACHE_REDIS_URL": ("redis://10.0.0.1/2", "CACHE_REDIS_URL", "redis://10.0.0.1/2"),
    "MICROSITE_CACHE_TIMEOUT": ("60", "CACHE_DEFAULT_TIMEOUT", 60),
    "MICROSITE_CACHE_SECRET": ("s" * 32, "CACHE_SECRET", "s" * 32),
    "MICROSITE_CACHE_THRESHOLD": ("10", "CACHE_THRESHOLD", 10),
    "MICROSITE_CONTENT_CHECK_INTERVAL": ("0.5", "CONTENT_CHECK_INTERVAL", 0.5),
    "MICROSITE_ACCESSIBILITY_REPORT": ("/srv/run.json", "ACCESSIBILITY_REPORT", "/srv/run.json"),
    "MICROSITE_HSTS": ("1", "HSTS", True),
}


def test_every_setting_has_a_variable_under_test() -> None:
    assert {row.split("`")[1] for row in configuration_table()} == EVERY_VARIABLE.keys()


@pytest.mark.parametrize("name", EVERY_VARIABLE)
def test_each_variable_reaches_the_app_config(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    value, key, seen = EVERY_VARIABLE[name]
    monkeypatch.setenv(name, value)
    assert from_environment()[key] == seen


def test_defaults_serve_the_checkout() -> None:
    config = from_environment()
    assert Path(config["CONTENT_DIR"]) == PROJECT_ROOT / "content"
    assert config["LOCALES"] == ["en", "cy", "pl", "ar"]
    assert config["HSTS"] is False and "CACHE_OPTIONS" not in config


def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSITE_HSTS", "")
    monkeypatch.setenv("MICROSITE_CACHE_TIMEOUT", "")
    config = from_environment()
    assert (config["HSTS"], config["CACHE_DEFAULT_TIMEOUT"]) == (False, 300)


def test_redis_gets_short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSITE_CACHE_TYPE", "RedisCache")
    assert from_environment()["CACHE_OPTIONS"]["socket_timeout"] == 0.5


def test_bad_values_stop_start_up_naming_each_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSITE_CACHE_TIMEOUT", "five minutes")
    monkeypatch.setenv("MICROSITE_HSTS", "maybe")
    monkeypatch.setenv("MICROSITE_LOCALES", " , ")
    with pytest.raises(ConfigError) as caught:
        create_app({"TESTING": True})
    lines = str(caught.value).splitlines()
    assert [line.split(":")[0] for line in sorted(lines)] == [
        "MICROSITE_CACHE_TIMEOUT", "MICROSITE_HSTS", "MICROSITE_LOCALES",
    ]  # fmt: skip
    assert "'five minutes'" in str(caught.value)


def test_the_documented_table_is_the_settings() -> None:
    text = OPERATING.read_text(encoding="utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `MICROSITE_")]
    expected = configuration_table()
    named = {row.split("`")[1] for row in expected}
    documented = [row for row in rows if row.split("`")[1] in named]
    assert documented == expected, (
        "docs/operating.md: the Configuration table should read:\n" + "\n".join(expected)
    )


def test_a_cache_timeout_of_0_is_refused_because_it_would_mean_never(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MICROSITE_CACHE_TIMEOUT", "0")
    with pytest.raises(ConfigError, match="MICROSITE_CACHE_TIMEOUT: .*greater than or equal to 1"):
        from_environment()


def test_a_shared_cache_needs_a_secret() -> None:
    with pytest.raises(ConfigError, match="MICROSITE_CACHE_SECRET: must be set when"):
        create_app({"TESTING": True, "CACHE_TYPE": "RedisCache"})


def test_a_short_secret_is_refused_without_showing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSITE_CACHE_SECRET", "hunter2-hunter2")
    with pytest.raises(ConfigError) as caught:
        from_environment()
    assert str(caught.value).startswith("MICROSITE_CACHE_SECRET: must be at least 32 characters")
    assert "hunter2" not in str(caught.value), "the secret was shown"
