"""An actor's kind on a day: `actor_kinds` periods, else the kind it has today.

Guards read the kind on the day of the move (`kind_on_day`, a SQL expression), so an import of
2010 does not count IOM, an intergovernmental organisation until 2016, as a UN entity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor, ActorKind, ActorKindPeriod
from gp_api.db import among, plain_rows
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise
from gp_api.models_common import Confidence
from gp_api.principal import Principal


def kind_on_day(day: dt.date | ColumnElement[dt.date]) -> ColumnElement[Any]:
    """SQL: the kind of `actors` (the row in the query) on `day` (a date, or a parameter):
    the period in force that day (the one that started last), else today's kind."""
    period = (
        select(ActorKindPeriod.kind)
        .where(
            ActorKindPeriod.actor_id == Actor.id,
            ActorKindPeriod.valid_from.is_(None) | (ActorKindPeriod.valid_from <= day),
            ActorKindPeriod.valid_until.is_(None) | (ActorKindPeriod.valid_until >= day),
        )
        .order_by(func.coalesce(ActorKindPeriod.valid_from, dt.date.min).desc())
        .limit(1)
        .correlate(Actor)
        .scalar_subquery()
    )
    return func.coalesce(period, Actor.kind)


def kind_on(periods: Sequence[Any], today: ActorKind, day: dt.date) -> ActorKind:
    """The same rule in Python, over an actor's periods (ActorKindPeriod rows, or plain rows
    with their `kind`, `valid_from` and `valid_until`)."""
    valid = [
        p
        for p in periods
        if (p.valid_from is None or p.valid_from <= day)
        and (p.valid_until is None or day <= p.valid_until)
    ]
    if not valid:
        return today
    kind: ActorKind = max(valid, key=lambda p: p.valid_from or dt.date.min).kind
    return kind


async def periods_of(
    session: AsyncSession, actor_ids: Sequence[int]
) -> dict[int, list[ActorKindPeriod]]:
    """Each actor's kind periods, oldest first."""
    found: dict[int, list[ActorKindPeriod]] = defaultdict(list)
    for period in await session.scalars(_PERIODS, {"ids": list(actor_ids)}):
        found[period.actor_id].append(period)
    return found


_OLDEST_FIRST = (
    ActorKindPeriod.actor_id,
    func.coalesce(ActorKindPeriod.valid_from, dt.date.min),
    ActorKindPeriod.id,
)
# The periods of the actors `ids`, oldest first, as ORM objects (for the resolvers and the
# writes) and as plain rows (for the compiled reads' batches). Built once.
_PERIODS = select(ActorKindPeriod).where(among(ActorKindPeriod.actor_id)).order_by(*_OLDEST_FIRST)
_PERIOD_ROWS = (
    select(
        ActorKindPeriod.actor_id,
        ActorKindPeriod.kind,
        ActorKindPeriod.valid_from,
        ActorKindPeriod.valid_until,
        ActorKindPeriod.source_url,
        ActorKindPeriod.confidence,
    )
    .where(among(ActorKindPeriod.actor_id))
    .order_by(*_OLDEST_FIRST)
)


async def period_rows(session: AsyncSession, actor_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Each actor's kind periods as plain rows, oldest first (no ORM objects)."""
    found: dict[int, list[Any]] = defaultdict(list)
    for row in await plain_rows(session, _PERIOD_ROWS, {"ids": list(actor_ids)}):
        found[row.actor_id].append(row)
    return found


Key = tuple[Any, ...]


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


async def kinds_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[Key]
) -> dict[Key, Any]:
    """`Actor.kinds` of many actors (keys: id), as GraphQL answers it: one statement."""
    found = await period_rows(session, [k[0] for k in keys])
    return {
        key: [
            {
                "kind": p.kind.value,
                "validFrom": _day(p.valid_from),
                "validUntil": _day(p.valid_until),
                "sourceUrl": p.source_url,
                "confidence": None if p.confidence is None else p.confidence.value,
            }
            for p in found.get(key[0], [])
        ]
        for key in keys
    }


