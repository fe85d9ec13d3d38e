"""The demo data set: real history, every record sourced and evented, loaded idempotently."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
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
from gp_api.events.models import DeviationKind, Event, TransitionDeviation, TransitionRecord
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItem,
    AgendaItemAllocation,
    AgendaItemOrigin,
    Allocation,
    DraftAction,
    Mandate,
    MandateStatus,
    Resolution,
    Sponsorship,
    Topic,
)
from gp_api.models_common import Confidence
from gp_api.people.models import Appointment, Office, OfficeKind, Person
from gp_api.plan import service as plan
from gp_api.plan.models import PlanStep
from gp_api.plan.steps import PlanStepStatus
from gp_api.revisions import alembic_config
from tests.conftest import GraphQLClient
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
    Mandate,
    Person,
    Office,
    Appointment,
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
        # 13 of them the named co-sponsors of A/RES/74/176 not otherwise in the record.
        "actors": 50,
        "coordination_bodies": 2,
        "memberships": 26,
        # The World Summit and the 60th session's general debate are two meetings.
        "meetings": 6,
        "sessions": 12,
        "agenda_items": 12,
        # Third Committee: 61, 63, 64, 67, 72, 74, 76, 78, 80; A/64/L.64 directly in plenary.
        "agenda_item_allocations": 10,
        "resolutions": 15,
        # Belarus for 61/180, 63/194, 67/190, 72/195, 74/176, 78/228; 15 co-sponsors of 74/176.
        "sponsorships": 21,
        # UNODC's Trust Fund and Global Report; Belarus's party to the Protocol (CRIMINALISATION).
        "commitments": 3,
        # Each agenda item RECOMMENDED and INCLUDED, nine of them ALLOCATED (33); each
        # resolution's path (33); the bodies' and the commitments' (7).
        "transitions": 73,
        # 74/176's report to the 76th session (A/76/120) and 64/293's (A/71/119), fulfilled.
        "mandates": 2,
        # Special Rapporteurs (4), UNODC's Executive Directors (3), co-facilitators (2).
        "persons": 9,
        "offices": 3,
        "appointments": 9,
        # The Trust Fund's 9 reports (2019 to its 2026 call) and the Global Report's 8 editions.
        "progress_reports": 17,
    }
    rows = demo_loaded.rows_after_first
    assert rows["actors"] == 50
    assert rows["coordination_bodies"] == 2
    assert rows["transition_records"] == 73


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
    assert {"Belarus", "Russian Federation", "Venezuela (Bolivarian Republic of)"} <= founders
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
    assert await events("person.created") == await rows(Person)
    assert await events("office.created") == await rows(Office)
    assert await events("appointment.made") == await rows(Appointment)
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


async def test_the_bodies_read_with_their_deviations(demo_session: AsyncSession) -> None:
    """The Group of Friends (states only) and ICAT (agencies only) entered by imports whose
    failing guards are stored, not bypassed; plan steps 1-3 read ACHIEVED_WITH_DEVIATIONS."""
    rows = (
        await demo_session.execute(
            select(CoordinationBody.name, TransitionRecord.to_state, TransitionDeviation)
            .join(TransitionRecord, TransitionRecord.id == TransitionDeviation.transition_record_id)
            .join(CoordinationBody, CoordinationBody.id == TransitionRecord.subject_id)
            .where(TransitionRecord.subject_type == "CoordinationBody")
            .order_by(TransitionDeviation.id)
        )
    ).all()
    friends = [d for name, _, d in rows if name == GROUP_OF_FRIENDS]
    # States only: no UN entity and no NGO, under the old guards and the new.
    core = [d for d in friends if d.transition_trigger == "convene_core_group"]
    assert {d.kind for d in core} == {DeviationKind.GUARD_FAILED}
    text = " ".join(d.blocker for d in core)
    assert "UN entit" in text
    assert "NGO" in text
    icat = [(state, d) for name, state, d in rows if name.startswith("Inter-Agency")]
    assert [
        (state, d.transition_trigger, d.stage)
        for state, d in icat
        if d.kind is DeviationKind.STAGE_SKIPPED
    ] == [("TASK_FORCE", "convene_core_group", "CORE_GROUP")]
    # Agencies only: the core group's composition fails for ICAT too.
    assert any(d.guard and d.transition_trigger == "convene_core_group" for _, d in icat)
    statuses = await plan.statuses(
        demo_session, ["core_group", "task_force", "interagency_working_group"]
    )
    assert set(statuses.values()) == {PlanStepStatus.ACHIEVED_WITH_DEVIATIONS}


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

    coordination = await by_symbol("A/RES/74/176")
    assert coordination.state is ResolutionState.ADOPTED
    named = await sponsors(coordination)
    # Belarus and the 15 co-sponsors the source names (of 80).
    assert len(named) == 16
    assert {"Belarus", "Egypt", "Lithuania", "United States of America"} <= set(named)
    # A/RES/78/228: the committee's approval is sourced; the plenary's day is the review's.
    latest = await by_symbol("A/RES/78/228")
    assert latest.state is ResolutionState.ADOPTED
    actions = (
        await demo_session.scalars(
            select(DraftAction)
            .where(DraftAction.resolution_id == latest.id)
            .order_by(DraftAction.taken_on)
        )
    ).all()
    assert [(a.forum, a.outcome, a.taken_on, a.confidence) for a in actions] == [
        (
            Allocation.THIRD_COMMITTEE,
            ActionOutcome.ADOPTED,
            dt.date(2023, 11, 10),
            Confidence.CONFIRMED,
        ),
        (Allocation.PLENARY, ActionOutcome.ADOPTED, dt.date(2023, 12, 19), Confidence.UNCONFIRMED),
    ]
    # The text of the 80th session: adopted on 18 Dec 2025; its symbol is in no source.
    last = await demo_session.scalar(
        select(Resolution)
        .join(AgendaItem, AgendaItem.id == Resolution.agenda_item_id)
        .where(AgendaItem.session == 80)
    )
    assert last is not None
    assert (last.state, last.symbol, last.confidence) == (
        ResolutionState.ADOPTED,
        None,
        Confidence.UNCONFIRMED,
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
        # Item 105 of the 55th session: its allocation is in no found source.
        105: AgendaItemState.INCLUDED,
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
    chain = [(55, 105), (61, 98), (63, None), (64, 104), (67, None), (68, None), (70, None)]
    chain += [(72, None), (74, 106), (76, 108), (78, None), (80, None)]
    assert list(items) == chain
    for earlier, later in itertools.pairwise(chain):
        assert items[later].continues_id == items[earlier].id, later
    assert items[(55, 105)].continues_id is None
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


SERIES_QUERY = """
{
  resolutions(first: 100) {
    edges { node {
      title omnibus forum symbol draftSymbol reportSymbol state confidence adoptedOn
      agendaItem {
        session itemNumber title continues { session itemNumber }
        assemblySession { number opensOn }
        allocations { forum }
      }
      actions { forum outcome method takenOn confidence }
      sponsors(first: 100) { totalCount }
    } }
  }
}
"""


async def test_the_series_reads_back_through_graphql(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)
    nodes = [e["node"] for e in (await gql.data(SERIES_QUERY))["resolutions"]["edges"]]
    series = sorted(
        (
            n
            for n in nodes
            if n["title"] == "Improving the coordination of efforts against trafficking in persons"
        ),
        key=lambda n: n["agendaItem"]["session"],
    )
    assert all(n["omnibus"] and n["forum"] == "THIRD_COMMITTEE" for n in series)
    assert [
        (n["agendaItem"]["session"], n["symbol"], n["adoptedOn"], n["reportSymbol"]) for n in series
    ] == [
        (61, "A/RES/61/180", "2006-12-20", "A/61/444"),
        (63, "A/RES/63/194", "2008-12-18", None),
        (64, "A/RES/64/178", "2009-12-18", None),
        (67, "A/RES/67/190", "2012-12-20", None),
        (68, "A/RES/68/192", "2013-12-18", None),
        (70, "A/RES/70/179", "2015-12-17", None),
        (72, "A/RES/72/195", "2017-12-19", None),
        (74, "A/RES/74/176", "2019-12-18", "A/74/400"),
        (76, "A/RES/76/186", "2021-12-16", "A/76/463"),
        (78, "A/RES/78/228", "2023-12-19", None),
        (80, None, "2025-12-18", None),
    ]
    assert all(n["state"] == "ADOPTED" for n in series)
    # CONFIRMED only where a found source states symbol, day and path.
    confirmed = {n["symbol"] for n in series if n["confidence"] == "CONFIRMED"}
    assert confirmed == {"A/RES/61/180", "A/RES/74/176", "A/RES/76/186", "A/RES/78/228"}
    by_symbol = {n["symbol"]: n for n in nodes}
    # The Committee's actions where a source dates them, then the plenary's.
    assert [(a["forum"], a["takenOn"]) for a in by_symbol["A/RES/67/190"]["actions"]] == [
        ("THIRD_COMMITTEE", "2012-11-16"),
        ("PLENARY", "2012-12-20"),
    ]
    assert [a["confidence"] for a in by_symbol["A/RES/67/190"]["actions"]] == [
        "CONFIRMED",
        "UNCONFIRMED",
    ]
    assert by_symbol["A/RES/74/176"]["draftSymbol"] == "A/C.3/74/L.10"
    assert by_symbol["A/RES/74/176"]["sponsors"]["totalCount"] == 16
    # Each resolution's item at its session, with the session's opening day.
    items = {
        n["symbol"]: (
            n["agendaItem"]["session"],
            n["agendaItem"]["itemNumber"],
            n["agendaItem"]["assemblySession"]["opensOn"],
        )
        for n in nodes
    }
    assert items["A/RES/55/25"] == (55, 105, "2000-09-05")
    assert items["A/RES/61/180"] == (61, 98, "2006-09-12")
    assert items["A/RES/64/178"] == (64, 104, "2009-09-15")
    assert items["A/RES/67/190"] == (67, None, "2012-09-18")
    assert items["A/RES/70/179"] == (70, None, "2015-09-15")
    assert items["A/RES/76/7"] == (76, 108, "2021-09-14")
    assert items[None] == (80, None, "2025-09-09")
    assert by_symbol["A/RES/64/178"]["agendaItem"]["continues"] == {
        "session": 63,
        "itemNumber": None,
    }
    # The instruments around the series, in plenary.
    palermo = by_symbol["A/RES/55/25"]
    assert (palermo["forum"], palermo["adoptedOn"], palermo["confidence"]) == (
        "PLENARY",
        "2000-11-15",
        "UNCONFIRMED",
    )
    declaration = by_symbol["A/RES/76/7"]
    assert (declaration["forum"], declaration["adoptedOn"]) == ("PLENARY", "2021-11-22")
    assert [(a["method"], a["confidence"]) for a in declaration["actions"]] == [
        ("WITHOUT_A_VOTE", "CONFIRMED")
    ]
    assert by_symbol["A/RES/72/1"]["adoptedOn"] == "2017-09-27"


async def test_the_reports_asked_for_are_mandates_fulfilled_by_their_documents(
    demo_session: AsyncSession,
) -> None:
    from gp_api.documents.models import Document

    rows = (
        await demo_session.execute(
            select(Resolution.symbol, Mandate, Document)
            .join(Mandate, Mandate.resolution_id == Resolution.id)
            .join(Document, Document.id == Mandate.fulfilled_by_id)
            .order_by(Resolution.symbol)
        )
    ).all()
    found = {
        symbol: (m.due_session, m.status, d.symbol, d.published_on, m.fulfilled_on, m.confidence)
        for symbol, m, d in rows
    }
    assert found == {
        "A/RES/64/293": (
            None,
            MandateStatus.FULFILLED,
            "A/71/119",
            dt.date(2016, 7, 1),
            dt.date(2016, 7, 1),
            Confidence.UNCONFIRMED,
        ),
        "A/RES/74/176": (
            76,
            MandateStatus.FULFILLED,
            "A/76/120",
            dt.date(2021, 6, 28),
            dt.date(2021, 6, 28),
            Confidence.UNCONFIRMED,
        ),
    }
    assert all(d.confidence is Confidence.CONFIRMED for _, _, d in rows)
    assert all(m.addressee == "Secretary-General" for _, m, _ in rows)


async def test_the_officials_are_the_ones_the_sources_name(demo_session: AsyncSession) -> None:
    held = (
        await demo_session.execute(
            select(Office.title, Office.kind, Person.name, Appointment.since, Appointment.until)
            .join(Appointment, Appointment.office_id == Office.id)
            .join(Person, Person.id == Appointment.person_id)
            .order_by(Office.title, Appointment.since, Person.name)
        )
    ).all()
    by_office: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
    for title, _kind, name, since, until in held:
        by_office.setdefault(title, []).append((name, since, until))
    directors = by_office["Executive Director, United Nations Office on Drugs and Crime"]
    assert [name for name, _, _ in directors] == [
        "Antonio Maria Costa",
        "Yury Fedotov",
        "Ghada Waly",
    ]
    assert directors[1][1] == dt.date(2010, 9, 13)  # took office (UNODC, 13 September 2010)
    rapporteurs = by_office[
        "Special Rapporteur on trafficking in persons, especially women and children"
    ]
    assert [name for name, _, _ in rapporteurs] == [
        "Sigma Huda",
        "Joy Ngozi Ezeilo",
        "Maria Grazia Giammarinaro",
        "Siobhán Mullally",
    ]
    assert rapporteurs[0][1] == dt.date(2004, 10, 8)
    assert rapporteurs[-1][2] is None
    # Nobody in the demo holds an office of Special Adviser of the Secretary-General.
    assert {kind for _, kind, _, _, _ in held} == {
        OfficeKind.SPECIAL_RAPPORTEUR,
        OfficeKind.EXECUTIVE_HEAD,
        OfficeKind.CO_FACILITATOR,
    }


async def test_the_bodies_fail_the_seeds_guards_where_history_departed(
    demo_session: AsyncSession,
) -> None:
    """Evaluated at the dates of their imports: the Group of Friends (states only) is no core
    group of states, UN agencies and NGOs; ICAT had a mandate (61/180) and the Tokyo meeting,
    but no special adviser as chair."""
    from gp_api.workflow.facts import bodies_facts
    from workflows.coordination_body import DEFINITION

    bodies = {b.name: b for b in (await demo_session.scalars(select(CoordinationBody))).all()}
    friends = bodies[GROUP_OF_FRIENDS]
    icat = bodies["Inter-Agency Coordination Group against Trafficking in Persons (ICAT)"]
    assert icat.mandate_symbol == "A/RES/61/180"

    def blockers(state: BodyState, facts: object, trigger: str) -> tuple[str, ...]:
        option = next(o for o in DEFINITION.options(state, facts) if o.trigger == trigger)
        return tuple(option.blockers)

    at = await bodies_facts(demo_session, [friends], utc(2010, 3, 10))
    found = blockers(BodyState.PROPOSED, at[friends.id], "convene_core_group")
    assert [b.split(" among")[0] for b in found] == ["needs a UN entity", "needs an NGO"]

    at = await bodies_facts(demo_session, [icat], utc(2007, 3, 1))
    assert blockers(BodyState.CORE_GROUP, at[icat.id], "establish_task_force") == ()

    at = await bodies_facts(demo_session, [icat], utc(2010, 10, 1))
    found = blockers(BodyState.TASK_FORCE, at[icat.id], "constitute_working_group")
    assert len(found) == 1
    assert found[0].startswith("has no chair on this date")


async def test_meetings_read_as_their_sources_date_them(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    """The World Summit on its own days (A/RES/60/1), not credited with the partnership's
    proposal (the general debate's, per the seed); the Vienna Forum on its first day."""
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)
    data = await gql.data(
        "{ meetings(first: 100) { edges { node { title startsAt endsAt confidence outcome"
        " host { name } } } } }"
    )
    meetings = {e["node"]["title"]: e["node"] for e in data["meetings"]["edges"]}
    summit = meetings["2005 World Summit"]
    assert summit["startsAt"].startswith("2005-09-14")
    assert summit["confidence"] == "CONFIRMED"
    assert "general debate" in summit["outcome"]
    assert "Belarus proposed" not in summit["outcome"]
    assert summit["endsAt"].startswith("2005-09-16")
    assert meetings["UN.GIFT Vienna Forum"]["startsAt"].startswith("2008-02-13")
    assert meetings["UN.GIFT Vienna Forum"]["endsAt"].startswith("2008-02-15")
    tokyo = meetings["First inter-agency coordination meeting on trafficking in persons"]
    assert tokyo["host"] == {"name": "Japan"}
    assert summit["host"] is None
    debate = meetings["General debate of the sixtieth session of the General Assembly"]
    assert debate["startsAt"].startswith("2005-09-17")
    assert debate["endsAt"].startswith("2005-09-28")
    assert "Minister for Foreign Affairs of Belarus proposed" in debate["outcome"]
    assert debate["confidence"] == "CONFIRMED"


