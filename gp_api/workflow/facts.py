"""Loading the facts each workflow's guards need (the async I/O done before a machine fires).

Each loader takes many subjects at once (ORM rows or plain rows: only their columns are read)
and answers in a fixed number of statements, whatever their number: `availableTransitions` of
a page of subjects costs the same as that of one. `advance` loads one subject's facts the same
way."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors.kinds import kind_on_day
from gp_api.actors.models import Actor, ActorKind
from gp_api.bodies.models import BodyChair, Meeting, MeetingStatus, Membership
from gp_api.commitments.models import Deliverable, DeliverableStatus, ProgressReport
from gp_api.db import among, plain_rows
from gp_api.events.models import TransitionRecord
from gp_api.ga.models import (
    AgendaItem,
    AgendaItemAllocation,
    Amendment,
    AmendmentOutcome,
    DraftRevision,
    Resolution,
    SponsorKind,
    Sponsorship,
)
from gp_api.people.models import Appointment, Office, OfficeKind, Person
from workflows.agenda_item import AgendaItemFacts
from workflows.commitment import CommitmentFacts, CommitmentState
from workflows.coordination_body import BodyFacts
from workflows.resolution import SETTLED, ResolutionFacts, acting_forum

_DAY = dt.timedelta(days=1)

# The statements below are built once, with their values as parameters: `ids` (the subjects'),
# `day` (the day the facts hold on) and the like (`among`: the subjects are the list `ids`).
# Each is run by `plain_rows`.
DAY: BindParameter[dt.date] = bindparam("day")


def _ids(subjects: Sequence[Any]) -> list[int]:
    return list(dict.fromkeys(int(s.id) for s in subjects))


async def bodies_facts(
    session: AsyncSession, bodies: Sequence[Any], now: dt.datetime
) -> dict[int, BodyFacts]:
    """Facts of bodies (each with `id`, `suspended_from`, `mandate`, `mandate_symbol`) on the
    day of `now` (for an imported move, the day of the record): members and chairs in office
    that day, meetings held by then. 3 statements."""
    ids = _ids(bodies)
    day = now.date()
    # How many members of each kind that day (IOM counts as a UN entity only from 19 September
    # 2016).
    kinds: dict[int, Counter[ActorKind]] = defaultdict(Counter)
    for member_of, actor_kind, count in await plain_rows(
        session, _MEMBER_KINDS, {"ids": ids, "day": day}
    ):
        kinds[member_of][ActorKind(actor_kind)] += count
    held: dict[int, list[bool]] = defaultdict(list)
    before = dt.datetime.combine(day + _DAY, dt.time(), tzinfo=dt.UTC)
    for met, outcome in await plain_rows(session, _HELD, {"ids": ids, "before": before}):
        if met is not None:
            held[met].append(bool(outcome and outcome.strip()))
    # Each chair that day, and whether the appointment it chairs under is to an office of
    # Special Adviser of the Secretary-General in force that day.
    chairs: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for body_id, name, kind, since, until in await plain_rows(
        session, _CHAIRS, {"ids": ids, "day": day}
    ):
        adviser = (
            kind is OfficeKind.SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL
            and since is not None
            and since <= day
            and (until is None or until >= day)
        )
        chairs[body_id].append((name, adviser))
    found = {}
    for body in bodies:
        members = kinds.get(body.id, Counter())
        meetings = held.get(body.id, [])
        chaired = chairs.get(body.id, [])
        found[body.id] = BodyFacts(
            state_members=members[ActorKind.STATE],
            un_entity_members=members[ActorKind.UN_ENTITY],
            ngo_members=members[ActorKind.NGO],
            held_meetings=len(meetings),
            held_meetings_with_outcome=sum(meetings),
            has_mandate=bool((body.mandate or "").strip() or body.mandate_symbol),
            chairs=tuple(name for name, _ in chaired),
            special_adviser_chairs=tuple(name for name, adviser in chaired if adviser),
            suspended_from=body.suspended_from,
        )
    return found


def _in_force(model: Any, day: Any) -> tuple[Any, ...]:
    """Rows of a dated model (`since`, `until`) in force on `day` (a date, or a parameter);
    an unknown start counts as in force for memberships only (many are recorded without their
    first day)."""
    started = model.since <= day
    if model is Membership:
        started = model.since.is_(None) | started
    return (started, model.until.is_(None) | (model.until >= day))


_MEMBER_KINDS = (
    select(Membership.body_id, kind_on_day(DAY), func.count())
    .join(Actor, Actor.id == Membership.actor_id)
    .where(among(Membership.body_id), *_in_force(Membership, DAY))
    .group_by(text("1, 2"))  # by position: the kind's expression holds a parameter
)
_HELD = select(Meeting.body_id, Meeting.outcome).where(
    among(Meeting.body_id),
    Meeting.status == MeetingStatus.HELD,
    Meeting.starts_at < bindparam("before"),
)
_CHAIRS = (
    select(BodyChair.body_id, Person.name, Office.kind, Appointment.since, Appointment.until)
    .join(Person, Person.id == BodyChair.person_id)
    .join(Appointment, Appointment.id == BodyChair.appointment_id)
    .join(Office, Office.id == Appointment.office_id)
    .where(among(BodyChair.body_id), *_in_force(BodyChair, DAY))
)
_OPEN_RESOLUTIONS = (
    select(Resolution.agenda_item_id, func.count())
    .where(among(Resolution.agenda_item_id), Resolution.state.not_in(SETTLED))
    .group_by(Resolution.agenda_item_id)
)
_ALLOCATION_COUNTS = (
    select(AgendaItemAllocation.agenda_item_id, func.count())
    .where(among(AgendaItemAllocation.agenda_item_id))
    .group_by(AgendaItemAllocation.agenda_item_id)
)


async def agenda_items_facts(
    session: AsyncSession, items: Sequence[Any], _now: dt.datetime
) -> dict[int, AgendaItemFacts]:
    """Facts of agenda items (with `origin`, `proposer_id`, `explanatory_memorandum`,
    `mandated_by_symbol`, `continues_id`, `session`): 2 statements."""
    ids = _ids(items)
    open_resolutions = dict(await plain_rows(session, _OPEN_RESOLUTIONS, {"ids": ids}))
    allocations = dict(await plain_rows(session, _ALLOCATION_COUNTS, {"ids": ids}))
    return {
        item.id: AgendaItemFacts(
            origin=_value(item.origin),
            has_proposer=item.proposer_id is not None,
            has_memorandum=bool(
                item.explanatory_memorandum and item.explanatory_memorandum.strip()
            ),
            has_mandate=bool(item.mandated_by_symbol),
            has_continues=item.continues_id is not None,
            session=int(item.session),
            allocations=int(allocations.get(item.id, 0)),
            open_resolutions=int(open_resolutions.get(item.id, 0)),
        )
        for item in items
    }


def _value(value: Any) -> str:
    return str(value.value if hasattr(value, "value") else value)


_ALLOCATIONS = (
    select(
        AgendaItemAllocation.agenda_item_id,
        AgendaItemAllocation.forum,
        AgendaItemAllocation.resolution_id,
    )
    .where(among(AgendaItemAllocation.agenda_item_id))
    .order_by(AgendaItemAllocation.id)
)


async def item_forums(
    session: AsyncSession, item_ids: Sequence[int]
) -> dict[int, list[tuple[str, int | None]]]:
    """Each item's allocations as (forum, resolution id or None), in the order decided."""
    found: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for row in await plain_rows(session, _ALLOCATIONS, {"ids": list(item_ids)}):
        found[row[0]].append((_value(row[1]), row[2]))
    return found


