"""Request rate limits per API token and per client address, for every transport (HTTP,
and each operation on a WebSocket).

Counted by the `limits` library with a moving window: at most N operations in any 60 seconds.
Without GP_REDIS_URL each process counts on its own, so N processes let a client make up to N
times the limit; with it, every process counts in the same Redis and the limit holds across
processes and hosts. Should Redis fail, a process counts on its own until it is back (logged):
a limiter outage must not take the API down with it.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

import coredis
from limits import RateLimitItemPerMinute
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import MemoryStorage as LocalMemoryStorage
from limits.strategies import MovingWindowRateLimiter as LocalMovingWindowRateLimiter

from gp_api.config import Settings

log = logging.getLogger("gp_api.ratelimit")


class RateLimited(Exception):
    """Over the limit: retry after `seconds` (a whole number, at least 1)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many requests: try again in {seconds} s")
        self.seconds = seconds

    @property
    def error(self) -> dict[str, Any]:
        """The GraphQL error entry, the same on every transport."""
        return {
            "message": str(self),
            "extensions": {"code": "RATE_LIMITED", "retryAfter": self.seconds},
        }


class _Counter:
    """A moving window counter: in Redis when there is one, else (and while Redis fails) in
    this process's memory. Memory is counted synchronously: the asyncio flavour of the library's
    memory storage hands each expiry pass to a thread, ten times the cost of a request's count."""

    RETRY_SHARED_AFTER = 5.0  # seconds of per-process counting before Redis is tried again

    def __init__(self, shared: RedisStorage | None) -> None:
        self.shared = MovingWindowRateLimiter(shared) if shared is not None else None
        self.local = LocalMovingWindowRateLimiter(LocalMemoryStorage())
        self.failed_until = 0.0

    async def retry_after(self, item: RateLimitItemPerMinute, key: str) -> float | None:
        """Count one hit on `key`; None if allowed, else seconds until one is."""
        if self.shared is not None and time.monotonic() >= self.failed_until:
            try:
                if await self.shared.hit(item, key):
                    return None
                reset, _remaining = await self.shared.get_window_stats(item, key)
                return reset - time.time()
            except StorageError as error:
                log.warning("rate limit storage failed (%s): counting per process", error)
                self.failed_until = time.monotonic() + self.RETRY_SHARED_AFTER
        if self.local.hit(item, key):
            return None
        return self.local.get_window_stats(item, key).reset_time - time.time()


class Limit:
    """`per_minute` operations a minute per key (0: no limit)."""

    def __init__(self, counter: _Counter, kind: str, per_minute: int) -> None:
        self.counter = counter
        self.kind = kind
        self.item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None

    async def check(self, key: object) -> None:
        """Count one operation for `key`; raises RateLimited when it is one too many."""
        if self.item is None:
            return
        wait = await self.counter.retry_after(self.item, f"{self.kind}:{key}")
        if wait is not None:
            raise RateLimited(max(1, math.ceil(wait)))


class RateLimits:
    """The two limits of a process, shared by the HTTP endpoint and the WebSocket view."""

    def __init__(self, settings: Settings) -> None:
        shared = None
        self.pool: coredis.ConnectionPool | None = None
        if settings.redis_url:
            # Short timeouts: a request waits at most this long for a Redis that went away.
            self.pool = coredis.ConnectionPool.from_url(
                settings.redis_url, connect_timeout=1, stream_timeout=1
            )
            shared = RedisStorage(
                f"async+{settings.redis_url}",
                wrap_exceptions=True,
                key_prefix=settings.redis_prefix,
                connection_pool=self.pool,  # type: ignore[arg-type]
            )
        counter = _Counter(shared)
        self.by_token = Limit(counter, "token", settings.rate_limit_token)
        self.by_address = Limit(counter, "address", settings.rate_limit_address)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.disconnect()
