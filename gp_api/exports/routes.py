"""The export URLs under /exports: who may read (the API's rules), their parameters, and the
streamed responses.

A request is read as the principal its bearer token stands for, exactly as /graphql reads it:
no token is anonymous (refused when GP_PUBLIC_READ=false), and a malformed, unknown, expired
or revoked token is HTTP 401 with `UNAUTHENTICATED`, never a fallback to anonymous; each export
counts against the same rate limits (HTTP 429 `RATE_LIMITED` with Retry-After). A parameter
an export does not take, or a value it cannot use, is HTTP 400 naming it, before anything is
read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Mount, Route

from gp_api.actors.models import ActorKind
from gp_api.auth.service import AuthenticationError, authenticate
from gp_api.config import Settings
from gp_api.errors import DomainError
from gp_api.exports import calendars, iati, popolo, tables
from gp_api.exports.rows import Reader, Sessions
from gp_api.ga.models import MandateStatus
from gp_api.global_ids import decode_as, encode
from gp_api.principal import ANONYMOUS, Principal
from gp_api.ratelimit import RateLimited, RateLimits
from gp_api.readmodel import Compare, Condition
from workflows.commitment import CommitmentState

BearerSecret = Callable[[str | None], str | None]

CSV = "text/csv; charset=utf-8"
CALENDAR = "text/calendar; charset=utf-8"
XML = "application/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"


class BadParameter(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


# ---- Parameters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    description: str
    parse: Callable[[str], Any]


def _global_id(type_name: str, name: str) -> Callable[[str], Any]:
    def parse(value: str) -> int:
        try:
            return decode_as(value, type_name, name)
        except DomainError as error:
            raise BadParameter(name, error.message) from None

    return parse


def _date(name: str) -> Callable[[str], dt.date]:
    def parse(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise BadParameter(
                name, f"{name}: expected a date as YYYY-MM-DD, got {value!r}"
            ) from None

    return parse


def _choice(name: str, values: list[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value.upper() not in values:
            raise BadParameter(name, f"{name}: expected one of {', '.join(values)}, got {value!r}")
        return value.upper()

    return parse


def params(request: Request, accepted: Mapping[str, Param]) -> dict[str, Any]:
    """The query parameters, parsed (BadParameter for an unknown, repeated or bad one)."""
    found: dict[str, Any] = {}
    for name in request.query_params:
        if name not in accepted:
            takes = ", ".join(accepted) or "no parameters"
            raise BadParameter(name, f"unknown parameter {name!r}; this export takes: {takes}")
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise BadParameter(name, f"{name}: give it once")
        found[name] = accepted[name].parse(values[0])
    return found


ACTOR = Param("an actor's global ID", _global_id("Actor", "actor"))
SINCE = Param("a date, YYYY-MM-DD: on or after", _date("since"))
BODY = Param("a coordination body's global ID", _global_id("CoordinationBody", "body"))
UNTIL = Param("a date, YYYY-MM-DD: on or before", _date("until"))


def _in(name: str, values: list[str]) -> Param:
    return Param("one of " + ", ".join(values), _choice(name, values))


# ---- Exports --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    path: str
    media_type: str
    description: str
    params: Mapping[str, Param]
    # (request, reader, parsed params) -> the body's chunks
    body: Callable[[Request, Reader, dict[str, Any]], Awaitable[AsyncIterator[bytes]]]

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def _since_until(column: str, args: dict[str, Any]) -> list[Condition]:
    found: list[Condition] = []
    if "since" in args:
        found.append(Compare(column, ">=", args["since"]))
    if "until" in args:
        found.append(Compare(column, "<=", args["until"]))
    return found


def _actor_ids(args: dict[str, Any]) -> dict[str, Any]:
    return {"actorIds": [encode("Actor", args["actor"])]} if "actor" in args else {}


async def _popolo(_r: Request, reader: Reader, _a: dict[str, Any]) -> AsyncIterator[bytes]:
    return popolo.document(reader)


async def _actors(_r: Request, reader: Reader, args: dict[str, Any]) -> AsyncIterator[bytes]:
    found = reader.root("actors", {"kinds": [args["kind"]]} if "kind" in args else {})
    return tables.actors(reader, found)


def _commitment_conditions(reader: Reader, args: dict[str, Any]) -> list[Condition]:
    filters = _actor_ids(args)
    if "state" in args:
        filters["states"] = [args["state"]]
    return reader.root("commitments", filters)


async def _commitments(_r: Request, reader: Reader, args: dict[str, Any]) -> AsyncIterator[bytes]:
    return tables.commitments(reader, _commitment_conditions(reader, args))


async def _votes(_r: Request, reader: Reader, args: dict[str, Any]) -> AsyncIterator[bytes]:
    found = reader.only("DraftAction", *_since_until("taken_on", args))
    return tables.votes(reader, found, args.get("actor"))


def _calendar(request: Request, name: str) -> calendars.Calendar:
    return calendars.Calendar(name, str(request.base_url))


async def _wrap(cal: calendars.Calendar, *parts: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield cal.header()
    for part in parts:
        async for chunk in part:
            yield chunk
    yield cal.footer()


async def _meetings(request: Request, reader: Reader, args: dict[str, Any]) -> AsyncIterator[bytes]:
    filters: dict[str, Any] = {}
    if "body" in args:
        filters["bodyId"] = encode("CoordinationBody", args["body"])
    if "since" in args:
        filters["startsAfter"] = dt.datetime.combine(args["since"], dt.time(), dt.UTC)
    cal = _calendar(request, "GP API: meetings")
    return _wrap(cal, calendars.meetings(cal, reader, reader.root("meetings", filters)))


def _mandate_conditions(reader: Reader, args: dict[str, Any]) -> list[Condition]:
    return reader.root("mandates", {"status": args["status"]} if "status" in args else {})


async def _mandates(request: Request, reader: Reader, args: dict[str, Any]) -> AsyncIterator[bytes]:
    cal = _calendar(request, "GP API: mandates due")
    return _wrap(cal, calendars.mandates(cal, reader, _mandate_conditions(reader, args)))


async def _commitment_deadlines(
    request: Request, reader: Reader, args: dict[str, Any]
) -> AsyncIterator[bytes]:
    cal = _calendar(request, "GP API: commitment deadlines")
    found = _commitment_conditions(reader, args)
    return _wrap(cal, calendars.commitment_deadlines(cal, reader, found))


async def _deadlines(
    request: Request, reader: Reader, args: dict[str, Any]
) -> AsyncIterator[bytes]:
    cal = _calendar(request, "GP API: deadlines")
    return _wrap(
        cal,
        calendars.mandates(cal, reader, reader.root("mandates", {})),
        calendars.commitment_deadlines(cal, reader, _commitment_conditions(reader, args)),
    )


def _publisher(settings: Settings) -> iati.Publisher:
    return iati.Publisher(
        settings.iati_reporting_org_ref,
        settings.iati_reporting_org_type,
        settings.iati_reporting_org_name,
    )


class NothingToExport(Exception):
    pass


def _iati(settings: Settings) -> Callable[..., Awaitable[AsyncIterator[bytes]]]:
    async def body(_r: Request, reader: Reader, args: dict[str, Any]) -> AsyncIterator[bytes]:
        found = _commitment_conditions(reader, args)
        chunks = iati.activities(reader, found, _publisher(settings), dt.datetime.now(dt.UTC))
        # IATI needs at least one activity: read up to the first before answering.
        head = [await anext(chunks)]
        async for chunk in chunks:
            head.append(chunk)
            if chunk != iati.FOOTER:
                break
        if head[-1] == iati.FOOTER:
            raise NothingToExport(
                "no commitment with a pledge and a date matches: an IATI file needs at least"
                " one activity"
            )
        return _resumed(head, chunks)

    return body


STATES = [s.value for s in CommitmentState]


def exports(settings: Settings) -> list[Export]:
    commitment_params = {"actor": ACTOR, "state": _in("state", STATES)}
    return [
        Export(
            "/popolo.json",
            JSON,
            "Popolo JSON: persons, organizations, memberships, posts, motions, vote events.",
            {},
            _popolo,
        ),
        Export(
            "/iati-activities.xml",
            XML,
            "IATI activity XML 2.03: one activity per commitment with a pledge.",
            commitment_params,
            _iati(settings),
        ),
        Export(
            "/meetings.ics",
            CALENDAR,
            "iCalendar: meetings.",
            {
                "body": Param("a body's global ID", _global_id("CoordinationBody", "body")),
                "since": SINCE,
            },
            _meetings,
        ),
        Export(
            "/mandates.ics",
            CALENDAR,
            "iCalendar: the days mandates fall due.",
            {"status": _in("status", [s.value for s in MandateStatus])},
            _mandates,
        ),
        Export(
            "/commitment-deadlines.ics",
            CALENDAR,
            "iCalendar: commitments' due dates.",
            commitment_params,
            _commitment_deadlines,
        ),
        Export(
            "/deadlines.ics",
            CALENDAR,
            "iCalendar: mandates' and commitments' due dates in one feed.",
            commitment_params,
            _deadlines,
        ),
        Export(
            "/actors.csv",
            CSV,
            "CSV: actors.",
            {"kind": _in("kind", [k.value for k in ActorKind])},
            _actors,
        ),
        Export("/commitments.csv", CSV, "CSV: commitments.", commitment_params, _commitments),
        Export(
            "/votes.csv",
            CSV,
            "CSV: one row per Member State's vote on each action.",
            {"actor": ACTOR, "since": SINCE, "until": UNTIL},
            _votes,
        ),
    ]


# ---- Access and responses -------------------------------------------------------------------


def _error(status: int, message: str, code: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="gp-api"'} if status == 401 else None
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code, **extra}}]},
        status,
        headers=headers,
    )


async def principal_of(
    request: Request, sessions: Sessions, settings: Settings, bearer: BearerSecret
) -> Principal:
    """The request's principal, as /graphql decides it (AuthenticationError)."""
    secret = bearer(request.headers.get("authorization"))
    if secret is None:
        if not settings.public_read:
            raise AuthenticationError("this server needs an API token for every request")
        return ANONYMOUS
    async with sessions() as session:
        return await authenticate(session, secret)