async def test_the_commitments_name_their_mandates_and_criminalisation_is_served(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    """The Trust Fund's mandate is 64/293 (the review); CRIMINALISATION is served by Belarus's
    becoming a party to the Protocol that 55/25 adopted, delivered on the day it ratified."""
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)
    data = await gql.data(
        "{ commitments(first: 100, determinants: [CRIMINALISATION]) { edges { node {"
        " title state actor { name } startsOn countries"
        " history { edges { node { toState at } } } } } } }"
    )
    [criminal] = [e["node"] for e in data["commitments"]["edges"]]
    assert criminal["actor"] == {"name": "Belarus"}
    assert criminal["state"] == "DELIVERED"
    assert criminal["countries"] == ["BY"]
    moves = [(h["node"]["toState"], h["node"]["at"][:10]) for h in criminal["history"]["edges"]]
    assert moves == [("IN_PROGRESS", "2000-12-14"), ("DELIVERED", "2003-06-25")]
    data = await gql.data(
        "{ commitments(first: 100) { edges { node { title mandateDocument { symbol kind } } } } }"
    )
    mandates = {
        e["node"]["title"]: e["node"]["mandateDocument"] for e in data["commitments"]["edges"]
    }
    trust_fund = mandates["Manage the UN Voluntary Trust Fund for Victims of Trafficking"]
    assert trust_fund == {"symbol": "A/RES/64/293", "kind": "RESOLUTION"}
    assert mandates["Publish the Global Report on Trafficking in Persons"] is None


