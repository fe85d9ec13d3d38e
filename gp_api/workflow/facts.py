"""Loading the facts each workflow's guards need (the async I/O done before a machine fires)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors.models import Actor, ActorKind
from gp_api.bodies.models import (
    CoordinationBody,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
)
from gp_api.commitments.models import Commitment, Deliverable, DeliverableStatus, ProgressReport
from gp_api.events.models import TransitionRecord
from gp_api.ga.models import (
    Adoption,
    AdoptionForum,
    AgendaItem,
    Resolution,
    SponsorKind,
    Sponsorship,
)
from workflows.agenda_item import AgendaItemFacts
from workflows.commitment import CommitmentFacts, CommitmentState
from workflows.coordination_body import BodyFacts
from workflows.resolution import ResolutionFacts, ResolutionState

SETTLED = (ResolutionState.ADOPTED, ResolutionState.REJECTED, ResolutionState.WITHDRAWN)


async def body_facts(session: AsyncSession, body: CoordinationBody, _now: dt.datetime) -> BodyFacts:
    rows = (
        await session.execute(
            select(
                Actor.kind, Actor.is_origin, Actor.is_transit, Actor.is_destination, Membership.role
            )
            .join(Actor, Actor.id == Membership.actor_id)
            .where(Membership.body_id == body.id, Membership.until.is_(None))
        )
    ).all()
    roles: set[str] = set()
    for kind, origin, transit, destination, _role in rows:
        if kind is ActorKind.STATE:
            roles.update(
                name
                for name, on in (
                    ("ORIGIN", origin),
                    ("TRANSIT", transit),
                    ("DESTINATION", destination),
                )
                if on
            )
    held = await session.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.body_id == body.id, Meeting.status == MeetingStatus.HELD)
    )
    return BodyFacts(
        members=len(rows),
        state_members=sum(1 for r in rows if r[0] is ActorKind.STATE),
        un_entity_members=sum(1 for r in rows if r[0] is ActorKind.UN_ENTITY),
        ngo_members=sum(1 for r in rows if r[0] is ActorKind.NGO),
        held_meetings=int(held or 0),
        flow_roles=frozenset(roles),
        has_chair_or_coordinator=any(
            r[4] in (MembershipRole.CHAIR, MembershipRole.COORDINATOR) for r in rows
        ),
        suspended_from=body.suspended_from,
    )


async def agenda_item_facts(
    session: AsyncSession, item: AgendaItem, _now: dt.datetime
) -> AgendaItemFacts:
    open_resolutions = await session.scalar(
        select(func.count())
        .select_from(Resolution)
        .where(Resolution.agenda_item_id == item.id, Resolution.state.not_in(SETTLED))
    )
    return AgendaItemFacts(
        has_proposer=item.proposer_id is not None,
        has_memorandum=bool(item.explanatory_memorandum and item.explanatory_memorandum.strip()),
        allocated_to=item.allocated_to.value if item.allocated_to else None,
        open_resolutions=int(open_resolutions or 0),
    )


async def resolution_facts(
    session: AsyncSession, resolution: Resolution, _now: dt.datetime
) -> ResolutionFacts:
    item = await session.get(AgendaItem, resolution.agenda_item_id)
    assert item is not None, "foreign key guarantees the agenda item"
    main_sponsor = await session.scalar(
        select(Sponsorship.id)
        .where(Sponsorship.resolution_id == resolution.id, Sponsorship.kind == SponsorKind.MAIN)
        .limit(1)
    )
    adoptions = {
        a.forum: a
        for a in await session.scalars(
            select(Adoption).where(Adoption.resolution_id == resolution.id)
        )
    }
    committee = adoptions.get(AdoptionForum.COMMITTEE)
    plenary = adoptions.get(AdoptionForum.PLENARY)
    return ResolutionFacts(
        item_state=item.state.value,
        item_allocated_to=item.allocated_to.value if item.allocated_to else None,
        has_draft_symbol=resolution.draft_symbol is not None,
        has_main_sponsor=main_sponsor is not None,
        committee_adoption_passing=committee.passing if committee else None,
        plenary_adoption_passing=plenary.passing if plenary else None,
        has_symbol=resolution.symbol is not None,
    )


async def commitment_facts(
    session: AsyncSession, commitment: Commitment, now: dt.datetime
) -> CommitmentFacts:
    open_deliverables = await session.scalar(
        select(func.count())
        .select_from(Deliverable)
        .where(
            Deliverable.commitment_id == commitment.id,
            Deliverable.status == DeliverableStatus.PENDING,
        )
    )
    last_report = await session.scalar(
        select(func.max(ProgressReport.submitted_at)).where(
            ProgressReport.commitment_id == commitment.id
        )
    )
    reports_since_lapse = 0
    if commitment.state is CommitmentState.LAPSED:
        reports_since_lapse = await _reports_since_lapse(session, commitment.id)
    return CommitmentFacts(
        today=now.date(),
        due_on=commitment.due_on,
        open_deliverables=int(open_deliverables or 0),
        last_sign_of_life=_aware(last_report) if last_report else commitment.created_at,
        reports_since_lapse=reports_since_lapse,
    )


async def _reports_since_lapse(session: AsyncSession, commitment_id: int) -> int:
    lapsed_at = await session.scalar(
        select(func.max(TransitionRecord.at)).where(
            TransitionRecord.subject_type == "Commitment",
            TransitionRecord.subject_id == commitment_id,
            TransitionRecord.to_state == CommitmentState.LAPSED.value,
        )
    )
    if lapsed_at is None:
        return 0
    reports = await session.scalar(
        select(func.count())
        .select_from(ProgressReport)
        .where(
            ProgressReport.commitment_id == commitment_id,
            ProgressReport.submitted_at > _aware(lapsed_at),
        )
    )
    return int(reports or 0)


def _aware(value: dt.datetime) -> dt.datetime:
    # func.max bypasses the column type on SQLite, which returns a naive UTC value or a string.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
