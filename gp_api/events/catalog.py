"""Every event type, declared once as data: who may see it and what its `data` holds.

Everything else derives from here: `append` shapes each new event's data by its declaration
(gp_api.events.shape: camelCase keys, global IDs) and refuses an undeclared type or key;
every reader (the events connection, node/nodes, subscriptions, webhooks) applies `visible`
and `shape.for_role`; the "Event types" section of docs/integrators.md is rendered from it
(gp_api.events.docs).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from gp_api import models
from gp_api.deadlines.rules import (
    COMMITMENT_DUE_SOON,
    COMMITMENT_DUE_TODAY,
    COMMITMENT_OVERDUE,
    MANDATE_DUE,
    MANDATE_OVERDUE,
    MEETING_TOMORROW,
    Deadline,
)
from gp_api.names.models import NAMED_SUBJECTS
from gp_api.principal import Role, at_least


@dataclass(frozen=True)
class Key:
    """One key of an event's data."""

    name: str  # camelCase, as clients see it
    kind: str  # for the docs: "string", "integer", "ID of Actor", ...
    description: str = ""
    id_of: str | None = None  # holds the global ID (or a list of them) of this type
    id_type_in: str | None = None  # ... of the type named by this other key's value
    subject: bool = False  # always the global ID of the event's subject
    url: bool = False  # a URL kept as scheme://host/path: no credentials, query or fragment
    field_names: bool = False  # a list of field names (camelCase)
    audience: Role | None = None  # least role that sees the key (None: whoever sees the event)
    fields: tuple[Key, ...] = ()  # an object with these keys


@dataclass(frozen=True)
class EventType:
    name: str
    subject: str  # the GraphQL type of its subject
    summary: str
    keys: tuple[Key, ...]
    audience: Role | None = None  # least role that sees the event at all (None: every reader)
    workflow: str | None = field(default=None, compare=False)  # for `workflows` filters


_CAMEL = re.compile(r"_([a-z0-9])")


@lru_cache(maxsize=4096)
def camel(name: str) -> str:
    """`short_name` -> `shortName`; camelCase names stay as they are."""
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


@cache
def _mappers() -> dict[str, Any]:
    return {m.class_.__name__: m for m in models.Base.registry.mappers}


def _kind(python_type: type) -> str:
    if issubclass(python_type, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in python_type)
    if issubclass(python_type, dt.datetime):
        return "date-time (ISO 8601)"
    if issubclass(python_type, dt.date):
        return "date (ISO 8601)"
    if issubclass(python_type, bool):
        return "boolean"
    if issubclass(python_type, int):
        return "integer"
    if issubclass(python_type, str):
        return "string"
    return "list of strings"


def _python_type(sql_type: Any) -> type:
    for candidate in (getattr(sql_type, "impl", None), sql_type):
        try:
            found = candidate.python_type  # type: ignore[union-attr]
        except (NotImplementedError, AttributeError):
            continue
        if found is not object:
            return found  # type: ignore[no-any-return]
    return list


def columns(model: str, only: Sequence[str] | None = None, **overrides: Key) -> tuple[Key, ...]:
    """The keys of a row's snapshot: its columns (or `only` these), ids as global IDs."""
    mapper = _mappers()[model]
    by_table = {m.local_table.name: name for name, m in _mappers().items()}
    keys = []
    for attr in mapper.column_attrs:
        if only is not None and attr.key not in only:
            continue
        column = attr.columns[0]
        name = camel(attr.key)
        if name in overrides:
            keys.append(overrides[name])
        elif column.primary_key:
            keys.append(Key(name, f"ID of {model}", "the subject", subject=True))
        elif column.foreign_keys:
            target = by_table[next(iter(column.foreign_keys)).column.table.name]
            keys.append(Key(name, f"ID of {target}", id_of=target))
        else:
            python_type = _python_type(column.type)
            if python_type is str and hasattr(column.type, "enum_class"):
                python_type = column.type.enum_class or str
            keys.append(Key(name, _kind(python_type)))
    return tuple(keys)


def _changed(model: str, name: str) -> tuple[Key, ...]:
    return (
        Key("changed", "list of field names", "the fields that changed", field_names=True),
        Key(name, f"object: the {model} after the change", fields=columns(model)),
    )


