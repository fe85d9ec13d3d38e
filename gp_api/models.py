"""Every model, imported once so that Base.metadata is complete (Alembic, tests)."""

from gp_api.actors.models import Actor, ActorKindPeriod
from gp_api.auth.models import ApiToken
from gp_api.bodies.models import (
    BodyChair,
    CoordinationBody,
    Meeting,
    Membership,
    meeting_participants,
)
from gp_api.commitments.models import Commitment, Deliverable, ProgressReport
from gp_api.data_version import DataVersion
from gp_api.db import Base
from gp_api.deadlines.models import DeadlineNotice
from gp_api.documents.models import Document
from gp_api.events.models import Event, TransitionDeviation, TransitionRecord
from gp_api.ga.models import (
    AgendaItem,
    AgendaItemAllocation,
    Amendment,
    DraftAction,
    DraftRevision,
    Mandate,
    Resolution,
    Sponsorship,
    Vote,
    amendment_proposers,
    draft_facilitators,
)
from gp_api.names.models import LocalizedName
from gp_api.people.models import Appointment, Office, Person
from gp_api.plan.models import PlanStep
from gp_api.sessions.models import Session, SessionPart
from gp_api.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDispatchCursor,
    WebhookEndpoint,
)
from gp_api.workflow.models import IdempotencyKey

__all__ = [
    "Actor",
    "ActorKindPeriod",
    "AgendaItem",
    "AgendaItemAllocation",
    "Amendment",
    "ApiToken",
    "Appointment",
    "Base",
    "BodyChair",
    "Commitment",
    "CoordinationBody",
    "DataVersion",
    "DeadlineNotice",
    "Deliverable",
    "Document",
    "DraftAction",
    "DraftRevision",
    "Event",
    "IdempotencyKey",
    "LocalizedName",
    "Mandate",
    "Meeting",
    "Membership",
    "Office",
    "Person",
    "PlanStep",
    "ProgressReport",
    "Resolution",
    "Session",
    "SessionPart",
    "Sponsorship",
    "TransitionDeviation",
    "TransitionRecord",
    "Vote",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookDispatchCursor",
    "WebhookEndpoint",
    "amendment_proposers",
    "draft_facilitators",
    "meeting_participants",
]
