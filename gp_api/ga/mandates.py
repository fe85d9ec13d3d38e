"""Mandates: what an adopted resolution asks for (a report of the Secretary-General to a later
session), due at a session or on a date, fulfilled by a Document (reads: gp_api.reads).

The status is declared once, by `window` and `status_on` (pure): a mandate due at a session is
DUE from the day that session opens and OVERDUE from the day after its main part closes; when
the record does not have that closing day, from the 1st of January after the session opened
(the main part runs from September to December). A session without a known opening day is not
due yet. A mandate due on a date is DUE on that day and OVERDUE from the next. A mandate with no
due session or date (the record does not say) stays PENDING until fulfilled.

The stored `status` moves forward only by the sweep (`sweep_mandates`), which appends
`mandate.due` and `mandate.overdue` once each, in the transaction that moves it, so the status
a reader sees and the events an integrator receives always agree. They are deadline notices
(gp_api.deadlines), kept once per mandate, kind and day like every other. A fulfilment makes it
FULFILLED (`mandate.fulfilled`). A correction of the due session or date may move an open
mandate back (to PENDING or DUE); the sweep then announces the corrected due again when it
comes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.db import WRITE
from gp_api.deadlines.rules import MANDATE_DUE, MANDATE_OVERDUE, Deadline
from gp_api.deadlines.service import notify
from gp_api.documents import service as documents
from gp_api.documents.models import DocumentKind
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.ga.models import (
    ActionOutcome,
    Allocation,
    DraftAction,
    Mandate,
    MandateKind,
    MandateStatus,
    Resolution,
)
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from gp_api.sessions import service as sessions_service
from gp_api.sessions.models import Session, SessionPart, SessionPartKind

log = logging.getLogger("gp_api.sweep")

MAX_PARAGRAPH = 999
# The fields a correction may change (model attribute names) and their input names.
FIELDS = {
    "paragraph": "paragraph",
    "addressee": "addressee",
    "addressee_actor_id": "addresseeActorId",
    "kind": "kind",
    "request": "request",
    "due_session": "dueSession",
    "due_on": "dueOn",
    "source_url": "sourceUrl",
    "confidence": "confidence",
}
OPEN = (MandateStatus.PENDING, MandateStatus.DUE)
ORDER = (MandateStatus.PENDING, MandateStatus.DUE, MandateStatus.OVERDUE)


# ---------------------------------------------------------------------------------------------
# The status rule (pure)


@dataclass(frozen=True)
class Window:
    """The days a mandate is due: from `due_from` (None: not due yet, or never), overdue from
    `overdue_from` on."""

    due_from: dt.date | None
    overdue_from: dt.date | None


NEVER = Window(None, None)


def window(
    due_on: dt.date | None,
    due_session: Session | None,
    main_part: SessionPart | None,
) -> Window:
    """The due window of a mandate due on `due_on`, or at `due_session` (with its main part,
    if recorded); neither: never due."""
    if due_on is not None:
        return Window(due_on, due_on + dt.timedelta(days=1))
    if due_session is None:
        return NEVER
    opens_on = due_session.opens_on or (main_part.opens_on if main_part is not None else None)
    if opens_on is None:
        return NEVER
    if main_part is not None and main_part.closes_on is not None:
        return Window(opens_on, main_part.closes_on + dt.timedelta(days=1))
    return Window(opens_on, dt.date(opens_on.year + 1, 1, 1))


def status_on(day: dt.date, fulfilled: bool, due: Window) -> MandateStatus:
    """The status of a mandate on `day`."""
    if fulfilled:
        return MandateStatus.FULFILLED
    if due.due_from is None or day < due.due_from:
        return MandateStatus.PENDING
    if due.overdue_from is not None and day >= due.overdue_from:
        return MandateStatus.OVERDUE
    return MandateStatus.DUE


async def windows(session: AsyncSession, mandates: Sequence[Mandate]) -> dict[int, Window]:
    """Each mandate's due window, its sessions and their main parts read in two statements."""
    numbers = sorted({m.due_session for m in mandates if m.due_session is not None})
    found: dict[int, Session] = {}
    mains: dict[int, SessionPart] = {}
    if numbers:
        found = {
            s.id: s for s in await session.scalars(select(Session).where(Session.id.in_(numbers)))
        }
        mains = {
            p.session_id: p
            for p in await session.scalars(
                select(SessionPart).where(
                    SessionPart.session_id.in_(numbers), SessionPart.part == SessionPartKind.MAIN
                )
            )
        }
    return {
        m.id: window(
            m.due_on,
            None if m.due_session is None else found.get(m.due_session),
            None if m.due_session is None else mains.get(m.due_session),
        )
        for m in mandates
    }