_TOKEN = columns(
    "ApiToken", ("id", "name", "role", "actor_id", "prefix", "expires_at", "revoked_at")
)
_ENDPOINT = columns(
    "WebhookEndpoint",
    ("id", "url", "event_types", "workflows", "enabled"),
    url=Key(
        "url",
        "string",
        "scheme://host/path of the receiver (no credentials, query or fragment)",
        url=True,
        audience=Role.ADMIN,
    ),
)
_TRANSITION = (
    Key("workflow", "string", "the workflow's name (see the `workflows` query)"),
    Key("fromState", "string", "the state left (null for the first state)"),
    Key("toState", "string", "the state reached"),
    Key("trigger", "string", "the trigger that made the move (`import` for imported history)"),
    Key("reason", "string", "the reason given, or null"),
    Key("at", "date-time (ISO 8601)", "when the move took effect"),
    Key("sourceUrl", "string", "where the move is documented, or null"),
    Key(
        "dataType",
        "string",
        "for a move that carries data (an allocation, an action): the type of the object"
        " holding it; absent otherwise",
    ),
    Key("dataId", "ID", "the global ID of that object", id_type_in="dataType"),
    Key(
        "deviations",
        "list of objects",
        "for an import (trigger `import`): how it departed from the workflow, each with"
        " `kind` (GUARD_FAILED, STAGE_SKIPPED), `transition`, `stage`, `guard`, `description`"
        " and `blocker` (what the record lacks), as `TransitionRecord.deviations`; empty when"
        " the import met every guard; absent for a guarded move",
    ),
)


_DUE_ON = Key("dueOn", "date (ISO 8601)", "the deadline: the commitment's `dueOn`")
_DAYS_LEFT = Key(
    "daysLeft", "integer", "days from the sweep's day to the deadline (0: today; negative: passed)"
)
# The data of each subject's deadline notices (gp_api.deadlines.rules declares the notices).
_DEADLINE_KEYS: dict[str, tuple[Key, ...]] = {
    "Commitment": (
        Key("commitmentId", "ID of Commitment", "the commitment", subject=True),
        _DUE_ON,
        _DAYS_LEFT,
    ),
    "Meeting": (
        Key("meetingId", "ID of Meeting", "the meeting", subject=True),
        Key("dueOn", "date (ISO 8601)", "the day it starts (UTC)"),
        _DAYS_LEFT,
        Key("startsAt", "date-time (ISO 8601)", "when it starts"),
    ),
    "Mandate": (
        *columns("Mandate"),
        Key("since", "date (ISO 8601)", "the day it fell due (`mandate.due`) or overdue"),
    ),
}


def _deadline(deadline: Deadline) -> EventType:
    milestone = "a milestone" if deadline.milestone else "not a milestone"
    workflow = (
        ""
        if deadline.workflow is None
        else f" Matches the `workflows` filter `{deadline.workflow}`."
    )
    return EventType(
        deadline.event,
        deadline.subject,
        f"{deadline.summary} Appended by the sweep once per {deadline.subject.lower()} and due"
        f" date (a corrected date gets its own); {milestone}.{workflow}",
        _DEADLINE_KEYS[deadline.subject],
        workflow=deadline.workflow,
    )


def _name_recorded(name: str, model: str) -> EventType:
    return EventType(
        name,
        model,
        "A form of its name or title was recorded (recordName): in a language, for a period.",
        (
            Key("language", "string", "AR, ZH, EN, FR, RU or ES"),
            Key("name", "string", "the form"),
            Key("shortName", "string", "its short form, or null"),
            Key("validFrom", "date (ISO 8601)", "first day it applied, or null (not known)"),
            Key("validUntil", "date (ISO 8601)", "last day it applied, or null (it still does)"),
            Key("sourceUrl", "string", "where it is documented, or null", url=True),
            Key("confidence", "string", "CONFIRMED or UNCONFIRMED, or null"),
        ),
    )


def _created(name: str, model: str, summary: str) -> EventType:
    return EventType(name, model, summary + " Data: the new object's fields.", columns(model))


