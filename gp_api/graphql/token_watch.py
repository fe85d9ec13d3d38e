"""Closes the WebSockets of API tokens that are revoked or expire, while they idle or stream.

Revoking a token appends `api_token.revoked` to the event log, which every process follows
through the broker: one broker subscription per process (held while a socket with a token is
open) sees each revocation, and the broker's tick checks expiry. Should the inbox overflow, the
tokens of every open socket are checked in the table instead, so a missed event never leaves a
revoked token's socket open.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api.auth.service import still_valid
from gp_api.events.broker import Broker, Subscriber
from gp_api.graphql.context import Context

log = logging.getLogger("gp_api.websocket")

CLOSE_FORBIDDEN = 4403  # the code graphql-transport-ws uses for a refused connection_init
REVOKED = "the API token was revoked"
EXPIRED = "the API token has expired"
UNUSABLE = "the API token was revoked or has expired"


class OpenSocket:
    """A WebSocket whose operations run as `context.principal`. `close_socket` ends its
    operations first (so none of them writes to a closed socket), then the socket."""

    def __init__(
        self, context: Context, close_socket: Callable[[int, str], Awaitable[None]]
    ) -> None:
        self.context = context
        self.close_socket = close_socket

    @property
    def token_id(self) -> int | None:
        return self.context.principal.token_id

    def expired(self, now: dt.datetime) -> bool:
        expires = self.context.principal.expires_at
        return expires is not None and expires <= now

    async def close(self, reason: str) -> None:
        with contextlib.suppress(RuntimeError):  # already closed: nothing more to send
            await self.close_socket(CLOSE_FORBIDDEN, reason)


class TokenWatch:
    def __init__(self, broker: Broker, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.broker = broker
        self.sessions = sessions
        self.sockets: dict[int, set[OpenSocket]] = {}
        self.task: asyncio.Task[None] | None = None

    async def add(self, socket: OpenSocket, *, since: int) -> None:
        """Watch `socket`, whose token was found usable while the broker's head was `since`."""
        token_id = socket.token_id
        if token_id is None:
            return
        self.sockets.setdefault(token_id, set()).add(socket)
        if self.task is None:
            inbox = self.broker.subscribe()
            self.task = asyncio.create_task(
                self._watch(inbox, self.broker.head), name="gp-token-watch"
            )
        if self.broker.head != since:
            # Events published between the authentication and now were not watched for it.
            await self._close_unusable([token_id])

    def discard(self, socket: OpenSocket) -> None:
        token_id = socket.token_id
        group = self.sockets.get(token_id) if token_id is not None else None
        if token_id is None or group is None:
            return
        group.discard(socket)
        if not group:
            del self.sockets[token_id]
        if not self.sockets and self.task is not None:
            self.task.cancel()
            self.task = None

    async def _watch(self, inbox: Subscriber, last: int) -> None:
        try:
            while True:
                row = await inbox.queue.get()
                try:
                    if row is None:
                        await self._close_expired()
                        continue
                    if row.id <= last:
                        continue
                    missed, last = row.id != last + 1, row.id
                    if missed:
                        await self._close_unusable(list(self.sockets))
                    elif row.type == "api_token.revoked" and row.subject_id is not None:
                        await self._close(row.subject_id, REVOKED)
                except Exception:
                    log.exception("checking the tokens of open sockets failed; retrying")
        finally:
            self.broker.unsubscribe(inbox)

    async def _close(self, token_id: int, reason: str) -> None:
        for socket in list(self.sockets.get(token_id, ())):
            await socket.close(reason)

    async def _close_expired(self) -> None:
        now = dt.datetime.now(dt.UTC)
        for group in list(self.sockets.values()):
            for socket in list(group):
                if socket.expired(now):
                    await socket.close(EXPIRED)

    async def _close_unusable(self, token_ids: Iterable[int]) -> None:
        async with self.sessions() as session:
            unusable = [i for i in token_ids if not await still_valid(session, i)]
        for token_id in unusable:
            await self._close(token_id, UNUSABLE)