async def test_a_reload_corrects_a_meeting_seeded_from_an_earlier_record(
    engine: AsyncEngine,
) -> None:
    """A database seeded when the World Summit was dated 1 September 2005, with no last day,
    is corrected by the next `seed --demo`: through the audited update, once."""
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)
    async with session_factory(engine)() as session, session.begin():
        summit = await session.scalar(select(Meeting).where(Meeting.title == "2005 World Summit"))
        assert summit is not None
        summit.starts_at = dt.datetime(2005, 9, 1, tzinfo=dt.UTC)
        summit.ends_at = None
        summit.confidence = Confidence.UNCONFIRMED
    for _ in range(2):
        async with session_factory(engine)() as session, session.begin():
            await load_demo(session)
    async with session_factory(engine)() as session:
        summit = await session.scalar(select(Meeting).where(Meeting.title == "2005 World Summit"))
        assert summit is not None
        assert summit.starts_at == dt.datetime(2005, 9, 14, tzinfo=dt.UTC)
        assert summit.ends_at is not None
        assert summit.ends_at.date() == dt.date(2005, 9, 16)
        assert summit.confidence is Confidence.CONFIRMED
        updates = (
            await session.scalars(select(Event).where(Event.type == "meeting.updated"))
        ).all()
        assert [sorted(e.data["changed"]) for e in updates] == [
            ["confidence", "endsAt", "startsAt"]
        ]


