"""Workflow moves: the guarded `advance` use case, and recording a transition (state change,
history row, event and plan steps) in the caller's transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.bodies.models import CoordinationBody
from gp_api.db import Base, among, plain_rows
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.events.models import Event, TransitionDeviation, TransitionRecord
from gp_api.plan import service as plan
from gp_api.principal import Principal, Role
from gp_api.readmodel import Batch, Computed
from gp_api.workflow import idempotency
from gp_api.workflow.deviations import Deviation, stored_json
from gp_api.workflow.subjects import SUBJECTS, Subject
from workflows.base import WorkflowError
from workflows.coordination_body import BodyState


@dataclass(frozen=True)
class Recorded:
    event: Event
    record: TransitionRecord


async def record_transition(
    session: AsyncSession,
    *,
    subject: Base,
    workflow: str,
    workflow_version: int,
    to_state: enum.Enum,
    trigger: str,
    principal: Principal,
    at: dt.datetime,
    milestone: bool,
    reason: str | None = None,
    source_url: str | None = None,
    written: Base | None = None,
    deviations: Sequence[Deviation] | None = None,
) -> Recorded:
    """Change the subject's state and append its history row and event; `deviations` (an
    import's: None for a guarded move) are stored with the row and named in the event."""
    from_state: enum.Enum = subject.state  # type: ignore[attr-defined]
    subject.state = to_state  # type: ignore[attr-defined]
    subject.workflow_version = workflow_version  # type: ignore[attr-defined]
    event = await events.append(
        session,
        principal=principal,
        type="workflow.transitioned",
        subject=subject,
        milestone=milestone,
        data={
            "workflow": workflow,
            "fromState": from_state.value,
            "toState": to_state.value,
            "trigger": trigger,
            "reason": reason,
            "at": at.isoformat(),
            "sourceUrl": source_url,
            **(
                {"dataType": events.type_name(written), "dataId": written.id}  # type: ignore[attr-defined]
                if written is not None
                else {}
            ),
            **({} if deviations is None else {"deviations": [d.as_json() for d in deviations]}),
        },
    )
    record = TransitionRecord(
        event_id=event.id,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        workflow=workflow,
        workflow_version=workflow_version,
        from_state=from_state.value,
        to_state=to_state.value,
        trigger=trigger,
        reason=reason,
        principal_id=principal.id,
        principal_name=principal.name,
        on_behalf_of_actor_id=principal.actor_id,
        at=at,
        source_url=source_url,
    )
    session.add(record)
    await session.flush()
    session.add_all(
        TransitionDeviation(
            transition_record_id=record.id,
            kind=d.kind,
            transition_trigger=d.transition,
            stage=d.stage,
            guard=d.guard,
            description=d.description,
            blocker=d.blocker,
        )
        for d in deviations or ()
    )
    if deviations:
        await session.flush()
    await plan.on_state_reached(session, subject=subject, at=at, principal=principal)
    return Recorded(event, record)


# Writes a move's data (the allocation, the action) once the move is allowed, before it is
# recorded; returns the row that holds it (named by the move's event), or None.
Apply = Callable[[AsyncSession, Any, dt.datetime], Awaitable[Base | None]]


@dataclass(frozen=True)
class Advanced:
    subject: Base
    event: Event
    replayed: bool


