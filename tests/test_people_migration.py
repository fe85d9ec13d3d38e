"""Revision 0013_people carries the bodies over: a database at 0010_drafts holding the demo
data set is upgraded, and every body keeps its name, state, version, members, meetings and
history, gains no chair (an organisation's CHAIR or COORDINATOR membership is no person
appointed to an office) and follows the coordination_body workflow version 2; taken back down,
the bodies are as they were. On the current backend, through the same migrations `gp-api
migrate` runs."""

from __future__ import annotations

from pathlib import Path

from gp_api.db import create_engine, session_factory
from gp_api.demo.loader import load_demo
from tests.conftest import downgrade, migrate, scratch_database
from tests.test_documents_migration import rows
from tests.test_migrations import table_names

BODIES = (
    "SELECT b.name, b.state, b.version, b.founded_on, b.source_url,"
    " (SELECT count(*) FROM memberships m WHERE m.body_id = b.id),"
    " (SELECT count(*) FROM meetings m WHERE m.body_id = b.id),"
    " (SELECT count(*) FROM transition_records t"
    "  WHERE t.subject_type = 'CoordinationBody' AND t.subject_id = b.id)"
    " FROM coordination_bodies b ORDER BY b.name"
)


async def test_the_bodies_come_over_and_go_back(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        await migrate(url)
        engine = create_engine(url, pool=False)
        async with session_factory(engine)() as session, session.begin():
            await load_demo(session)
        await engine.dispose()
        await downgrade(url, "0010_drafts")
        assert not {"persons", "offices", "appointments", "body_chairs"} & await table_names(url)
        before = await rows(url, BODIES)
        assert len(before) == 2
        assert {r[1] for r in before} == {"CORE_GROUP", "INTERAGENCY_WORKING_GROUP"}

        await migrate(url)

        assert await rows(url, BODIES) == before
        assert await rows(
            url,
            "SELECT workflow_version, mandate_symbol, succeeds_id FROM coordination_bodies",
        ) == [(2, None, None), (2, None, None)]
        assert await rows(url, "SELECT count(*) FROM body_chairs") == [(0,)]
        # History rows stay as written (loaded here by the current definition).
        assert await rows(
            url,
            "SELECT DISTINCT workflow_version FROM transition_records"
            " WHERE subject_type = 'CoordinationBody'",
        ) == [(2,)]

        await downgrade(url, "0010_drafts")
        assert await rows(url, BODIES) == before
        assert await rows(url, "SELECT DISTINCT workflow_version FROM coordination_bodies") == [
            (1,)
        ]
