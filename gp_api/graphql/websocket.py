"""The WebSocket side of /graphql (graphql-transport-ws, and the older graphql-ws), served by
strawberry's ASGI view.

Each operation on a socket is admitted as an HTTP request would be, as of the moment it
arrives: it counts against the same per-address and per-token rate limits (the same limiter
objects), and the socket's token is authenticated again (cheaply: the principal cache keyed by
the log head, as on HTTP). A token that is revoked or has expired closes the whole socket with
4403 and runs nothing more; `TokenWatch` does the same while the socket idles or streams.

Each operation is logged when it starts and when it ends (with its outcome and duration);
queries and mutations count in `gp_graphql_request_seconds` like HTTP ones. A client that goes
away while an operation is sending to it ends that operation normally: it is not an error of
the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from contextlib import aclosing
from typing import Any, cast

import starlette.websockets
import structlog
from graphql import GraphQLError, GraphQLFormattedError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import (
    ConnectionInitMessage as LegacyConnectionInitMessage,
)
from strawberry.subscriptions.protocols.graphql_ws.types import (
    ErrorMessage as LegacyErrorMessage,
)
from strawberry.subscriptions.protocols.graphql_ws.types import StartMessage
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.unset import UNSET, UnsetType

from gp_api import logs, metrics
from gp_api.auth.service import AuthenticationError, authenticate
from gp_api.config import Settings
from gp_api.db import unavailable
from gp_api.events.broker import Broker
from gp_api.fastpath import (
    ConstantAnswers,
    HeadReader,
    PrincipalCache,
    operation_of,
    parse_document,
)
from gp_api.fastpath.budget import CostControl, CostRefused
from gp_api.fastpath.persisted import DocumentRefused, PersistedDocuments
from gp_api.fastpath.planner import CompiledReads
from gp_api.graphql.context import Context
from gp_api.graphql.errors import PublicCode, PublicError
from gp_api.graphql.http import bearer_secret, malformed
from gp_api.graphql.schema import SEVERAL_OPERATIONS
from gp_api.graphql.token_watch import OpenSocket, TokenWatch
from gp_api.names.languages import preferred
from gp_api.principal import ANONYMOUS
from gp_api.ratelimit import RateLimited, RateLimits

CLOSE_TOO_MANY = 4429  # graphql-transport-ws: too many initialisation requests
CLOSE_TRY_AGAIN = 1013  # RFC 6455's registry: Try Again Later
# A send to a client that has gone: strawberry's own exception (the socket broke under the
# send) or, since starlette 1.0, starlette's (the socket was already closed when an
# operation's task still had a result to send). Either way the operation just ends.
CLIENT_GONE: tuple[type[Exception], ...] = (
    WebSocketDisconnected,
    getattr(starlette.websockets, "WebSocketDisconnected", WebSocketDisconnected),
)

log = structlog.stdlib.get_logger("gp_api.websocket")


def _authorization(params: dict[str, Any]) -> str | None:
    """The token of a connection_init payload: `Authorization: Bearer ...` (any case), or
    `token`. A credential that is not text raises AuthenticationError: as on HTTP, a token that
    cannot be read is never taken for anonymous."""
    for key, value in params.items():
        if key.lower() == "authorization" and value is not None:
            if not isinstance(value, str):
                raise AuthenticationError("send the API token as: Authorization: Bearer <token>")
            return value
    token = params.get("token")
    if token is not None and not isinstance(token, str):
        raise AuthenticationError("send the API token as text in `token`")
    return None if token is None else f"Bearer {token}"


class Admission:
    """One socket: admits each of its operations, and is watched while it is open."""

    def __init__(self, view: WebSocketGraphQL, socket: OpenSocket, address: str) -> None:
        self.view = view
        self.socket = socket
        self.address = address
        self.since = 0
        self.watched = False

    async def initialise(
        self, init: Callable[[], Awaitable[None]], acknowledged: Callable[[], bool]
    ) -> None:
        """The protocol's connection_init (`init`), admitted: counted against the address's
        limit as an HTTP request (it costs a token lookup; over it, the socket is closed with
        4429), and closed with 1013 (Try Again Later) when the database cannot check the token
        now (`gp_api.db.unavailable`: an HTTP request gets 503); once acknowledged, the socket
        is watched for its token's revocation."""
        self.since = self.view.broker.head
        try:
            await self.view.limits.by_address.check(self.address)
        except RateLimited as limited:
            await self._close(CLOSE_TOO_MANY, str(limited))
            return
        try:
            await init()
        except Exception as error:
            if (message := unavailable(error)) is None:
                raise
            log.warning("websocket.unavailable", error=repr(error))
            await self._close(CLOSE_TRY_AGAIN, message)
            return
        if acknowledged() and not self.watched:
            self.watched = True
            await self.view.watch.add(self.socket, since=self.since)

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError):
            await self.socket.close_socket(code, reason)

    async def admit(self) -> bool:
        """Count the operation and authenticate its token again. False: the socket was closed
        (the token is no longer usable). Raises RateLimited: refuse this operation only."""
        view, context = self.view, self.socket.context
        await view.limits.by_address.check(self.address)
        secret = bearer_secret(_authorization(context.connection_params or {}))
        if secret is None:
            return True  # anonymous, as the connection was admitted
        head = await view.heads.read()
        principal = view.principals.get(secret, head)
        if principal is None:
            try:
                async with view.sessions() as session:
                    principal = await authenticate(session, secret)
            except AuthenticationError as error:
                await self.socket.close(str(error))
                return False
            view.principals.put(secret, head, principal)
        context.principal = principal
        await view.limits.by_token.check(principal.token_id)
        return True

    async def admitted(self, refuse: Callable[[GraphQLFormattedError], Awaitable[None]]) -> bool:
        """`admit`, with a rate-limited operation, or one the database cannot admit now
        (`gp_api.db.unavailable`), refused by `refuse` (the protocol's own `error` message for
        it) while the socket stays open."""
        try:
            return await self.admit()
        except RateLimited as limited:
            await refuse(cast(GraphQLFormattedError, limited.error))
            return False
        except Exception as error:
            # Checking the token found no free connection, or the database failing for
            # reasons of its own: this operation is refused, to retry (HTTP says 503).
            if (message := unavailable(error)) is None:
                raise
            log.warning("websocket.unavailable", error=repr(error))
            await refuse(PublicError(message, PublicCode.SERVICE_UNAVAILABLE.value).formatted)
            return False

    async def document(
        self, payload: Any, refuse: Callable[[GraphQLFormattedError], Awaitable[None]]
    ) -> bool:
        """Resolve a persisted document (APQ, trusted documents) into `payload["query"]`, as on
        HTTP. False: refused (by `refuse`). A payload that is malformed is left as it is."""
        if not isinstance(payload, dict):
            return True
        query, extensions = payload.get("query"), payload.get("extensions")
        if not (query is None or isinstance(query, str)) or not (
            extensions is None or isinstance(extensions, dict)
        ):
            return True
        try:
            payload["query"] = await self.view.documents.resolve(query, extensions)
        except DocumentRefused as refused:
            if refused.code is None:
                return True  # no document at all: malformed, as the protocol answers it
            await refuse(cast(GraphQLFormattedError, refused.error))
            return False
        return True

    async def charged(
        self, payload: Any, refuse: Callable[[GraphQLFormattedError], Awaitable[None]]
    ) -> bool:
        """Charge the operation's requested cost to its token's (else its address's) budget.
        False: refused (THROTTLED or over the single-query maximum), nothing ran."""
        costs = self.view.costs
        if costs is None or not costs.enabled or not isinstance(payload, dict):
            return True
        principal = self.socket.context.principal
        key = (
            f"token:{principal.token_id}"
            if principal.token_id is not None
            else f"address:{self.address}"
        )
        variables = payload.get("variables")
        try:
            await costs.charge(
                key,
                payload["query"],
                payload.get("operationName"),
                variables if isinstance(variables, dict) else None,
            )
        except CostRefused as refused:
            error = refused.error
            error["extensions"]["cost"] = refused.cost
            await refuse(cast(GraphQLFormattedError, error))
            return False
        return True

    def closed(self) -> None:
        self.view.watch.discard(self.socket)


