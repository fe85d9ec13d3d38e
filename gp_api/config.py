"""Settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gp_api.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# A wheel carries the migrations inside the package; a checkout keeps them at the top level.
INSTALLED = (PACKAGE_DIR / "migrations" / "env.py").is_file()
MIGRATIONS_DIR = PACKAGE_DIR / "migrations" if INSTALLED else PROJECT_ROOT / "migrations"


def default_database_url() -> str:
    """var/gp.db under the checkout; for an installed package (whose directory is
    site-packages), var/gp.db under the current directory."""
    base = Path.cwd() if INSTALLED else PROJECT_ROOT
    return f"sqlite+aiosqlite:///{base / 'var' / 'gp.db'}"


def _int(name: str, default: int, *, minimum: int = 0, maximum: int = 1_000_000) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ConfigError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _origins(name: str) -> tuple[str, ...]:
    """A comma-separated list of browser origins (`https://app.example.org`), each checked."""
    origins = []
    for raw in (os.environ.get(name) or "").split(","):
        origin = raw.strip().lower()
        if not origin:
            continue
        try:
            parts = urlsplit(origin)
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or parts.username is not None
        ):
            raise ConfigError(
                f"{name}: {raw.strip()!r} is not an origin: list them as "
                "scheme://host[:port], e.g. https://app.example.org (no path, no *)"
            )
        origins.append(origin)
    return tuple(origins)


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    max_depth: int
    max_tokens: int
    max_aliases: int
    log_level: str
    sweep_interval: int
    public_read: bool
    rate_limit_token: int
    rate_limit_address: int
    webhook_worker: bool
    webhook_max_attempts: int
    webhook_backoff_ms: int
    response_cache_size: int
    response_cache_ttl: int
    compiled_reads: bool = True
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("GP_DATABASE_URL") or default_database_url(),
            host=os.environ.get("GP_HOST") or "127.0.0.1",
            port=_int("GP_PORT", 8000, minimum=0, maximum=65535),
            max_depth=_int("GP_MAX_DEPTH", 15, minimum=1, maximum=100),
            max_tokens=_int("GP_MAX_TOKENS", 5000, minimum=10),
            max_aliases=_int("GP_MAX_ALIASES", 30, minimum=1),
            log_level=(os.environ.get("GP_LOG_LEVEL") or "info").lower(),
            sweep_interval=_int("GP_SWEEP_INTERVAL", 3600, minimum=0, maximum=7 * 86400),
            public_read=_bool("GP_PUBLIC_READ", True),
            rate_limit_token=_int("GP_RATE_LIMIT_TOKEN", 1200, minimum=0),
            rate_limit_address=_int("GP_RATE_LIMIT_ADDRESS", 600, minimum=0),
            webhook_worker=_bool("GP_WEBHOOK_WORKER", True),
            webhook_max_attempts=_int("GP_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1, maximum=100),
            webhook_backoff_ms=_int("GP_WEBHOOK_BACKOFF_MS", 10_000, minimum=1, maximum=3_600_000),
            response_cache_size=_int("GP_RESPONSE_CACHE_SIZE", 1000, minimum=0),
            response_cache_ttl=_int("GP_RESPONSE_CACHE_TTL", 60, minimum=1, maximum=86_400),
            compiled_reads=_bool("GP_COMPILED_READS", True),
            cors_origins=_origins("GP_CORS_ORIGINS"),
        )
