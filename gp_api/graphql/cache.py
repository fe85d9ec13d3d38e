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
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import asyncpg
from graphql import DocumentNode, GraphQLError, OperationType, get_operation_ast, parse
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.auth.service import hash_secret
from gp_api.data_version import VERSION_SQL
from gp_api.principal import Principal

Key = tuple[str, str, str, str | None]


@lru_cache(maxsize=1000)
def parse_document(document: str) -> DocumentNode:
    """Parsed once per process for the HTTP layer's own needs (strawberry keeps its own)."""
    return parse(document)


@lru_cache(maxsize=1000)
def operation_of(document: str, operation_name: str | None) -> tuple[str, str | None]:
    """The type (`query`, `mutation`, `subscription`; `unknown` when the document does not
    parse or names no such operation) and the name of the operation a request runs."""
    try:
        operation = get_operation_ast(parse_document(document), operation_name)
    except GraphQLError:
        return "unknown", operation_name
    if operation is None:
        return "unknown", operation_name
    return operation.operation.value, operation.name.value if operation.name else None


def is_query(document: str, operation_name: str | None) -> bool:
    return operation_of(document, operation_name)[0] == OperationType.QUERY.value


async def read_version(engine: AsyncEngine) -> str:
    """The data version: it names the whole state of the database. One statement on a
    pooled connection, outside any transaction: this is all a cache hit costs the database."""
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":  # no BEGIN/ROLLBACK around the one statement
            await conn.execution_options(isolation_level="AUTOCOMMIT")
        last = (await conn.exec_driver_sql(VERSION_SQL)).scalar()
    return str(last) if last else "empty"


class HeadReader:
    """Reads the data version (the "head") for many concurrent requests with few queries,
    never a stale one.

    A request needs a head read that *started after it arrived* (then any write whose response
    came before the request is seen). At most one read runs at a time: requests arriving while
    it runs wait for the next read, which serves all of them. Under load that is one query per
    batch of requests; a lone request costs exactly one query, as before.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.waiting: asyncio.Future[str] | None = None
        self.reader: asyncio.Task[None] | None = None
        # On PostgreSQL, reads go over one connection of their own (they run one at a time):
        # a prepared statement, no pool checkout, no transaction.
        self.raw: asyncpg.Connection | None = None
        self.reads = 0  # how many reads ran (for tests and /metrics)

    async def _read(self) -> str:
        self.reads += 1
        if self.engine.dialect.name != "postgresql":
            return await read_version(self.engine)
        try:
            if self.raw is None or self.raw.is_closed():
                url = self.engine.url.set(drivername="postgresql")
                self.raw = await asyncpg.connect(url.render_as_string(hide_password=False))
            last = await self.raw.fetchval(VERSION_SQL)
        except (OSError, asyncpg.PostgresError):
            await self.close()
            return await read_version(self.engine)  # the pool's connections, as a fallback
        return str(last) if last else "empty"

    async def close(self) -> None:
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
            while (future := self.waiting) is not None:
                self.waiting = None  # later arrivals wait for the next read
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
        self.size = size
        self.entries: OrderedDict[str, Known] = OrderedDict()

    def get(self, secret: str, head: str) -> Principal | None:
        digest = hash_secret(secret)
        known = self.entries.get(digest)
        if known is None:
            return None
        expires = known.principal.expires_at
        if (
            known.head != head
            or known.until < time.monotonic()
            or (expires is not None and expires <= dt.datetime.now(dt.UTC))
        ):
            del self.entries[digest]
            return None
        return known.principal

    def put(self, secret: str, head: str, principal: Principal) -> None:
        digest = hash_secret(secret)
        self.entries[digest] = Known(principal, head, time.monotonic() + self.ttl)
        self.entries.move_to_end(digest)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


@dataclass(frozen=True)
class Entry:
    head: str
    expires: float
    body: bytes


class ResponseCache:
    def __init__(self, size: int, ttl: float) -> None:
        self.size = size
        self.ttl = ttl
        self.entries: OrderedDict[Key, Entry] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.size > 0

    @staticmethod
    def key(
        principal_id: str, query: str, variables: dict[str, Any] | None, operation: str | None
    ) -> Key:
        return (principal_id, query, json.dumps(variables or {}, sort_keys=True), operation)

    def get(self, key: Key, head: str) -> bytes | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.head != head or entry.expires < time.monotonic():
            del self.entries[key]
            return None
        self.entries.move_to_end(key)
        return entry.body

    def put(self, key: Key, head: str, body: bytes) -> None:
        self.entries[key] = Entry(head, time.monotonic() + self.ttl, body)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
