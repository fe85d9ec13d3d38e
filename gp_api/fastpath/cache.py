"""A response cache for read-only operations that is never stale.

Every committed write, of any table and by any process, replaces the data version (see
gp_api.data_version: a trigger on every table does it, so no write path can forget). A cached
response is served only while the version it was made under is current (one primary-key
lookup), so a read issued after a write has committed always reflects it, on any server
process: webhook deliveries and attempts, a token's last use and edits made by hand included,
although they append no event. Entries are kept per principal (answers differ by role and
actor), and for at most `ttl` seconds, which bounds what depends on the clock alone (a
commitment becoming overdue).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.auth.service import hash_secret
from gp_api.data_version import VERSION_SQL
from gp_api.db import connect_raw
from gp_api.fastpath.documents import is_constant
from gp_api.fastpath.lru import LRU
from gp_api.fastpath.replay import variables_key
from gp_api.principal import Principal

log = logging.getLogger("gp_api.fastpath")

Key = tuple[str, str, str, str | None]


async def read_version(engine: AsyncEngine) -> str:
    """The data version: it names the whole state of the database. One statement on a
    pooled connection, outside any transaction: this is all a cache hit costs the database."""
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":  # no BEGIN/ROLLBACK around the one statement
            await conn.execution_options(isolation_level="AUTOCOMMIT")
        last = (await conn.exec_driver_sql(VERSION_SQL)).scalar()
    return str(last) if last else "empty"


# Connections of their own for the statements that read their answer and the data version
# together (a compiled read with a known token): per process, opened on first use, kept.
RAW_CONNECTIONS = 8


class RawStatements:
    """One-statement reads straight on asyncpg connections of their own (PostgreSQL): no
    SQLAlchemy pool checkout and return around them, whose greenlet switches cost about twice
    the statement's own client time. A fast lane, never a queue: when all `size` connections
    are busy (or none can be opened) `fetchrow` says so and the caller uses the pool. All are
    opened together, at the first statement."""

    def __init__(self, engine: AsyncEngine, size: int = RAW_CONNECTIONS) -> None:
        self.engine = engine
        self.size = size if engine.dialect.name == "postgresql" else 0
        self.idle: list[asyncpg.Connection] = []
        self.opened = 0
        self.runs = 0  # statements run here (for tests)

    async def fetchrow(self, sql: str, params: tuple[Any, ...]) -> asyncpg.Record | None:
        """The row; None when no connection of its own is free (run it elsewhere)."""
        if self.idle:
            conn = self.idle.pop()
        elif self.opened < self.size:
            opened = await self._open()
            if opened is None:
                return None
            conn = opened
        else:
            return None
        try:
            row = await conn.fetchrow(sql, *params)
        except BaseException:
            # Failed, or cancelled mid-statement: the connection is not trusted again.
            self.opened -= 1
            conn.terminate()
            raise
        self.runs += 1
        self.idle.append(conn)
        return row

    async def _open(self) -> asyncpg.Connection | None:
        """Every missing connection at once (so that load never opens one later: no new
        sessions under load); one of them for the caller, None if none could be opened."""
        missing = self.size - self.opened
        self.opened += missing
        try:
            results = await asyncio.gather(
                *(connect_raw(self.engine) for _ in range(missing)), return_exceptions=True
            )
        except BaseException:
            self.opened -= missing
            raise
        conns = [r for r in results if isinstance(r, asyncpg.Connection)]
        self.opened -= missing - len(conns)
        for failed in results:
            if isinstance(failed, BaseException) and not isinstance(
                failed, OSError | asyncpg.PostgresError
            ):
                for conn in conns:
                    conn.terminate()
                self.opened -= len(conns)
                raise failed
        if not conns:
            return None
        self.idle.extend(conns[1:])
        return conns[0]

    async def warm(self) -> None:
        """Open every connection now (at start-up), so that the first requests under load
        open no PostgreSQL session; a failure leaves them to be opened on first use."""
        if self.opened < self.size:
            conn = await self._open()
            if conn is not None:
                self.idle.append(conn)

    async def close(self) -> None:
        idle, self.idle = self.idle, []
        for conn in idle:
            self.opened -= 1
            with contextlib.suppress(Exception):
                await conn.close()


class HeadReader:
    """Reads the data version (the "head") for many concurrent requests with few queries,
    never a stale one.

    A request needs a head read that *started after it arrived* (then any write whose response
    came before the request is seen). At most one read runs at a time, and it starts a loop
    turn after it is asked for: requests arriving meanwhile, or while it runs, wait for the
    next read, which serves all of them. Under load that is one query per batch of requests; a
    lone request costs exactly one query, as before.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.waiting: asyncio.Future[str] | None = None
        self.reader: asyncio.Task[None] | None = None
        # On PostgreSQL, reads go over one connection of their own (they run one at a time):
        # a prepared statement, no pool checkout, no transaction.
        self.raw: asyncpg.Connection | None = None
        self.reads = 0  # how many reads ran (for tests and /metrics)
        # The statements that read the version beside their answer (closed with the reader).
        self.statements = RawStatements(engine)

    async def _read(self) -> str:
        self.reads += 1
        if self.engine.dialect.name != "postgresql":
            return await read_version(self.engine)
        try:
            if self.raw is None or self.raw.is_closed():
                self.raw = await connect_raw(self.engine)
            last = await self.raw.fetchval(VERSION_SQL)
        except (OSError, asyncpg.PostgresError):
            await self.close()
            return await read_version(self.engine)  # the pool's connections, as a fallback
        return str(last) if last else "empty"

    async def warm(self) -> None:
        """Open the reader's connection and the statements' (PostgreSQL) at start-up; if the
        database is not reachable yet, they open on first use, as before."""
        if self.engine.dialect.name != "postgresql":
            return
        try:
            if self.raw is None:
                self.raw = await connect_raw(self.engine)
            await self.statements.warm()
        except (OSError, asyncpg.PostgresError):
            log.warning("could not open the fast lane's connections at start-up; on first use")

    async def close(self) -> None:
        await self.statements.close()
        if self.raw is not None:
            raw, self.raw = self.raw, None
            with contextlib.suppress(Exception):
                await raw.close()

    async def read(self) -> str:
        if self.waiting is None:
            self.waiting = asyncio.get_running_loop().create_future()
        future = self.waiting
        if self.reader is None:
            self.reader = asyncio.create_task(self._read_batches())
        return await asyncio.shield(future)

    async def _read_batches(self) -> None:
        try:
            while self.waiting is not None:
                # Let the requests of this loop turn join the read first (under load: a
                # quarter fewer reads per request, measured on the cached shape b).
                await asyncio.sleep(0)
                future, self.waiting = self.waiting, None  # later arrivals: the next read
                try:
                    future.set_result(await self._read())
                except Exception as error:
                    future.set_exception(error)
        finally:
            self.reader = None