def _admission(handler: TransportHandler | LegacyHandler) -> Admission:
    view = cast("WebSocketGraphQL", handler.view)
    websocket = cast(ASGIWebSocketAdapter, handler.websocket).ws
    address = websocket.client.host if websocket.client else "unknown"
    return Admission(view, OpenSocket(handler.context, handler.close_socket), address)


@contextlib.contextmanager
def _logged(operation_id: str, query: str, operation_name: str | None) -> Iterator[None]:
    """An operation's start and end lines and its latency, on either protocol. Entered in the
    operation's task, which runs in a copy of the connection's context: what is bound here
    stays with this operation's lines."""
    kind, name = operation_of(query, operation_name)
    logs.bind(operation_id=operation_id, operation_name=name, operation_type=kind)
    log.info("operation.started")
    started, outcome = time.perf_counter(), "completed"
    try:
        yield
    except asyncio.CancelledError:
        outcome = "stopped"  # completed by the client, or its socket closed
        raise
    except CLIENT_GONE:
        outcome = "client gone"  # a normal end: the task finishes without an exception
    except Exception:
        outcome = "failed"
        raise
    finally:
        seconds = time.perf_counter() - started
        log.info("operation.ended", outcome=outcome, duration_ms=round(seconds * 1000, 2))
        metrics.observe_operation(kind, "ws", seconds)