TYPES: tuple[EventType, ...] = (
    _created("actor.created", "Actor", "An actor was added."),
    EventType("actor.updated", "Actor", "An actor was changed.", _changed("Actor", "actor")),
    EventType(
        "actor.kind_recorded",
        "Actor",
        "What kind of participant an actor was for a period was recorded (recordActorKind).",
        (
            Key("kind", "string", "the kind in that period"),
            Key("validFrom", "date (ISO 8601)", "first day, or null (from the start)"),
            Key("validUntil", "date (ISO 8601)", "last day, or null (still so)"),
            Key("sourceUrl", "string", "where it is documented, or null", url=True),
            Key("confidence", "string", "CONFIRMED or UNCONFIRMED, or null"),
        ),
    ),
    *(_name_recorded(name, model) for model, name in NAMED_SUBJECTS.items()),
    _created("coordination_body.created", "CoordinationBody", "A coordination body was added."),
    _created("membership.added", "Membership", "An actor joined a coordination body."),
    _created(
        "membership.removed", "Membership", "A membership ended (`until` is set; it is kept)."
    ),
    _created("meeting.scheduled", "Meeting", "A meeting was scheduled."),
    EventType(
        "meeting.held",
        "Meeting",
        "A meeting was recorded as held.",
        (
            Key("meetingId", "ID of Meeting", "the meeting", id_of="Meeting"),
            Key("participantIds", "list of IDs of Actor", "who took part", id_of="Actor"),
            Key("outcome", "string", "what came of it, or null"),
        ),
    ),
    _deadline(MEETING_TOMORROW),
    EventType(
        "meeting.updated",
        "Meeting",
        "A meeting's record was corrected (updateMeeting; never its body, status or participants).",
        _changed("Meeting", "meeting"),
    ),
    EventType(
        "coordination_body.updated",
        "CoordinationBody",
        "A coordination body's data was changed (updateCoordinationBody; never its state).",
        _changed("CoordinationBody", "coordinationBody"),
    ),
    _created("body_chair.appointed", "BodyChair", "A person was made chair of a body."),
    _created("body_chair.ended", "BodyChair", "A chair's term ended (`until` is set; it is kept)."),
    _created("person.created", "Person", "A person holding a public role was recorded."),
    EventType("person.updated", "Person", "A person was changed.", _changed("Person", "person")),
    _created("office.created", "Office", "A public office was recorded."),
    EventType("office.updated", "Office", "An office was changed.", _changed("Office", "office")),
    _created("appointment.made", "Appointment", "A person was appointed to an office."),
    _created(
        "appointment.ended", "Appointment", "An appointment ended (`until` is set; it is kept)."
    ),
    _created("agenda_item.created", "AgendaItem", "An agenda item was added."),
    EventType(
        "agenda_item.updated",
        "AgendaItem",
        "An agenda item's data was corrected (updateAgendaItem).",
        _changed("AgendaItem", "agendaItem"),
    ),
    _created("resolution.drafted", "Resolution", "A draft resolution or decision was added."),
    _created("resolution.sponsor_added", "Sponsorship", "A Member State joined the sponsors."),
    _created(
        "resolution.sponsor_withdrawn",
        "Sponsorship",
        "A sponsor withdrew (`withdrawnOn` is set; it is kept).",
    ),
    _created(
        "resolution.budget_implications_recorded",
        "Resolution",
        "Whether a draft involves expenditure, the Secretary-General's statement of programme"
        " budget implications and the Fifth Committee's statement were recorded (rule 153).",
    ),
    _created(
        "resolution.record_imported",
        "Resolution",
        "What the historical record says of a draft (symbols, submitter, facilitators,"
        " revisions, actions) was entered with its imported history.",
    ),
    _created(
        "resolution.part_voted",
        "DraftAction",
        "A part of a draft was voted on separately (rules 89 and 129): `outcome` ADOPTED keeps"
        " it, REJECTED deletes it.",
    ),
    _created("amendment.proposed", "Amendment", "An amendment to a draft was proposed."),
    _created("amendment.acted_on", "DraftAction", "A forum acted on an amendment."),
    _created("amendment.withdrawn", "Amendment", "An amendment was withdrawn."),
    _created("mandate.recorded", "Mandate", "What an adopted resolution asks for was recorded."),
    EventType(
        "mandate.updated",
        "Mandate",
        "A mandate's data was corrected (updateMandate).",
        _changed("Mandate", "mandate"),
    ),
    _created(
        "mandate.fulfilled",
        "Mandate",
        "A document fulfilled a mandate (`fulfilledById`, `fulfilledOn`; status FULFILLED).",
    ),
    _deadline(MANDATE_DUE),
    _deadline(MANDATE_OVERDUE),
    _created("document.created", "Document", "A UN document was recorded."),
    EventType(
        "document.updated", "Document", "A document was changed.", _changed("Document", "document")
    ),
    _created("session.created", "Session", "A General Assembly session was recorded."),
    EventType(
        "session.updated",
        "Session",
        "A General Assembly session was changed.",
        _changed("Session", "session"),
    ),
    _created("session_part.added", "SessionPart", "A part was added to a session."),
    _created("commitment.created", "Commitment", "A commitment was made."),
    EventType(
        "commitment.updated",
        "Commitment",
        "A commitment was changed.",
        _changed("Commitment", "commitment"),
    ),
    _created("deliverable.added", "Deliverable", "A deliverable was added to a commitment."),
    _created("deliverable.status_changed", "Deliverable", "A deliverable's status was changed."),
    _created("progress_report.submitted", "ProgressReport", "A progress report was submitted."),
    _deadline(COMMITMENT_DUE_SOON),
    _deadline(COMMITMENT_DUE_TODAY),
    _deadline(COMMITMENT_OVERDUE),
    EventType(
        "workflow.transitioned",
        "CoordinationBody, AgendaItem, Resolution or Commitment",
        "A subject moved along its workflow; a milestone when it reached a milestone state.",
        _TRANSITION,
    ),
    EventType(
        "plan_step.achieved",
        "PlanStep",
        "A step of the plan of action was achieved (always a milestone; workflow `plan`).",
        (
            Key("key", "string", "the step's key"),
            Key("title", "string", "the step's title"),
            Key("achievedAt", "date-time (ISO 8601)", "when"),
            Key("bySubjectType", "string", "the type of the object whose change achieved it"),
            Key(
                "bySubjectId",
                "ID",
                "the object whose change achieved it",
                id_type_in="bySubjectType",
            ),
        ),
        workflow="plan",
    ),
    EventType("api_token.created", "ApiToken", "An API token was created.", _TOKEN, Role.ADMIN),
    EventType("api_token.revoked", "ApiToken", "An API token was revoked.", _TOKEN, Role.ADMIN),
    EventType(
        "webhook_endpoint.created",
        "WebhookEndpoint",
        "A webhook endpoint was registered.",
        _ENDPOINT,
        Role.VIEWER,
    ),
    EventType(
        "webhook_endpoint.updated",
        "WebhookEndpoint",
        "A webhook endpoint was changed.",
        _ENDPOINT,
        Role.VIEWER,
    ),
    EventType(
        "webhook_endpoint.deleted",
        "WebhookEndpoint",
        "A webhook endpoint was deleted.",
        _ENDPOINT,
        Role.VIEWER,
    ),
    EventType(
        "webhook_delivery.redelivery_requested",
        "WebhookDelivery",
        "An administrator asked for a webhook delivery to be sent again.",
        (
            Key("deliveryId", "ID of WebhookDelivery", "the delivery", id_of="WebhookDelivery"),
            Key("eventId", "ID of Event", "the event it delivers", id_of="Event"),
        ),
        Role.VIEWER,
    ),
)
CATALOG: dict[str, EventType] = {t.name: t for t in TYPES}