@dataclass(frozen=True)
class Known:
    principal: Principal
    head: str
    until: float


class PrincipalCache:
    """Principals of recently seen tokens, valid while the data version is unchanged.

    Revoking a token is a write, so a revoked token is never served from here; expiry is
    checked against the clock; and an entry lives at most `ttl` seconds, so that the token's
    last-used time is still refreshed by a full authentication now and then. Keys are the
    tokens' SHA-256 digests (as stored), never the secrets.
    """

    def __init__(self, ttl: float, size: int = 10_000) -> None:
        self.ttl = ttl
        self.entries: LRU[str, Known] = LRU(size)

    def get(self, secret: str, head: str) -> Principal | None:
        known = self.latest(secret)
        if known is None or known.head != head:
            return None
        return known.principal

    def latest(self, secret: str) -> Known | None:
        """The token's principal and the data version it was checked at, whatever the current
        version (the caller proves that version current: a statement reading it beside its
        answer, see gp_api.graphql.http); None when unknown, too old or expired."""
        digest = hash_secret(secret)
        known = self.entries.get(digest)
        if known is None:
            return None
        expires = known.principal.expires_at
        if known.until < time.monotonic() or (
            expires is not None and expires <= dt.datetime.now(dt.UTC)
        ):
            self.entries.pop(digest)
            return None
        return known

    def put(self, secret: str, head: str, principal: Principal) -> None:
        digest = hash_secret(secret)
        self.entries.put(digest, Known(principal, head, time.monotonic() + self.ttl))