def _constant(handler: TransportHandler | LegacyHandler, message: Any) -> Any:
    """The answer (a `next`/`data` payload) of a constant document (`{ __typename }`) the
    resolvers have answered before, as the HTTP lane serves it; None: run the operation."""
    constants = cast("WebSocketGraphQL", handler.view).constants
    payload = message.get("payload")
    if constants is None or not isinstance(payload, dict):
        return None
    query, name = payload.get("query"), payload.get("operationName")
    if not isinstance(query, str) or not (name is None or isinstance(name, str)):
        return None
    body = constants.get(query, name)
    return None if body is None else json.loads(body)


async def _answer_constant(
    operation_id: str, query: str, name: str | None, send: Callable[[], Awaitable[None]]
) -> None:
    """Send a constant answer (`send`: its messages), logged as an operation. This runs in the
    socket's task, not an operation's: what is bound for its lines is dropped after."""
    before = logs.bound()
    try:
        with _logged(operation_id, query, name):
            await send()
    finally:
        logs.restore(before)


class _CompiledReads:
    """The schema as the WebSocket handlers see it: a query that the fast path plans (its
    document answered once by the resolvers without errors, over HTTP or a socket) is answered
    by its compiled statement, for the socket's principal and language, as on HTTP; every
    other operation by the resolvers, which admit the queries they answer without errors.
    Both protocols run every operation through `stream` (graphql-ws by way of `subscribe`)."""

    def __init__(self, schema: BaseSchema, view: WebSocketGraphQL) -> None:
        self.schema = schema
        self.view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self.schema, name)

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> Any:
        compiled = self.view.compiled
        if compiled is None or query is None or not isinstance(context_value, Context):
            return await self.schema.stream(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                operation_extensions,
            )
        principal, language = context_value.principal, context_value.language
        prepared = compiled.prepare(
            query, operation_name, variable_values, principal.role, language
        )
        if prepared is not None:
            try:
                _, body = await compiled.execute_at_version(
                    self.view.engine,
                    prepared,
                    principal,
                    self.view.sessions,
                    self.view.heads.statements.fetchrow,
                )
            except PoolTimeout:
                pass  # the server is busy, the plan is fine: the resolvers say so this time
            except Exception as error:
                compiled.failed(
                    error, query, operation_name, variable_values, principal.role, language
                )
            else:
                return _one(ExecutionResult(data=json.loads(body)["data"], errors=None))
        source = await self.schema.stream(
            query, variable_values, context_value, root_value, operation_name, operation_extensions
        )
        if operation_of(query, operation_name)[0] != "query":
            return source
        return _admitting(source, lambda: compiled.admit(query, operation_name))

    async def subscribe(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> Any:
        """What strawberry's graphql-ws handler runs every operation through. It allows
        subscriptions only, but the protocol (subscriptions-transport-ws, gql's default)
        carries queries and mutations too: `stream` runs all three, a query or mutation as one
        result followed by `complete`."""
        return await self.stream(
            query, variable_values, context_value, root_value, operation_name, operation_extensions
        )


async def _one(result: ExecutionResult) -> AsyncGenerator[ExecutionResult, None]:
    yield result


async def _admitting(source: Any, admit: Callable[[], None]) -> AsyncGenerator[Any, None]:
    """The resolvers' results of a query; the document admitted to the fast path once they
    answered it without errors (as the HTTP path admits it)."""
    async with aclosing(source):
        async for result in source:
            if (
                isinstance(result, ExecutionResult)
                and not isinstance(result, PreExecutionError)
                and not result.errors
            ):
                admit()
            yield result


class TransportHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws; a rate-limited operation gets an `error` message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admission = _admission(self)
        self.schema = cast(BaseSchema, _CompiledReads(self.schema, self.admission.view))

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        init = functools.partial(super().handle_connection_init, message)
        await self.admission.initialise(init, lambda: self.connection_acknowledged)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        async def refuse(error: GraphQLFormattedError) -> None:
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error]))

        fresh = self.connection_acknowledged and message["id"] not in self.operations
        if fresh and not await self.admission.document(message.get("payload"), refuse):
            return
        if self.connection_acknowledged and (reason := malformed(message.get("payload"))):
            await self.handle_invalid_message(reason)  # closes the socket with 4400
            return
        if fresh and not await self.admission.admitted(refuse):
            return
        if fresh and not await self.admission.charged(message["payload"], refuse):
            return
        if (
            self.connection_acknowledged
            and message["id"] not in self.operations
            and (answer := _constant(self, message)) is not None
        ):
            operation_id = message["id"]

            async def send() -> None:
                await self.send_message({"id": operation_id, "type": "next", "payload": answer})
                await self.send_message({"id": operation_id, "type": "complete"})

            payload = message["payload"]
            await _answer_constant(
                operation_id, payload["query"], payload.get("operationName"), send
            )
            return
        await super().handle_subscribe(message)

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        with _logged(operation.id, operation.query, operation.operation_name):
            await super().run_operation(operation)

    async def handle_task_exception(self, error: Exception) -> None:
        if isinstance(error, CLIENT_GONE):
            return  # the client closed its socket mid-send: the operation just ends
        await super().handle_task_exception(error)

    async def shutdown(self) -> None:
        self.admission.closed()
        await super().shutdown()

    async def close_socket(self, code: int, reason: str) -> None:
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        await self.websocket.close(code, reason)


