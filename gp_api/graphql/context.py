"""Per-request context: one database session (serialised: loaders run concurrently),
the principal, and the DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api.names.models import LanguageCode
from gp_api.principal import Principal

if TYPE_CHECKING:
    from gp_api.events.broker import Broker
    from gp_api.graphql.loaders import Loaders

T = TypeVar("T")


@dataclass
class Context:
    session: AsyncSession
    principal: Principal
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _loaders: Loaders | None = None
    # WebSocket connections: subscriptions read through their own short sessions, and the
    # context's session gives its connection back after each piece of work.
    sessions: async_sessionmaker[AsyncSession] | None = None
    broker: Broker | None = None
    release_after_run: bool = False
    connection_params: dict[str, object] | None = None
    # GP_WEBHOOK_ALLOW_PRIVATE: webhook URLs may point to loopback or private addresses.
    webhook_allow_private: bool = False
    # The default language of names and titles (Accept-Language; WebSocket: connection_init).
    language: LanguageCode = LanguageCode.EN

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` on the session, one piece of work at a time, shielded from cancellation.

        graphql-core cancels sibling resolvers when one fails; cancelling a driver call
        mid-query would leave the connection broken, so the work finishes regardless and
        `close` waits for it.
        """

        async def locked() -> T:
            async with self.lock:
                try:
                    return await work(self.session)
                finally:
                    if self.release_after_run:
                        await self.session.close()

        task = asyncio.ensure_future(locked())
        # When the caller was cancelled (a sibling failed), nobody awaits the task: its error
        # is retrieved here so that it is not reported as "never retrieved".
        task.add_done_callback(_retrieve)
        return await asyncio.shield(task)

    async def close(self) -> None:
        """Wait for work still on the session, then release its connection."""
        if (
            not self.lock.locked()
            and not self.session.in_transaction()
            and not self.session.identity_map
        ):
            # Nothing running, no connection held, nothing loaded: nothing to close (a
            # subscriber whose event was resolved on another's context, once per event).
            return
        async with self.lock:
            await self.session.close()

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            from gp_api.graphql.loaders import Loaders

            self._loaders = Loaders(self)
        return self._loaders

    def forget_loaded(self) -> None:
        """Drop cached rows after a write, so that the payload shows the new state."""
        self._loaders = None


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


# The `info` every resolver takes: one alias, so a resolver's signature names its context.
Info = strawberry.Info[Context, None]
