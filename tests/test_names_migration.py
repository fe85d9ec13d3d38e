"""Revision 0020_names carries the actors over: a database at 0019_commitment_mandates holding the
demo data set is upgraded, and every actor's name becomes its English name with no dates and
its kind a kind period with none, both citing the actor's source; today's name and kind stay
in `actors`. Taken back down, the actors are as they were. On the current backend, through the
same migrations `gp-api db upgrade` runs."""

from __future__ import annotations

from pathlib import Path

from gp_api.db import create_engine, session_factory
from gp_api.demo.loader import load_demo
from tests.conftest import downgrade, migrate, scratch_database
from tests.test_documents_migration import rows
from tests.test_migrations import table_names

ACTORS = (
    "SELECT id, name, short_name, kind, source_url, confidence, iso_alpha2 FROM actors ORDER BY id"
)
NAMES = (
    "SELECT subject_id, name, short_name, source_url, confidence FROM localized_names"
    " WHERE subject_type = 'Actor' AND language = 'EN' AND valid_from IS NULL"
    " AND valid_until IS NULL ORDER BY subject_id"
)
KINDS = (
    "SELECT actor_id, kind, source_url, confidence FROM actor_kinds"
    " WHERE valid_from IS NULL AND valid_until IS NULL ORDER BY actor_id"
)


async def test_the_actors_names_and_kinds_come_over_and_go_back(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        await migrate(url)
        engine = create_engine(url, pool=False)
        async with session_factory(engine)() as session, session.begin():
            await load_demo(session)
        await engine.dispose()
        await downgrade(url, "0019_commitment_mandates")
        assert not {"localized_names", "actor_kinds"} & await table_names(url)
        before = await rows(url, ACTORS)
        assert len(before) > 30

        await migrate(url, "0020_names")

        assert await rows(url, ACTORS) == before
        assert await rows(url, NAMES) == [(a[0], a[1], a[2], a[4], a[5]) for a in before]
        assert await rows(url, KINDS) == [(a[0], a[3], a[4], a[5]) for a in before]
        assert await rows(url, "SELECT count(*) FROM localized_names") == [(len(before),)]
        assert await rows(url, "SELECT count(*) FROM actor_kinds") == [(len(before),)]

        await downgrade(url, "0019_commitment_mandates")
        assert await rows(url, ACTORS) == before
        assert not {"localized_names", "actor_kinds"} & await table_names(url)
