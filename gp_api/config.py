"""Settings, read once from the environment."""

from __future__ import annotations

import ipaddress
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


def _page_cost(name: str, default: float) -> float | None:
    """A planner cost for PostgreSQL sessions; `server` (None): the server's own setting."""
    raw = (os.environ.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw == "server":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number or 'server', got {raw!r}") from None
    if not 0 < value <= 1000:
        raise ConfigError(f"{name} must be above 0 and at most 1000, got {raw}")
    return value


def _choice(name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (case-insensitive); the first when unset."""
    raw = (os.environ.get(name) or "").strip().lower()
    if raw == "":
        return choices[0]
    if raw not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def _trusted_proxies() -> tuple[str, ...]:
    """GP_TRUSTED_PROXIES: addresses or networks (comma-separated) whose X-Forwarded-For and
    X-Forwarded-Proto headers are believed; `*` trusts every peer. Empty: none."""
    raw = os.environ.get("GP_TRUSTED_PROXIES") or ""
    entries = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            # Normalised (10.1.2.3/8 -> 10.0.0.0/8): uvicorn would read a non-canonical
            # network as a literal that matches nothing.
            entries.append(
                entry
                if entry == "*"
                else str(ipaddress.ip_network(entry, strict=False))
                if "/" in entry
                else str(ipaddress.ip_address(entry))
            )
        except ValueError:
            raise ConfigError(
                f"GP_TRUSTED_PROXIES must list IP addresses or networks, got {entry!r}"
            ) from None
    return tuple(entries)


def _redis_url() -> str | None:
    raw = (os.environ.get("GP_REDIS_URL") or "").strip()
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://")):
        scheme = raw.partition("://")[0] if "://" in raw else "no scheme"
        # Only the scheme: the rest of a mistyped URL may hold the Redis password.
        raise ConfigError(f"GP_REDIS_URL must be a redis:// or rediss:// URL, got {scheme!r}")
    return raw


def _trusted_documents() -> str | None:
    """GP_TRUSTED_DOCUMENTS: a persisted-query manifest, checked here so that a bad one stops
    the server at once (each process loads it again: gp_api.fastpath.persisted)."""
    raw = (os.environ.get("GP_TRUSTED_DOCUMENTS") or "").strip()
    if not raw:
        return None
    from gp_api.fastpath.persisted import load_manifest

    load_manifest(Path(raw))
    return raw


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


# Query cost defaults (gp_api.fastpath.cost counts one point per object): a page of 50 actors
# with 20 commitments and their deliverables (about 21,000) runs; three nested pages of 100
# (a million) do not. Each token (or client address) holds COST_BUDGET points, restored at
# COST_RESTORE_RATE a second.
COST_BUDGET = 100_000
COST_RESTORE_RATE = 10_000
COST_MAX_QUERY = 50_000


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
    webhook_allow_private: bool = False
    webhook_lease_seconds: int = 15
    log_format: str = "text"
    metrics_token: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    redis_url: str | None = None
    redis_prefix: str = "gp-api"
    cors_origins: tuple[str, ...] = ()
    db_pool_size: int = 20
    db_pool_open: int = 20
    db_random_page_cost: float | None = 1.1
    # The publisher named as reporting-org in the IATI export (gp_api.exports.iati).
    iati_reporting_org_ref: str = ""
    iati_reporting_org_type: str = "90"
    iati_reporting_org_name: str = "GP API"
    cost_budget: int = COST_BUDGET
    cost_restore_rate: int = COST_RESTORE_RATE
    cost_max_query: int = COST_MAX_QUERY
    cost_report: bool = True
    apq_cache_size: int = 1000
    trusted_documents: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        rate_limit_token = _int("GP_RATE_LIMIT_TOKEN", 1200, minimum=0)
        rate_limit_address = _int("GP_RATE_LIMIT_ADDRESS", 600, minimum=0)
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
            rate_limit_token=rate_limit_token,
            rate_limit_address=rate_limit_address,
            webhook_worker=_bool("GP_WEBHOOK_WORKER", True),
            webhook_max_attempts=_int("GP_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1, maximum=100),
            webhook_backoff_ms=_int("GP_WEBHOOK_BACKOFF_MS", 10_000, minimum=1, maximum=3_600_000),
            response_cache_size=_int("GP_RESPONSE_CACHE_SIZE", 1000, minimum=0),
            response_cache_ttl=_int("GP_RESPONSE_CACHE_TTL", 60, minimum=1, maximum=86_400),
            compiled_reads=_bool("GP_COMPILED_READS", True),
            webhook_allow_private=_bool("GP_WEBHOOK_ALLOW_PRIVATE", False),
            webhook_lease_seconds=_int("GP_WEBHOOK_LEASE_SECONDS", 15, minimum=1, maximum=3600),
            log_format=_choice("GP_LOG_FORMAT", ("text", "json")),
            metrics_token=os.environ.get("GP_METRICS_TOKEN") or None,
            trusted_proxies=_trusted_proxies(),
            redis_url=_redis_url(),
            redis_prefix=os.environ.get("GP_REDIS_PREFIX") or "gp-api",
            cors_origins=_origins("GP_CORS_ORIGINS"),
            # Database connections each server process keeps open (see gp_api.db.create_engine).
            db_pool_size=_int("GP_DB_POOL_SIZE", 20, minimum=1, maximum=1000),
            # Of those, how many are opened at start-up (PostgreSQL; gp_api.db.open_pool).
            db_pool_open=_int("GP_DB_POOL_OPEN", 20, minimum=0, maximum=1000),
            # PostgreSQL's planner: what a random page read costs (gp_api.db.create_engine).
            db_random_page_cost=_page_cost("GP_DB_RANDOM_PAGE_COST", 1.1),
            iati_reporting_org_ref=(os.environ.get("GP_IATI_REPORTING_ORG_REF") or "").strip(),
            iati_reporting_org_type=(os.environ.get("GP_IATI_REPORTING_ORG_TYPE") or "90").strip(),
            iati_reporting_org_name=(
                os.environ.get("GP_IATI_REPORTING_ORG_NAME") or "GP API"
            ).strip(),
            # Query cost (gp_api.fastpath.cost, .budget): points per bucket (0: no budgets),
            # points restored a second, the most one query may cost (0: the budget), reported?
            # With both rate limits off (a benchmark, a trusted network), budgets default off too.
            cost_budget=_int(
                "GP_COST_BUDGET",
                COST_BUDGET if rate_limit_token or rate_limit_address else 0,
                minimum=0,
                maximum=100_000_000,
            ),
            cost_restore_rate=_int(
                "GP_COST_RESTORE_RATE", COST_RESTORE_RATE, minimum=1, maximum=100_000_000
            ),
            cost_max_query=_int(
                "GP_COST_MAX_QUERY", COST_MAX_QUERY, minimum=0, maximum=100_000_000
            ),
            cost_report=_bool("GP_COST_REPORT", True),
            # Persisted documents (gp_api.fastpath.persisted).
            apq_cache_size=_int("GP_APQ_CACHE_SIZE", 1000, minimum=0),
            trusted_documents=_trusted_documents(),
        )


AUDIT_KEY_MIN_BYTES = 16


def audit_key() -> bytes | None:
    """The key that signs audit checkpoints: GP_AUDIT_KEY, or the contents of the file named by
    GP_AUDIT_KEY_FILE. Read only by the audit commands, never by the server, so that it can be
    kept where the database and the server's environment are not."""
    raw, file = os.environ.get("GP_AUDIT_KEY"), os.environ.get("GP_AUDIT_KEY_FILE")
    if raw and file:
        raise ConfigError("set GP_AUDIT_KEY or GP_AUDIT_KEY_FILE, not both")
    if file:
        try:
            raw = Path(file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "not UTF-8 text"
            raise ConfigError(f"GP_AUDIT_KEY_FILE: cannot read {file}: {why}") from None
    if not raw:
        return None
    key = raw.strip().encode()
    if len(key) < AUDIT_KEY_MIN_BYTES:
        raise ConfigError(f"the audit key must be at least {AUDIT_KEY_MIN_BYTES} bytes long")
    return key
