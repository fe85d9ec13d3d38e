"""Recording workflow transitions: state change, history row and event in one transaction.

Issue 2/5 adds the guarded `advance` use case on top of `record_transition`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import Base
from gp_api.events import service as events
from gp_api.events.models import Event, TransitionRecord
from gp_api.plan import service as plan
from gp_api.principal import Principal


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
) -> Recorded:
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
    await plan.on_state_reached(session, subject=subject, at=at, principal=principal)
    return Recorded(event, record)
