"""A response cache for read-only operations that is never stale.

Every write appends to the event log in its transaction, and event ids are gap-free in commit
order, so the log's last row names the state of the whole record. A cached response is served
only while that row is unchanged (one indexed lookup), so a read issued after a mutation's
response has arrived always reflects it, on any server process. Entries are kept per principal
(answers differ by role and actor), and for at most `ttl` seconds, which bounds what depends on
the clock alone (a commitment becoming overdue).
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.events.models import Event

Key = tuple[str, str, str, str | None]


@lru_cache(maxsize=1000)
def is_query(document: str, operation_name: str | None) -> bool:
    try:
        operation = get_operation_ast(parse(document), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation is OperationType.QUERY


async def log_head(session: AsyncSession) -> str:
    """The hash of the last event: it names the whole state of the record (and, unlike the id
    alone, cannot repeat after a database is restored to an earlier state)."""
    last = await session.scalar(select(Event.hash).order_by(Event.id.desc()).limit(1))
    return last or "empty"


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