@dataclass(frozen=True)
class Entry:
    head: str
    expires: float
    body: bytes


class ResponseCache:
    """Response bodies per principal, document, variables and operation, each valid while the
    data version it was made under is current (and for at most `ttl` seconds).

    Misses are single-flight: the first request to miss a key under a data version computes
    the answer (`begin`, then `end` with the body), and requests missing the same key under
    the same version meanwhile await it (`shared`) instead of computing it again, which after
    every write would otherwise be every request in flight. An answer that is not cacheable (it
    has errors, or its computation failed or was cancelled) is not shared either: the waiting
    requests then compute their own, so each gets exactly what the resolvers say to it.
    """

    def __init__(self, size: int, ttl: float) -> None:
        self.ttl = ttl
        self.entries: LRU[Key, Entry] = LRU(size)
        self.flights: dict[tuple[Key, str], asyncio.Future[bytes | None]] = {}

    @property
    def size(self) -> int:
        return self.entries.size

    @property
    def enabled(self) -> bool:
        return self.size > 0

    @staticmethod
    def key(
        principal_id: str, query: str, variables: dict[str, Any] | None, operation: str | None
    ) -> Key:
        return ResponseCache.keyed(principal_id, query, variables_key(variables), operation)

    @staticmethod
    def keyed(principal_id: str, query: str, variables: str, operation: str | None) -> Key:
        """`key`, the variables already as `variables_key` makes them."""
        return (principal_id, query, variables, operation)

    def get(self, key: Key, head: str) -> bytes | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.head != head or entry.expires < time.monotonic():
            self.entries.pop(key)
            return None
        return entry.body

    def put(self, key: Key, head: str, body: bytes) -> None:
        self.entries.put(key, Entry(head, time.monotonic() + self.ttl, body))

    def computing(self, key: Key, head: str) -> bool:
        """Whether a request is computing `key` under `head` (see `shared`)."""
        return (key, head) in self.flights

    async def shared(self, key: Key, head: str) -> bytes | None:
        """The body that the request computing `key` under `head` is making, once it is made;
        None at once when none is computing it, or (later) when its answer is not cacheable."""
        flight = self.flights.get((key, head))
        if flight is None:
            return None
        return await asyncio.shield(flight)  # one waiter leaving never cancels it for the rest

    def begin(self, key: Key, head: str) -> asyncio.Future[bytes | None] | None:
        """This request computes `key` under `head` for every request missing it meanwhile;
        None when another already does (then compute without sharing). `end` must follow."""
        if (key, head) in self.flights:
            return None
        flight: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        self.flights[(key, head)] = flight
        return flight

    def end(
        self, key: Key, head: str, flight: asyncio.Future[bytes | None], body: bytes | None
    ) -> None:
        """The computation `begin` announced is over: `body`, a successful answer, is cached
        and handed to the waiting requests; None (errors, a failure) hands them nothing."""
        if body is not None:
            self.put(key, head, body)
        if self.flights.get((key, head)) is flight:
            del self.flights[(key, head)]
        if not flight.done():
            flight.set_result(body)


class ConstantAnswers:
    """Answers of documents whose answer is a constant (see `documents.is_constant`), as the
    resolvers gave them: the lane that serves them again is a lookup, with no execution and
    no database. Only a document the resolvers answered without errors is ever admitted, so
    an invalid one keeps getting its errors from the reference path."""

    def __init__(self, root: str, static: frozenset[str] = frozenset(), size: int = 1000) -> None:
        self.root = root
        self.static = static  # root fields whose answer is fixed (see `is_constant`)
        self.answers: LRU[tuple[str, str | None], bytes] = LRU(size)

    def constant(self, query: str, operation_name: str | None) -> bool:
        """Whether the document's answer would be a constant, if it is valid (the resolvers,
        not a compiled statement, should then answer it, and the lane learn the answer)."""
        return is_constant(query, operation_name, self.root, self.static)

    def admit(self, query: str, operation_name: str | None, body: bytes) -> None:
        """The resolvers answered this request with `body` (no errors): kept if constant."""
        if self.constant(query, operation_name):
            self.answers.put((query, operation_name), body)

    def get(self, query: str, operation_name: str | None) -> bytes | None:
        return self.answers.get((query, operation_name))
