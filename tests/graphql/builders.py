"""Small builders that write through the services, for tests that need data in place."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors import service as actors
from gp_api.actors.models import Actor, ActorKind
from gp_api.commitments import service as commitments
from gp_api.commitments.models import Determinant
from gp_api.db import session_factory
from gp_api.principal import SYSTEM


async def actors_with_commitments(
    engine: AsyncEngine, n_actors: int, n_commitments: int, n_deliverables: int = 2
) -> list[Actor]:
    created = []
    async with session_factory(engine)() as session, session.begin():
        for i in range(n_actors):
            actor = await actors.create_actor(
                session, principal=SYSTEM, values={"name": f"NGO {i:03d}", "kind": ActorKind.NGO}
            )
            created.append(actor)
            for j in range(n_commitments):
                commitment = await commitments.create_commitment(
                    session,
                    principal=SYSTEM,
                    actor_id=actor.id,
                    determinants=[list(Determinant)[j % 6]],
                    title=f"Commitment {j}",
                    due_on=dt.date(2030, 1, 1),
                )
                for k in range(n_deliverables):
                    await commitments.add_deliverable(
                        session, principal=SYSTEM, commitment_id=commitment.id, title=f"D{k}"
                    )
    return created
