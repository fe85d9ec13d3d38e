"""One execution per event for subscribers that asked the same thing.

When a milestone is committed, every subscriber's stream yields it and graphql-core executes the
subscription's selection set on it, once per subscriber: with 1,000 subscribers that is 1,000
identical executions. Subscribers with the same operation document, the same variables and the
same principal get the same answer for the same event, so the first execution is shared: the
others await it (shielded, so one subscriber leaving never cancels it for the rest). Different
principals never share (answers depend on what each may see).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gp_api.fastpath import LRU
from gp_api.graphql.events.types import Event

SIZE = 512
_shared: LRU[Hashable, asyncio.Future[Any] | Any] = LRU(SIZE)
_MISSING = object()


class SharedEventExecution(StrawberryGraphQLCoreExecutionContext):
    def __copy__(self) -> SharedEventExecution:
        # graphql-core copies the subscription's executor for every event of every subscriber
        # (build_per_event_executor); the same shallow copy as copy.copy's, without its generic
        # __reduce_ex__ route (6% of the server's time delivering to 1,000 subscribers).
        executor = object.__new__(type(self))
        executor.__dict__.update(self.__dict__)
        return executor

    def _event_key(self) -> Hashable | None:
        payload = self.root_value
        principal = getattr(self.context_value, "principal", None)
        if not isinstance(payload, Event) or not payload.log_hash or principal is None:
            return None
        variables: dict[str, Any] = self.variable_values.coerced
        try:
            frozen = repr(sorted(variables.items()))
        except TypeError:
            return None
        location = self.operation.loc
        if location is None:
            return None
        operation = (location.source.body, location.start)  # the document's text, not an id()
        return (payload.id, payload.log_hash, operation, frozen, principal.id)

    def execute_operation(self, serially: bool | None = None) -> Any:
        key = self._event_key()
        if key is None:
            return super().execute_operation(serially)
        known = _shared.get(key, _MISSING)
        if known is not _MISSING:
            return _await_shared(known) if isinstance(known, asyncio.Future) else known
        result = super().execute_operation(serially)
        if not isinstance(result, Awaitable):
            _shared.put(key, result)
            return result
        task: asyncio.Future[Any] = asyncio.ensure_future(result)
        _shared.put(key, task)
        return _await_shared(task)


async def _await_shared(task: asyncio.Future[Any]) -> Any:
    return await asyncio.shield(task)