async def _read_first(body: AsyncIterator[bytes], reader: Reader) -> AsyncIterator[bytes]:
    """`body`, its first read of the database done before the response starts: a failure
    there is still the request's answer (HTTP 503 when the database is busy or unavailable),
    not a stream cut after a 200."""
    ahead: list[bytes] = []
    async for chunk in body:
        ahead.append(chunk)
        if reader.reads:
            break
    return _resumed(ahead, body)


async def _resumed(ahead: list[bytes], rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The chunks read ahead of the response, then the rest of the same stream."""
    for chunk in ahead:
        yield chunk
    async for chunk in rest:
        yield chunk


def export_routes(
    sessions: Sessions, settings: Settings, bearer: BearerSecret, limits: RateLimits
) -> BaseRoute:
    """The Mount of /exports: an index (GET /exports/) and each export. Each export counts as
    one operation against the rate limits of /graphql (per client address, then per token)."""
    found = exports(settings)

    def endpoint(export: Export) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            address = request.client.host if request.client else "unknown"
            try:
                await limits.by_address.check(address)
                principal = await principal_of(request, sessions, settings, bearer)
                if principal.token_id is not None:
                    await limits.by_token.check(principal.token_id)
            except AuthenticationError as error:
                return _error(401, str(error), "UNAUTHENTICATED")
            except RateLimited as limited:
                response = JSONResponse({"errors": [limited.error]}, 429)
                response.headers["Retry-After"] = str(limited.seconds)
                return response
            try:
                args = params(request, export.params)
                reader = Reader(sessions, principal.role)
                body = await _read_first(await export.body(request, reader, args), reader)
            except BadParameter as bad:
                return _error(400, bad.message, "BAD_USER_INPUT", parameter=bad.name)
            except DomainError as error:
                return _error(400, error.message, "BAD_USER_INPUT")
            except NothingToExport as nothing:
                return _error(404, str(nothing), "NOT_FOUND")
            return StreamingResponse(
                body,
                media_type=export.media_type,
                headers={
                    "Content-Disposition": f'attachment; filename="{export.filename}"',
                    "Cache-Control": "no-store" if principal.role else "public, max-age=300",
                    "Vary": "Authorization",
                },
            )

        return handle

    async def index(request: Request) -> Response:
        base = str(request.base_url).rstrip("/") + "/exports"
        return JSONResponse(
            {
                "exports": [
                    {
                        "url": base + e.path,
                        "mediaType": e.media_type,
                        "description": e.description,
                        "parameters": {k: p.description for k, p in e.params.items()},
                    }
                    for e in found
                ],
                "documentation": "docs/open-data.md",
            }
        )

    return Mount(
        "/exports",
        routes=[
            Route("/", index, methods=["GET"]),
            *(Route(e.path, endpoint(e), methods=["GET"]) for e in found),
        ],
    )