# ---------------------------------------------------------------------------------------------
# Writes


async def _adopted_resolution(session: AsyncSession, resolution_id: int) -> Resolution:
    resolution = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    if resolution.symbol is None:
        raise DomainError(
            ErrorCode.INVALID,
            "the resolution is not adopted (it has no final symbol, A/RES/...): only an adopted"
            " resolution or decision asks for anything",
            ["resolutionId"],
        )
    return resolution


async def _adopted_on(session: AsyncSession, resolution_id: int) -> dt.date | None:
    found = await session.scalar(
        select(func.max(DraftAction.taken_on)).where(
            DraftAction.resolution_id == resolution_id,
            DraftAction.amendment_id.is_(None),
            DraftAction.forum == Allocation.PLENARY,
            DraftAction.outcome == ActionOutcome.ADOPTED,
        )
    )
    if isinstance(found, str):  # func.max bypasses the column type on SQLite
        return dt.date.fromisoformat(found)
    return found


async def _validated(
    session: AsyncSession, resolution: Resolution, values: Mapping[str, Any]
) -> dict[str, Any]:
    """The mandate's fields checked together (DomainError on the input name)."""
    clean = dict(values)
    validation.int_range(clean["paragraph"], "paragraph", minimum=1, maximum=MAX_PARAGRAPH)
    clean["addressee"] = validation.required_text(clean["addressee"], "addressee", max_length=200)
    clean["request"] = validation.required_text(clean["request"], "request", max_length=4000)
    if clean["kind"] is None:
        raise DomainError(ErrorCode.REQUIRED, "kind must not be null", ["kind"])
    if clean["addressee_actor_id"] is not None:
        await get_or_raise(session, Actor, clean["addressee_actor_id"], "addresseeActorId")
    if clean["due_session"] is not None and clean["due_on"] is not None:
        raise DomainError(
            ErrorCode.INVALID,
            "a mandate is due at a session or on a date, not both: give dueSession or dueOn",
            ["dueOn"],
        )
    if clean["due_session"] is not None:
        validation.int_range(
            clean["due_session"],
            "dueSession",
            minimum=1,
            maximum=sessions_service.MAX_SESSION,
        )
        own = documents.parse_symbol(resolution.symbol).session
        if own is not None and clean["due_session"] < own:
            raise DomainError(
                ErrorCode.INVALID,
                f"{resolution.symbol} was adopted at the {own}th session: it cannot ask for"
                f" something due at the {clean['due_session']}th",
                ["dueSession"],
            )
    if clean["due_on"] is not None:
        adopted_on = await _adopted_on(session, resolution.id)
        if adopted_on is not None and clean["due_on"] < adopted_on:
            raise DomainError(
                ErrorCode.INVALID,
                f"dueOn is before {resolution.symbol} was adopted ({adopted_on.isoformat()})",
                ["dueOn"],
            )
    clean["source_url"] = validation.url(clean["source_url"], "sourceUrl")
    return clean


