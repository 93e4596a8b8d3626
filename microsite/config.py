"""Configuration defaults and the environment variables that override them, in one place.

Every setting a deployment may change is a field of :class:`Settings`, read by
pydantic-settings from ``MICROSITE_<NAME>`` variables and validated there, so a
bad value stops start-up with the variable's name. The configuration table in
docs/operating.md is :func:`configuration_table`, and tests/test_config.py holds
the page to it (printing the rows to paste when they differ).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, JsonValue, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE_URL = "http://127.0.0.1:5000"
PREFIX = "MICROSITE_"
JsonDict = dict[str, JsonValue]  # what pydantic takes as json_schema_extra


class ConfigError(ValueError):
    """An environment variable holds a value the site cannot use."""


def _shown(text: str) -> JsonDict:
    """How docs/operating.md shows a default that is not a plain value."""
    return {"shown": text}


# Marks a setting that changes the bytes of a rendered page: its value is part of
# every page cache key (microsite.web.cache.namespace), so two deployments that
# differ in it never serve each other's pages from one shared cache.
RENDERS: JsonDict = {"renders": True}
# Settings whose values must never appear in an error message or a log.
SECRET: JsonDict = {"secret": True}
# Cache types that keep entries inside one process: they need no shared secret.
IN_PROCESS_CACHES = ("SimpleCache", "NullCache")
SECRET_MIN_LENGTH = 32


class Settings(BaseSettings):
    """The settings a deployment may change. A field's name, upper-cased, is its
    Flask config key; its variable is ``MICROSITE_`` plus that key unless an alias
    says otherwise. Empty variables count as unset."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True
    )

    content_dir: Path = Field(
        PROJECT_ROOT / "content",
        description="folder of page JSON files (used by the server and by `content check`)",
    )
    translations_dir: Path = Field(
        PROJECT_ROOT / "translations",
        description="gettext catalogues (`<locale>/LC_MESSAGES/messages.po`)",
    )
    site_url: str = Field(
        DEFAULT_SITE_URL,
        description="public base URL for canonical links, sitemap, feeds and Open Graph tags",
        json_schema_extra=RENDERS,
    )
    trusted_hosts: str = Field(
        "",
        description="comma-separated `Host` names answered (Flask's `TRUSTED_HOSTS`;"
        " `.example.org` allows subdomains, `*` any host); other Hosts get a 400",
        json_schema_extra=_shown("host of `MICROSITE_SITE_URL`, `127.0.0.1`, `localhost`"),
    )
    locales: Annotated[list[str], NoDecode] = Field(
        ["en", "cy", "pl", "ar"],
        min_length=1,
        description="comma-separated locales served; the first is the source language",
        json_schema_extra=RENDERS,
    )
    cache_type: str = Field(
        "SimpleCache", description="Flask-Caching backend (`RedisCache`, `NullCache` ...)"
    )
    cache_redis_url: str = Field(
        "redis://127.0.0.1:6379/0", description="Redis URL for `RedisCache`"
    )
    cache_default_timeout: int = Field(
        300,
        ge=1,
        validation_alias=f"{PREFIX}CACHE_TIMEOUT",
        description="seconds a rendered page stays cached (at least 1: Flask-Caching would"
        " read 0 as never expiring; to turn the cache off, set `MICROSITE_CACHE_TYPE=NullCache`)",
    )
    cache_secret: str = Field(
        "",
        description="key of the page cache's integrity check (HMAC-SHA256), at least"
        f" {SECRET_MIN_LENGTH} characters; required for a shared cache (`RedisCache`): the same"
        " on every server of one deployment, different for each deployment",
        json_schema_extra={**_shown("(random per process)"), **SECRET},
    )
    cache_threshold: int = Field(2000, ge=1, description="most pages the in-process cache holds")
    content_check_interval: float = Field(
        1.0, gt=0, description="seconds between checks for edited content or catalogues"
    )
    accessibility_report: Path = Field(
        PROJECT_ROOT / "reports" / "accessibility-run.json",
        description="the accessibility run the statement shows"
        " (`make accessibility-report` writes it from a passing test run)",
    )
    hsts: bool = Field(
        False,
        description="`1` when served over HTTPS: adds `Strict-Transport-Security`",
        json_schema_extra={**_shown("(off)"), **RENDERS},
    )

    @field_validator("cache_secret")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < SECRET_MIN_LENGTH:
            raise ValueError(
                f"must be at least {SECRET_MIN_LENGTH} characters, e.g. the output of"
                " python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    @field_validator("locales", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [code.strip() for code in value.split(",") if code.strip()]
        # BCP 47 wherever the web sees a language (pt-BR, never gettext's pt_BR).
        return [code.replace("_", "-") for code in value] if isinstance(value, list) else value


def variable(name: str) -> str:
    """The environment variable of the field ``name``."""
    alias = Settings.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else PREFIX + name.upper()


def from_environment() -> dict[str, Any]:
    """The Flask configuration: defaults overridden by environment variables.

    Raises :class:`ConfigError` naming each variable whose value is unusable.
    """
    try:
        settings = Settings()
    except ValidationError as error:
        raise ConfigError("\n".join(_problem(e) for e in error.errors())) from None
    config = {
        name.upper(): str(value) if isinstance(value, Path) else value
        for name, value in settings.model_dump().items()
    }
    if config["CACHE_TYPE"] == "RedisCache":
        # Fail fast when Redis is away: pages are then rendered uncached, not delayed.
        config["CACHE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    return config


def _problem(error: Any) -> str:
    """One bad value, naming its variable and showing the value, unless it is a secret."""
    where, message = str(error["loc"][0]), str(error["msg"]).removeprefix("Value error, ")
    name = next((n for n in Settings.model_fields if where in (n, variable(n))), None)
    if name is None:
        return f"{where}: {message}"
    shown = "" if _flag(name, "secret") else f" (got {error['input']!r})"
    return f"{variable(name)}: {message}{shown}"


def _flag(name: str, flag: str) -> bool:
    extra = Settings.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(flag))


def rendering_settings() -> list[str]:
    """The Flask config keys of the settings that change a rendered page's bytes."""
    return [name.upper() for name in Settings.model_fields if _flag(name, "renders")]


def check_cache_secret(config: dict[str, Any]) -> None:
    """Refuse a shared cache without a secret: :class:`ConfigError`, naming the variable.

    Every server sharing a cache must check entries with the same key, and a key
    made up by each process would make each refuse the others' entries. Only a
    cache inside one process may run without one (it then gets a random key).
    """
    if config["CACHE_TYPE"] not in IN_PROCESS_CACHES and not config.get("CACHE_SECRET"):
        raise ConfigError(
            f"{variable('cache_secret')}: must be set when {variable('cache_type')} is"
            f" {config['CACHE_TYPE']}: the servers sharing the cache check every entry with it."
            " Use the same value on every server of this deployment and a different one on"
            " each deployment (python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )


def site_url_warning(config: dict[str, Any]) -> str | None:
    """Why a server or an export should not go out with this configuration, if it should not.

    The default site URL is right on a developer's machine only: anywhere else,
    canonical links, the sitemap, robots.txt and the feeds would point at it.
    """
    if config["SITE_URL"].rstrip("/") == DEFAULT_SITE_URL:
        return (
            f"MICROSITE_SITE_URL is not set: canonical links, sitemap.xml, robots.txt and"
            f" the feeds point at {DEFAULT_SITE_URL}. Set it to the public address of the site."
        )
    return None


def _default_shown(name: str) -> str:
    field = Settings.model_fields[name]
    extra = field.json_schema_extra
    if isinstance(extra, dict) and "shown" in extra:
        return str(extra["shown"])
    value = field.default
    if isinstance(value, Path):
        relative = value.relative_to(PROJECT_ROOT).as_posix()
        return f"`{relative}{'' if value.suffix else '/'}`"
    if isinstance(value, list):
        return f"`{','.join(value)}`"
    return f"`{value}`"


def configuration_table() -> list[str]:
    """docs/operating.md's configuration rows, one per setting, from the fields above."""
    return [
        f"| `{variable(name)}` | {_default_shown(name)} | {field.description} |"
        for name, field in Settings.model_fields.items()
    ]
