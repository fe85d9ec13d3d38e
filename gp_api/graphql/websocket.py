"""The WebSocket side of /graphql (graphql-transport-ws), served by strawberry's ASGI view."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from gp_api.auth.service import AuthenticationError, authenticate
from gp_api.config import Settings
from gp_api.events.broker import Broker
from gp_api.graphql.context import Context
from gp_api.graphql.http import bearer_secret
from gp_api.principal import ANONYMOUS


def _authorization(params: dict[str, Any]) -> str | None:
    """The token of a connection_init payload: `Authorization: Bearer ...` (any case), or
    `token`."""
    for key, value in params.items():
        if key.lower() == "authorization" and isinstance(value, str):
            return value
    token = params.get("token")
    return f"Bearer {token}" if isinstance(token, str) else None


class WebSocketGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        schema: BaseSchema,
        sessions: async_sessionmaker[AsyncSession],
        broker: Broker,
        settings: Settings,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            keep_alive=True,
            keep_alive_interval=15,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL),
        )
        self.sessions = sessions
        self.broker = broker
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            session=self.sessions(),
            principal=ANONYMOUS,
            sessions=self.sessions,
            broker=self.broker,
            release_after_run=True,
            webhook_allow_private=self.settings.webhook_allow_private,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Authenticate from the connection_init payload; a bad token closes with 4403."""
        try:
            secret = bearer_secret(_authorization(context.connection_params or {}))
            if secret is None:
                if not self.settings.public_read:
                    raise AuthenticationError("this server needs an API token")
                return cast(UnsetType, UNSET)
            async with self.sessions() as session:
                context.principal = await authenticate(session, secret)
        except AuthenticationError:
            raise ConnectionRejectionError from None
        return cast(UnsetType, UNSET)
