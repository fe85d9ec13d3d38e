"""The read model of the event log (see gp_api.readmodel)."""

from __future__ import annotations

from typing import Any

from gp_api.events.catalog import visible_types
from gp_api.events.models import Event, TransitionDeviation, TransitionRecord
from gp_api.events.shape import for_role, shaped
from gp_api.principal import Role
from gp_api.readmodel import (
    NODE,
    AnyNode,
    Column,
    Condition,
    InText,
    Parent,
    ReadModel,
    RootConnection,
    Rows,
    Shaped,
    compare,
    declare,
    equals_bool,
    one_of,
    subjects,
)


def _visible(role: Role | None) -> Condition | None:
    types = visible_types(role)
    return None if types is None else InText("type", tuple(types))


def _data(
    role: Role | None, type_: str, subject_type: str, subject_id: int, data: Any
) -> dict[str, Any]:
    return for_role(role, type_, shaped(type_, subject_type, subject_id, data or {}))


EVENT = ReadModel(
    "Event",
    Event,
    (Event.id,),
    {
        **NODE,
        "cursor": Column(
            "id",
            "cursor",
            description="Opaque position in the event log: `after` for the events connection"
            " and subscriptions.",
        ),
        "type": Column("type", "text", description="What happened, e.g. `actor.created`."),
        "occurredAt": Column("occurred_at", "datetime", description="When it was recorded."),
        "subjectType": Column(
            "subject_type", "text", description="GraphQL type name of the subject."
        ),
        "subjectId": Column(
            "subject_id", "id", type_column="subject_type", description="Global ID of the subject."
        ),
        "milestone": Column(
            "milestone", "bool", description="True for milestones integrators watch."
        ),
        "by": Column(
            "principal_name", "text", description="Name of the principal who made the change."
        ),
        "principalId": Column(
            "principal_id",
            "text",
            description="Who made the change: `token:<n>`, `system` or `anonymous`.",
        ),
        "data": Shaped(
            ("type", "subject_type", "subject_id", "data"),
            _data,
            "Details of the change: camelCase keys, global IDs; the keys of each type are listed"
            " in docs/integrators.md (Event types). Keys a reader may not see are left out.",
        ),
        "onBehalfOf": Parent("Actor", "on_behalf_of_actor_id"),
        "subject": AnyNode("subject_type", "subject_id"),
    },
    reader=_visible,
)

TRANSITION_RECORD = ReadModel(
    "TransitionRecord",
    TransitionRecord,
    (TransitionRecord.id,),
    {
        **NODE,
        "workflow": Column("workflow", "text", description="Name of the workflow definition."),
        "workflowVersion": Column(
            "workflow_version", "int", description="Version of the workflow definition."
        ),
        "fromState": Column("from_state", "text", description="State before the move."),
        "toState": Column("to_state", "text", description="State after the move."),
        "trigger": Column(
            "trigger",
            "text",
            description="The trigger fired; `import` marks a dated historical import record.",
        ),
        "by": Column(
            "principal_name", "text", description="Name of the principal who made the move."
        ),
        "reason": Column("reason", "text", description="Why the move was made."),
        "at": Column("at", "datetime", description="When the move took effect."),
        "sourceUrl": Column(
            "source_url", "text", description="Public source for an import record."
        ),
        "onBehalfOf": Parent("Actor", "on_behalf_of_actor_id"),
        "event": Parent("Event", "event_id"),
        "deviations": Rows("TransitionDeviation", "transition_record_id"),
    },
)

TRANSITION_DEVIATION = ReadModel(
    "TransitionDeviation",
    TransitionDeviation,
    (TransitionDeviation.id,),
    {
        **NODE,
        "kind": Column(
            "kind",
            "enum",
            description="GUARD_FAILED (a guard failed at the import's date), STAGE_SKIPPED (a"
            " stage of the workflow was never recorded), NOT_EVALUATED (imported before guards"
            " were evaluated at import).",
        ),
        "transition": Column(
            "transition_trigger",
            "text",
            description="Trigger of the definition's transition it concerns (skipped, or whose"
            " guard failed).",
        ),
        "stage": Column(
            "stage",
            "text",
            description="State that transition leads to (for STAGE_SKIPPED, the stage skipped).",
        ),
        "guard": Column("guard", "text", description="Name of the guard that failed, if any."),
        "description": Column(
            "description", "text", description="What the guard or the workflow requires."
        ),
        "blocker": Column(
            "blocker",
            "text",
            description="What the record lacks, as the guard says it, and so how it would be"
            " cleared.",
        ),
    },
)

declare(
    EVENT,
    TRANSITION_RECORD,
    TRANSITION_DEVIATION,
    roots={
        "events": RootConnection(
            "Event",
            {
                "types": one_of("type"),
                "subjectIds": subjects("subject_type", "subject_id", "subjectIds"),
                "milestone": equals_bool("milestone"),
                "since": compare("occurred_at", ">="),
                "until": compare("occurred_at", "<"),
            },
        )
    },
)