def visible(role: Role | None, event_type: str) -> bool:
    """Whether a reader with `role` (None: anonymous) sees events of this type at all. Types
    not in the catalog are for ADMIN only."""
    declared = CATALOG.get(event_type)
    if declared is None:
        return role is Role.ADMIN
    return at_least(role, declared.audience)


def visible_types(role: Role | None) -> list[str] | None:
    """The types `role` sees (None: every type, unknown ones included), for SQL filters."""
    if role is Role.ADMIN:
        return None
    return [t.name for t in TYPES if at_least(role, t.audience)]


@cache
def workflow_names() -> frozenset[str]:
    """Every name a `workflows` filter (subscriptions, webhooks) can match: the workflow
    definitions, and the workflows event types declare (`plan` for plan steps)."""
    from workflows.registry import DEFINITIONS

    return frozenset(DEFINITIONS) | {t.workflow for t in TYPES if t.workflow is not None}


def unknown_workflows(names: Sequence[str] | None) -> list[str]:
    """The names in a `workflows` filter that no event can ever match."""
    return sorted(set(names or ()) - workflow_names())


def workflow_of(event_type: str, data: Mapping[str, Any]) -> str | None:
    """The workflow an event belongs to, for `workflows` filters (subscriptions, webhooks)."""
    declared = CATALOG.get(event_type)
    if declared is not None and declared.workflow is not None:
        return declared.workflow
    workflow = data.get("workflow") if isinstance(data, Mapping) else None
    return workflow if isinstance(workflow, str) else None
