"""The lapse sweep, the workflow CLI and the generated workflow docs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.commitments.models import Commitment, ProgressReport
from gp_api.config import PROJECT_ROOT
from gp_api.db import session_factory
from gp_api.events.models import TransitionRecord
from gp_api.workflow.docs import markdown
from gp_api.workflow.sweep import sweep_lapsed
from tests.graphql.builders import actors_with_commitments
from tests.test_cli import run
from workflows.commitment import CommitmentState


def test_docs_match_the_definitions() -> None:
    committed = (PROJECT_ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")

    assert committed == markdown(), "docs/workflows.md is stale: run `make docs`"


def test_diagram_command_prints_mermaid_or_names_the_workflows() -> None:
    one = run("workflows", "diagram", "coordination_body")
    unknown = run("workflows", "diagram", "nope")

    assert one.returncode == 0
    assert "PROPOSED --> CORE_GROUP: convene_core_group" in one.stdout
    assert unknown.returncode == 1
    assert "there are: coordination_body, agenda_item, resolution, commitment" in unknown.stderr


async def test_sweep_lapses_overdue_commitments_once(engine: AsyncEngine) -> None:
    await actors_with_commitments(engine, n_actors=1, n_commitments=3, n_deliverables=0)
    sessions = session_factory(engine)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=731)
    async with sessions() as session, session.begin():
        rows = list(await session.scalars(select(Commitment).order_by(Commitment.id)))
        rows[0].due_on = dt.date(2020, 1, 1)  # overdue
        rows[1].due_on = None  # no report since it was made, 24 months before `later`
        rows[2].due_on = dt.date(2099, 1, 1)  # reported on recently: stays
        session.add(
            ProgressReport(
                commitment_id=rows[2].id,
                summary="recent",
                percent_complete=10,
                submitted_at=later - dt.timedelta(days=5),
            )
        )

    first = await sweep_lapsed(sessions, now=later)
    again = await sweep_lapsed(sessions, now=later)

    async with sessions() as session:
        states = list(await session.scalars(select(Commitment.state).order_by(Commitment.id)))
        records = list(await session.scalars(select(TransitionRecord.principal_id)))
    assert first.lapsed == [rows[0].id, rows[1].id]
    assert again.lapsed == []
    assert states == [CommitmentState.LAPSED, CommitmentState.LAPSED, CommitmentState.PLEDGED]
    assert records == ["system", "system"]
