"""Configuration defaults and the environment variables that override them, in one place.

Every setting a deployment may change is read here and nowhere else. The
README's "Configuration" table mirrors :data:`ENVIRONMENT`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE_URL = "http://127.0.0.1:5000"

# variable name -> (config key, default, description)
ENVIRONMENT: dict[str, tuple[str, Any, str]] = {
    "MICROSITE_CONTENT_DIR": (
        "CONTENT_DIR",
        str(PROJECT_ROOT / "content"),
        "folder of page JSON files",
    ),
    "MICROSITE_TRANSLATIONS_DIR": (
        "TRANSLATIONS_DIR",
        str(PROJECT_ROOT / "translations"),
        "folder of gettext catalogues (<locale>/LC_MESSAGES/messages.po/.mo)",
    ),
    "MICROSITE_SITE_URL": (
        "SITE_URL",
        DEFAULT_SITE_URL,
        "public base URL, used for absolute links in sitemap.xml, the feed and Open Graph tags",
    ),
    "MICROSITE_TRUSTED_HOSTS": (
        "TRUSTED_HOSTS",
        "",
        "comma-separated Host names the site answers (others get 400); empty: the host of"
        " MICROSITE_SITE_URL plus 127.0.0.1 and localhost; * for any host",
    ),
    "MICROSITE_LOCALES": (
        "LOCALES",
        "en,cy,pl,ar",
        "comma-separated locales served; the first is the source language",
    ),
    "MICROSITE_CONTENT_CHECK_INTERVAL": (
        "CONTENT_CHECK_INTERVAL",
        "1.0",
        "seconds between checks for edited content or catalogue files (reloaded without restart)",
    ),
    "MICROSITE_ACCESSIBILITY_REPORT": (
        "ACCESSIBILITY_REPORT",
        str(PROJECT_ROOT / "reports" / "accessibility-run.json"),
        "report of the last full accessibility test run, written by the test suite",
    ),
    "MICROSITE_HSTS": (
        "HSTS",
        "",
        "set to 1 when the site is served over HTTPS, to send Strict-Transport-Security",
    ),
    "MICROSITE_CACHE_TYPE": (
        "CACHE_TYPE",
        "SimpleCache",
        "Flask-Caching backend (SimpleCache, RedisCache, NullCache ...)",
    ),
    "MICROSITE_CACHE_REDIS_URL": (
        "CACHE_REDIS_URL",
        "redis://127.0.0.1:6379/0",
        "Redis URL when the cache type is RedisCache",
    ),
    "MICROSITE_CACHE_TIMEOUT": (
        "CACHE_DEFAULT_TIMEOUT",
        "300",
        "seconds a rendered page stays in the cache",
    ),
    "MICROSITE_CACHE_THRESHOLD": (
        "CACHE_THRESHOLD",
        "2000",
        "maximum number of pages held by the in-process cache",
    ),
}

INTEGER_KEYS = {"CACHE_DEFAULT_TIMEOUT", "CACHE_THRESHOLD"}
FLOAT_KEYS = {"CONTENT_CHECK_INTERVAL"}


def from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> dict[str, Any]:
    """Build the configuration mapping: defaults overridden by environment variables."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = {}
    for variable, (key, default, _doc) in ENVIRONMENT.items():
        value = environ.get(variable, default)
        if key in INTEGER_KEYS:
            value = int(value)
        elif key in FLOAT_KEYS:
            value = float(value)
        config[key] = value
    config["LOCALES"] = [code.strip() for code in str(config["LOCALES"]).split(",") if code.strip()]
    if config["CACHE_TYPE"] == "RedisCache":
        # Fail fast when Redis is away: pages are then rendered uncached, not delayed.
        config["CACHE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    return config


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
