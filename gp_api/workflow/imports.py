"""Importing history: a subject enters the state history says it reached, on its date, citing
its source, through the same workflow as every move (`importWorkflowState`, and the demo).

The import is recorded as the principal who made it (an administrator, or the system for the
demo) with the trigger `import`, dated `on` (midnight UTC). Its target must be reachable from
the subject's state by the definition's transitions (gp_api.workflow.deviations.path); the
guards of every transition on the way are evaluated against the facts as of that date where
the facts are dated (a body's memberships and meetings), else against the facts as they are
today; every guard that fails and every stage skipped is stored as a deviation on the move.
Nothing is refused for failing a guard: reality is recorded as it was, and never hidden."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.db import Base
from gp_api.errors import DomainError, ErrorCode
from gp_api.events.models import Event, TransitionRecord
from gp_api.principal import Principal
from gp_api.workflow import idempotency
from gp_api.workflow.deviations import Deviation, deviations, path
from gp_api.workflow.service import record_transition, remember_stage
from gp_api.workflow.subjects import SUBJECTS


@dataclass(frozen=True)
class Imported:
    subject: Base
    event: Event
    record: TransitionRecord
    deviations: tuple[Deviation, ...]
    replayed: bool


def midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


async def import_state(
    session: AsyncSession,
    *,
    principal: Principal,
    subject_type: str,
    subject_id: int,
    to_state: str,
    on: dt.date,
    source_url: str | None,
    reason: str | None = None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Imported:
    """Bring a subject to `to_state` as of `on`, recording the deviations. Raises DomainError
    (INVALID for an unknown state, a future date, a date before the subject's last recorded
    move, a missing or bad sourceUrl; NOT_FOUND; INVALID_TRANSITION when the state cannot be
    reached; REASON_REQUIRED when a move on the way needs one; VERSION_CONFLICT) and writes
    nothing then."""
    now = now or dt.datetime.now(dt.UTC)
    kind = SUBJECTS.get(subject_type)
    if kind is None:
        raise DomainError(ErrorCode.INVALID, f"a {subject_type} has no workflow", ["subjectId"])
    definition = kind.definition
    source = validation.url(source_url, "sourceUrl")
    if source is None:
        raise DomainError(
            ErrorCode.REQUIRED, "sourceUrl is required: an import cites its source", ["sourceUrl"]
        )
    reason = validation.text(reason, "reason", max_length=2000, required=False)
    key = validation.text(idempotency_key, "idempotencyKey", max_length=200, required=False)
    states = {s.value: s for s in definition.states}
    target = states.get(to_state)
    if target is None:
        raise DomainError(
            ErrorCode.INVALID,
            f"{definition.name} has no state {to_state!r}; its states are {', '.join(states)}",
            ["toState"],
        )
    if on > now.date():
        raise DomainError(
            ErrorCode.INVALID,
            f"on is {on.isoformat()}, after today: an import records what already happened",
            ["on"],
        )
    out_of_range = validation.date_out_of_range(on)
    if out_of_range:
        raise DomainError(ErrorCode.OUT_OF_RANGE, out_of_range, ["on"])
    if key is not None:
        move = idempotency.Move(
            subject_type,
            subject_id,
            f"import:{to_state}",
            reason,
            expected_version,
            json.dumps({"on": on.isoformat(), "sourceUrl": source}, sort_keys=True),
        )
        first = await idempotency.claim(session, principal_id=principal.id, key=key, move=move)
        if first is not None:
            return await _replay(session, kind.model, subject_id, first)
    locked: Any = (
        select(kind.model)
        .where(kind.model.id == subject_id)  # type: ignore[attr-defined]
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    subject: Any = await session.scalar(locked)
    if subject is None:
        raise DomainError(
            ErrorCode.NOT_FOUND, f"no {subject_type} with the id given in subjectId", ["subjectId"]
        )
    if expected_version is not None and expected_version != subject.version:
        raise DomainError(
            ErrorCode.VERSION_CONFLICT,
            f"expectedVersion is {expected_version} but the {subject_type} is at version "
            f"{subject.version}: reload it and decide again",
            ["expectedVersion"],
        )
    at = midnight_utc(on)
    last = await session.scalar(
        select(func.max(TransitionRecord.at)).where(
            TransitionRecord.subject_type == subject_type,
            TransitionRecord.subject_id == subject_id,
        )
    )
    if last is not None and _aware(last) > at:
        raise DomainError(
            ErrorCode.INVALID,
            f"on is {on.isoformat()}, before the {subject_type}'s last recorded move "
            f"({_aware(last).date().isoformat()}): history is appended in order; import from "
            "that date on",
            ["on"],
        )
    chain = path(definition, subject.state, target)
    if not chain:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"{to_state} cannot be reached from {subject.state.value} in {definition.name}"
            + (" (it is the current state)" if target == subject.state else ""),
            ["toState"],
        )
    if any(t.reason_required for t in chain) and reason is None:
        needs = ", ".join(t.trigger for t in chain if t.reason_required)
        raise DomainError(
            ErrorCode.REASON_REQUIRED,
            f"the import passes through {needs}: give a reason",
            ["reason"],
        )
    load = kind.load_as_of or kind.load_many
    facts = (await load(session, [subject], at if kind.load_as_of else now))[subject.id]
    found = tuple(deviations(definition, chain, facts))
    remember_stage(subject, target)
    recorded = await record_transition(
        session,
        subject=subject,
        workflow=definition.name,
        workflow_version=definition.version,
        to_state=target,
        trigger="import",
        principal=principal,
        at=at,
        milestone=target in definition.milestones,
        reason=reason,
        source_url=source,
        deviations=found,
    )
    if key is not None:
        await idempotency.complete(
            session, principal_id=principal.id, key=key, event_id=recorded.event.id
        )
    return Imported(subject, recorded.event, recorded.record, found, replayed=False)


async def _replay(
    session: AsyncSession, model: type[Base], subject_id: int, event_id: int
) -> Imported:
    event = await session.get(Event, event_id)
    record = await session.scalar(
        select(TransitionRecord).where(TransitionRecord.event_id == event_id)
    )
    subject = await session.get(model, subject_id, populate_existing=True)
    assert event is not None
    assert record is not None
    assert subject is not None
    return Imported(subject, event, record, (), replayed=True)


def _aware(value: dt.datetime | str) -> dt.datetime:
    # func.max bypasses the column type on SQLite: a naive UTC value or a string.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
