"""Cost budgets: one token bucket per API token (per client address without one) that holds
at most `maximum` points and refills at `rate` points a second (Shopify's leaky bucket).

A query takes its requested cost before it runs (refused, untouched, when the bucket holds
less) and gets back what it did not use once its actual cost is known. With GP_REDIS_URL the
buckets live in Redis (one Lua script: atomic, on Redis's clock), shared by every process and
host; without it, or while Redis fails, each process keeps its own (logged), as the rate
limits do (gp_api.ratelimit).
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import coredis
from coredis.exceptions import RedisError

from gp_api.fastpath.cost import Costed, Costs
from gp_api.fastpath.lru import LRU

log = logging.getLogger("gp_api.cost")

BUCKETS = 100_000  # buckets a process keeps (least recently used forgotten: they were full)

# KEYS[1]: the bucket; ARGV: maximum, rate, amount (negative: give back), now (unused: the
# script reads Redis's clock so that every host agrees). Returns {taken 0|1, available}.
TAKE = """
local maximum = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'a', 't')
local available = maximum
if state[1] then
  available = math.min(maximum, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate)
end
if amount > available then
  return {0, tostring(available)}
end
available = math.min(maximum, available - amount)
redis.call('HSET', KEYS[1], 'a', tostring(available), 't', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((maximum - available) / rate * 1000) + 1000)
return {1, tostring(available)}
"""


@dataclass(frozen=True)
class Taken:
    """The outcome of taking from a bucket: whether it was taken, and what is left."""

    taken: bool
    available: float


class Buckets:
    def __init__(
        self, maximum: int, rate: float, redis: coredis.Redis[Any] | None = None, prefix: str = ""
    ) -> None:
        self.maximum = maximum
        self.rate = rate
        self.redis = redis
        self.prefix = prefix
        self.local: LRU[str, tuple[float, float]] = LRU(BUCKETS)
        self.failed_until = 0.0
        self.script = redis.register_script(TAKE) if redis is not None else None

    def retry_after(self, cost: int, available: float) -> int:
        """Whole seconds until the bucket holds `cost` (at least 1)."""
        return max(1, math.ceil((cost - available) / self.rate))

    async def take(self, key: str, amount: int) -> Taken:
        """Take `amount` points from `key`'s bucket if it holds them (a negative amount gives
        points back, never beyond the maximum)."""
        if self.script is not None and time.monotonic() >= self.failed_until:
            try:
                reply: Any = await self.script(
                    keys=[f"{self.prefix}:cost:{key}"],
                    args=[self.maximum, self.rate, amount],
                )
                taken, available = reply
                return Taken(bool(int(taken)), float(available))
            except (RedisError, OSError, TimeoutError) as error:
                log.warning("cost budget storage failed (%s): counting per process", error)
                self.failed_until = time.monotonic() + 5.0
        return self._take_locally(key, amount)

    def _take_locally(self, key: str, amount: int) -> Taken:
        now = time.monotonic()
        state = self.local.get(key)
        available = float(self.maximum)
        if state is not None:
            level, since = state
            available = min(self.maximum, level + max(0.0, now - since) * self.rate)
        if amount > available:
            return Taken(False, available)
        available = min(float(self.maximum), available - amount)
        self.local.put(key, (available, now))
        return Taken(True, available)


THROTTLED = "THROTTLED"
MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"


class CostRefused(Exception):
    """A query refused for its cost before it ran. `retry_after`: seconds (THROTTLED only)."""

    def __init__(self, message: str, code: str, cost: dict[str, Any], retry_after: int | None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.cost = cost
        self.retry_after = retry_after

    @property
    def error(self) -> dict[str, Any]:
        extensions: dict[str, Any] = {"code": self.code}
        if self.retry_after is not None:
            extensions["retryAfter"] = self.retry_after
        return {"message": self.message, "extensions": extensions}

    @property
    def payload(self) -> dict[str, Any]:
        """The whole response: the error, and `extensions.cost`."""
        return {"errors": [self.error], "extensions": {"cost": self.cost}}


@dataclass
class Charge:
    """What a query was charged: its cost, its bucket (None: no budgets) and what that bucket
    held once the requested cost was taken."""

    costed: Costed
    key: str | None
    available: float


class CostControl:
    """Query cost for one server: the cost of each document, the single-query maximum and the
    budgets (GP_COST_* settings)."""

    def __init__(
        self,
        costs: Costs,
        *,
        budget: int,
        restore_rate: int,
        max_query: int,
        report: bool,
        redis: coredis.Redis[Any] | None = None,
        prefix: str = "",
    ) -> None:
        self.costs = costs
        self.report = report
        self.buckets = Buckets(budget, restore_rate, redis, prefix) if budget > 0 else None
        limits = [n for n in (max_query, budget) if n > 0]
        self.max_query = min(limits) if limits else None
        self.enabled = report or self.buckets is not None or self.max_query is not None
        self.encoded: LRU[tuple[int, int], bytes] = LRU(1_000)  # see settle_body
        # Answers with their extension, per answer object (see _extended).
        self.extended: LRU[tuple[int, bytes], tuple[bytes, bytes]] = LRU(EXTENDED_SIZE)

    def status(self, available: float) -> dict[str, Any] | None:
        if self.buckets is None:
            return None
        return {
            "maximumAvailable": float(self.buckets.maximum),
            "currentlyAvailable": round(available, 1),
            "restoreRate": float(self.buckets.rate),
        }

    def extension(self, requested: int, actual: int | None, available: float) -> dict[str, Any]:
        cost: dict[str, Any] = {"requestedQueryCost": requested, "actualQueryCost": actual}
        if (status := self.status(available)) is not None:
            cost["throttleStatus"] = status
        return cost

    async def charge(
        self,
        key: str,
        document: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> Charge:
        """Take the requested cost of an operation from `key`'s bucket; raises CostRefused
        when it is over the single-query maximum or more than the bucket holds."""
        costed = self.costs.of(document, operation_name, variables)
        requested = costed.requested
        if self.max_query is not None and requested > self.max_query:
            raise CostRefused(
                f"the query costs {requested}, more than the {self.max_query} a single query "
                "may cost: ask for smaller pages (first/last) or fewer nested connections",
                MAX_COST_EXCEEDED,
                self.extension(requested, None, self._full()),
                None,
            )
        if self.buckets is None:
            return Charge(costed, None, 0.0)
        taken = await self.buckets.take(key, requested)
        if not taken.taken:
            wait = self.buckets.retry_after(requested, taken.available)
            raise CostRefused(
                f"throttled: the query costs {requested} and {math.floor(taken.available)} "
                f"of {self.buckets.maximum} points are available; try again in {wait} s",
                THROTTLED,
                self.extension(requested, None, taken.available),
                wait,
            )
        return Charge(costed, key, taken.available)

    def _full(self) -> float:
        return float(self.buckets.maximum) if self.buckets is not None else 0.0

    async def settle(self, charge: Charge, actual: int) -> dict[str, Any]:
        """Give back what the operation did not use; its `extensions.cost`."""
        requested = charge.costed.requested
        available = charge.available
        if self.buckets is not None and charge.key is not None and actual < requested:
            available = (await self.buckets.take(charge.key, actual - requested)).available
        return self.extension(requested, actual, available)

    async def settle_body(self, charge: Charge, body: bytes, *, shared: bool = False) -> bytes:
        """`body` (a JSON response) with `extensions.cost` added, the cost settled. `shared`:
        the body is an object served again and again (a cached or constant answer)."""
        actual = self.costs.actual_of_body(charge.costed, body)
        if self.buckets is not None:
            return with_extension(body, "cost", encode(await self.settle(charge, actual)))
        # Without budgets the extension depends on the two costs alone: encoded once.
        costs = (charge.costed.requested, actual)
        encoded = self.encoded.get(costs)
        if encoded is None:
            encoded = encode(await self.settle(charge, actual))
            self.encoded.put(costs, encoded)
        return self._extended(body, encoded) if shared else with_extension(body, "cost", encoded)

    def _extended(self, body: bytes, encoded: bytes) -> bytes:
        """`body` with `extensions.cost` (`encoded`), made once per shared answer object: a
        cached answer is the same bytes object on every hit, so the copy that adds the
        extension (as long as the answer) is made once, not on every hit. Keyed by the object's id,
        which cannot be reused while the entry holds the object (checked with `is` too)."""
        if len(body) > EXTENDED_MAX:
            return with_extension(body, "cost", encoded)
        key = (id(body), encoded)
        known = self.extended.get(key)
        if known is not None and known[0] is body:
            return known[1]
        extended = with_extension(body, "cost", encoded)
        self.extended.put(key, (body, extended))
        return extended


# At most 64 answers of up to 256 KB each: 16 MB beside the response cache's own copies.
EXTENDED_SIZE = 64
EXTENDED_MAX = 256 * 1024


def encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def with_extension(body: bytes, name: str, encoded: bytes) -> bytes:
    """A JSON response object `body` that has no `extensions` (this server's answers have
    none of their own) with `extensions.<name>` (`encoded`, JSON) added as its last key."""
    if not body.endswith(b"}"):
        return body
    # One copy of the body (a slice, then a format, made two).
    return b"".join(
        (memoryview(body)[:-1], b',"extensions":{"', name.encode(), b'":', encoded, b"}}")
    )