_ITEMS = select(AgendaItem.id, AgendaItem.state, AgendaItem.session).where(among(AgendaItem.id))
_MAIN_SPONSORS = (
    select(Sponsorship.resolution_id, func.count())
    .join(Actor, Actor.id == Sponsorship.actor_id)
    .where(
        among(Sponsorship.resolution_id),
        Sponsorship.kind == SponsorKind.MAIN,
        Sponsorship.withdrawn_on.is_(None),
        Actor.kind == ActorKind.STATE,
        Actor.un_member_since.is_not(None),
    )
    .group_by(Sponsorship.resolution_id)
)
_WRITTEN = (
    select(DraftRevision.resolution_id, func.count())
    .where(among(DraftRevision.resolution_id), DraftRevision.oral.is_(False))
    .group_by(DraftRevision.resolution_id)
)
_PENDING_AMENDMENTS = (
    select(Amendment.resolution_id, Amendment.forum, func.count())
    .where(among(Amendment.resolution_id), Amendment.outcome == AmendmentOutcome.PENDING)
    .group_by(Amendment.resolution_id, Amendment.forum)
)


async def resolutions_facts(
    session: AsyncSession, resolutions: Sequence[Any], _now: dt.datetime
) -> dict[int, ResolutionFacts]:
    """Facts of drafts (with `agenda_item_id`, `kind`, `forum`, `draft_symbol`, `state`):
    5 statements."""
    ids = _ids(resolutions)
    item_ids = list(dict.fromkeys(r.agenda_item_id for r in resolutions))
    items = {row.id: row for row in await plain_rows(session, _ITEMS, {"ids": item_ids})}
    allocations = await item_forums(session, item_ids)
    main_sponsors = dict(await plain_rows(session, _MAIN_SPONSORS, {"ids": ids}))
    written = dict(await plain_rows(session, _WRITTEN, {"ids": ids}))
    pending: dict[tuple[int, str], int] = defaultdict(int)
    for row in await plain_rows(session, _PENDING_AMENDMENTS, {"ids": ids}):
        pending[(row[0], row[1].value)] = int(row[2])
    found = {}
    for draft in resolutions:
        item = items.get(draft.agenda_item_id)
        assert item is not None, "foreign key guarantees the agenda item"
        forum = draft.forum.value
        reported = draft.report_symbol is not None
        acting = acting_forum(forum, reported)
        # The item's own allocations, and the forum it takes this one draft to directly.
        allocated = frozenset(
            f for f, only in allocations.get(item.id, []) if only is None or only == draft.id
        )
        found[draft.id] = ResolutionFacts(
            kind=draft.kind.value,
            forum=forum,
            session=item.session,
            item_state=item.state.value,
            item_forums=allocated,
            draft_symbol=draft.draft_symbol,
            revisions=int(written.get(draft.id, 0)),
            member_state_main_sponsors=int(main_sponsors.get(draft.id, 0)),
            open_amendments=pending.get((draft.id, acting), 0),
            reported=reported,
            involves_expenditure=draft.involves_expenditure,
            budget_statement=draft.budget_statement_symbol,
            fifth_committee_statement=draft.fifth_committee_symbol,
        )
    return found


