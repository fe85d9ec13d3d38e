"""Builds the benchmark database: a PostgreSQL database with realistic volume (200 actors,
5,000 commitments with deliverables, 100,000 events), made through the services so that it is
what a real server would hold."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.commitments import service as commitments
from gp_api.commitments.models import Determinant
from gp_api.db import create_engine, session_factory
from gp_api.events.chain import event_hash
from gp_api.events.models import Event
from gp_api.principal import SYSTEM

ACTORS = 200
COMMITMENTS_PER_ACTOR = 25
DELIVERABLES_PER_COMMITMENT = 2
EVENTS = 100_000


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


async def populate(url: str) -> dict[str, int]:
    engine = create_engine(url)
    sessions = session_factory(engine)
    determinants = list(Determinant)
    for batch in range(0, ACTORS, 20):
        async with sessions() as session, session.begin():
            for i in range(batch, batch + 20):
                actor = await actors.create_actor(
                    session,
                    principal=SYSTEM,
                    values={"name": f"Bench NGO {i:04d}", "kind": ActorKind.NGO},
                )
                for j in range(COMMITMENTS_PER_ACTOR):
                    commitment = await commitments.create_commitment(
                        session,
                        principal=SYSTEM,
                        actor_id=actor.id,
                        determinant=determinants[j % len(determinants)],
                        title=f"Commitment {j} of {actor.name}",
                        due_on=dt.date(2030, 1, 1),
                    )
                    for k in range(DELIVERABLES_PER_COMMITMENT):
                        await commitments.add_deliverable(
                            session,
                            principal=SYSTEM,
                            commitment_id=commitment.id,
                            title=f"Deliverable {k}",
                        )
    await fill_events(engine)
    async with engine.connect() as conn:
        counts = {
            table: int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())
            for table in ("actors", "commitments", "deliverables", "events")
        }
    await engine.dispose()
    return counts


async def fill_events(engine: Any) -> None:
    """Top the log up to EVENTS rows, chained like real ones (bulk, for speed)."""
    async with engine.begin() as conn:
        last = (
            await conn.execute(text("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1"))
        ).one()
        last_id, prev = int(last[0]), str(last[1])
        rows = []
        now = dt.datetime.now(dt.UTC)
        for event_id in range(last_id + 1, EVENTS + 1):
            event = Event(
                id=event_id,
                occurred_at=now,
                type="bench.filler",
                subject_type="Actor",
                subject_id=1 + event_id % ACTORS,
                milestone=event_id % 50 == 0,
                data={"n": event_id},
                principal_id="system",
                principal_name=SYSTEM.name,
                on_behalf_of_actor_id=None,
            )
            digest = event_hash(event, prev)
            rows.append(
                {
                    "id": event_id,
                    "occurred_at": now,
                    "type": event.type,
                    "subject_type": "Actor",
                    "subject_id": event.subject_id,
                    "milestone": event.milestone,
                    "data": json.dumps(event.data),
                    "principal_id": "system",
                    "principal_name": SYSTEM.name,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        for start in range(0, len(rows), 5000):
            await conn.execute(
                text(
                    "INSERT INTO events (id, occurred_at, type, subject_type, subject_id, milestone,"
                    " data, principal_id, principal_name, prev_hash, hash) VALUES (:id, :occurred_at,"
                    " :type, :subject_type, :subject_id, :milestone, CAST(:data AS JSON),"
                    " :principal_id, :principal_name, :prev_hash, :hash)"
                ),
                rows[start : start + 5000],
            )


if __name__ == "__main__":  # pragma: no cover - run by bench/run.py
    import sys

    asyncio.run(recreate_database(sys.argv[1]))