async def advance(
    session: AsyncSession,
    *,
    principal: Principal,
    subject_type: str,
    subject_id: int,
    trigger: str,
    reason: str | None = None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
    payload: Any = None,
    apply: Apply | None = None,
) -> Advanced:
    """Fire `trigger` on a subject: load its facts, check the move, then change the state,
    bump the version and append the history row and the event, all in the caller's
    transaction. Raises DomainError (NOT_FOUND, INVALID_TRANSITION, REASON_REQUIRED,
    GUARD_FAILED, VERSION_CONFLICT, INVALID for a reused idempotency key) and writes nothing.

    A move that carries data (`Transition.payload`) is made by its own mutation: `payload` is
    the data (the guards see it as `facts.payload`) and `apply` writes it once the move is
    allowed; without it the move is refused, naming that mutation."""
    now = now or dt.datetime.now(dt.UTC)
    kind = SUBJECTS.get(subject_type)
    if kind is None:
        raise DomainError(ErrorCode.INVALID, f"a {subject_type} has no workflow", ["subjectId"])
    reason = validation.text(reason, "reason", max_length=2000, required=False)
    key = validation.text(idempotency_key, "idempotencyKey", max_length=200, required=False)
    if key is not None:
        # Claimed before the row lock: a retry racing the first attempt waits on the key, not
        # on the subject, and then gets the first result instead of a refused second move.
        move = idempotency.Move(
            subject_type, subject_id, trigger, reason, expected_version, _digest(payload)
        )
        first = await idempotency.claim(session, principal_id=principal.id, key=key, move=move)
        if first is not None:
            return await _replay(session, kind, subject_id, first)
    # Lock the row (PostgreSQL): concurrent moves on one subject queue up here, and the
    # second sees the first one's result.
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
    current: int = subject.version
    if expected_version is not None and expected_version != current:
        raise DomainError(
            ErrorCode.VERSION_CONFLICT,
            f"expectedVersion is {expected_version} but the {subject_type} is at version "
            f"{current}: reload it and decide again",
            ["expectedVersion"],
        )
    definition = kind.definition
    facts = await kind.load_facts(session, subject, now)
    if payload is not None:
        facts = dataclasses.replace(facts, payload=payload)
    try:
        taken = definition.fire(subject.state, trigger, facts, reason=reason)
    except WorkflowError as error:
        raise DomainError(
            ErrorCode(error.code),
            error.message,
            ["reason" if error.code == "REASON_REQUIRED" else "trigger"],
        ) from None
    if taken.payload is not None and (payload is None or apply is None):
        raise DomainError(
            ErrorCode.INVALID,
            f"{trigger!r} carries its data: make it with the {taken.payload} mutation",
            ["trigger"],
        )
    if taken.payload is None and payload is not None:
        raise DomainError(ErrorCode.INVALID, f"{trigger!r} carries no data", ["trigger"])
    to_state = definition.dest_of(taken, facts)
    written = await apply(session, subject, now) if apply is not None else None
    if written is not None:
        await session.flush()  # its id, for the event
    remember_stage(subject, to_state)
    recorded = await record_transition(
        session,
        subject=subject,
        workflow=definition.name,
        workflow_version=definition.version,
        to_state=to_state,
        trigger=trigger,
        principal=principal,
        at=now,
        milestone=to_state in definition.milestones,
        reason=reason,
        written=written,
    )
    if key is not None:
        await idempotency.complete(
            session, principal_id=principal.id, key=key, event_id=recorded.event.id
        )
    return Advanced(subject, recorded.event, replayed=False)


def _digest(payload: Any) -> str | None:
    """A move's data as the idempotency key remembers it: a retry with other data is refused."""
    if payload is None:
        return None
    if dataclasses.is_dataclass(payload) and not isinstance(payload, type):
        payload = dataclasses.asdict(payload)
    return json.dumps(payload, sort_keys=True, default=str)


def remember_stage(subject: Base, to_state: enum.Enum) -> None:
    """A suspended body resumes at the stage it left."""
    if isinstance(subject, CoordinationBody):
        subject.suspended_from = subject.state if to_state is BodyState.SUSPENDED else None


async def _replay(session: AsyncSession, kind: Subject, subject_id: int, event_id: int) -> Advanced:
    """The first result of a key: its event, and the subject as it is now."""
    event = await session.get(Event, event_id)
    subject = await session.get(kind.model, subject_id, populate_existing=True)
    assert event is not None
    assert subject is not None
    return Advanced(subject, event, replayed=True)


