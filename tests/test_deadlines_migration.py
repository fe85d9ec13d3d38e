"""Revision 0018_deadline_notices carries the notices already in the log over: the mandates'
`mandate.due` / `mandate.overdue` (written before it, by the status sweep) and, after a
downgrade and upgrade, the commitments' and meetings' notices; so the sweep does not send any of
them again. On the current backend, through the migrations `gp-api migrate` runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gp_api.db import create_engine, session_factory
from gp_api.ga import mandates
from gp_api.global_ids import decode_as
from gp_api.principal import SYSTEM
from gp_api.workflow.sweep import sweep
from tests.conftest import downgrade, migrate, scratch_database
from tests.graphql.test_mandates import setup_record as adopted_resolution
from tests.test_deadlines import DUE, at, notices, setup_record
from tests.test_documents_migration import rows
from tests.test_migrations import table_names


async def test_notices_in_the_log_are_carried_over_and_not_sent_again(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        await migrate(url)
        engine = create_engine(url, pool=False)
        try:
            ids = await adopted_resolution(engine)
            async with session_factory(engine)() as s, s.begin():
                mandate = await mandates.record_mandate(
                    s,
                    principal=SYSTEM,
                    resolution_id=decode_as(ids["adopted"], "Resolution", "id"),
                    addressee="Secretary-General",
                    request="A report",
                    due_on=dt.date(2021, 7, 1),
                )
            record = await setup_record(engine)
            first = await sweep(session_factory(engine), now=at(DUE - dt.timedelta(days=1)))
            before = await notices(engine)
        finally:
            await engine.dispose()
        assert first.mandates_due == first.mandates_overdue == [mandate.id]
        assert len(first.notices) == 4  # three commitments due soon, the meeting tomorrow
        written = await rows(
            url, "SELECT subject_type, subject_id, kind, due_on FROM deadline_notices ORDER BY id"
        )

        await downgrade(url, "0016_meeting_hosts")
        assert "deadline_notices" not in await table_names(url)
        await migrate(url)

        carried = await rows(
            url, "SELECT subject_type, subject_id, kind, due_on FROM deadline_notices ORDER BY id"
        )
        assert sorted(map(str, carried)) == sorted(map(str, written))
        assert ("Mandate", mandate.id, "mandate.overdue") in [r[:3] for r in carried]
        assert ("Meeting", record.meeting, "meeting.tomorrow") in [r[:3] for r in carried]
        unlinked = await rows(url, "SELECT id FROM deadline_notices WHERE event_id IS NULL")
        assert unlinked == []
        engine = create_engine(url, pool=False)
        try:
            again = await sweep(session_factory(engine), now=at(DUE - dt.timedelta(days=1)))
            after = await notices(engine)
        finally:
            await engine.dispose()
        assert again.notices == []
        assert after == before
