"""Enums, descriptions and small helpers shared by several parts of the schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry

from gp_api.actors.models import ActorKind, FlowRole
from gp_api.bodies.models import Hub, MeetingStatus, MembershipRole
from gp_api.commitments.models import DeliverableStatus, Determinant, Pillar, Scope
from gp_api.events.models import DeviationKind
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItemOrigin,
    AgendaList,
    Allocation,
    AmendmentOutcome,
    Ballot,
    DraftKind,
    MandateKind,
    MandateStatus,
    SponsorKind,
    Submitter,
    Topic,
    VotingMethod,
)
from gp_api.graphql import ids
from gp_api.models_common import Confidence
from gp_api.plan.steps import PlanStepStatus
from gp_api.readmodel import CONFIDENCE as CONFIDENCE
from gp_api.readmodel import SOURCE_URL as SOURCE_URL
from workflows.agenda_item import AgendaItemState
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState
from workflows.resolution import ResolutionState

strawberry.enum(ActorKind, description="What kind of participant an actor is.")
strawberry.enum(FlowRole, description="A country's role in trafficking flows.")
strawberry.enum(Hub, description="Where the partnership consults.")
strawberry.enum(MeetingStatus, description="Whether a meeting took place.")
strawberry.enum(MembershipRole, description="An actor's role in a coordination body.")
strawberry.enum(Determinant, description="The six determinants of the Global Partnership.")
strawberry.enum(
    Pillar, description="The four pillars of the United Nations Global Plan of Action (64/293)."
)
strawberry.enum(Scope, description="Where a commitment applies: national, regional or global.")
strawberry.enum(DeliverableStatus, description="Whether a deliverable was delivered.")
strawberry.enum(Allocation, description="The General Assembly forum an item goes to.")
strawberry.enum(
    AgendaItemOrigin,
    description="How an agenda item came onto the agenda: REQUESTED (rules 13-15), MANDATED by"
    " an earlier resolution, CARRIED_OVER from an earlier session.",
)
strawberry.enum(AgendaList, description="The list an agenda item was placed on (rules 12-15).")
strawberry.enum(Topic, description="What an agenda item is about.")
strawberry.enum(SponsorKind, description="Main sponsor or co-sponsor of a draft.")
strawberry.enum(DraftKind, description="What a draft becomes once adopted.")
strawberry.enum(Submitter, description="Who submits a draft to its forum.")
strawberry.enum(ActionOutcome, description="What a forum decided on a draft or amendment.")
strawberry.enum(VotingMethod, description="Without a vote, or how the forum voted.")
strawberry.enum(Ballot, description="A Member State's vote.")
strawberry.enum(AmendmentOutcome, description="Where an amendment stands.")
strawberry.enum(MandateKind, description="What a resolution asks for.")
strawberry.enum(
    MandateStatus,
    description="Where a mandate stands: PENDING, DUE (its session opened or its day came),"
    " OVERDUE (its due window ended unfulfilled), FULFILLED.",
)
strawberry.enum(Confidence, description="How well the public sources confirm a record.")
strawberry.enum(
    PlanStepStatus,
    description="How far a plan step has come: ACHIEVED_WITH_DEVIATIONS when its target was"
    " reached, but not as the plan or the workflow says (the deviations are listed).",
)
strawberry.enum(DeviationKind, description="How an imported move departed from its workflow.")
strawberry.enum(BodyState, description="Stage of a coordination body.")
strawberry.enum(AgendaItemState, description="Stage of a General Assembly agenda item.")
strawberry.enum(ResolutionState, description="Stage of a draft resolution or decision.")
strawberry.enum(CommitmentState, description="Stage of a commitment.")


INPUT = strawberry.argument(description="The change to make; see the input type.")


ERRORS = "Why the input was refused; empty on success (then something was written)."


def described(description: str, default: Any = None) -> Any:
    """A field with its description and a default (inputs: optional fields)."""
    return strawberry.field(description=description, default=default)


def optional_id(value: strawberry.ID | None, type_name: str, field: str) -> int | None:
    """The primary key in an optional global ID argument, checked to be of type_name."""
    return None if value is None else ids.decode_as(value, type_name, field)


def is_set(value: Any) -> bool:
    """Whether an input field was sent (left out: UNSET)."""
    return value is not strawberry.UNSET


def given(
    input: object,
    *,
    but: tuple[str, ...] = ("id",),
    ids: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The fields of an input that were sent (UNSET left out), as the services' `changes` or
    values: every attribute but those in `but` (what names the row); the global IDs among them
    (`ids`: attribute -> (type name, GraphQL field), for the error) decoded to primary keys,
    null kept as null."""
    found = {k: v for k, v in vars(input).items() if k not in but and is_set(v)}
    for key, (type_name, field) in (ids or {}).items():
        if key in found:
            found[key] = optional_id(found[key], type_name, field)
    return found
