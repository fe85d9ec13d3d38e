"""Per-process request rate limits: a token bucket per key (API token, client address)."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Allows `per_minute` requests a minute per key, in bursts up to that size.

    Each server process counts on its own; with N processes a client gets up to N times the
    limit, which is the usual trade for not sharing state between processes.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def retry_after(self, key: str) -> float | None:
        """Take one request from `key`'s bucket; None if allowed, else seconds to wait."""
        if not self.enabled:
            return None
        now = self.clock()
        tokens, last = self.buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if tokens < 1:
            self.buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate
        self.buckets[key] = (tokens - 1, now)
        if len(self.buckets) > 100_000:
            self._forget_full(now)
        return None

    def _forget_full(self, now: float) -> None:
        full = [
            k
            for k, (t, last) in self.buckets.items()
            if t + (now - last) * self.rate >= self.capacity
        ]
        for key in full:
            del self.buckets[key]