@dataclass(frozen=True)
class Move:
    """One move of a subject from its current state, for a principal: `availableTransitions`."""

    trigger: str
    to_state: str
    allowed: bool
    blockers: tuple[str, ...]
    reason_required: bool
    mutation: str
    # The least role that may make it (ADMIN; EDITOR for its own actor's commitments).
    required_role: Role
    # The deviations the subject carries in the state the move leaves (TransitionDeviation
    # rows of the record that entered it): the move starts from a stage reality reached
    # otherwise than the workflow says.
    deviations: tuple[Any, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """As the GraphQL type `AvailableTransition` names its fields."""
        return {
            "trigger": self.trigger,
            "toState": self.to_state,
            "allowed": self.allowed,
            "blockers": list(self.blockers),
            "reasonRequired": self.reason_required,
            "mutation": self.mutation,
            "requiredRole": self.required_role.value,
            "deviations": [stored_json(d) for d in self.deviations],
        }


# Subjects an EDITOR moves when they belong to its actor (`actor_id`); ADMIN moves everything.
OWNED_BY_EDITORS = frozenset({"Commitment"})


def required_role(subject_type: str) -> Role:
    """The least role that may move a subject of this type (an EDITOR: only its own actor's)."""
    return Role.EDITOR if subject_type in OWNED_BY_EDITORS else Role.ADMIN


def may_advance(principal: Principal, subject_type: str, owner: int | None) -> str | None:
    """Why `principal` may not advance this subject (None if it may): ADMIN moves everything,
    an EDITOR its own actor's commitments (the rule `advanceWorkflow` enforces)."""
    if principal.role is None:
        return "needs an API token with the ADMIN role"
    if principal.role is Role.ADMIN:
        return None
    editors = required_role(subject_type) is Role.EDITOR
    if editors and principal.role is Role.EDITOR and owner == principal.actor_id:
        return None
    return "needs the ADMIN role" + (
        " (or an EDITOR token for this commitment's actor)" if editors else ""
    )


@functools.cache
def _subject_rows(subject_type: str) -> Select[Any]:
    """The columns the facts and the moves of a subject type read, of the rows `ids`."""
    kind = SUBJECTS[subject_type]
    model: Any = kind.model
    return select(*(getattr(model, c) for c in kind.columns)).where(among(model.id))


async def available_moves(
    session: AsyncSession,
    principal: Principal,
    subject_type: str,
    ids: Sequence[int],
    now: dt.datetime | None = None,
) -> dict[int, list[Move]]:
    """Every move from each subject's state, allowed or not, with what blocks it; those the
    principal may not take say which role they need. Read from plain rows, the facts of all
    the subjects at once: a bounded number of statements whatever the number of subjects (an
    id with no row: no moves)."""
    kind = SUBJECTS[subject_type]
    unique = list(dict.fromkeys(ids))
    rows = await plain_rows(session, _subject_rows(subject_type), {"ids": unique}) if unique else []
    facts = await kind.load_many(session, rows, now or dt.datetime.now(dt.UTC)) if rows else {}
    carried = await current_deviations(session, subject_type, [r.id for r in rows])
    found: dict[int, list[Move]] = {pk: [] for pk in unique}
    for row in rows:
        denied = may_advance(principal, subject_type, getattr(row, "actor_id", None))
        found[row.id] = [
            Move(
                trigger=o.trigger,
                to_state=o.to_state.value,
                allowed=o.allowed and denied is None,
                blockers=((denied,) if denied else ()) + tuple(o.blockers),
                reason_required=o.reason_required,
                mutation=o.mutation,
                required_role=required_role(subject_type),
                deviations=tuple(carried.get(row.id, ())),
            )
            for o in kind.definition.options(row.state, facts[row.id])
        ]
    return found


# The deviations of each subject's latest move (`type`, `ids`), oldest first.
_CURRENT_DEVIATIONS = (
    select(TransitionRecord.subject_id, TransitionDeviation)
    .join(TransitionRecord, TransitionRecord.id == TransitionDeviation.transition_record_id)
    .where(
        TransitionDeviation.transition_record_id.in_(
            select(func.max(TransitionRecord.id))
            .where(
                TransitionRecord.subject_type == bindparam("type"),
                among(TransitionRecord.subject_id),
            )
            .group_by(TransitionRecord.subject_id)
        )
    )
    .order_by(TransitionDeviation.id)
)


async def current_deviations(
    session: AsyncSession, subject_type: str, ids: Sequence[int]
) -> dict[int, list[TransitionDeviation]]:
    """The deviations of the move that brought each subject into its current state (its
    latest history row), oldest first: one statement."""
    if not ids:
        return {}
    found: dict[int, list[TransitionDeviation]] = {}
    for subject_id, deviation in await session.execute(
        _CURRENT_DEVIATIONS, {"type": subject_type, "ids": list(ids)}
    ):
        found.setdefault(subject_id, []).append(deviation)
    return found


def moves_batch(subject_type: str) -> Batch:
    """`availableTransitions` of many subjects of one type, as JSON values (the compiled
    reads' Computed field; keys are (id,))."""

    async def batch(
        session: AsyncSession, principal: Principal, keys: Sequence[tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], Any]:
        found = await available_moves(session, principal, subject_type, [k[0] for k in keys])
        return {k: [m.as_json() for m in found[k[0]]] for k in keys}

    return batch


def available_transitions(subject_type: str) -> Computed:
    """The read model's `availableTransitions` of a workflow subject type."""
    return Computed(f"{subject_type}.availableTransitions", ("id",), moves_batch(subject_type))