class LegacyHandler(BaseGraphQLWSHandler[Context, None]):
    """graphql-ws (subscriptions-transport-ws), admitted the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admission = _admission(self)
        self.schema = cast(BaseSchema, _CompiledReads(self.schema, self.admission.view))

    async def handle_connection_init(self, message: LegacyConnectionInitMessage) -> None:
        init = functools.partial(super().handle_connection_init, message)
        await self.admission.initialise(init, lambda: self.connection_acknowledged)

    async def handle_start(self, message: StartMessage) -> None:
        async def refuse(error: GraphQLFormattedError) -> None:
            await self.send_message(
                LegacyErrorMessage(id=message["id"], type="error", payload=error)
            )

        if self.connection_acknowledged:
            if not await self.admission.document(message.get("payload"), refuse):
                return
            if reason := malformed(message.get("payload")):
                await refuse({"message": reason})
                return
            if not await self.admission.admitted(refuse):
                return
            if not await self.admission.charged(message["payload"], refuse):
                return
            if (refusal := self.refusal(message["payload"])) is not None:
                await refuse(PublicError(refusal, PublicCode.BAD_USER_INPUT.value).formatted)
                return
            if message["id"] not in self.tasks and (answer := _constant(self, message)) is not None:
                operation_id = message["id"]

                async def send() -> None:
                    await self.send_message({"id": operation_id, "type": "data", "payload": answer})
                    await self.send_message({"id": operation_id, "type": "complete"})

                payload = message["payload"]
                await _answer_constant(
                    operation_id, payload["query"], payload.get("operationName"), send
                )
                return
        await super().handle_start(message)

    async def handle_async_results(
        self,
        operation_id: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, object] | None,
    ) -> None:
        with _logged(operation_id, query, operation_name):
            await super().handle_async_results(operation_id, query, operation_name, variables)

    @staticmethod
    def refusal(payload: Any) -> str | None:
        """Why strawberry cannot run this document, when it would fail inside as an unexpected
        error: on this protocol it picks the first operation of a document before anything
        checks that one was named."""
        query, name = payload.get("query"), payload.get("operationName")
        if not isinstance(query, str):
            return None
        kind, _ = operation_of(query, name)
        if kind == "unknown":
            try:
                parse_document(query)
            except GraphQLError:
                return None  # strawberry reports a syntax error itself
            return SEVERAL_OPERATIONS if name is None else f"no operation named {name!r}"
        return None

    async def cleanup(self) -> None:
        self.admission.closed()
        await super().cleanup()

    async def close_socket(self, code: int, reason: str) -> None:
        await super().cleanup()
        await self.websocket.close(code, reason)


class WebSocketGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportHandler
    graphql_ws_handler_class = LegacyHandler

    def __init__(
        self,
        schema: BaseSchema,
        sessions: async_sessionmaker[AsyncSession],
        broker: Broker,
        settings: Settings,
        *,
        limits: RateLimits,
        principals: PrincipalCache,
        heads: HeadReader,
        constants: ConstantAnswers | None = None,
        documents: PersistedDocuments | None = None,
        costs: CostControl | None = None,
        compiled: CompiledReads | None = None,
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
        self.limits = limits
        self.principals = principals
        self.heads = heads
        self.constants = constants  # answers of constant documents, shared with HTTP
        # Persisted documents and query cost, shared with HTTP (one budget per client).
        self.documents = documents or PersistedDocuments(0)
        self.costs = costs
        self.compiled = compiled  # the fast path's plans, shared with HTTP
        self.engine: AsyncEngine = sessions.kw["bind"]
        self.watch = TokenWatch(broker, sessions)

    def decode_json(self, data: str | bytes) -> object:
        """A message nested deeper than the parser goes is malformed JSON, as the protocols
        answer it (graphql-transport-ws: close 4400), not a crash of the socket."""
        try:
            return json.loads(data)
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply", "", 0) from None

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
            language=preferred(request.headers.get("accept-language")),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Authenticate from the connection_init payload; a bad token closes with 4403. The
        payload's `Accept-Language` (any case) sets the connection's language, over the
        upgrade request's header."""
        for key, value in (context.connection_params or {}).items():
            if key.lower() == "accept-language" and isinstance(value, str):
                context.language = preferred(value)
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
