"""Revision 0014_deviations carries the history over: an `import` record written before it
bypassed the guards unchecked, so each gets one NOT_EVALUATED deviation saying so; guarded
moves get none. On the current backend, through the migrations `gp-api migrate` runs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from gp_api.db import create_engine, session_factory
from gp_api.demo.loader import load_demo
from tests.conftest import downgrade, migrate, scratch_database
from tests.test_documents_migration import rows
from tests.test_migrations import table_names


async def test_imports_written_before_the_revision_say_their_guards_were_not_evaluated(
    tmp_path: Path,
) -> None:
    async with scratch_database(tmp_path) as url:
        await migrate(url)
        engine = create_engine(url, pool=False)
        async with session_factory(engine)() as session, session.begin():
            await load_demo(session)
        async with engine.begin() as conn:
            # A guarded move, as an administrator made one before the revision.
            await conn.execute(
                text(
                    "INSERT INTO transition_records (event_id, subject_type, subject_id,"
                    ' workflow, workflow_version, from_state, to_state, "trigger",'
                    " principal_id, principal_name, at)"
                    " SELECT max(id), 'Commitment', 1, 'commitment', 1, 'IN_PROGRESS',"
                    " 'SUSPENDED', 'suspend', 'token:1', 'admin', '2020-01-01 00:00:00+00:00'"
                    " FROM events WHERE id NOT IN (SELECT event_id FROM transition_records)"
                )
            )
        await engine.dispose()
        await downgrade(url, "0010_drafts")
        assert "transition_deviations" not in await table_names(url)

        await migrate(url)

        imports = await rows(
            url, "SELECT id FROM transition_records WHERE \"trigger\" = 'import' ORDER BY id"
        )
        assert imports
        carried = await rows(
            url,
            "SELECT transition_record_id, kind, stage, blocker FROM transition_deviations"
            " ORDER BY id",
        )
        assert [r[0] for r in carried] == [r[0] for r in imports]
        assert {r[1] for r in carried} == {"NOT_EVALUATED"}
        assert all(r[2] and "never checked" in str(r[3]) for r in carried)
