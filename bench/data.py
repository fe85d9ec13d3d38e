"""Builds the benchmark database at volume: actors (Member States among them) with commitments
and deliverables, coordination bodies with members, meetings and participants, General
Assembly sessions, agenda items with their allocations, drafts (resolutions and decisions)
with sponsors, the actions taken on them (recorded votes with each Member State's vote), the
documents their symbols name, and a chained event log.

Rows go in through the tables the models declare (gp_api.*.models), on a database migrated by
`gp-api db upgrade`, in bulk: the services would take many minutes for this volume, and reads
are what is measured. The rows are still what the services would have written: each draft's
symbols, actions and sponsors match its state and forum the way the resolution workflow
requires, and every event's data is shaped (strictly) by the event catalog. Deterministic: one
seeded random generator, fixed dates. Everything here is synthetic (names, dates, votes): a
benchmark's data, never a record of what happened.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import enum
import random
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import asyncpg
import pycountry
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from gp_api import models, validation
from gp_api.actors.models import ActorKind
from gp_api.bodies.models import Hub, MeetingStatus, MembershipRole
from gp_api.commitments import terms
from gp_api.commitments.models import DeliverableStatus, Determinant, Pillar, Scope
from gp_api.db import create_engine
from gp_api.documents.symbols import DocumentKind, check_kind, parse
from gp_api.events.chain import GENESIS, event_hash
from gp_api.events.models import Event
from gp_api.events.shape import shaped
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItemOrigin,
    AgendaList,
    Allocation,
    Ballot,
    DraftKind,
    SponsorKind,
    Submitter,
    VotingMethod,
)
from gp_api.principal import SYSTEM
from workflows.agenda_item import AgendaItemState
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState
from workflows.resolution import (
    OPEN_TO_SPONSORS,
    ResolutionState,
    carries,
    draft_symbol_pattern,
    final_symbol_pattern,
)

SEED = 20261130
# A fixed instant, so that two runs build the same rows.
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
# Sessions FIRST_SESSION .. FIRST_SESSION + SESSIONS - 1 (the 73rd to the 80th), all before NOW.
FIRST_SESSION = 73


@dataclass(frozen=True)
class Volumes:
    """How many rows `build` makes. The defaults are the benchmark's; tests use smaller ones
    (bench/shapes.py's node(id:) shape reads actor NODE_ACTOR, so keep `actors` above it)."""

    actors: int = 500
    states: int = 193  # of the actors: Member States, the only sponsors and voters
    commitments_per_actor: int = 25
    deliverables_per_commitment: int = 2
    bodies: int = 100
    members_per_body: int = 30
    meetings_per_body: int = 20
    participants_per_meeting: int = 5
    sessions: int = 8
    agenda_items: int = 200
    resolutions: int = 1000
    sponsors_per_resolution: tuple[int, int] = (5, 30)
    events: int = 100_000


VOLUMES = Volumes()

# Parents before children (foreign keys); every table `build` fills.
TABLES = (
    "actors",
    "ga_sessions",
    "documents",
    "commitments",
    "deliverables",
    "coordination_bodies",
    "memberships",
    "meetings",
    "meeting_participants",
    "agenda_items",
    "agenda_item_allocations",
    "resolutions",
    "sponsorships",
    "draft_actions",
    "draft_votes",
    "events",
)
MODEL_TABLES: dict[str, Table] = {name: models.Base.metadata.tables[name] for name in TABLES}


async def recreate_database(url: str) -> None:
    parsed = make_url(url)
    name = parsed.database
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _bulk(conn: AsyncConnection, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        await conn.execute(insert(table), rows[start : start + 5000])


def _stamps(day: int) -> dict[str, Any]:
    at = NOW - dt.timedelta(days=day)
    return {"created_at": at, "updated_at": at}


def _pick(rng: random.Random, weighted: dict[Any, int]) -> Any:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


class _Documents:
    """Every symbol the rows name is a Document of the kind its form allows (as the services'
    ensure_document makes them), checked here with the symbols module."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.kinds: dict[str, DocumentKind] = {}

    def add(self, symbol: str, kind: DocumentKind, title: str | None, on: dt.date) -> str:
        parsed = parse(symbol)
        check_kind(parsed, kind)
        if parsed.text in self.kinds:
            assert self.kinds[parsed.text] is kind, parsed.text
            return parsed.text
        self.kinds[parsed.text] = kind
        self.rows.append(
            {
                "id": len(self.rows) + 1,
                "symbol": parsed.text,
                "kind": kind,
                "title": title,
                "published_on": on,
                "source_url": None,
                "confidence": None,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        return parsed.text


COUNTRIES = sorted(c.alpha_2 for c in pycountry.countries)


def _actors(rng: random.Random, v: Volumes) -> tuple[list[dict[str, Any]], list[int]]:
    kinds = [k for k in ActorKind if k is not ActorKind.STATE]
    state_ids = sorted(rng.sample(range(1, v.actors + 1), v.states))
    # A state has ISO 3166-1 codes (the actor service requires them, updateActor included):
    # each synthetic state takes a distinct country's, filled in and checked by the service's
    # own validation.
    codes = {
        i: validation.country(alpha2=alpha2, alpha3=None, m49=None)
        for i, alpha2 in zip(state_ids, rng.sample(COUNTRIES, v.states), strict=True)
    }
    actors = []
    for i in range(1, v.actors + 1):
        state = i in codes
        kind = ActorKind.STATE if state else rng.choice(kinds)
        alpha2, alpha3, m49 = codes.get(i, (None, None, None))
        actors.append(
            {
                "id": i,
                "name": f"Bench {kind.value.title()} {i:05d}",
                "short_name": f"B{i}" if i % 3 else None,
                "kind": kind,
                "iso_alpha2": alpha2,
                "iso_alpha3": alpha3,
                "m49": m49,
                # Flow roles belong to states only (the service refuses them on others).
                "is_origin": state and rng.random() < 0.5,
                "is_transit": state and rng.random() < 0.3,
                "is_destination": state and rng.random() < 0.5,
                "flow_roles_illustrative": False,
                "website": f"https://example.org/{i}" if i % 2 else None,
                # Admitted long before any draft here: every state may sponsor and vote.
                "un_member_since": (
                    dt.date(1945, 10, 24) + dt.timedelta(days=rng.randrange(25_000))
                    if state
                    else None
                ),
                "source_url": None,
                "confidence": None,
                **_stamps(rng.randrange(700)),
            }
        )
    return actors, state_ids


SDG = sorted(terms.ALL_SDG_TARGETS)


def _terms(rng: random.Random) -> dict[str, Any]:
    """A commitment's terms, checked by the service's own rules (gp_api.commitments.terms)."""
    scope = _pick(rng, {None: 2, Scope.NATIONAL: 4, Scope.REGIONAL: 2, Scope.GLOBAL: 2})
    countries: list[str] = []
    if scope is Scope.NATIONAL:
        countries = rng.sample(COUNTRIES, 1)
    elif scope is Scope.REGIONAL:
        countries = rng.sample(COUNTRIES, rng.randint(0, 4))
    countries = terms.country_codes(countries)
    terms.scope_and_countries(scope, countries)
    amount, currency = (
        terms.pledge(decimal.Decimal(rng.randrange(1, 5000) * 1000), rng.choice(["USD", "EUR"]))
        if rng.random() < 0.3
        else (None, None)
    )
    return {
        "determinants": [d.value for d in rng.sample(list(Determinant), rng.randint(1, 2))],
        "pillars": [p.value for p in rng.sample(list(Pillar), rng.randint(0, 2))],
        "sdg_targets": terms.sdg_targets(rng.sample(SDG, rng.randint(0, 3))),
        "scope": scope,
        "countries": countries,
        "pledge_amount": amount,
        "pledge_currency": currency,
        "evidence": [f"https://example.org/evidence/{rng.randrange(10**6)}"]
        if rng.random() < 0.4
        else [],
        "mandate_symbol": None,
    }


def _commitments(
    rng: random.Random, v: Volumes
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    commitments: list[dict[str, Any]] = []
    deliverables: list[dict[str, Any]] = []
    for actor_id in range(1, v.actors + 1):
        for j in range(v.commitments_per_actor):
            cid = len(commitments) + 1
            state = rng.choice(list(CommitmentState))
            commitments.append(
                {
                    "id": cid,
                    "actor_id": actor_id,
                    "title": f"Commitment {j} of actor {actor_id}",
                    "description": "Bench data." if j % 4 == 0 else None,
                    **_terms(rng),
                    "starts_on": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                    "due_on": dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(1500)),
                    "state": state,
                    "version": 1,
                    "workflow_version": 1,
                    "source_url": None,
                    "confidence": None,
                    **_stamps(rng.randrange(700)),
                }
            )
            # A DELIVERED commitment has every deliverable settled (its `deliver` guard).
            statuses = (
                [DeliverableStatus.DELIVERED, DeliverableStatus.DROPPED]
                if state is CommitmentState.DELIVERED
                else list(DeliverableStatus)
            )
            for k in range(v.deliverables_per_commitment):
                deliverables.append(
                    {
                        "id": len(deliverables) + 1,
                        "commitment_id": cid,
                        "title": f"Deliverable {k} of commitment {cid}",
                        "due_on": dt.date(2027, 6, 1) + dt.timedelta(days=rng.randrange(900)),
                        "status": rng.choice(statuses),
                        **_stamps(rng.randrange(700)),
                    }
                )
    return commitments, deliverables


def _bodies(rng: random.Random, v: Volumes, states: list[int]) -> dict[str, list[dict[str, Any]]]:
    bodies: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    meetings: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    for b in range(1, v.bodies + 1):
        bodies.append(
            {
                "id": b,
                "name": f"Bench body {rng.randrange(10**6):06d}-{b:03d}",
                "state": rng.choice([s for s in BodyState if s is not BodyState.SUSPENDED]),
                "suspended_from": None,
                "hubs": sorted(rng.sample([h.value for h in Hub], rng.randint(1, 3))),
                "mandate": f"Mandate of body {b}",
                "mandate_symbol": None,
                "founded_on": dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000)),
                "succeeds_id": None,
                "version": 1,
                "workflow_version": 1,
                "source_url": None,
                "confidence": None,
                **_stamps(rng.randrange(700)),
            }
        )
        for m, actor_id in enumerate(rng.sample(range(1, v.actors + 1), v.members_per_body)):
            memberships.append(
                {
                    "id": len(memberships) + 1,
                    "body_id": b,
                    "actor_id": actor_id,
                    "role": MembershipRole.CHAIR if m == 0 else rng.choice(list(MembershipRole)),
                    "since": dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500)),
                    # Some have left, all after the 20th membership of the body: the `current`
                    # filter has rows to drop, and PostGraphile (which cannot filter on
                    # `until`) sees the same first 20 rows in id order.
                    "until": dt.date(2026, 1, 1) if m >= 20 and m % 3 == 2 else None,
                    "source_url": None,
                    "confidence": None,
                    **_stamps(rng.randrange(700)),
                }
            )
        # Ids follow the start time within a body: GP API orders meetings by (startsAt, id),
        # PostGraphile can only order them by id (startsAt has no index), same rows either way.
        starts_list = sorted(
            NOW - dt.timedelta(days=rng.randrange(-200, 900), minutes=rng.randrange(600))
            for _ in range(v.meetings_per_body)
        )
        for starts in starts_list:
            mid = len(meetings) + 1
            held = starts < NOW
            status = (
                _pick(rng, {MeetingStatus.HELD: 8, MeetingStatus.CANCELLED: 1})
                if held
                else _pick(rng, {MeetingStatus.SCHEDULED: 8, MeetingStatus.CANCELLED: 1})
            )
            meetings.append(
                {
                    "id": mid,
                    "body_id": b,
                    "title": f"Meeting {mid} of body {b}",
                    "hub": rng.choice(list(Hub)),
                    "location": "Room " + str(rng.randrange(1, 40)),
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=2),
                    "status": status,
                    "outcome": f"Outcome of meeting {mid}"
                    if status is MeetingStatus.HELD
                    else None,
                    "host_id": rng.choice(states) if rng.random() < 0.1 else None,
                    "source_url": None,
                    "confidence": None,
                    **_stamps(rng.randrange(700)),
                }
            )
            # Participants are recorded when a meeting is held (recordMeetingHeld).
            if status is MeetingStatus.HELD:
                for actor_id in rng.sample(range(1, v.actors + 1), v.participants_per_meeting):
                    participants.append({"meeting_id": mid, "actor_id": actor_id})
    return {
        "coordination_bodies": bodies,
        "memberships": memberships,
        "meetings": meetings,
        "meeting_participants": participants,
    }


def _opens(session: int) -> dt.date:
    """Synthetic: session n opens in September of 1945 + n (the 80th in 2025)."""
    return dt.date(1945 + session, 9, 9)


def _sessions(v: Volumes) -> list[dict[str, Any]]:
    return [
        {
            "id": n,
            "opens_on": _opens(n),
            "closes_on": _opens(n + 1) - dt.timedelta(days=1),
            "source_url": None,
            "confidence": None,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for n in range(FIRST_SESSION, FIRST_SESSION + v.sessions)
    ]


ITEM_STATES = {
    AgendaItemState.ALLOCATED: 40,
    AgendaItemState.CONCLUDED: 25,
    AgendaItemState.INCLUDED: 8,
    AgendaItemState.LISTED: 5,
    AgendaItemState.RECOMMENDED: 4,
    AgendaItemState.NOT_RECOMMENDED: 2,
    AgendaItemState.NOT_INCLUDED: 2,
    AgendaItemState.DEFERRED: 10,
    AgendaItemState.WITHDRAWN: 2,
}
FORUMS = {Allocation.THIRD_COMMITTEE: 6, Allocation.PLENARY: 3, Allocation.SIXTH_COMMITTEE: 1}


def _agenda_items(
    rng: random.Random, v: Volumes, states: list[int], docs: _Documents
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Items by session; each with the origin its state needs (a REQUESTED item has proposer
    and memorandum, a MANDATED one the mandating symbol, a CARRIED_OVER one continues an item
    DEFERRED at an earlier session), allocated once when ALLOCATED or CONCLUDED."""
    items: list[dict[str, Any]] = []
    allocations: list[dict[str, Any]] = []
    numbers: Counter[int] = Counter()
    deferred: list[tuple[int, int]] = []  # (item id, session) not yet continued
    per_session = -(-v.agenda_items // v.sessions)
    for a in range(1, v.agenda_items + 1):
        session = FIRST_SESSION + min((a - 1) // per_session, v.sessions - 1)
        numbers[session] += 1
        state = _pick(rng, ITEM_STATES)
        if session == FIRST_SESSION + v.sessions - 1 and state is AgendaItemState.DEFERRED:
            state = AgendaItemState.ALLOCATED  # nowhere to continue it
        earlier = [d for d in deferred if d[1] < session]
        origin = _pick(
            rng,
            {AgendaItemOrigin.REQUESTED: 4, AgendaItemOrigin.MANDATED: 5}
            | ({AgendaItemOrigin.CARRIED_OVER: 3} if earlier else {}),
        )
        continues_id = None
        if origin is AgendaItemOrigin.CARRIED_OVER:
            continued = rng.choice(earlier)
            deferred.remove(continued)
            continues_id = continued[0]
        mandated_by = None
        if origin is AgendaItemOrigin.MANDATED:
            mandated_by = docs.add(
                f"A/RES/{session - 3}/{900 + a}",
                DocumentKind.RESOLUTION,
                f"Mandating resolution {a}",
                _opens(session - 3) + dt.timedelta(days=90),
            )
        requested = origin is AgendaItemOrigin.REQUESTED
        items.append(
            {
                "id": a,
                "title": f"Agenda item {a}",
                "session": session,
                "item_number": numbers[session],
                "proposer_id": rng.choice(states) if requested else None,
                "explanatory_memorandum": f"Memorandum of item {a}" if requested else None,
                "origin": origin,
                "agenda_list": _pick(
                    rng,
                    {
                        AgendaList.PRELIMINARY: 8,
                        AgendaList.SUPPLEMENTARY: 1,
                        AgendaList.ADDITIONAL: 1,
                    },
                ),
                "mandated_by_symbol": mandated_by,
                "continues_id": continues_id,
                "parent_id": None,
                "sub_item": None,
                "topic_trafficking_in_persons": a % 2 == 0,
                "topic_crime_prevention": a % 3 == 0,
                "state": state,
                "version": 1,
                "workflow_version": 1,
                "source_url": None,
                "confidence": None,
                **_stamps(rng.randrange(700)),
            }
        )
        if state is AgendaItemState.DEFERRED:
            deferred.append((a, session))
        if state in (AgendaItemState.ALLOCATED, AgendaItemState.CONCLUDED):
            allocations.append(
                {
                    "id": len(allocations) + 1,
                    "agenda_item_id": a,
                    "forum": _pick(rng, FORUMS),
                    "decided_on": _opens(session) + dt.timedelta(days=10),
                    "resolution_id": None,
                    "source_url": None,
                    "confidence": None,
                }
            )
    return items, allocations


COMMITTEE_STATES = {
    ResolutionState.DRAFTING: 4,
    ResolutionState.SUBMITTED: 4,
    ResolutionState.INTRODUCED: 5,
    ResolutionState.ADOPTED_IN_COMMITTEE: 5,
    ResolutionState.REPORTED: 5,
    ResolutionState.ADOPTED: 50,
    ResolutionState.REJECTED: 5,
    ResolutionState.NO_ACTION: 4,
    ResolutionState.DEFERRED: 5,
    ResolutionState.WITHDRAWN: 3,
}
PLENARY_STATES = {
    s: w
    for s, w in COMMITTEE_STATES.items()
    if s not in (ResolutionState.ADOPTED_IN_COMMITTEE, ResolutionState.REPORTED)
}
SETTLED_STATES = {
    ResolutionState.ADOPTED: 8,
    ResolutionState.REJECTED: 1,
    ResolutionState.NO_ACTION: 1,
    ResolutionState.WITHDRAWN: 1,
}
COMMITTEE_NUMBER = {
    Allocation.FIRST_COMMITTEE: 1,
    Allocation.SECOND_COMMITTEE: 2,
    Allocation.THIRD_COMMITTEE: 3,
    Allocation.FOURTH_COMMITTEE: 4,
    Allocation.FIFTH_COMMITTEE: 5,
    Allocation.SIXTH_COMMITTEE: 6,
}
# The action of the forum the draft is before, by the state the draft reached.
COMMITTEE_ACTS = {
    ResolutionState.ADOPTED_IN_COMMITTEE: ActionOutcome.ADOPTED,
    ResolutionState.REPORTED: ActionOutcome.ADOPTED,
    ResolutionState.ADOPTED: ActionOutcome.ADOPTED,
    ResolutionState.REJECTED: ActionOutcome.REJECTED,
    ResolutionState.NO_ACTION: ActionOutcome.NO_ACTION,
    ResolutionState.DEFERRED: ActionOutcome.DEFERRED,
}


class _Drafts:
    """Drafts under allocated items, with the symbols, sponsors, actions and votes their
    state and forum require (workflows.resolution)."""

    def __init__(self, rng: random.Random, states: list[int], docs: _Documents) -> None:
        self.rng = rng
        self.states = states
        self.docs = docs
        self.resolutions: list[dict[str, Any]] = []
        self.sponsorships: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []
        self.votes: list[dict[str, Any]] = []
        self.counters: Counter[str] = Counter()

    def _next(self, key: str, start: int = 1) -> int:
        self.counters[key] += 1
        return start - 1 + self.counters[key]

    def _organ(self, forum: Allocation, session: int) -> str:
        if forum is Allocation.PLENARY:
            return f"A/{session}"
        return f"A/C.{COMMITTEE_NUMBER[forum]}/{session}"

    def _action(
        self,
        resolution_id: int,
        forum: Allocation,
        outcome: ActionOutcome,
        session: int,
        taken_on: dt.date,
    ) -> None:
        """One action: without a vote, or a vote (recorded: every Member State's vote, the
        counts derived from them; non-recorded: the counts alone) whose result agrees with
        the outcome (a rejection fails, the rest carry)."""
        rng = self.rng
        fails = outcome is ActionOutcome.REJECTED
        method = (
            _pick(rng, {VotingMethod.RECORDED_VOTE: 3, VotingMethod.NON_RECORDED_VOTE: 1})
            if fails
            else _pick(
                rng,
                {
                    VotingMethod.WITHOUT_A_VOTE: 5,
                    VotingMethod.RECORDED_VOTE: 4,
                    VotingMethod.NON_RECORDED_VOTE: 1,
                },
            )
        )
        action_id = len(self.actions) + 1
        counts: tuple[int | None, int | None, int | None] = (None, None, None)
        if method is VotingMethod.RECORDED_VOTE:
            weights = (
                {Ballot.YES: 3, Ballot.NO: 5, Ballot.ABSTAIN: 2, Ballot.ABSENT: 1}
                if fails
                else {Ballot.YES: 14, Ballot.NO: 2, Ballot.ABSTAIN: 3, Ballot.ABSENT: 1}
            )
            ballots = {actor: _pick(rng, weights) for actor in self.states}
            tally = Counter(ballots.values())
            if carries(method.value, tally[Ballot.YES], tally[Ballot.NO]) == fails:
                # Too few states for the odds to hold: settle the first ballot the right way.
                first = self.states[0]
                tally[ballots[first]] -= 1
                ballots[first] = Ballot.NO if fails else Ballot.YES
                tally[ballots[first]] += 1
            counts = (tally[Ballot.YES], tally[Ballot.NO], tally[Ballot.ABSTAIN])
            self.votes += [
                {"id": len(self.votes) + n + 1, "action_id": action_id, "actor_id": a, "ballot": b}
                for n, (a, b) in enumerate(ballots.items())
            ]
        elif method is VotingMethod.NON_RECORDED_VOTE:
            yes, no = (rng.randrange(20, 60), rng.randrange(70, 120))
            if not fails:
                yes, no = no + 40, yes - 20
            counts = (yes, no, rng.randrange(0, 40))
        assert carries(method.value, counts[0], counts[1]) != fails
        organ = self._organ(forum, session)
        record = "PV" if forum is Allocation.PLENARY else "SR"
        record_symbol = self.docs.add(
            f"{organ}/{record}.{rng.randrange(1, 90)}",
            DocumentKind.MEETING_RECORD,
            None,
            taken_on,
        )
        self.actions.append(
            {
                "id": action_id,
                "resolution_id": resolution_id,
                "amendment_id": None,
                "forum": forum,
                "outcome": outcome,
                "method": method,
                "important_question": False,
                "yes_count": counts[0],
                "no_count": counts[1],
                "abstain_count": counts[2],
                "counts_only": method is VotingMethod.NON_RECORDED_VOTE,
                "taken_on": taken_on,
                "meeting_record_symbol": record_symbol,
                "part": None,
                "source_url": None,
                "confidence": None,
            }
        )

    def add(
        self, item: dict[str, Any], forum: Allocation, state: ResolutionState, count: int
    ) -> None:
        rng = self.rng
        r = len(self.resolutions) + 1
        session = item["session"]
        kind = DraftKind.DECISION if rng.random() < 0.1 else DraftKind.RESOLUTION
        submitted = state is not ResolutionState.DRAFTING and not (
            state is ResolutionState.WITHDRAWN and rng.random() < 0.5
        )
        submitted_on = _opens(session) + dt.timedelta(days=rng.randrange(20, 60))
        draft_symbol = report_symbol = symbol = None
        title = f"Resolution {r}"
        if submitted:
            draft_symbol = self.docs.add(
                f"{self._organ(forum, session)}/L.{self._next(f'L {forum.value} {session}')}",
                DocumentKind.DRAFT,
                title,
                submitted_on,
            )
            assert draft_symbol_pattern(forum.value, session).match(draft_symbol)
        acted_on = submitted_on + dt.timedelta(days=rng.randrange(5, 30))
        plenary_on = acted_on + dt.timedelta(days=rng.randrange(10, 30))
        if forum is Allocation.PLENARY:
            if state in COMMITTEE_ACTS:
                self._action(r, forum, COMMITTEE_ACTS[state], session, acted_on)
        else:
            if state in COMMITTEE_ACTS:
                self._action(r, forum, COMMITTEE_ACTS[state], session, acted_on)
            if state in (ResolutionState.REPORTED, ResolutionState.ADOPTED):
                report_symbol = self.docs.add(
                    f"A/{session}/{self._next(f'report {session}', 400)}",
                    DocumentKind.COMMITTEE_REPORT,
                    f"Report of the committee on item {item['id']}",
                    acted_on + dt.timedelta(days=3),
                )
            if state is ResolutionState.ADOPTED:
                self._action(r, Allocation.PLENARY, ActionOutcome.ADOPTED, session, plenary_on)
        if state is ResolutionState.ADOPTED:
            series, first = ("DEC", 501) if kind is DraftKind.DECISION else ("RES", 1)
            symbol = self.docs.add(
                f"A/{series}/{session}/{self._next(f'{series} {session}', first)}",
                DocumentKind.DECISION if kind is DraftKind.DECISION else DocumentKind.RESOLUTION,
                title,
                plenary_on if forum is not Allocation.PLENARY else acted_on,
            )
            assert final_symbol_pattern(kind.value, session).match(symbol)
        self.resolutions.append(
            {
                "id": r,
                "agenda_item_id": item["id"],
                "title": title,
                "omnibus": r % 10 == 0,
                "kind": kind,
                "forum": forum,
                "submitter": Submitter.SPONSORS if submitted else None,
                "submitted_on": submitted_on if submitted else None,
                "draft_symbol": draft_symbol,
                "report_symbol": report_symbol,
                "symbol": symbol,
                "involves_expenditure": False,
                "budget_statement_symbol": None,
                "fifth_committee_symbol": None,
                "state": state,
                "version": 1,
                "workflow_version": 1,
                "source_url": None,
                "confidence": None,
                **_stamps(rng.randrange(700)),
            }
        )
        # Member States only; the first is the MAIN sponsor a draft of SPONSORS needs. While
        # sponsors may still withdraw (workflows.resolution.open_to_sponsors), some did.
        may_withdraw = state in OPEN_TO_SPONSORS and report_symbol is None
        for s, actor_id in enumerate(rng.sample(self.states, count)):
            joined = submitted_on - dt.timedelta(days=10) + dt.timedelta(days=rng.randrange(15))
            self.sponsorships.append(
                {
                    "id": len(self.sponsorships) + 1,
                    "resolution_id": r,
                    "actor_id": actor_id,
                    "kind": SponsorKind.MAIN if s == 0 else SponsorKind.CO_SPONSOR,
                    "joined_on": joined,
                    "withdrawn_on": joined + dt.timedelta(days=5)
                    if may_withdraw and s > 0 and rng.random() < 0.1
                    else None,
                    "source_url": None,
                    "confidence": None,
                }
            )


def _drafts(
    rng: random.Random,
    v: Volumes,
    states: list[int],
    items: list[dict[str, Any]],
    allocations: list[dict[str, Any]],
    docs: _Documents,
) -> _Drafts:
    """Drafts only under items on the agenda and allocated: under a CONCLUDED item every
    draft is settled; each draft goes to the forum its item is allocated to."""
    drafts = _Drafts(rng, states, docs)
    forum_of = {a["agenda_item_id"]: a["forum"] for a in allocations}
    by_id = {i["id"]: i for i in items}
    allocated = sorted(forum_of)
    assert allocated or not v.resolutions, "no allocated agenda item to hold the drafts"
    for _ in range(v.resolutions):
        item = by_id[rng.choice(allocated)]
        forum = forum_of[item["id"]]
        if item["state"] is AgendaItemState.CONCLUDED:
            state = _pick(rng, SETTLED_STATES)
        else:
            state = _pick(rng, PLENARY_STATES if forum is Allocation.PLENARY else COMMITTEE_STATES)
        drafts.add(item, forum, state, rng.randint(*v.sponsors_per_resolution))
    return drafts


def build(rng: random.Random, volumes: Volumes = VOLUMES) -> dict[str, list[dict[str, Any]]]:
    """Every row, by table name, with explicit primary keys (1..n per table)."""
    v = volumes
    assert v.states <= v.actors
    assert v.sponsors_per_resolution[1] <= v.states
    actors, states = _actors(rng, v)
    commitments, deliverables = _commitments(rng, v)
    bodies = _bodies(rng, v, states)
    docs = _Documents()
    items, allocations = _agenda_items(rng, v, states, docs)
    drafts = _drafts(rng, v, states, items, allocations, docs)
    rows = {
        "actors": actors,
        "ga_sessions": _sessions(v),
        "documents": docs.rows,
        "commitments": commitments,
        "deliverables": deliverables,
        **bodies,
        "agenda_items": items,
        "agenda_item_allocations": allocations,
        "resolutions": drafts.resolutions,
        "sponsorships": drafts.sponsorships,
        "draft_actions": drafts.actions,
        "draft_votes": drafts.votes,
    }
    rows["events"] = events(rng, v, rows)
    return rows


def _json(row: dict[str, Any]) -> dict[str, Any]:
    """A row as an event's snapshot holds it (gp_api.lookup.snapshot): enum values, ISO dates."""
    out = {}
    for key, value in row.items():
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[key] = value
    return out


def _updated(name: str, changed: str) -> Any:
    return lambda row: {"changed": [changed], name: _json(row)}


def _transitioned(row: dict[str, Any]) -> dict[str, Any]:
    """The draft's state entered as imported history (trigger `import`, no deviations)."""
    return {
        "workflow": "resolution",
        "fromState": None,
        "toState": row["state"].value,
        "trigger": "import",
        "reason": None,
        "at": row["updated_at"].isoformat(),
        "sourceUrl": None,
        "deviations": [],
    }


# Event types from the catalog that readers see: (subject type, event type, the table of its
# subjects, the data of one event about a row of it).
SUBJECTS = (
    ("Actor", "actor.updated", "actors", _updated("actor", "website")),
    ("Commitment", "commitment.updated", "commitments", _updated("commitment", "title")),
    ("CoordinationBody", "coordination_body.created", "coordination_bodies", _json),
    ("Resolution", "resolution.drafted", "resolutions", _json),
    ("Resolution", "workflow.transitioned", "resolutions", _transitioned),
    ("Sponsorship", "resolution.sponsor_added", "sponsorships", _json),
    ("AgendaItem", "agenda_item.created", "agenda_items", _json),
)


def events(
    rng: random.Random, v: Volumes, rows: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """`v.events` rows about the subjects above, their data shaped by the catalog as `append`
    shapes it (an undeclared type or key fails here), hash-chained like real ones."""
    subjects = [s for s in SUBJECTS if rows[s[2]]]
    shaped_data: dict[tuple[str, int], dict[str, Any]] = {}
    out, prev = [], GENESIS
    for event_id in range(1, v.events + 1):
        subject_type, event_type, table, data_of = rng.choice(subjects)
        subject = rng.choice(rows[table])
        occurred = NOW - dt.timedelta(seconds=(v.events - event_id) * 60)
        key = (event_type, subject["id"])
        if key not in shaped_data:
            shaped_data[key] = shaped(
                event_type, subject_type, subject["id"], data_of(subject), strict=True
            )
        data = shaped_data[key]
        # What event_hash reads of an Event, without the cost of an ORM instance.
        event = cast(
            Event,
            SimpleNamespace(
                id=event_id,
                occurred_at=occurred,
                type=event_type,
                subject_type=subject_type,
                subject_id=subject["id"],
                milestone=event_id % 50 == 0,
                data=data,
                principal_id=SYSTEM.id,
                principal_name=SYSTEM.name,
                on_behalf_of_actor_id=None,
            ),
        )
        digest = event_hash(event, prev)
        out.append(
            {
                "id": event_id,
                "occurred_at": occurred,
                "type": event_type,
                "subject_type": subject_type,
                "subject_id": subject["id"],
                "milestone": event.milestone,
                "data": data,
                "principal_id": SYSTEM.id,
                "principal_name": SYSTEM.name,
                "on_behalf_of_actor_id": None,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    return out


def _serial(table: Table) -> bool:
    """Whether the table's id comes from a sequence (not ga_sessions', events' or a link's)."""
    column = table.c.get("id")
    return column is not None and column.autoincrement is not False


async def populate(url: str, volumes: Volumes = VOLUMES) -> dict[str, int]:
    """Fill a freshly migrated database (PostgreSQL, or SQLite for tests); returns the row
    count of each table."""
    rows = build(random.Random(SEED), volumes)
    engine = create_engine(url)
    postgres = engine.dialect.name == "postgresql"
    async with engine.begin() as conn:
        for name in TABLES:
            await _bulk(conn, MODEL_TABLES[name], rows[name])
        # Explicit keys leave the sequences at 1: move them past the rows, so writes work.
        for name in TABLES:
            if postgres and _serial(MODEL_TABLES[name]) and rows[name]:
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                        f" (SELECT max(id) FROM {name}))"
                    )
                )
    if postgres:
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    async with engine.connect() as conn:
        counts = {
            table: int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
            for table in TABLES
        }
    await engine.dispose()
    return counts


if __name__ == "__main__":  # pragma: no cover - run by bench/run.py
    import sys

    asyncio.run(recreate_database(sys.argv[1]))
