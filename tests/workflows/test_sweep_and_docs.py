"""The lapse sweep, the workflow CLI and the generated workflow docs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.commitments import service as commitments
from gp_api.commitments.models import Commitment, Determinant, ProgressReport
from gp_api.config import PROJECT_ROOT
from gp_api.db import session_factory
from gp_api.demo.loader import load_demo
from gp_api.events.models import TransitionRecord
from gp_api.principal import SYSTEM
from gp_api.workflow.docs import markdown
from gp_api.workflow.sweep import sweep_lapsed
from tests.graphql.builders import actors_with_commitments
from tests.test_cli import run
from workflows.commitment import CommitmentState

ONE_YEAR = dt.timedelta(days=365)


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
        rows[1].due_on = None  # no report since it started, 25 months before `later`
        rows[1].starts_on = (later - dt.timedelta(days=761)).date()
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


async def test_three_years_after_seeding_nothing_running_lapses(engine: AsyncEngine) -> None:
    """The time bomb: silence was counted from created_at, so two years after `seed --demo`
    the sweep lapsed the running programmes. The demo's rows are written three years before
    the clock; what lapses is decided by the record (the last report, else the start), not by
    when the rows were written. The clock is the middle of 2025, when the record holds every
    running programme's latest real report."""
    clock = dt.datetime(2025, 6, 30, tzinfo=dt.UTC)
    seeded = clock - dt.timedelta(days=3 * 365)
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        await load_demo(session)
        ngo = await actors.create_actor(
            session, principal=SYSTEM, values={"name": "Coalition", "kind": ActorKind.NGO}
        )

        async def pledge(title: str, starts_on: dt.date | None) -> Commitment:
            return await commitments.create_commitment(
                session,
                principal=SYSTEM,
                actor_id=ngo.id,
                determinants=[Determinant.ROOT_CAUSES],
                title=title,
                starts_on=starts_on,
            )

        starts_later = await pledge("Starts a year before the clock", (clock - ONE_YEAR).date())
        no_start = await pledge("Neither a start nor a report", None)
        reported = await pledge("Started long ago, reported a month ago", seeded.date())
        silent = await pledge("Started at seeding, never reported", seeded.date())
        await session.flush()
        session.add(
            ProgressReport(
                commitment_id=reported.id,
                summary="Still at it",
                submitted_at=clock - dt.timedelta(days=30),
            )
        )
        # Every row written three years before the clock.
        await session.execute(update(Commitment).values(created_at=seeded, updated_at=seeded))

    result = await sweep_lapsed(sessions, now=clock)

    async with sessions() as session:
        states = {c.title: c.state for c in await session.scalars(select(Commitment))}
        editions = list(
            await session.scalars(
                select(ProgressReport.submitted_at)
                .join(Commitment, Commitment.id == ProgressReport.commitment_id)
                .where(Commitment.title == "Publish the Global Report on Trafficking in Persons")
                .order_by(ProgressReport.submitted_at)
            )
        )
    assert result.lapsed == [silent.id]
    assert states == {
        "Manage the UN Voluntary Trust Fund for Victims of Trafficking": CommitmentState.IN_PROGRESS,
        "Publish the Global Report on Trafficking in Persons": CommitmentState.IN_PROGRESS,
        # Belarus's party to the Protocol, delivered on ratification (2003): final, untouched.
        "Become a party to the Trafficking in Persons Protocol, which obliges its parties to"
        " criminalise trafficking in persons": CommitmentState.DELIVERED,
        starts_later.title: CommitmentState.PLEDGED,
        no_start.title: CommitmentState.PLEDGED,
        reported.title: CommitmentState.PLEDGED,
        silent.title: CommitmentState.LAPSED,
    }
    # The running programme carries its real reports: the Global Report's editions.
    assert [e.year for e in editions] == [2009, 2012, 2014, 2016, 2019, 2021, 2023, 2024]


async def test_a_programme_whose_record_goes_silent_lapses_and_says_why(
    engine: AsyncEngine,
) -> None:
    """Three years after the demo's latest Global Report edition (11 December 2024), with no
    newer one recorded, its silence is real: it lapses, and its history says from when."""
    clock = dt.datetime(2027, 12, 12, tzinfo=dt.UTC)
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        await load_demo(session)

    result = await sweep_lapsed(sessions, now=clock)

    async with sessions() as session:
        lapsed = {
            c.title
            for c in await session.scalars(
                select(Commitment).where(Commitment.id.in_(result.lapsed))
            )
        }
    assert "Publish the Global Report on Trafficking in Persons" in lapsed
