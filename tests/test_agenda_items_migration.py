"""Revision 0009_agenda_items carries today's agenda items over: a database at 0007_allocations
holding the demo data set (and a requested, still proposed item) is upgraded, and every item
survives in its new form: states renamed, origin REQUESTED or MANDATED, workflow version 2,
topics from the titles, allocations and history rows as they were. On the current backend,
through the same migrations `gp-api migrate` runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from gp_api.db import create_engine, session_factory
from gp_api.demo.loader import load_demo
from gp_api.principal import SYSTEM
from gp_api.workflow.service import advance
from tests.conftest import downgrade, migrate, scratch_database
from tests.test_documents_migration import rows


async def _columns(url: str) -> set[str]:
    engine = create_engine(url, pool=False)
    async with engine.connect() as conn:
        names = set((await conn.execute(text("SELECT * FROM agenda_items"))).keys())
    await engine.dispose()
    return names


async def test_the_demo_items_come_over_in_their_new_form(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        await migrate(url)
        engine = create_engine(url, pool=False)
        async with session_factory(engine)() as session, session.begin():
            await load_demo(session)
        await engine.dispose()
        await downgrade(url, "0007_allocations")
        assert "allocated_to" in await _columns(url)
        # As version 1 wrote them: a requested item still PROPOSED, with its proposer and
        # memorandum, and one on trafficking; the demo's items INSCRIBED or ALLOCATED.
        engine = create_engine(url, pool=False)
        async with engine.begin() as conn:
            actor = (await conn.execute(text("SELECT min(id) FROM actors"))).scalar_one()
            await conn.execute(
                text(
                    "INSERT INTO agenda_items (title, session, item_number, proposer_id,"
                    " explanatory_memorandum, allocated_to, state, version, workflow_version,"
                    " created_at, updated_at) VALUES ('Trafficking in human beings', 61, NULL,"
                    " :actor, 'Why.', NULL, 'PROPOSED', 1, 1, :now, :now)"
                ),
                {"actor": actor, "now": dt.datetime(2026, 11, 30, tzinfo=dt.UTC)},
            )
        await engine.dispose()
        before = await rows(
            url,
            "SELECT id, title, session, item_number, state, allocated_to, workflow_version"
            " FROM agenda_items ORDER BY id",
        )
        assert {r[4] for r in before} == {"PROPOSED", "INSCRIBED", "ALLOCATED"}
        allocations_before = await rows(
            url,
            "SELECT agenda_item_id, forum, resolution_id FROM agenda_item_allocations ORDER BY id",
        )
        history_before = await rows(
            url,
            "SELECT id, to_state, workflow_version FROM transition_records"
            " WHERE subject_type = 'AgendaItem' ORDER BY id",
        )

        await migrate(url)

        assert "allocated_to" not in await _columns(url)
        after = await rows(
            url,
            "SELECT id, title, session, item_number, state, origin, workflow_version,"
            " topic_trafficking_in_persons, topic_crime_prevention, continues_id, parent_id"
            " FROM agenda_items ORDER BY id",
        )
        renamed = {"PROPOSED": "LISTED", "INSCRIBED": "INCLUDED", "ALLOCATED": "ALLOCATED"}
        assert [r[:4] for r in after] == [r[:4] for r in before]
        for old, new in zip(before, after, strict=True):
            assert new[4] == renamed[str(old[4])]
            assert new[6] == 2
            assert new[9:] == (None, None)
            requested = old[1] == "Trafficking in human beings"
            assert new[5] == ("REQUESTED" if requested else "MANDATED")
            assert (bool(new[7]), bool(new[8])) == (requested, not requested)
        assert (
            await rows(
                url,
                "SELECT agenda_item_id, forum, resolution_id FROM agenda_item_allocations"
                " ORDER BY id",
            )
            == allocations_before
        )
        # History rows stay as they were written.
        assert (
            await rows(
                url,
                "SELECT id, to_state, workflow_version FROM transition_records"
                " WHERE subject_type = 'AgendaItem' ORDER BY id",
            )
            == history_before
        )
        # And the upgraded items move on under version 2.
        engine = create_engine(url, pool=False)
        async with session_factory(engine)() as session, session.begin():
            listed = after[-1][0]
            await advance(
                session,
                principal=SYSTEM,
                subject_type="AgendaItem",
                subject_id=int(str(listed)),
                trigger="recommend",
            )
            moved = await advance(
                session,
                principal=SYSTEM,
                subject_type="AgendaItem",
                subject_id=int(str(listed)),
                trigger="include",
            )
            assert moved.subject.state.value == "INCLUDED"
        await engine.dispose()
