"""GraphQL over HTTP, by the GraphQL-over-HTTP specification.

- POST application/json (queries and mutations) and GET (queries only; 405 otherwise).
- Responds `application/graphql-response+json` when the client accepts it, else
  `application/json`. A request that is not a well-formed GraphQL-over-HTTP request (a body
  that is not JSON or not an object, a missing or mistyped parameter) gets 400 whatever the
  media type. A well-formed request that never reaches execution (a document that does not
  parse or validate, an operation that cannot be determined) gets 400 and no `data` with the
  former, and 200 with the latter, as the spec asks for legacy clients.
- A browser asking for HTML without a query gets the page `ide` makes (GraphiQL, from
  gp_api.graphiql).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import coredis
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema import Schema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

from gp_api import logs, validation
from gp_api.auth.service import LAST_USED_RESOLUTION, AuthenticationError, authenticate
from gp_api.config import Settings
from gp_api.db import unavailable
from gp_api.fastpath import (
    ConstantAnswers,
    HeadReader,
    PrincipalCache,
    ResponseCache,
    operation_of,
)
from gp_api.fastpath.budget import Charge, CostControl, CostRefused
from gp_api.fastpath.cost import Costs
from gp_api.fastpath.persisted import DocumentRefused, PersistedDocuments, load_manifest
from gp_api.fastpath.planner import CompiledReads, Prepared
from gp_api.fastpath.replay import RawKey, RawRequest, Reading, Readings, raw_request
from gp_api.graphql.context import Context
from gp_api.graphql.errors import PublicCode, PublicError
from gp_api.graphql.static import static_fields
from gp_api.names.languages import preferred
from gp_api.names.models import LanguageCode
from gp_api.principal import ANONYMOUS, Principal
from gp_api.ratelimit import Limit, RateLimited, RateLimits

log = logging.getLogger("gp_api.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY = 1_000_000
READINGS = 1_000  # requests whose reading is remembered (gp_api.fastpath.replay)


class RequestError(Exception):
    """A request refused before execution. `status` None: a well-formed request, whose status
    depends on the response media type (400, or 200 for legacy application/json)."""

    def __init__(
        self, message: str, status: int | None = 400, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}


def _media_ranges(header: str) -> list[tuple[str, float]]:
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return ranges


def negotiate(accept: str | None) -> str | None:
    """The response media type, or None when the client accepts neither of ours."""
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for media, q in _media_ranges(accept):
        if q <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            candidate = (q, 2, GRAPHQL_RESPONSE)
        elif media in (JSON, "application/*", "*/*"):
            candidate = (q, 1 if media == JSON else 0, JSON)
        else:
            continue
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


def _wants_html(request: Request) -> bool:
    return any(
        m == "text/html" for m, q in _media_ranges(request.headers.get("accept", "")) if q > 0
    )


def _loads(text: str | bytes, what: str) -> Any:
    try:
        return json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep
        raise RequestError(f"{what} is not valid JSON") from None


def _json_param(raw: Any, name: str, *, from_query_string: bool) -> dict[str, Any] | None:
    if raw is None:
        return None
    if from_query_string:
        if raw == "":
            return None
        raw = _loads(raw, f"the {name} parameter")
        if raw is None:
            return None
    if not isinstance(raw, dict):
        raise RequestError(f"the {name} parameter must be a JSON object")
    return raw


def _params(
    data: Any, *, from_query_string: bool
) -> tuple[str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]:
    """The parameters; `query` may be missing only when `extensions.persistedQuery` names the
    document by its hash (gp_api.fastpath.persisted)."""
    if not isinstance(data, dict):
        raise RequestError("the request body must be a JSON object")
    query = data.get("query")
    extensions = _json_param(
        data.get("extensions"), "extensions", from_query_string=from_query_string
    )
    if query is None and not (extensions and "persistedQuery" in extensions):
        raise RequestError("the query parameter is missing")
    if query is not None and not isinstance(query, str):
        raise RequestError("the query parameter must be a string")
    operation_name = data.get("operationName")
    if operation_name == "" and from_query_string:
        operation_name = None
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError("the operationName parameter must be a string")
    for name, text in (("query", query), ("operationName", operation_name)):
        if text is not None and (reason := validation.unstorable_text(text)):
            raise RequestError(f"the {name} parameter is refused: {reason}")
    variables = _json_param(data.get("variables"), "variables", from_query_string=from_query_string)
    return query, operation_name, variables, extensions


def malformed(data: Any) -> str | None:
    """Why `data` (the parameters of a request: query, operationName, variables, extensions)
    is not a well-formed GraphQL request; None when it is. WebSocket operations carry the same
    parameters and are checked by the same rules."""
    try:
        _params(data, from_query_string=False)
    except RequestError as error:
        return error.message
    return None


async def _read_params(
    request: Request,
) -> tuple[str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]:
    if request.method == "GET":
        return _params(dict(request.query_params), from_query_string=True)
    content_type = request.headers.get("content-type")
    if content_type is None:
        raise RequestError("send the request with Content-Type: application/json", 415)
    media, *params = [p.strip().lower() for p in content_type.split(";")]
    if media != JSON:
        raise RequestError(f"unsupported Content-Type {media!r}: use application/json", 415)
    for param in params:
        name, _, value = param.partition("=")
        if name == "charset" and value.strip('"') not in ("utf-8", "utf8"):
            raise RequestError("the request body must be UTF-8", 415)
    body = await request.body()
    if len(body) > MAX_BODY:
        raise RequestError(f"the request body is larger than {MAX_BODY} bytes", 413)
    if not body:
        raise RequestError("the request body is empty: send a JSON object with a query")
    return _params(_loads(body, "the request body"), from_query_string=False)


# Names and titles answer in the request's Accept-Language: a shared cache keeps one answer
# per language.
VARY = {"Vary": "Accept-Language"}


def _respond(
    payload: dict[str, Any], media: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        status_code=status,
        media_type=f"{media}; charset=utf-8",
        headers={**VARY, **(headers or {})},
    )


def _answer(body: bytes, media: str) -> Response:
    """A successful answer made before (cached, constant, or built by the database)."""
    return Response(body, media_type=f"{media}; charset=utf-8", headers=VARY)


async def _read_body(receive: Receive) -> bytes:
    """The whole request body (as Starlette's `Request.body` reads it)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """`receive` for a request whose body was read already: the body first, then the rest."""
    given = False

    async def again() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


def _is_request_error(result: ExecutionResult) -> bool:
    """True when execution never started: the response then has no `data` entry."""
    if isinstance(result, PreExecutionError):
        return True
    return (
        result.data is None and bool(result.errors) and all(not e.path for e in result.errors or [])
    )


async def _release(context: Context) -> None:
    """Close the request's session; a connection left broken (e.g. by a resolver cancelled
    mid-query) is invalidated rather than returned to the pool."""
    try:
        await context.close()
    except Exception:
        log.warning("discarding a database connection left unusable", exc_info=True)
        await context.session.invalidate()


def _budget_key(principal: Principal, address: str) -> str:
    """Whose cost budget an operation draws on: its token's, else its client address's."""
    if principal.token_id is not None:
        return f"token:{principal.token_id}"
    return f"address:{address}"


def bearer_secret(header: str | None) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` header; None when there is no header.
    Raises AuthenticationError for any other form, so a bad header never reads as anonymous."""
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthenticationError("send the API token as: Authorization: Bearer <token>")
    return secret.strip()


class GraphQLEndpoint:
    """The HTTP side of /graphql; the WebSocket side is served by strawberry."""

    def __init__(
        self,
        schema: Schema,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        limits: RateLimits,
        ide: Callable[[Request], Response],
    ) -> None:
        self.schema = schema
        self.ide = ide
        self.sessions = sessions
        self.settings = settings
        self.limits = limits
        self.cache = ResponseCache(settings.response_cache_size, settings.response_cache_ttl)
        self.principals = PrincipalCache(LAST_USED_RESOLUTION.total_seconds())
        self.readings = Readings(READINGS)
        self.replayed = 0  # answers `_replay` gave (for tests)
        root = schema._schema.query_type
        static = static_fields(schema._schema)
        self.constants = ConstantAnswers(root.name if root is not None else "Query", static)
        self.engine: AsyncEngine = sessions.kw["bind"]
        self.heads = HeadReader(self.engine)
        self.compiled = (
            CompiledReads(schema._schema, self.engine.dialect.name, static=static)
            if settings.compiled_reads
            else None
        )
        redis = coredis.Redis(connection_pool=limits.pool) if limits.pool is not None else None
        self.costs = CostControl(
            Costs(schema._schema),
            budget=settings.cost_budget,
            restore_rate=settings.cost_restore_rate,
            max_query=settings.cost_max_query,
            report=settings.cost_report,
            redis=redis,
            prefix=settings.redis_prefix,
        )
        self.documents = PersistedDocuments(
            settings.apq_cache_size,
            load_manifest(Path(settings.trusted_documents)) if settings.trusted_documents else None,
            redis,
            settings.redis_prefix,
        )

    async def open_context(self, request: Request, head: str | None = None) -> Context:
        """A context with a fresh session and the request's principal (AuthenticationError).
        With `head` (the data version read before), the principal is remembered for cache hits."""
        secret = bearer_secret(request.headers.get("authorization"))
        session = self.sessions()
        try:
            principal = ANONYMOUS
            if secret is not None:
                principal = await authenticate(session, secret)
                if head is not None:
                    self.principals.put(secret, head, principal)
            elif not self.settings.public_read:
                raise AuthenticationError("this server needs an API token for every request")
        except BaseException:
            await session.close()
            raise
        return Context(
            session=session,
            principal=principal,
            webhook_allow_private=self.settings.webhook_allow_private,
            language=preferred(request.headers.get("accept-language")),
        )

    def _known(self, request: Request, head: str | None) -> Principal | None:
        """The principal, when it is known without a lookup: anonymous (if public reads are
        on), or a token authenticated while the data version was `head`. None: authenticate."""
        try:
            secret = bearer_secret(request.headers.get("authorization"))
        except AuthenticationError:
            return None  # the full path says what is wrong
        if secret is None:
            return ANONYMOUS if self.settings.public_read else None
        return None if head is None else self.principals.get(secret, head)

    async def _charge(
        self,
        key: str,
        operation: tuple[str, str | None, dict[str, Any] | None],
        media: str,
    ) -> Charge | Response | None:
        """Charge an operation's cost to `key` (`token:ID` or `address:A`) before it runs: the
        charge, or the response refusing it (THROTTLED: 429 with Retry-After; over the single
        query maximum: a request error); None when cost is off."""
        if not self.costs.enabled:
            return None
        try:
            return await self.costs.charge(key, *operation)
        except CostRefused as refused:
            if refused.retry_after is not None:
                return _respond(
                    refused.payload, media, 429, {"Retry-After": str(refused.retry_after)}
                )
            return _respond(refused.payload, media, 400 if media == GRAPHQL_RESPONSE else 200)

    async def _admit(
        self,
        principal: Principal,
        address: str,
        operation: tuple[str, str | None, dict[str, Any] | None],
        media: str,
    ) -> Charge | Response | None:
        """What every lane checks once it knows who asks, in this order: the token's rate
        limit, then the operation's cost charged to its budget (`_charge`). The charge (None:
        cost off), or the response refusing the operation (nothing has run)."""
        if principal.token_id is not None and (
            limited := await self._limited(self.limits.by_token, principal.token_id, media)
        ):
            return limited
        return await self._charge(_budget_key(principal, address), operation, media)

    async def _refund(self, charge: Charge | None) -> None:
        """Give a charge back whole: its operation is answered (and charged) by another lane."""
        if charge is not None:
            await self.costs.settle(charge, 0)

    async def _settle(self, body: bytes, charge: Charge | None, *, shared: bool = False) -> bytes:
        """`body` with `extensions.cost` (when reported), the unused cost given back.
        `shared`: a body served again and again (CostControl.settle_body)."""
        if charge is None:
            return body
        if not self.costs.report:
            await self.costs.settle(charge, self.costs.costs.actual_of_body(charge.costed, body))
            return body
        return await self.costs.settle_body(charge, body, shared=shared)

    async def _settled(self, response: Response, charge: Charge | None) -> Response:
        """`response` with `extensions.cost`, and the unused cost given back."""
        if charge is None:
            return response
        body = bytes(response.body)
        settled = await self._settle(body, charge)
        if settled is not body:
            # The same response, its body extended (no second Response built per request).
            response.body = settled
            response.headers["content-length"] = str(len(settled))
        return response

    @staticmethod
    async def _limited(limit: Limit, key: object, media: str) -> Response | None:
        try:
            await limit.check(key)
        except RateLimited as limited:
            return _respond(
                {"errors": [limited.error]}, media, 429, {"Retry-After": str(limited.seconds)}
            )
        return None

    async def lane(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A GET or POST of /graphql (gp_api.app's lean lane). A request whose bytes were read
        before (gp_api.fastpath.replay) and whose answer is a constant or a cached one, for a
        principal known without a lookup, is answered here (`_replay`); every other goes
        through the pipeline (`handle`), which remembers how it read the request."""
        body = await _read_body(receive) if scope["method"] == "POST" else b""
        raw = raw_request(scope, body)
        reading = self.readings.get(raw.key)
        if reading is not None:
            try:
                replayed = await self._replay(reading, raw, scope)
            except Exception as error:
                replayed = self._unavailable(error, reading.media)
                if replayed is None:
                    raise
            if isinstance(replayed, bytes):
                self.replayed += 1
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-length", b"%d" % len(replayed)),
                            (b"content-type", reading.content_type),
                            (b"vary", b"Accept-Language"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": replayed})
                return
            if replayed is not None:
                await replayed(scope, receive, send)
                return
        response = await self.handle(Request(scope, _replaying(body, receive)), raw.key)
        await response(scope, receive, send)

    async def _replay_compiled(
        self, reading: Reading, raw: RawRequest, scope: Scope
    ) -> bytes | Response | None:
        """`_at_version`'s answer to a compiled read sent again (response cache off)."""
        if self.compiled is None:
            return None
        operation = (reading.query, reading.operation_name, reading.variables)
        versioned = self._versioned(raw.authorization, operation, reading.language)
        if versioned is None:
            return None
        logs.bind(operation_name=reading.name, operation_type=reading.kind)
        if limited := await self._limited(self.limits.by_address, raw.address, reading.media):
            return limited
        return await self._at_version(
            versioned,
            operation,
            reading.media,
            raw.address,
            lambda head: self.open_context(Request(scope), head),
            reading.language,
        )

    async def _replay(
        self, reading: Reading, raw: RawRequest, scope: Scope
    ) -> bytes | Response | None:
        """The answer (its body, or a refusal) to a read whose request was read before, when
        that answer is a constant or a cached one and its principal is known (anonymous, or a
        token checked at the current data version); None: the pipeline answers it. Nothing is
        charged or counted before that is known; then the same checks as the pipeline's: the
        address's and the token's rate limits, the cost charged and settled."""
        if reading.kind != "query":
            return None
        try:
            secret = bearer_secret(raw.authorization)
        except AuthenticationError:
            return None  # the pipeline says what is wrong
        constant = self.constants.get(reading.query, reading.operation_name)
        if constant is None and not self.cache.enabled:
            return await self._replay_compiled(reading, raw, scope)
        head: str | None = None
        if secret is None:
            if not self.settings.public_read:
                return None
            principal = ANONYMOUS
        else:
            head = await self.heads.read()
            known = self.principals.get(secret, head)
            if known is None:
                return None
            principal = known
        body = constant
        if body is None:
            if head is None:
                head = await self.heads.read()
            body = self.cache.get(
                self.cache.keyed(
                    f"{principal.id}|{reading.language.value}",
                    reading.query,
                    reading.variables_key,
                    reading.operation_name,
                ),
                head,
            )
            if body is None:
                return None
        media = reading.media
        logs.bind(
            operation_name=reading.name,
            operation_type=reading.kind,
            **logs.principal_fields(principal),
        )
        if limited := await self._limited(self.limits.by_address, raw.address, media):
            return limited
        charged = await self._admit(
            principal,
            raw.address,
            (reading.query, reading.operation_name, reading.variables),
            media,
        )
        if isinstance(charged, Response):
            return charged
        return await self._settle(body, charged, shared=True)  # a constant or a cached answer

    async def handle(self, request: Request, raw: RawKey | None = None) -> Response:
        """The answer through the pipeline; with `raw` (the request's bytes, see `lane`), how
        the request was read is remembered for the next time they come."""
        try:
            return await self._handle(request, raw)
        except Exception as error:
            unavailable = self._unavailable(error, request.headers.get("accept"))
            if unavailable is None:
                raise
            return unavailable

    def _unavailable(self, error: Exception, accept: str | None) -> Response | None:
        """503 (with Retry-After) for a request the database failed for reasons not its own:
        no pooled connection free in time, or the database restarting or its connection lost
        (`transient`); None for any other error."""
        message = unavailable(error)
        if message is None:
            return None
        if isinstance(error, PoolTimeout):
            log.error("no database connection free in time: %s", self.engine.pool.status())
        else:
            log.warning("the database failed under a request: %r", error)
        return _respond(
            {"errors": [PublicError(message, PublicCode.SERVICE_UNAVAILABLE.value).formatted]},
            negotiate(accept) or JSON,
            503,
            {"Retry-After": "1"},
        )

    async def _handle(self, request: Request, raw: RawKey | None) -> Response:
        """The pipeline: negotiate, limit by address, read the request and its document (a
        persisted one by hash; only trusted ones in that mode); a constant answer; the data
        version; the principal (limit by token, charge the query's cost to its budget); a
        cached answer (or one being made: single-flight); a compiled statement; else the
        resolvers. Every answer after the charge reports its cost (`_settled`)."""
        media = negotiate(request.headers.get("accept"))
        if request.method == "GET" and "query" not in request.query_params and _wants_html(request):
            return self.ide(request)
        if media is None:
            return _respond(
                {
                    "errors": [
                        {
                            "message": f"cannot respond in any type the Accept header allows; "
                            f"use {GRAPHQL_RESPONSE} or {JSON}"
                        }
                    ]
                },
                JSON,
                406,
            )
        address = request.client.host if request.client else "unknown"
        if limited := await self._limited(self.limits.by_address, address, media):
            return limited
        try:
            sent, operation_name, variables, extensions = await _read_params(request)
        except RequestError as error:
            return self._request_error(error, media)
        try:
            query = await self.documents.resolve(sent, extensions)
        except DocumentRefused as refused:
            return _respond(
                {"errors": [refused.error]},
                media,
                400 if media == GRAPHQL_RESPONSE or refused.code is None else 200,
            )
        kind, name = operation_of(query, operation_name)
        logs.bind(operation_name=name, operation_type=kind)
        read_only = kind == "query"
        authorization = request.headers.get("authorization")
        tokened = authorization is not None
        language = preferred(request.headers.get("accept-language"))
        if sent is not None:  # a bare hash is resolved again next time (registration is state)
            self.readings.put(
                raw,
                media=media,
                query=query,
                operation_name=operation_name,
                variables=variables,
                kind=kind,
                name=name,
                language=language,
            )

        # A constant answer (`{ __typename }`): no database at all without a token.
        constant = self.constants.get(query, operation_name) if read_only else None
        if constant is not None and not tokened and self.settings.public_read:
            logs.bind(**logs.principal_fields(ANONYMOUS))
            charged = await self._admit(
                ANONYMOUS, address, (query, operation_name, variables), media
            )
            if isinstance(charged, Response):
                return charged
            return await self._settled(_answer(constant, media), charged)

        if (
            read_only
            and tokened
            and constant is None
            and self.compiled is not None
            and not self.cache.enabled
            and (
                versioned := self._versioned(
                    authorization, (query, operation_name, variables), language
                )
            )
        ):
            answered = await self._at_version(
                versioned,
                (query, operation_name, variables),
                media,
                address,
                lambda head: self.open_context(request, head),
                language,
            )
            if isinstance(answered, bytes):
                return _answer(answered, media)
            if answered is not None:
                return answered

        head: str | None = None
        if read_only and (
            self.cache.enabled or (tokened and (self.compiled is not None or constant is not None))
        ):
            head = await self.heads.read()

        principal = self._known(request, head) if read_only else None
        context: Context | None = None
        if principal is None:
            try:
                context = await self.open_context(request, head)
            except AuthenticationError as error:
                return self._unauthenticated(error, media)
            principal = context.principal
        logs.bind(**logs.principal_fields(principal))
        charged = await self._admit(principal, address, (query, operation_name, variables), media)
        if isinstance(charged, Response):
            if context is not None:
                await context.close()
            return charged  # refused before anything ran
        return await self._settled(
            await self._serve(
                request,
                context,
                head,
                principal,
                query,
                operation_name,
                variables,
                extensions,
                media,
                constant,
                read_only,
                language,
            ),
            charged,
        )

    async def _serve(
        self,
        request: Request,
        context: Context | None,
        head: str | None,
        principal: Principal,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        extensions: dict[str, Any] | None,
        media: str,
        constant: bytes | None,
        read_only: bool,
        language: LanguageCode,
    ) -> Response:
        """The answer of an admitted operation: constant, cached (per language), compiled (for
        the request's language) or resolved."""
        if constant is not None:
            if context is not None:
                await _release(context)
            return _answer(constant, media)

        key, flight = None, None
        if read_only and head is not None and self.cache.enabled:
            key = self.cache.key(
                f"{principal.id}|{language.value}", query, variables, operation_name
            )
            cached = self.cache.get(key, head)
            if cached is None and self.cache.computing(key, head):
                if context is not None:
                    # Waiting holds no connection (the computation may need one); should the
                    # wait bring nothing, the token is checked again before computing.
                    await _release(context)
                    context = None
                cached = await self.cache.shared(key, head)
            if cached is not None:
                if context is not None:
                    await _release(context)
                return _answer(cached, media)
            flight = self.cache.begin(key, head)
        body: bytes | None = None
        try:
            response, body = await self._compute(
                request,
                context,
                head,
                principal,
                (query, operation_name, variables),
                extensions,
                media,
                language,
            )
        finally:
            if key is not None and head is not None:
                if flight is not None:
                    self.cache.end(key, head, flight, body)
                elif body is not None:
                    self.cache.put(key, head, body)
        return response

    def _versioned(
        self,
        authorization: str | None,
        operation: tuple[str, str | None, dict[str, Any] | None],
        language: LanguageCode,
    ) -> tuple[Principal, str | None, Prepared] | None:
        """Whether `_at_version` can answer: (the principal, the data version its token was
        checked at (None: anonymous, nothing to check), the operation compiled for its role);
        None: not this lane. Nothing is counted here."""
        assert self.compiled is not None
        try:
            secret = bearer_secret(authorization)
        except AuthenticationError:
            return None
        if secret is None:
            if not self.settings.public_read:
                return None
            principal, head = ANONYMOUS, None
        else:
            known = self.principals.latest(secret)
            if known is None:
                return None
            principal, head = known.principal, known.head
        query, operation_name, variables = operation
        if self.constants.constant(query, operation_name):
            return None
        prepared = self.compiled.prepare(query, operation_name, variables, principal.role, language)
        if prepared is None:
            return None
        return principal, head, prepared

    async def _at_version(
        self,
        versioned: tuple[Principal, str | None, Prepared],
        operation: tuple[str, str | None, dict[str, Any] | None],
        media: str,
        address: str,
        context: Callable[[str], Awaitable[Context]],
        language: LanguageCode,
    ) -> bytes | Response | None:
        """A compiled read whose principal is known (`_versioned`; anonymous, with public reads,
        has no token to prove): ONE statement
        reads the answer and the data version together (one snapshot). The version the token
        was checked at still current proves the token valid for that snapshot: the answer
        (its body) is served. Else the token is checked again (`context(head)`), at a version
        read after the statement, and the answer served only if the token still stands for
        the same principal (a revoked token is never un-revoked, nor a token's role or actor
        changed, so it was valid at the snapshot too). None: not this lane (the full pipeline
        answers)."""
        assert self.compiled is not None
        principal, head, prepared = versioned
        query, operation_name, variables = operation
        logs.bind(**logs.principal_fields(principal))
        charged = await self._admit(principal, address, operation, media)
        if isinstance(charged, Response):
            return charged
        try:
            version, body = await self.compiled.execute_at_version(
                self.engine, prepared, principal, self.sessions, self.heads.statements.fetchrow
            )
        except PoolTimeout:
            raise
        except Exception as error:
            self.compiled.failed(error, query, operation_name, variables, principal.role, language)
            await self._refund(charged)  # the full pipeline charges it
            return None
        if head is not None and version != head:
            try:
                checked = await context(await self.heads.read())
            except AuthenticationError as error:
                return self._unauthenticated(error, media)
            await _release(checked)
            if checked.principal != principal:
                await self._refund(charged)
                return None  # the token stands for another principal now: answer it afresh
        return await self._settle(body, charged)

    async def _compute(
        self,
        request: Request,
        context: Context | None,
        head: str | None,
        principal: Principal,
        operation: tuple[str, str | None, dict[str, Any] | None],
        extensions: dict[str, Any] | None,
        media: str,
        language: LanguageCode,
    ) -> tuple[Response, bytes | None]:
        """The response, by one compiled statement if one is planned, else by the resolvers;
        and its body when it is a successful read (which may be cached)."""
        query, operation_name, variables = operation
        read_only = operation_of(query, operation_name)[0] == "query"
        compiled = self.compiled
        if (
            read_only
            and compiled is not None
            and not self.constants.constant(query, operation_name)
        ):
            prepared = compiled.prepare(query, operation_name, variables, principal.role, language)
            if prepared is not None:
                if context is not None:
                    await _release(context)  # the statement needs no session of its own
                    context = None
                try:
                    # The version read beside it is not needed here, but the statement then
                    # runs on the connections of its own (see `_at_version`) when one is free.
                    _, body = await compiled.execute_at_version(
                        self.engine,
                        prepared,
                        principal,
                        self.sessions,
                        self.heads.statements.fetchrow,
                    )
                except PoolTimeout:
                    raise  # the statement is fine: the server is busy (see `handle`)
                except Exception as error:
                    # The resolvers are the reference: they answer (or fail with their errors).
                    compiled.failed(
                        error, query, operation_name, variables, principal.role, language
                    )
                else:
                    return _answer(body, media), body
        if context is None:
            try:
                context = await self.open_context(request, head)
            except AuthenticationError as error:
                return self._unauthenticated(error, media), None
        allowed = (
            {OperationType.QUERY}
            if request.method == "GET"
            else {OperationType.QUERY, OperationType.MUTATION}
        )
        try:
            result = await self.schema.execute(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
                allowed_operation_types=allowed,
                operation_extensions=extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.MUTATION:
                return self._request_error(
                    RequestError(
                        "mutations are not allowed over GET: use POST", 405, {"Allow": "POST"}
                    ),
                    media,
                ), None
            return self._request_error(
                RequestError(
                    "subscriptions are served over WebSocket (graphql-transport-ws) on this path",
                    None,
                ),
                media,
            ), None
        except MissingQueryError:
            return self._request_error(
                RequestError("the query parameter is empty", None), media
            ), None
        except CannotGetOperationTypeError as error:
            return self._request_error(
                RequestError(error.as_http_error_reason(), None), media
            ), None
        finally:
            await _release(context)
        payload: dict[str, Any] = {}
        if _is_request_error(result):
            status = 400 if media == GRAPHQL_RESPONSE else 200
        else:
            status = 200
            payload["data"] = result.data
        if result.errors:
            payload["errors"] = [e.formatted for e in result.errors]
        if result.extensions:
            payload["extensions"] = result.extensions
        response = _respond(payload, media, status)
        if not (read_only and not result.errors and status == 200):
            return response, None
        body = bytes(response.body)
        if self.compiled is not None:
            self.compiled.admit(query, operation_name)
        self.constants.admit(query, operation_name, body)
        return response, body

    @staticmethod
    def _unauthenticated(error: AuthenticationError, media: str) -> Response:
        return _respond(
            {"errors": [{"message": str(error), "extensions": {"code": "UNAUTHENTICATED"}}]},
            media,
            401,
            {"WWW-Authenticate": 'Bearer realm="gp-api"'},
        )

    @staticmethod
    def _request_error(error: RequestError, media: str) -> Response:
        status = error.status or (400 if media == GRAPHQL_RESPONSE else 200)
        return _respond({"errors": [{"message": error.message}]}, media, status, error.headers)