async def test_commitments_agenda_items_and_resolutions_are_searched_by_text(
    engine: AsyncEngine, gql: GraphQLClient
) -> None:
    """`search`: any case, in the title (and a commitment's description, a draft's symbols);
    LIKE's wildcards are text, not patterns."""
    async with session_factory(engine)() as session, session.begin():
        await load_demo(session)

    async def found(root: str, search: str, field: str = "title") -> list[str]:
        data = await gql.data(
            f"query($s: String) {{ {root}(first: 100, search: $s) {{ edges {{ node {{ {field}"
            " } } } }",
            {"s": search},
        )
        return [e["node"][field] for e in data[root]["edges"]]

    assert await found("commitments", "TRUST FUND") == [
        "Manage the UN Voluntary Trust Fund for Victims of Trafficking"
    ]
    assert await found("commitments", "article 5") == [
        "Become a party to the Trafficking in Persons Protocol, which obliges its parties to"
        " criminalise trafficking in persons"
    ]
    assert await found("resolutions", "a/res/64/293", "symbol") == ["A/RES/64/293"]
    assert await found("resolutions", "A/64/L.64", "symbol") == ["A/RES/64/293"]
    items = await found("agendaItems", "crime prevention")
    assert items
    assert all("crime prevention" in t.lower() for t in items)
    for wildcard in ("%", "_"):
        assert await found("commitments", wildcard) == []
        assert await found("resolutions", wildcard) == []