_OPEN_DELIVERABLES = (
    select(Deliverable.commitment_id, func.count())
    .where(among(Deliverable.commitment_id), Deliverable.status == DeliverableStatus.PENDING)
    .group_by(Deliverable.commitment_id)
)
_LAST_REPORTS = (
    select(ProgressReport.commitment_id, func.max(ProgressReport.submitted_at))
    .where(among(ProgressReport.commitment_id))
    .group_by(ProgressReport.commitment_id)
)
_LAPSED_AT = (
    select(TransitionRecord.subject_id, func.max(TransitionRecord.at))
    .where(
        TransitionRecord.subject_type == "Commitment",
        among(TransitionRecord.subject_id),
        TransitionRecord.to_state == CommitmentState.LAPSED.value,
    )
    .group_by(TransitionRecord.subject_id)
)
_REPORTS_AFTER = select(ProgressReport.commitment_id, ProgressReport.submitted_at).where(
    among(ProgressReport.commitment_id), ProgressReport.submitted_at > bindparam("after")
)


async def commitments_facts(
    session: AsyncSession, commitments: Sequence[Any], now: dt.datetime
) -> dict[int, CommitmentFacts]:
    """Facts of commitments (with `state`, `due_on`, `starts_on`): 2 statements, and 2 more
    when any of them has lapsed. Silence counts from the last report or the start, never from
    when the row was written."""
    ids = _ids(commitments)
    open_deliverables = dict(await plain_rows(session, _OPEN_DELIVERABLES, {"ids": ids}))
    last_reports = dict(await plain_rows(session, _LAST_REPORTS, {"ids": ids}))
    lapsed = [c.id for c in commitments if c.state is CommitmentState.LAPSED]
    since_lapse = await _reports_since_lapse(session, lapsed) if lapsed else {}
    found = {}
    for commitment in commitments:
        last_report = last_reports.get(commitment.id)
        found[commitment.id] = CommitmentFacts(
            today=now.date(),
            due_on=commitment.due_on,
            open_deliverables=int(open_deliverables.get(commitment.id, 0)),
            last_report=_aware(last_report) if last_report else None,
            starts_on=commitment.starts_on,
            reports_since_lapse=since_lapse.get(commitment.id, 0),
        )
    return found


async def _reports_since_lapse(session: AsyncSession, ids: list[int]) -> dict[int, int]:
    """Progress reports submitted after each commitment's last lapse."""
    lapsed_at = {
        pk: _aware(at)
        for pk, at in await plain_rows(session, _LAPSED_AT, {"ids": ids})
        if at is not None
    }
    if not lapsed_at:
        return {}
    counts: dict[int, int] = defaultdict(int)
    for pk, submitted in await plain_rows(
        session, _REPORTS_AFTER, {"ids": list(lapsed_at), "after": min(lapsed_at.values())}
    ):
        if _aware(submitted) > lapsed_at[pk]:
            counts[pk] += 1
    return dict(counts)


def _aware(value: dt.datetime) -> dt.datetime:
    # func.max bypasses the column type on SQLite, which returns a naive UTC value or a string.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
