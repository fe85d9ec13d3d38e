"""Per-request context: one database session (serialised: loaders run concurrently),
the principal, and the DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.principal import Principal

if TYPE_CHECKING:
    from gp_api.graphql.loaders import Loaders


@dataclass
class Context:
    session: AsyncSession
    principal: Principal
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _loaders: Loaders | None = None

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        """The session, for one piece of work at a time."""
        async with self.lock:
            yield self.session

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            from gp_api.graphql.loaders import Loaders

            self._loaders = Loaders(self)
        return self._loaders

    def forget_loaded(self) -> None:
        """Drop cached rows after a write, so that the payload shows the new state."""
        self._loaders = None