async def record_mandate(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    addressee: str,
    request: str,
    kind: MandateKind = MandateKind.REPORT,
    paragraph: int | None = None,
    addressee_actor_id: int | None = None,
    due_session: int | None = None,
    due_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Mandate:
    """Record what an adopted resolution asks for; it starts PENDING (the sweep moves it)."""
    resolution = await _adopted_resolution(session, resolution_id)
    clean = await _validated(
        session,
        resolution,
        {
            "paragraph": paragraph,
            "addressee": addressee,
            "addressee_actor_id": addressee_actor_id,
            "kind": kind,
            "request": request,
            "due_session": due_session,
            "due_on": due_on,
            "source_url": source_url,
            "confidence": confidence,
        },
    )
    if clean["due_session"] is not None:
        await sessions_service.ensure_session(
            session, principal=principal, number=clean["due_session"]
        )
    mandate = Mandate(resolution_id=resolution.id, status=MandateStatus.PENDING, **clean)
    session.add(mandate)
    await events.append(session, principal=principal, type="mandate.recorded", subject=mandate)
    return mandate


def _current(mandate: Mandate) -> dict[str, Any]:
    return {key: getattr(mandate, key) for key in FIELDS}


async def update_mandate(
    session: AsyncSession,
    *,
    principal: Principal,
    mandate_id: int,
    changes: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> Mandate:
    """Correct a mandate's data (model attribute names); the whole mandate is checked again and
    the change recorded by a `mandate.updated` event. A corrected due session or date may move
    an open mandate back to the status it has by the rule today; forward moves stay the
    sweep's, which announces them."""
    mandate = await get_or_raise(session, Mandate, mandate_id, "id")
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:  # pragma: no cover - the GraphQL input has no other fields
        raise DomainError(ErrorCode.INVALID, f"unknown fields {unknown}", unknown)
    current = _current(mandate)
    changed = {k: v for k, v in changes.items() if v != current[k]}
    if not changed:
        raise DomainError(
            ErrorCode.INVALID,
            "nothing to change: every field given already has that value (give at least one"
            " field with a new value)",
            [],
        )
    resolution = await get_or_raise(session, Resolution, mandate.resolution_id, "id")
    clean = await _validated(session, resolution, {**current, **changed})
    if "due_session" in changed and clean["due_session"] is not None:
        await sessions_service.ensure_session(
            session, principal=principal, number=clean["due_session"]
        )
    for key, value in clean.items():
        setattr(mandate, key, value)
    if mandate.status in (MandateStatus.DUE, MandateStatus.OVERDUE) and (
        {"due_session", "due_on"} & set(changed)
    ):
        await session.flush()
        today = (now or dt.datetime.now(dt.UTC)).date()
        by_rule = status_on(today, False, (await windows(session, [mandate]))[mandate.id])
        if ORDER.index(by_rule) < ORDER.index(mandate.status):
            mandate.status = by_rule
    await events.append(
        session,
        principal=principal,
        type="mandate.updated",
        subject=mandate,
        data={"changed": sorted(FIELDS[k] for k in changed), "mandate": snapshot(mandate)},
    )
    return mandate


async def fulfil_mandate(
    session: AsyncSession,
    *,
    principal: Principal,
    mandate_id: int,
    symbol: str,
    document_kind: DocumentKind | None = None,
    fulfilled_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Mandate:
    """The document with `symbol` (recorded when it is not yet, with `source_url` and
    `confidence`) fulfils the mandate, on `fulfilled_on` (by default the document's
    publication day). The mandate's own source and confidence stay (updateMandate)."""
    mandate = await get_or_raise(session, Mandate, mandate_id, "mandateId")
    if mandate.status is MandateStatus.FULFILLED:
        raise DomainError(
            ErrorCode.CONFLICT,
            "the mandate is already fulfilled; correct the record with updateMandate or leave it",
            ["mandateId"],
        )
    parsed = documents.parse_symbol(symbol, "symbol")
    kind = document_kind or parsed.kind
    if kind is None:
        allowed = ", ".join(k.value for k in parsed.kinds)
        raise DomainError(
            ErrorCode.REQUIRED,
            f"{parsed.text} may be a {allowed} document: say which in documentKind",
            ["documentKind"],
        )
    source = validation.url(source_url, "sourceUrl")
    existing = await documents.by_symbol(session, parsed.text)
    day = fulfilled_on or (existing.published_on if existing is not None else None)
    if day is None:
        raise DomainError(
            ErrorCode.REQUIRED,
            f"when was the mandate fulfilled? {parsed.text} has no publication day recorded:"
            " give fulfilledOn",
            ["fulfilledOn"],
        )
    adopted_on = await _adopted_on(session, mandate.resolution_id)
    if adopted_on is not None and day < adopted_on:
        raise DomainError(
            ErrorCode.INVALID,
            f"fulfilledOn ({day.isoformat()}) is before the resolution was adopted"
            f" ({adopted_on.isoformat()})",
            ["fulfilledOn"],
        )
    document = await documents.ensure_document(
        session,
        principal=principal,
        symbol=parsed.text,
        kind=kind,
        source_url=source,
        confidence=confidence,
        field="symbol",
    )
    mandate.fulfilled_by_id = document.id
    mandate.fulfilled_on = day
    mandate.status = MandateStatus.FULFILLED
    await events.append(session, principal=principal, type="mandate.fulfilled", subject=mandate)
    return mandate


# ---------------------------------------------------------------------------------------------
# The sweep: due and overdue, once each


@dataclass
class MandateSweep:
    due: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)


async def _moves(session: AsyncSession, today: dt.date) -> list[int]:
    """The open mandates whose status the rule moves forward today."""
    rows = list(
        await session.scalars(select(Mandate).where(Mandate.status.in_(OPEN)).order_by(Mandate.id))
    )
    due = await windows(session, rows)
    return [
        m.id
        for m in rows
        if ORDER.index(status_on(today, False, due[m.id])) > ORDER.index(m.status)
    ]


async def sweep_mandates(
    sessions: async_sessionmaker[AsyncSession], now: dt.datetime | None = None
) -> MandateSweep:
    """Move every open mandate to the status the rule gives it today, appending `mandate.due`
    and `mandate.overdue` (each once: a mandate that was PENDING and is already overdue gets
    both, in that order). Each mandate moves in its own transaction, under its row lock, and
    is checked again there: another sweep (another process, a rerun) finds it moved and
    appends nothing."""
    today = (now or dt.datetime.now(dt.UTC)).date()
    result = MandateSweep()
    async with sessions() as session:
        candidates = await _moves(session, today)
    for mandate_id in candidates:
        async with sessions() as session, session.begin():
            await session.connection(execution_options=WRITE)
            mandate = await session.scalar(
                select(Mandate).where(Mandate.id == mandate_id).with_for_update()
            )
            if mandate is None or mandate.status not in OPEN:
                continue  # fulfilled or moved meanwhile
            due = (await windows(session, [mandate]))[mandate.id]
            target = status_on(today, False, due)
            if ORDER.index(target) <= ORDER.index(mandate.status):
                continue
            if mandate.status is MandateStatus.PENDING:
                mandate.status = MandateStatus.DUE
                await _announce(session, mandate, MANDATE_DUE, due.due_from)
                result.due.append(mandate.id)
            if target is MandateStatus.OVERDUE:
                mandate.status = MandateStatus.OVERDUE
                await _announce(session, mandate, MANDATE_OVERDUE, due.overdue_from)
                result.overdue.append(mandate.id)
    return result


async def _announce(
    session: AsyncSession, mandate: Mandate, deadline: Deadline, since: dt.date | None
) -> None:
    """A deadline notice (gp_api.deadlines): once per mandate, kind and day, as every other."""
    if since is None:  # pragma: no cover - a mandate moves forward only within its window
        return
    await notify(
        session,
        deadline=deadline,
        subject=mandate,
        due_on=since,
        data={**snapshot(mandate), "since": since.isoformat()},
    )
