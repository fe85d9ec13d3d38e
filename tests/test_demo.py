"""The demo data set: real history, every record sourced and evented, loaded idempotently."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from gp_api.actors.models import Actor, FlowRole
from gp_api.bodies.models import CoordinationBody, Meeting, Membership, MembershipRole
from gp_api.commitments.models import Commitment
from gp_api.db import Base, create_engine, session_factory
from gp_api.demo.loader import DemoResult, load_demo
from gp_api.events import shape
from gp_api.events.models import Event, TransitionRecord
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItem,
    AgendaItemAllocation,
    AgendaItemOrigin,
    Allocation,
    DraftAction,
    Resolution,
    Sponsorship,
    Topic,
)
from gp_api.models_common import Confidence
from gp_api.plan import service as plan
from gp_api.plan.models import PlanStep
from gp_api.plan.steps import PlanStepStatus
from gp_api.revisions import alembic_config
from workflows.agenda_item import AgendaItemState
from workflows.coordination_body import BodyState
from workflows.resolution import ResolutionState

GROUP_OF_FRIENDS = "Group of Friends united against Human Trafficking"
SOURCED = (
    Actor,
    CoordinationBody,
    Membership,
    Meeting,
    AgendaItem,
    Resolution,
    Sponsorship,
    DraftAction,
    Commitment,
)


def utc(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


async def demo_database(path: Path) -> AsyncEngine:
    url = f"sqlite+aiosqlite:///{path}"
    # env.py runs its own event loop: keep it off ours.
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
    return create_engine(url)


async def demo_load(engine: AsyncEngine) -> DemoResult:
    async with session_factory(engine)() as session, session.begin():
        return await load_demo(session)


async def demo_row_counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        return {
            table.name: (await conn.scalar(select(func.count()).select_from(table))) or 0
            for table in Base.metadata.sorted_tables
        }


@dataclass(frozen=True)
class Loaded:
    engine: AsyncEngine
    first: DemoResult
    second: DemoResult
    rows_after_first: dict[str, int]
    rows_after_second: dict[str, int]


@pytest.fixture(scope="module")
async def demo_loaded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Loaded]:
    engine = await demo_database(tmp_path_factory.mktemp("demo") / "demo.db")
    try:
        first = await demo_load(engine)
        rows_after_first = await demo_row_counts(engine)
        second = await demo_load(engine)
        yield Loaded(engine, first, second, rows_after_first, await demo_row_counts(engine))
    finally:
        await engine.dispose()


@pytest.fixture
async def demo_session(demo_loaded: Loaded) -> AsyncIterator[AsyncSession]:
    async with session_factory(demo_loaded.engine)() as session:
        yield session


async def test_the_first_load_creates_the_data_set(demo_loaded: Loaded) -> None:
    assert demo_loaded.first.created == {
        "actors": 37,
        "coordination_bodies": 2,
        "memberships": 26,
        "meetings": 5,
        "sessions": 7,
        "agenda_items": 7,
        # 61/98, 64/104 (Third Committee, and A/64/L.64 directly in plenary), 74/106, 78.
        "agenda_item_allocations": 6,
        "resolutions": 7,
        "sponsorships": 3,
        "commitments": 2,
        # The Trust Fund's 8 reports and the Global Report's 8 editions (2009 to 2024).
        "progress_reports": 16,
        # Each agenda item RECOMMENDED and INCLUDED, four of them ALLOCATED.
        "transitions": 38,
    }
    rows = demo_loaded.rows_after_first
    assert rows["actors"] == 37
    assert rows["coordination_bodies"] == 2
    assert rows["transition_records"] == 38


async def test_a_second_load_creates_nothing(demo_loaded: Loaded) -> None:
    assert demo_loaded.second.total == 0
    assert demo_loaded.rows_after_second == demo_loaded.rows_after_first
    assert demo_loaded.rows_after_second["events"] > 0


async def test_the_group_of_friends_has_its_20_members(demo_session: AsyncSession) -> None:
    body = await demo_session.scalar(
        select(CoordinationBody).where(CoordinationBody.name == GROUP_OF_FRIENDS)
    )
    assert body is not None
    assert body.state is BodyState.CORE_GROUP
    assert body.founded_on == dt.date(2010, 3, 10)
    rows = (
        await demo_session.execute(
            select(Actor.name, Membership)
            .join(Membership, Membership.actor_id == Actor.id)
            .where(Membership.body_id == body.id, Membership.until.is_(None))
        )
    ).all()
    members = {name: membership for name, membership in rows}
    assert len(members) == 20
    founders = {n for n, m in members.items() if m.role is MembershipRole.FOUNDING_MEMBER}
    assert len(founders) == 19
    assert {"Belarus", "Russian Federation", "Venezuela"} <= founders
    assert all(members[n].since == dt.date(2010, 3, 10) for n in founders)
    libya = members["Libya"]
    assert (libya.role, libya.since, libya.confidence) == (
        MembershipRole.MEMBER,
        None,
        Confidence.UNCONFIRMED,
    )


async def test_belarus_carries_its_codes_and_an_illustrative_transit_role(
    demo_session: AsyncSession,
) -> None:
    belarus = await demo_session.scalar(select(Actor).where(Actor.name == "Belarus"))
    assert belarus is not None
    assert (belarus.iso_alpha2, belarus.iso_alpha3, belarus.m49) == ("BY", "BLR", 112)
    assert belarus.flow_roles == [FlowRole.TRANSIT]
    assert belarus.flow_roles_illustrative
    assert "president.gov.by" in (belarus.source_url or "")
    with_roles = await demo_session.scalars(
        select(Actor.name).where(
            Actor.is_origin.is_(True) | Actor.is_transit.is_(True) | Actor.is_destination.is_(True)
        )
    )
    assert with_roles.all() == ["Belarus"]


async def test_every_record_cites_its_source_and_confidence(demo_session: AsyncSession) -> None:
    for model in SOURCED:
        total = await demo_session.scalar(select(func.count()).select_from(model))
        assert total, model.__name__
        unsourced = await demo_session.scalar(
            select(func.count())
            .select_from(model)
            .where(
                model.source_url.is_(None)
                | model.source_url.not_like("http%")
                | model.confidence.is_(None)
            )
        )
        assert unsourced == 0, model.__name__
    records = (await demo_session.scalars(select(TransitionRecord))).all()
    assert records
    for record in records:
        assert record.trigger == "import"
        assert record.principal_id == "system"
        assert (record.source_url or "").startswith("http")
        assert (record.reason or "").startswith("Historical import: ")


async def test_every_record_has_its_event(demo_session: AsyncSession) -> None:
    async def events(type_: str) -> int:
        found = await demo_session.scalar(
            select(func.count()).select_from(Event).where(Event.type == type_)
        )
        return found or 0

    async def rows(model: type[Base]) -> int:
        return (await demo_session.scalar(select(func.count()).select_from(model))) or 0

    assert await events("actor.created") == await rows(Actor)
    assert await events("coordination_body.created") == await rows(CoordinationBody)
    assert await events("membership.added") == await rows(Membership)
    assert await events("meeting.scheduled") == await rows(Meeting)
    assert await events("meeting.held") == await rows(Meeting)
    assert await events("agenda_item.created") == await rows(AgendaItem)
    assert await events("resolution.drafted") == await rows(Resolution)
    assert await events("resolution.sponsor_added") == await rows(Sponsorship)
    assert await events("resolution.record_imported") == await rows(Resolution)
    assert await events("commitment.created") == await rows(Commitment)
    assert await events("workflow.transitioned") == await rows(TransitionRecord)


async def test_every_event_is_written_in_the_data_convention(demo_session: AsyncSession) -> None:
    rows = list(await demo_session.scalars(select(Event)))

    assert len({row.type for row in rows}) >= 10
    for row in rows:
        shaped = shape.shaped(row.type, row.subject_type, row.subject_id, row.data, strict=True)
        assert shaped == row.data, row.type


async def test_the_plan_steps_history_reached_are_achieved(demo_session: AsyncSession) -> None:
    achieved = dict((await demo_session.execute(select(PlanStep.key, PlanStep.achieved_at))).all())
    assert achieved == {
        "core_group": utc(2010, 3, 10),
        "task_force": utc(2007, 3, 1),
        "interagency_working_group": utc(2010, 10, 1),
        # No standalone agenda item "Trafficking in human beings" was ever inscribed.
        "agenda_item": None,
        "omnibus_resolution": utc(2006, 12, 20),
    }
    statuses = await plan.statuses(demo_session, ["agenda_item"])
    assert statuses == {"agenda_item": PlanStepStatus.NOT_STARTED}


async def test_the_group_of_friends_entered_core_group_by_a_dated_import(
    demo_session: AsyncSession,
) -> None:
    rows = (
        await demo_session.execute(
            select(TransitionRecord, Event)
            .join(Event, Event.id == TransitionRecord.event_id)
            .join(CoordinationBody, CoordinationBody.id == TransitionRecord.subject_id)
            .where(
                TransitionRecord.subject_type == "CoordinationBody",
                CoordinationBody.name == GROUP_OF_FRIENDS,
            )
        )
    ).all()
    assert len(rows) == 1
    record, event = rows[0]
    assert (record.from_state, record.to_state, record.trigger) == (
        "PROPOSED",
        "CORE_GROUP",
        "import",
    )
    assert record.at == utc(2010, 3, 10)
    assert record.workflow == "coordination_body"
    assert record.source_url == "https://mfa.gov.by/en/press/news_mfa/f6b5ec478767eb9a.html"
    assert event.milestone


async def test_the_resolutions_are_recorded_as_history_has_them(
    demo_session: AsyncSession,
) -> None:
    async def by_symbol(symbol: str) -> Resolution:
        found = await demo_session.scalar(select(Resolution).where(Resolution.symbol == symbol))
        assert found is not None, symbol
        return found

    async def sponsors(resolution: Resolution) -> list[str]:
        names = await demo_session.scalars(
            select(Actor.name)
            .join(Sponsorship, Sponsorship.actor_id == Actor.id)
            .where(Sponsorship.resolution_id == resolution.id)
        )
        return list(names.all())

    first = await by_symbol("A/RES/61/180")
    assert (first.state, first.omnibus) == (ResolutionState.ADOPTED, True)
    assert await sponsors(first) == ["Belarus"]

    global_plan = await by_symbol("A/RES/64/293")
    assert (global_plan.state, global_plan.draft_symbol) == (ResolutionState.ADOPTED, "A/64/L.64")
    assert not global_plan.omnibus
    assert await sponsors(global_plan) == []  # Portugal and Cabo Verde co-facilitated it

    assert (await by_symbol("A/RES/74/176")).state is ResolutionState.ADOPTED
    # A/RES/78/228: the committee's approval is dated in history.md, the plenary's is not.
    latest = await demo_session.scalar(
        select(Resolution)
        .join(AgendaItem, AgendaItem.id == Resolution.agenda_item_id)
        .where(AgendaItem.session == 78)
    )
    assert latest is not None
    assert (latest.state, latest.symbol) == (ResolutionState.ADOPTED_IN_COMMITTEE, None)
    action = await demo_session.scalar(
        select(DraftAction).where(DraftAction.resolution_id == latest.id)
    )
    assert action is not None
    assert (action.forum, action.outcome, action.taken_on) == (
        Allocation.THIRD_COMMITTEE,
        ActionOutcome.ADOPTED,
        dt.date(2023, 11, 10),
    )

    items = dict(
        (
            await demo_session.execute(
                select(AgendaItem.item_number, AgendaItem.state).where(
                    AgendaItem.item_number.is_not(None)
                )
            )
        ).all()
    )
    assert items == {
        98: AgendaItemState.ALLOCATED,
        104: AgendaItemState.ALLOCATED,
        106: AgendaItemState.ALLOCATED,
        108: AgendaItemState.ALLOCATED,
    }


async def test_the_loader_leaves_the_transaction_to_its_caller(tmp_path: Path) -> None:
    engine = await demo_database(tmp_path / "rollback.db")
    try:
        async with session_factory(engine)() as session:
            result = await load_demo(session)
            assert result.total > 0
            await session.rollback()
        assert (await demo_row_counts(engine))["actors"] == 0
    finally:
        await engine.dispose()


async def test_sessions_carry_their_opening_day_and_source(demo_session: AsyncSession) -> None:
    from gp_api.sessions.models import Session

    session = await demo_session.get(Session, 64)
    assert session is not None
    assert (session.opens_on, session.closes_on) == (dt.date(2009, 9, 15), None)
    assert session.source_url == "http://www.un.org/ga/president/64/presskit/geninfo.shtml"
    # Every session an item names is recorded, dated where a source gives the day.
    numbers = set(await demo_session.scalars(select(AgendaItem.session)))
    dated = set(await demo_session.scalars(select(Session.id).where(Session.opens_on.is_not(None))))
    assert numbers <= dated


async def test_the_agenda_items_are_recorded_by_the_rules(demo_session: AsyncSession) -> None:
    items = {
        (i.session, i.item_number): i
        for i in await demo_session.scalars(select(AgendaItem).order_by(AgendaItem.session))
    }
    assert {i.origin for i in items.values()} == {AgendaItemOrigin.MANDATED}
    assert all(i.topics == [Topic.CRIME_PREVENTION_AND_CRIMINAL_JUSTICE] for i in items.values())
    # Each continues the same recurring item at the session before it in the record.
    assert items[(64, 104)].continues_id == items[(61, 98)].id
    assert items[(61, 98)].continues_id is None
    # Item 104 of the 64th session: a Third Committee item, A/64/L.64 taken directly in plenary.
    allocations = (
        await demo_session.execute(
            select(AgendaItemAllocation.forum, Resolution.draft_symbol)
            .outerjoin(Resolution, Resolution.id == AgendaItemAllocation.resolution_id)
            .where(AgendaItemAllocation.agenda_item_id == items[(64, 104)].id)
            .order_by(AgendaItemAllocation.id)
        )
    ).all()
    assert [tuple(a) for a in allocations] == [
        (Allocation.THIRD_COMMITTEE, None),
        (Allocation.PLENARY, "A/64/L.64"),
    ]
    steps = await demo_session.scalars(
        select(TransitionRecord.to_state)
        .where(
            TransitionRecord.subject_type == "AgendaItem",
            TransitionRecord.subject_id == items[(61, 98)].id,
        )
        .order_by(TransitionRecord.id)
    )
    assert list(steps) == ["RECOMMENDED", "INCLUDED", "ALLOCATED"]
