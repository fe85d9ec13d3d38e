"""The WebSocket side of /graphql (graphql-transport-ws), served by strawberry's ASGI view.

Each operation on a socket is logged when it starts and when it ends (with its outcome and
duration); queries and mutations count in `gp_graphql_request_seconds` like HTTP ones. A
client that goes away while an operation is sending to it ends that operation normally: it is
not an error of the server.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, cast

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types.unset import UNSET, UnsetType

from gp_api import logs, metrics
from gp_api.auth.service import AuthenticationError, authenticate
from gp_api.config import Settings
from gp_api.events.broker import Broker
from gp_api.graphql.cache import operation_of
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


log = structlog.stdlib.get_logger("gp_api.websocket")


class OperationHandler(BaseGraphQLTransportWSHandler[Context, None]):
    async def run_operation(self, operation: Operation[Context, None]) -> None:
        # The operation's task runs in a copy of the connection's context: what is bound here
        # stays with this operation's lines.
        kind, name = operation_of(operation.query, operation.operation_name)
        logs.bind(operation_id=operation.id, operation_name=name, operation_type=kind)
        log.info("operation.started")
        started, outcome = time.perf_counter(), "completed"
        try:
            await super().run_operation(operation)
        except asyncio.CancelledError:
            outcome = "stopped"  # completed by the client, or its socket closed
            raise
        except WebSocketDisconnected:
            outcome = "client gone"  # a normal end: the task finishes without an exception
        except Exception:
            outcome = "failed"
            raise
        finally:
            seconds = time.perf_counter() - started
            log.info("operation.ended", outcome=outcome, duration_ms=round(seconds * 1000, 2))
            metrics.observe_operation(kind, "ws", seconds)

    async def handle_task_exception(self, error: Exception) -> None:
        if isinstance(error, WebSocketDisconnected):
            return  # the client closed its socket mid-send: the operation just ends
        await super().handle_task_exception(error)


class WebSocketGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = OperationHandler

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
        finally:
            logs.bind(**logs.principal_fields(context.principal))
        return cast(UnsetType, UNSET)
