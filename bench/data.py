"""Builds the benchmark database at volume: actors with commitments and deliverables,
coordination bodies with members, meetings and participants, agenda items, resolutions with
sponsors and adoptions, and a chained event log.

Rows go in through the tables the models declare (gp_api.*.models), on a database migrated by
`gp-api db upgrade`, in bulk: the services would take many minutes for this volume, and reads
are what is measured. Deterministic: one seeded random generator, fixed dates.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from typing import Any

import asyncpg
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from gp_api.actors.models import Actor, ActorKind
from gp_api.bodies.models import (
    CoordinationBody,
    Hub,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    meeting_participants,
)
from gp_api.commitments.models import Commitment, Deliverable, DeliverableStatus, Determinant
from gp_api.db import create_engine
from gp_api.events.chain import GENESIS, event_hash
from gp_api.events.models import Event
from gp_api.ga.models import (
    Adoption,
    AdoptionForum,
    AdoptionMethod,
    AgendaItem,
    Allocation,
    Resolution,
    SponsorKind,
    Sponsorship,
)
from gp_api.principal import SYSTEM
from workflows.agenda_item import AgendaItemState
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState
from workflows.resolution import ResolutionState

SEED = 20261130
ACTORS = 500
COMMITMENTS_PER_ACTOR = 25
DELIVERABLES_PER_COMMITMENT = 2
BODIES = 100
MEMBERS_PER_BODY = 30
MEETINGS_PER_BODY = 20
PARTICIPANTS_PER_MEETING = 5
AGENDA_ITEMS = 200
RESOLUTIONS = 1000
SPONSORS_PER_RESOLUTION = (5, 30)
EVENTS = 100_000
# A fixed instant, so that two runs build the same rows.
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
TABLES = (
    "actors",
    "commitments",
    "deliverables",
    "coordination_bodies",
    "memberships",
    "meetings",
    "meeting_participants",
    "agenda_items",
    "resolutions",
    "sponsorships",
    "adoptions",
    "events",
)


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


def build(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    """Every row, by table name, with explicit primary keys (1..n per table)."""
    kinds = [k for k in ActorKind if k is not ActorKind.STATE]
    actors = []
    for i in range(1, ACTORS + 1):
        kind = rng.choice(kinds)
        actors.append(
            {
                "id": i,
                "name": f"Bench {kind.value.title()} {i:05d}",
                "short_name": f"B{i}" if i % 3 else None,
                "kind": kind,
                # Flow roles belong to states only (the service refuses them on others).
                "is_origin": False,
                "is_transit": False,
                "is_destination": False,
                "flow_roles_illustrative": False,
                "website": f"https://example.org/{i}" if i % 2 else None,
                **_stamps(rng.randrange(700)),
            }
        )
    commitments, deliverables = [], []
    for actor_id in range(1, ACTORS + 1):
        for j in range(COMMITMENTS_PER_ACTOR):
            cid = len(commitments) + 1
            commitments.append(
                {
                    "id": cid,
                    "actor_id": actor_id,
                    "determinant": rng.choice(list(Determinant)),
                    "title": f"Commitment {j} of actor {actor_id}",
                    "description": "Bench data." if j % 4 == 0 else None,
                    "starts_on": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                    "due_on": dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(1500)),
                    "state": rng.choice(list(CommitmentState)),
                    "version": 1,
                    "workflow_version": 1,
                    **_stamps(rng.randrange(700)),
                }
            )
            for k in range(DELIVERABLES_PER_COMMITMENT):
                deliverables.append(
                    {
                        "id": len(deliverables) + 1,
                        "commitment_id": cid,
                        "title": f"Deliverable {k} of commitment {cid}",
                        "due_on": dt.date(2027, 6, 1) + dt.timedelta(days=rng.randrange(900)),
                        "status": rng.choice(list(DeliverableStatus)),
                        **_stamps(rng.randrange(700)),
                    }
                )
    bodies, memberships, meetings, participants = [], [], [], []
    for b in range(1, BODIES + 1):
        bodies.append(
            {
                "id": b,
                "name": f"Bench body {rng.randrange(10**6):06d}-{b:03d}",
                "state": rng.choice([s for s in BodyState if s is not BodyState.SUSPENDED]),
                "hubs": sorted(rng.sample([h.value for h in Hub], rng.randint(1, 3))),
                "mandate": f"Mandate of body {b}",
                "founded_on": dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000)),
                "version": 1,
                "workflow_version": 1,
                **_stamps(rng.randrange(700)),
            }
        )
        for m, actor_id in enumerate(rng.sample(range(1, ACTORS + 1), MEMBERS_PER_BODY)):
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
                    **_stamps(rng.randrange(700)),
                }
            )
        # Ids follow the start time within a body: GP API orders meetings by (startsAt, id),
        # PostGraphile can only order them by id (startsAt has no index), same rows either way.
        starts_list = sorted(
            NOW - dt.timedelta(days=rng.randrange(-200, 900), minutes=rng.randrange(600))
            for _ in range(MEETINGS_PER_BODY)
        )
        for starts in starts_list:
            mid = len(meetings) + 1
            meetings.append(
                {
                    "id": mid,
                    "body_id": b,
                    "title": f"Meeting {mid} of body {b}",
                    "hub": rng.choice(list(Hub)),
                    "location": "Room " + str(rng.randrange(1, 40)),
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=2),
                    "status": rng.choice(list(MeetingStatus)),
                    "outcome": None,
                    **_stamps(rng.randrange(700)),
                }
            )
            for actor_id in rng.sample(range(1, ACTORS + 1), PARTICIPANTS_PER_MEETING):
                participants.append({"meeting_id": mid, "actor_id": actor_id})
    agenda_items = [
        {
            "id": a,
            "title": f"Agenda item {a}",
            "session": 75 + a % 8,
            "item_number": a,
            "proposer_id": rng.randrange(1, ACTORS + 1),
            "explanatory_memorandum": None,
            "allocated_to": rng.choice(list(Allocation)),
            "state": rng.choice(list(AgendaItemState)),
            "version": 1,
            "workflow_version": 1,
            **_stamps(rng.randrange(700)),
        }
        for a in range(1, AGENDA_ITEMS + 1)
    ]
    resolutions, sponsorships, adoptions = [], [], []
    for r in range(1, RESOLUTIONS + 1):
        state = rng.choice(list(ResolutionState))
        resolutions.append(
            {
                "id": r,
                "agenda_item_id": rng.randrange(1, AGENDA_ITEMS + 1),
                "title": f"Resolution {r}",
                "omnibus": r % 10 == 0,
                "draft_symbol": f"A/C.3/80/L.{r}",
                "symbol": f"A/RES/80/{r}" if state is ResolutionState.ADOPTED else None,
                "state": state,
                "version": 1,
                "workflow_version": 1,
                **_stamps(rng.randrange(700)),
            }
        )
        count = rng.randint(*SPONSORS_PER_RESOLUTION)
        for s, actor_id in enumerate(rng.sample(range(1, ACTORS + 1), count)):
            sponsorships.append(
                {
                    "id": len(sponsorships) + 1,
                    "resolution_id": r,
                    "actor_id": actor_id,
                    "kind": SponsorKind.MAIN if s == 0 else SponsorKind.CO_SPONSOR,
                    "joined_on": dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(100)),
                }
            )
        forums = {
            ResolutionState.ADOPTED_IN_COMMITTEE: [AdoptionForum.COMMITTEE],
            ResolutionState.ADOPTED: [AdoptionForum.COMMITTEE, AdoptionForum.PLENARY],
        }.get(state, [])
        for n, forum in enumerate(forums):
            voted = rng.random() < 0.5
            adoptions.append(
                {
                    "id": len(adoptions) + 1,
                    "resolution_id": r,
                    "forum": forum,
                    "method": AdoptionMethod.RECORDED if voted else AdoptionMethod.WITHOUT_A_VOTE,
                    "yes_count": rng.randrange(90, 180) if voted else None,
                    "no_count": rng.randrange(0, 20) if voted else None,
                    "abstain_count": rng.randrange(0, 40) if voted else None,
                    "adopted_on": dt.date(2025, 11, 1) + dt.timedelta(days=30 * n),
                    "document_symbol": f"A/80/PV.{r}" if forum is AdoptionForum.PLENARY else None,
                }
            )
    return {
        "actors": actors,
        "commitments": commitments,
        "deliverables": deliverables,
        "coordination_bodies": bodies,
        "memberships": memberships,
        "meetings": meetings,
        "meeting_participants": participants,
        "agenda_items": agenda_items,
        "resolutions": resolutions,
        "sponsorships": sponsorships,
        "adoptions": adoptions,
        "events": events(rng),
    }


# Event types from the catalog that readers see, each about a subject of its own kind.
SUBJECTS = (
    ("Actor", "actor.updated", ACTORS),
    ("Commitment", "commitment.updated", ACTORS * COMMITMENTS_PER_ACTOR),
    ("CoordinationBody", "coordination_body.created", BODIES),
    ("Resolution", "resolution.drafted", RESOLUTIONS),
    ("AgendaItem", "agenda_item.created", AGENDA_ITEMS),
)


def events(rng: random.Random) -> list[dict[str, Any]]:
    """EVENTS rows about the subjects above, hash-chained like real ones."""
    rows, prev = [], GENESIS
    for event_id in range(1, EVENTS + 1):
        subject_type, event_type, count = rng.choice(SUBJECTS)
        occurred = NOW - dt.timedelta(seconds=(EVENTS - event_id) * 60)
        event = Event(
            id=event_id,
            occurred_at=occurred,
            type=event_type,
            subject_type=subject_type,
            subject_id=rng.randrange(1, count + 1),
            milestone=event_id % 50 == 0,
            data={"n": event_id, "note": "bench"},
            principal_id="system",
            principal_name=SYSTEM.name,
            on_behalf_of_actor_id=None,
        )
        digest = event_hash(event, prev)
        rows.append(
            {
                "id": event_id,
                "occurred_at": occurred,
                "type": event.type,
                "subject_type": subject_type,
                "subject_id": event.subject_id,
                "milestone": event.milestone,
                "data": event.data,
                "principal_id": "system",
                "principal_name": SYSTEM.name,
                "on_behalf_of_actor_id": None,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    return rows


MODEL_TABLES: dict[str, Table] = {
    "actors": Actor.__table__,  # type: ignore[dict-item]
    "commitments": Commitment.__table__,  # type: ignore[dict-item]
    "deliverables": Deliverable.__table__,  # type: ignore[dict-item]
    "coordination_bodies": CoordinationBody.__table__,  # type: ignore[dict-item]
    "memberships": Membership.__table__,  # type: ignore[dict-item]
    "meetings": Meeting.__table__,  # type: ignore[dict-item]
    "meeting_participants": meeting_participants,
    "agenda_items": AgendaItem.__table__,  # type: ignore[dict-item]
    "resolutions": Resolution.__table__,  # type: ignore[dict-item]
    "sponsorships": Sponsorship.__table__,  # type: ignore[dict-item]
    "adoptions": Adoption.__table__,  # type: ignore[dict-item]
    "events": Event.__table__,  # type: ignore[dict-item]
}


async def populate(url: str) -> dict[str, int]:
    """Fill a freshly migrated database; returns the row count of each table."""
    rows = build(random.Random(SEED))
    engine = create_engine(url)
    async with engine.begin() as conn:
        for name in TABLES:
            await _bulk(conn, MODEL_TABLES[name], rows[name])
        # Explicit keys leave the sequences at 1: move them past the rows, so writes work.
        for name in TABLES:
            if name != "meeting_participants" and name != "events":
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                        f" (SELECT max(id) FROM {name}))"
                    )
                )
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
