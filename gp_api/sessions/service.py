"""General Assembly sessions and their parts: create, change, and `ensure_session` for other
services (reads: gp_api.reads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import snapshot
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from gp_api.sessions.models import Session, SessionPart, SessionPartKind

MAX_SESSION = 999


def _number(number: int, field: str) -> int:
    validation.int_range(number, field, minimum=1, maximum=MAX_SESSION)
    return number


async def create_session(
    session: AsyncSession,
    *,
    principal: Principal,
    number: int,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Session:
    _number(number, "number")
    if await session.get(Session, number) is not None:
        raise DomainError(ErrorCode.DUPLICATE, f"session {number} is already recorded", ["number"])
    validation.date_order(opens_on, closes_on, "closesOn", "closesOn must not be before opensOn")
    row = Session(
        id=number,
        opens_on=opens_on,
        closes_on=closes_on,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(row)
    await events.append(session, principal=principal, type="session.created", subject=row)
    return row


async def update_session(
    session: AsyncSession, *, principal: Principal, number: int, changes: Mapping[str, Any]
) -> Session:
    """Change the given attributes (opens_on, closes_on, source_url, confidence)."""
    row = await session.get(Session, _number(number, "number"))
    if row is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"session {number} is not recorded", ["number"])
    unknown = set(changes) - {"opens_on", "closes_on", "source_url", "confidence"}
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", sorted(unknown))
    opens_on = changes.get("opens_on", row.opens_on)
    closes_on = changes.get("closes_on", row.closes_on)
    validation.date_order(opens_on, closes_on, "closesOn", "closesOn must not be before opensOn")
    row.opens_on, row.closes_on = opens_on, closes_on
    if "source_url" in changes:
        row.source_url = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        row.confidence = changes["confidence"]
    await events.append(
        session,
        principal=principal,
        type="session.updated",
        subject=row,
        data={"changed": sorted(changes), "session": snapshot(row)},
    )
    return row


async def add_session_part(
    session: AsyncSession,
    *,
    principal: Principal,
    number: int,
    part: SessionPartKind,
    opens_on: dt.date,
    closes_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> SessionPart:
    """The main part (once) or the next resumed part (numbered 1, 2, ... in order added)."""
    row = await session.get(Session, _number(number, "sessionNumber"))
    if row is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, f"session {number} is not recorded", ["sessionNumber"]
        )
    validation.date_order(opens_on, closes_on, "closesOn", "closesOn must not be before opensOn")
    last = await session.scalar(
        select(func.max(SessionPart.sequence)).where(
            SessionPart.session_id == number, SessionPart.part == part
        )
    )
    if part is SessionPartKind.MAIN and last is not None:
        raise DomainError(
            ErrorCode.DUPLICATE, f"session {number} already has its main part", ["part"]
        )
    if row.opens_on is not None and opens_on < row.opens_on:
        raise DomainError(
            ErrorCode.INVALID,
            f"session {number} opens on {row.opens_on.isoformat()}: a part cannot open before",
            ["opensOn"],
        )
    added = SessionPart(
        session_id=number,
        part=part,
        sequence=(last or 0) + 1,
        opens_on=opens_on,
        closes_on=closes_on,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(added)
    await events.append(session, principal=principal, type="session_part.added", subject=added)
    return added


async def ensure_session(session: AsyncSession, *, principal: Principal, number: int) -> Session:
    """The session numbered `number`, created bare (no dates, UNCONFIRMED) when it is not
    recorded yet: for an agenda item that names a session nobody has recorded."""
    row = await session.get(Session, _number(number, "session"))
    if row is not None:
        return row
    return await create_session(
        session, principal=principal, number=number, confidence=Confidence.UNCONFIRMED
    )
