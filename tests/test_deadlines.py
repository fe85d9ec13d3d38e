"""Deadline notices: the sweep (an injected clock) appends `commitment.due_soon`,
`commitment.due_today`, `commitment.overdue` and `meeting.tomorrow` to the event log once per
subject, kind and due date: a rerun adds nothing, sweeps at the same time send each once, a
corrected due date gets its own; the overdue notice comes before the lapse; readers,
subscriptions and webhooks receive them by the usual rules; the demo three years on gets no
false lapse."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.app import create_app
from gp_api.bodies import service as bodies
from gp_api.bodies.models import Hub, Meeting
from gp_api.commitments import service as commitments
from gp_api.commitments.models import Commitment, Determinant
from gp_api.config import Settings
from gp_api.db import WRITE, session_factory
from gp_api.deadlines import rules
from gp_api.deadlines.models import DeadlineNotice
from gp_api.deadlines.service import notify, sweep_deadlines
from gp_api.demo.loader import load_demo
from gp_api.events.catalog import CATALOG, visible
from gp_api.events.models import Event
from gp_api.global_ids import encode
from gp_api.principal import SYSTEM, Role
from gp_api.workflow import service as workflow
from gp_api.workflow.sweep import sweep
from tests.conftest import BACKEND, GraphQLClient, make_token
from tests.ws_client import connect, serve, subscribe
from workflows.commitment import CommitmentState

DUE = dt.date(2027, 3, 31)
DAY = dt.timedelta(days=1)
DATA = {"dueOn": DUE.isoformat(), "daysLeft": 30}


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


@dataclass
class Record:
    actor: int
    commitments: dict[str, int]
    meeting: int


async def setup_record(engine: AsyncEngine, due_on: dt.date = DUE) -> Record:
    """An NGO with commitments due on `due_on`: one pledged, one in progress, one suspended,
    one withdrawn, one without a due date; and a meeting starting on `due_on` at 10:00 UTC."""
    async with session_factory(engine)() as s, s.begin():
        ngo = await actors.create_actor(
            s, principal=SYSTEM, values={"name": f"Coalition {due_on}", "kind": ActorKind.NGO}
        )
        made: dict[str, int] = {}
        for name in ("pledged", "in_progress", "suspended", "withdrawn", "undated"):
            commitment = await commitments.create_commitment(
                s,
                principal=SYSTEM,
                actor_id=ngo.id,
                determinants=[Determinant.PROTECTION],
                title=name,
                starts_on=due_on - 60 * DAY,  # silent for far less than 24 months
                due_on=None if name == "undated" else due_on,
            )
            await s.flush()
            made[name] = commitment.id
        moves = {
            "in_progress": [("start", None)],
            "suspended": [("start", None), ("suspend", "Funding paused")],
            "withdrawn": [("withdraw", "Merged into another")],
        }
        for name, steps in moves.items():
            for trigger, reason in steps:
                await workflow.advance(
                    s,
                    principal=SYSTEM,
                    subject_type="Commitment",
                    subject_id=made[name],
                    trigger=trigger,
                    reason=reason,
                )
        meeting = await bodies.schedule_meeting(
            s,
            principal=SYSTEM,
            body_id=None,
            title="Inter-agency meeting",
            hub=Hub.VIENNA,
            starts_at=at(due_on, 10),
        )
        await s.flush()
    return Record(ngo.id, made, meeting.id)


async def notices(engine: AsyncEngine) -> list[tuple[str, str, int, Any, Any, bool]]:
    """(type, subject type, subject id, dueOn, daysLeft, milestone) of every notice event."""
    async with session_factory(engine)() as s:
        rows = await s.scalars(
            select(Event).where(Event.type.in_(sorted(rules.BY_EVENT))).order_by(Event.id)
        )
        return [
            (
                e.type,
                e.subject_type,
                e.subject_id,
                e.data.get("dueOn"),
                e.data.get("daysLeft"),
                e.milestone,
            )
            for e in rows
        ]


async def state_of(engine: AsyncEngine, commitment_id: int) -> CommitmentState:
    async with session_factory(engine)() as s:
        found = await s.scalar(select(Commitment.state).where(Commitment.id == commitment_id))
    assert found is not None
    return found


def test_the_rules() -> None:
    assert rules.commitment_notice(DUE - 31 * DAY, DUE) is None
    assert rules.commitment_notice(DUE - 30 * DAY, DUE) is rules.COMMITMENT_DUE_SOON
    assert rules.commitment_notice(DUE - DAY, DUE) is rules.COMMITMENT_DUE_SOON
    assert rules.commitment_notice(DUE, DUE) is rules.COMMITMENT_DUE_TODAY
    assert rules.commitment_notice(DUE + DAY, DUE) is rules.COMMITMENT_OVERDUE
    assert rules.commitment_notice(DUE + 3000 * DAY, DUE) is rules.COMMITMENT_OVERDUE
    assert rules.commitment_notice(DUE, None) is None
    assert rules.meeting_notice(DUE - DAY, DUE) is rules.MEETING_TOMORROW
    assert rules.meeting_notice(DUE - 2 * DAY, DUE) is None
    assert rules.meeting_notice(DUE, DUE) is None
    assert rules.days_left(DUE + 2 * DAY, DUE) == -2


def test_every_deadline_is_declared_once_in_the_catalog() -> None:
    for deadline in rules.DEADLINES:
        declared = CATALOG[deadline.event]
        assert declared.subject == deadline.subject
        assert declared.summary.startswith(deadline.summary)
        assert declared.audience is None  # seen by every reader, as its subject is
        said = "; a milestone." if deadline.milestone else "; not a milestone."
        assert said in declared.summary
        assert declared.workflow == deadline.workflow
    assert {d.event for d in rules.DEADLINES if d.milestone} == {
        "commitment.overdue",
        "mandate.overdue",
    }
    assert visible(None, "commitment.due_soon")
    assert visible(Role.VIEWER, "meeting.tomorrow")


async def test_each_notice_once_as_the_days_pass(engine: AsyncEngine) -> None:
    record = await setup_record(engine)
    c = record.commitments
    sessions = session_factory(engine)
    days = [
        (DUE - 31 * DAY, []),
        (
            DUE - 30 * DAY,
            [("commitment.due_soon", n) for n in ("pledged", "in_progress", "suspended")],
        ),
        (DUE - 30 * DAY, []),  # the same day again: nothing
        (DUE - 10 * DAY, []),  # due soon was sent for this date
        (DUE - DAY, [("meeting.tomorrow", "meeting")]),
        (DUE - DAY, []),
        (DUE, [("commitment.due_today", n) for n in ("pledged", "in_progress", "suspended")]),
        (DUE + DAY, [("commitment.overdue", n) for n in ("pledged", "in_progress", "suspended")]),
        (DUE + 40 * DAY, []),
    ]
    for day, expected in days:
        result = await sweep(sessions, now=at(day))
        ids = {**c, "meeting": record.meeting}
        assert result.notices == [(kind, ids[name]) for kind, name in expected], day

    found = await notices(engine)
    commitment = encode("Commitment", c["pledged"])
    assert [n for n in found if n[2] == c["pledged"] and n[1] == "Commitment"] == [
        ("commitment.due_soon", "Commitment", c["pledged"], "2027-03-31", 30, False),
        ("commitment.due_today", "Commitment", c["pledged"], "2027-03-31", 0, False),
        ("commitment.overdue", "Commitment", c["pledged"], "2027-03-31", -1, True),
    ]
    assert [n for n in found if n[1] == "Meeting"] == [
        ("meeting.tomorrow", "Meeting", record.meeting, "2027-03-31", 1, False)
    ]
    # Neither the withdrawn nor the undated commitment hears of any deadline.
    assert {n[2] for n in found if n[1] == "Commitment"} == {
        c["pledged"],
        c["in_progress"],
        c["suspended"],
    }
    async with sessions() as s:
        event = await s.scalar(
            select(Event).where(
                Event.type == "commitment.due_soon", Event.subject_id == c["pledged"]
            )
        )
        meeting = await s.scalar(select(Event).where(Event.type == "meeting.tomorrow"))
        rows = int(await s.scalar(select(func.count()).select_from(DeadlineNotice)) or 0)
        unlinked = await s.scalar(
            select(DeadlineNotice.id).where(DeadlineNotice.event_id.is_(None))
        )
    assert event is not None
    assert meeting is not None
    assert event.principal_id == "system"
    assert event.data == {"commitmentId": commitment, "dueOn": "2027-03-31", "daysLeft": 30}
    assert meeting.data == {
        "meetingId": encode("Meeting", record.meeting),
        "dueOn": "2027-03-31",
        "daysLeft": 1,
        "startsAt": "2027-03-31T10:00:00+00:00",
    }
    assert rows == 10  # 3 x 3 commitment notices and the meeting's
    assert unlinked is None  # each notice names its event


async def test_the_overdue_notice_comes_before_the_lapse(engine: AsyncEngine) -> None:
    """The notice says the date passed; the lapse (a workflow move, the milestone LAPSED) stays
    the sweep's guarded move, right after it. A suspended commitment gets the notice and does
    not lapse (the workflow lapses only PLEDGED and IN_PROGRESS ones)."""
    record = await setup_record(engine)
    c = record.commitments

    result = await sweep(session_factory(engine), now=at(DUE + 5 * DAY))

    assert sorted(result.lapsed) == sorted([c["pledged"], c["in_progress"]])
    assert "deadline notices: 3" in result.summary()
    assert await state_of(engine, c["suspended"]) is CommitmentState.SUSPENDED
    assert await state_of(engine, c["pledged"]) is CommitmentState.LAPSED
    async with session_factory(engine)() as s:
        log = list(
            (
                await s.execute(
                    select(Event.type, Event.data, Event.milestone)
                    .where(Event.subject_type == "Commitment", Event.subject_id == c["pledged"])
                    .order_by(Event.id)
                )
            ).all()
        )
    assert [(t, m) for t, _, m in log[-2:]] == [
        ("commitment.overdue", True),
        ("workflow.transitioned", True),
    ]
    assert log[-2][1]["daysLeft"] == -5
    assert log[-1][1]["toState"] == "LAPSED"
    # Overdue notices (only the current one: no stale reminders) for the three open ones.
    assert [n[0] for n in await notices(engine)] == ["commitment.overdue"] * 3


async def test_a_corrected_due_date_gets_its_own_notices(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    record = await setup_record(engine)
    pledged = record.commitments["pledged"]
    sessions = session_factory(engine)
    await sweep_deadlines(sessions, now=at(DUE - 30 * DAY))
    later = DUE + 20 * DAY

    changed = await gql.data(
        """mutation($input: UpdateCommitmentInput!) {
          updateCommitment(input: $input) { commitment { dueOn } userErrors { message } } }""",
        {"input": {"id": encode("Commitment", pledged), "dueOn": later.isoformat()}},
    )
    quiet = await sweep_deadlines(sessions, now=at(DUE - 20 * DAY))  # 40 days to the new date
    again = await sweep_deadlines(sessions, now=at(DUE - 5 * DAY))
    rerun = await sweep_deadlines(sessions, now=at(DUE - 5 * DAY))

    assert changed["updateCommitment"]["commitment"]["dueOn"] == later.isoformat()
    assert pledged not in [i for _, i in quiet.sent]
    assert quiet.count("commitment.due_soon") == 0
    assert again.sent[0] == ("commitment.due_soon", pledged)
    assert rerun.sent == []
    mine = [n for n in await notices(engine) if n[2] == pledged and n[1] == "Commitment"]
    assert [(n[0], n[3], n[4]) for n in mine] == [
        ("commitment.due_soon", "2027-03-31", 30),
        ("commitment.due_soon", "2027-04-20", 25),
    ]


async def test_concurrent_sweeps_send_each_notice_once(engine: AsyncEngine) -> None:
    records = [await setup_record(engine, DUE + n * DAY) for n in range(3)]
    sessions = session_factory(engine)
    for index, record in enumerate(records):  # each meeting the day after the sweep's
        async with sessions() as s, s.begin():
            meeting = await s.get(Meeting, record.meeting)
            assert meeting is not None
            meeting.starts_at = at(DUE - 10 * DAY, 8 + index)

    results = await asyncio.gather(
        *(sweep_deadlines(sessions, now=at(DUE - 11 * DAY)) for _ in range(4))
    )

    sent = sorted(n for r in results for n in r.sent)
    expected = sorted(
        [
            ("commitment.due_soon", r.commitments[n])
            for r in records
            for n in ("pledged", "in_progress", "suspended")
        ]
        + [("meeting.tomorrow", r.meeting) for r in records]
    )
    assert sent == expected
    found = await notices(engine)
    assert sorted((n[0], n[2]) for n in found) == expected


@pytest.mark.skipif(BACKEND != "postgres", reason="row waits are PostgreSQL's")
async def test_a_second_sweep_waits_on_the_first_and_then_sends_nothing(
    engine: AsyncEngine,
) -> None:
    """Two transactions claim the same notice: the second's insert waits on the first's
    uncommitted row (seen waiting in pg_stat_activity), then finds it and appends nothing."""
    record = await setup_record(engine)
    sessions = session_factory(engine)

    async def claim() -> Any:
        async with sessions() as s, s.begin():
            commitment = await s.get(Commitment, record.commitments["pledged"])
            assert commitment is not None
            return await notify(
                s, deadline=rules.COMMITMENT_DUE_SOON, subject=commitment, due_on=DUE, data=DATA
            )

    async with sessions() as first, first.begin():
        commitment = await first.get(Commitment, record.commitments["pledged"])
        assert commitment is not None
        sent = await notify(
            first, deadline=rules.COMMITMENT_DUE_SOON, subject=commitment, due_on=DUE, data=DATA
        )
        second = asyncio.create_task(claim())
        async with engine.connect() as watch:
            for _ in range(10_000):
                waiting = await watch.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND datname = current_database()"
                    )
                )
                if waiting or second.done():
                    break
                await asyncio.sleep(0.01)
        assert waiting == 1
        assert not second.done()
    assert sent is not None
    assert await second is None
    assert [n[0] for n in await notices(engine)] == ["commitment.due_soon"]


async def test_readers_see_them_by_the_event_rules(
    engine: AsyncEngine, anonymous: GraphQLClient
) -> None:
    record = await setup_record(engine)
    await sweep(session_factory(engine), now=at(DUE - DAY))

    read = await anonymous.data(
        """{ events(types: ["meeting.tomorrow", "commitment.due_soon"], first: 10) {
          edges { node { type milestone subjectId data subject { __typename } } } } }"""
    )

    nodes = [e["node"] for e in read["events"]["edges"]]
    assert [(n["type"], n["subjectId"]) for n in nodes] == [
        ("commitment.due_soon", encode("Commitment", record.commitments[n]))
        for n in ("pledged", "in_progress", "suspended")
    ] + [("meeting.tomorrow", encode("Meeting", record.meeting))]
    assert nodes[0]["data"]["daysLeft"] == 1
    assert nodes[-1]["subject"] == {"__typename": "Meeting"}


@pytest.fixture
async def server(settings: Settings, engine: AsyncEngine) -> AsyncIterator[str]:
    app = create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))
    async with serve(app) as host:
        yield f"ws://{host}/graphql"


async def test_a_subscriber_receives_deadline_events(engine: AsyncEngine, server: str) -> None:
    record = await setup_record(engine)
    reader = await make_token(engine, Role.VIEWER, name="subscriber")
    query = """subscription($types: [String!]) {
      events(types: $types) { type subjectId milestone data } }"""
    async with connect(server, reader) as ws:
        live = await subscribe(ws, query, {"types": ["commitment.due_today", "meeting.tomorrow"]})
        await asyncio.sleep(0.1)
        await sweep(session_factory(engine), now=at(DUE - DAY))
        await sweep(session_factory(engine), now=at(DUE))
        await sweep(session_factory(engine), now=at(DUE))
        received = await live.events(4)

    assert [(e["type"], e["subjectId"]) for e in received] == [
        ("meeting.tomorrow", encode("Meeting", record.meeting)),
        *(
            ("commitment.due_today", encode("Commitment", record.commitments[n]))
            for n in ("pledged", "in_progress", "suspended")
        ),
    ]
    assert {e["data"]["daysLeft"] for e in received[1:]} == {0}


async def test_a_webhook_receives_deadline_events(engine: AsyncEngine) -> None:
    """An endpoint following the commitment workflow gets the overdue notices (declared in
    that workflow) and the lapses after them."""
    from tests.webhook_receiver import drain, event_number, receiving, register

    record = await setup_record(engine)
    async with receiving() as receiver:
        await register(engine, receiver, workflows=["commitment"])
        await sweep(session_factory(engine), now=at(DUE + DAY))
        await sweep(session_factory(engine), now=at(DUE + DAY))
        await drain(engine)
        delivered = [c["body"]["event"] for c in receiver.delivered()]

    bodies = sorted(delivered, key=lambda b: event_number(b["id"]))  # in log order
    open_ones = [
        encode("Commitment", record.commitments[n]) for n in ("pledged", "in_progress", "suspended")
    ]
    assert [(b["type"], b["subjectId"], b["milestone"]) for b in bodies] == [
        *(("commitment.overdue", c, True) for c in open_ones),
        ("workflow.transitioned", open_ones[0], True),
        ("workflow.transitioned", open_ones[1], True),
    ]
    assert {b["data"]["daysLeft"] for b in bodies[:3]} == {-1}
    assert bodies[3]["data"]["toState"] == "LAPSED"


async def test_three_years_after_seeding_the_whole_sweep_lapses_nothing(
    engine: AsyncEngine,
) -> None:
    """Issue 13's clock (the middle of 2025, the demo seeded three years before): with the
    deadline notices in the sweep, nothing running lapses and no notice is invented (the demo
    records no commitment due date, and its meetings are past)."""
    sessions = session_factory(engine)
    async with sessions() as s, s.begin():
        await load_demo(s)

    result = await sweep(sessions, now=dt.datetime(2025, 6, 30, tzinfo=dt.UTC))

    async with sessions() as s:
        states = {c.title: c.state for c in await s.scalars(select(Commitment))}
    assert result.lapsed == []
    assert result.notices == []
    assert states["Manage the UN Voluntary Trust Fund for Victims of Trafficking"] is (
        CommitmentState.IN_PROGRESS
    )
    assert states["Publish the Global Report on Trafficking in Persons"] is (
        CommitmentState.IN_PROGRESS
    )
    assert await notices(engine) == []


async def test_the_sweep_command_sends_notices(
    scratch_database_url: str,
) -> None:
    from gp_api.db import create_engine
    from tests.conftest import migrate
    from tests.test_cli import run

    await migrate(scratch_database_url)
    engine = create_engine(scratch_database_url)
    try:
        today = dt.datetime.now(dt.UTC).date()
        record = await setup_record(engine, due_on=today + 7 * DAY)
        env = {"GP_DATABASE_URL": scratch_database_url}

        first = await asyncio.to_thread(run, "workflows", "sweep", env=env)
        again = await asyncio.to_thread(run, "workflows", "sweep", env=env)

        assert first.returncode == 0, first.stderr
        assert "deadline notices: 3" in first.stdout
        assert "deadline notices: 0" in again.stdout
        assert [(n[0], n[4]) for n in await notices(engine)] == [("commitment.due_soon", 7)] * 3
        assert record.meeting
    finally:
        await engine.dispose()


async def test_written_notices_are_in_the_transaction_of_their_event(engine: AsyncEngine) -> None:
    """A transaction that claims a notice and rolls back leaves neither row nor event: the
    next sweep sends it."""
    record = await setup_record(engine)
    sessions = session_factory(engine)
    async with sessions() as s:
        await s.begin()
        await s.connection(execution_options=WRITE)
        commitment = await s.get(Commitment, record.commitments["pledged"])
        assert commitment is not None
        assert await notify(
            s, deadline=rules.COMMITMENT_DUE_SOON, subject=commitment, due_on=DUE, data=DATA
        )
        await s.rollback()

    assert await notices(engine) == []
    result = await sweep_deadlines(sessions, now=at(DUE - 3 * DAY))
    assert ("commitment.due_soon", record.commitments["pledged"]) in result.sent