async def kind_on_batch(
    session: AsyncSession, _principal: Principal, keys: Sequence[Key], *, date: dt.date
) -> dict[Key, Any]:
    """`Actor.kindOn(date:)` of many actors (keys: id, today's kind): one statement."""
    found = await period_rows(session, [k[0] for k in keys])
    return {
        (pk, today): kind_on(found.get(pk, []), ActorKind(today), date).value for pk, today in keys
    }


async def record_kind_period(
    session: AsyncSession,
    *,
    principal: Principal,
    actor: Actor,
    kind: ActorKind,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    source_url: str | None,
    confidence: Confidence | None,
) -> ActorKindPeriod:
    """Record what the actor was from `valid_from` to `valid_until`, or correct the period
    with the same start (an open period: the open one, e.g. to give today's kind its start),
    with its event. The open period is today's kind (`Actor.kind`), and periods may not
    overlap (DomainError INVALID / CONFLICT)."""
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise DomainError(
            ErrorCode.INVALID,
            f"validUntil {valid_until} is before validFrom {valid_from}",
            ["validUntil"],
        )
    if valid_until is None and kind is not actor.kind:
        raise DomainError(
            ErrorCode.INVALID,
            f"a period without an end is today's kind ({actor.kind.value}): give validUntil,"
            " or change the actor's kind with updateActor",
            ["validUntil"],
        )
    periods = (await periods_of(session, [actor.id]))[actor.id]
    # The open period (no end) is today's kind: recording one corrects it (its start, say).
    existing = next(
        (
            p
            for p in periods
            if (p.valid_until is None if valid_until is None else p.valid_from == valid_from)
        ),
        None,
    )
    for other in periods:
        if other is not existing and _overlap(
            (valid_from, valid_until), (other.valid_from, other.valid_until)
        ):
            raise DomainError(
                ErrorCode.CONFLICT,
                f"{actor.name} was {other.kind.value} from {other.valid_from or 'the start'}"
                f" to {other.valid_until or 'today'}: change that period first",
                ["validFrom"],
            )
    row = existing or ActorKindPeriod(actor_id=actor.id)
    row.kind, row.valid_from, row.valid_until = kind, valid_from, valid_until
    row.source_url, row.confidence = source_url, confidence
    if existing is None:
        session.add(row)
    await session.flush()
    await events.append(
        session,
        principal=principal,
        type="actor.kind_recorded",
        subject=actor,
        data={
            "kind": kind.value,
            "valid_from": None if valid_from is None else valid_from.isoformat(),
            "valid_until": None if valid_until is None else valid_until.isoformat(),
            "source_url": source_url,
            "confidence": None if confidence is None else confidence.value,
        },
    )
    return row


async def record_actor_kind(
    session: AsyncSession,
    *,
    principal: Principal,
    actor_id: int,
    kind: ActorKind,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    source_url: str | None,
    confidence: Confidence | None,
) -> Actor:
    """`record_kind_period` for the actor with this id (DomainError NOT_FOUND); the actor."""
    actor = await get_or_raise(session, Actor, actor_id, "actorId")
    await record_kind_period(
        session,
        principal=principal,
        actor=actor,
        kind=kind,
        valid_from=valid_from,
        valid_until=valid_until,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    return actor


def _overlap(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> bool:
    return max(a[0] or dt.date.min, b[0] or dt.date.min) <= min(
        a[1] or dt.date.max, b[1] or dt.date.max
    )


async def sync_current_kind(session: AsyncSession, *, actor: Actor) -> None:
    """Today's kind as the open period: the one without an end takes it, or one is
    recorded when there is none."""
    current = await session.scalar(
        select(ActorKindPeriod).where(
            ActorKindPeriod.actor_id == actor.id, ActorKindPeriod.valid_until.is_(None)
        )
    )
    if current is None:
        session.add(
            ActorKindPeriod(
                actor_id=actor.id,
                kind=actor.kind,
                source_url=actor.source_url,
                confidence=actor.confidence,
            )
        )
    elif current.kind is not actor.kind:
        current.kind = actor.kind
