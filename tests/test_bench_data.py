"""`make bench` keeps working as the models change: its data builder (bench/data.py) makes rows
the current tables take and the workflows allow, at a small volume, into a freshly migrated
database; every GP API shape of bench/shapes.py validates against the schema and answers rows
through the app; the documents of the live scenarios (bench/live.py) and of the write under
load (bench/run.py) validate and work. PostGraphile and wrk are not needed: the benchmark
itself is never a test."""

from __future__ import annotations

import base64
import random
from collections import Counter
from typing import Any

import httpx
from graphql import GraphQLSchema, parse, validate
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from bench import data, live, run
from bench.shapes import NODE_ACTOR, SHAPES
from gp_api.actors.models import ActorKind
from gp_api.db import session_factory
from gp_api.events.chain import verify
from gp_api.ga.models import ActionOutcome, Ballot, SponsorKind, VotingMethod
from gp_api.principal import Role
from tests.conftest import GraphQLClient, make_token
from workflows.resolution import ResolutionState, carries

SMALL = data.Volumes(
    actors=NODE_ACTOR + 10,
    states=40,
    commitments_per_actor=2,
    deliverables_per_commitment=2,
    bodies=25,
    members_per_body=25,
    meetings_per_body=4,
    participants_per_meeting=3,
    sessions=3,
    agenda_items=30,
    resolutions=80,
    sponsors_per_resolution=(2, 25),
    events=500,
)


def _rows() -> dict[str, list[dict[str, Any]]]:
    return data.build(random.Random(data.SEED), SMALL)


def test_the_rows_follow_the_workflows() -> None:
    rows = _rows()
    assert rows == _rows()  # deterministic
    assert {name: len(rows[name]) for name in ("actors", "resolutions", "events")} == {
        "actors": SMALL.actors,
        "resolutions": SMALL.resolutions,
        "events": SMALL.events,
    }
    states = {a["id"] for a in rows["actors"] if a["kind"] is ActorKind.STATE}
    assert len(states) == SMALL.states
    assert all(a["un_member_since"] for a in rows["actors"] if a["id"] in states)
    # Only Member States sponsor; a submitted draft has a MAIN sponsor.
    main: Counter[int] = Counter()
    for s in rows["sponsorships"]:
        assert s["actor_id"] in states
        main[s["resolution_id"]] += s["kind"] is SponsorKind.MAIN
    documents = {d["symbol"] for d in rows["documents"]}
    actions: dict[int, list[dict[str, Any]]] = {}
    for a in rows["draft_actions"]:
        actions.setdefault(a["resolution_id"], []).append(a)
    seen_states = set()
    for r in rows["resolutions"]:
        seen_states.add(r["state"])
        assert main[r["id"]] == 1
        if r["state"] is ResolutionState.DRAFTING:
            assert r["draft_symbol"] is None
            assert r["submitter"] is None
        for symbol in (r["draft_symbol"], r["report_symbol"], r["symbol"]):
            assert symbol is None or symbol in documents
        assert (r["symbol"] is not None) == (r["state"] is ResolutionState.ADOPTED)
        outcomes = [a["outcome"] for a in actions.get(r["id"], [])]
        if r["state"] is ResolutionState.ADOPTED:
            assert outcomes[-1] is ActionOutcome.ADOPTED
            assert outcomes == [ActionOutcome.ADOPTED] * (1 if r["report_symbol"] is None else 2)
        elif r["state"] is ResolutionState.REJECTED:
            assert outcomes == [ActionOutcome.REJECTED]
        elif r["state"] in (ResolutionState.DRAFTING, ResolutionState.WITHDRAWN):
            assert outcomes == []
    assert {ResolutionState.ADOPTED, ResolutionState.REJECTED} <= seen_states
    # A recorded vote's counts are its Member States' votes; each result fits the outcome.
    ballots: dict[int, Counter[Ballot]] = {}
    for vote in rows["draft_votes"]:
        assert vote["actor_id"] in states
        ballots.setdefault(vote["action_id"], Counter())[vote["ballot"]] += 1
    recorded = 0
    for a in rows["draft_actions"]:
        if a["method"] is VotingMethod.RECORDED_VOTE:
            recorded += 1
            tally = ballots[a["id"]]
            assert (a["yes_count"], a["no_count"], a["abstain_count"]) == (
                tally[Ballot.YES],
                tally[Ballot.NO],
                tally[Ballot.ABSTAIN],
            )
        else:
            assert a["id"] not in ballots
        passed = carries(a["method"].value, a["yes_count"], a["no_count"])
        assert passed == (a["outcome"] is not ActionOutcome.REJECTED)
    assert recorded
    # Commitments carry the new columns; events' data keys are the catalog's (camelCase).
    assert all(c["determinants"] for c in rows["commitments"])
    assert all("n" not in e["data"] and e["data"] for e in rows["events"])


def _schema(app: Starlette) -> GraphQLSchema:
    schema: GraphQLSchema = app.state.schema._schema
    return schema


async def test_every_shape_answers_rows_on_the_populated_database(
    app: Starlette, engine: AsyncEngine, database_url: str, client: httpx.AsyncClient
) -> None:
    counts = await data.populate(database_url, SMALL)
    rows = _rows()
    assert counts == {name: len(rows[name]) for name in data.TABLES}
    viewer = GraphQLClient(client, await make_token(engine, Role.VIEWER))
    for shape in SHAPES:
        assert validate(_schema(app), parse(shape.gp)) == [], shape.key
        answer = await (viewer.as_(None) if shape.anonymous else viewer).data(shape.gp)
        if shape.gp_rows is not None:
            assert shape.gp_rows(answer), shape.key
    # The rows the shapes compare are the ones inserted.
    c = next(s for s in SHAPES if s.key == "c")
    assert c.gp_rows is not None
    first = c.gp_rows(await viewer.data(c.gp))[0]
    resolution = rows["resolutions"][0]
    assert first[:4] == (
        1,
        resolution["title"],
        resolution["state"].value,
        resolution["draft_symbol"],
    )
    assert len(first[4]) == min(20, sum(s["resolution_id"] == 1 for s in rows["sponsorships"]))
    # The write under load (bench/run.py: updateActor on Actor 1) passes the actor service's
    # checks on the bulk-built rows, for a Member State and for any other actor alike.
    admin = GraphQLClient(client, await make_token(engine, Role.ADMIN))
    state = next(a["id"] for a in rows["actors"] if a["kind"] is ActorKind.STATE)
    other = next(a["id"] for a in rows["actors"] if a["kind"] is not ActorKind.STATE)
    for number in sorted({1, state, other}):
        actor_id = base64.b64encode(f"Actor:{number}".encode()).decode()
        website = f"https://w.example/{number}"
        updated = await admin.data(run.UPDATE, {"id": actor_id, "w": website})
        assert updated["updateActor"]["userErrors"] == [], number
        assert updated["updateActor"]["actor"]["website"] == website
    # The chain of the bulk-built log verifies like a real one.
    async with session_factory(engine)() as session:
        checked = await verify(session)
    assert checked.first_break is None
    assert checked.checked >= SMALL.events


async def test_the_live_and_write_documents_work(
    app: Starlette, engine: AsyncEngine, client: httpx.AsyncClient
) -> None:
    for document in (
        live.LAPSE_SUBSCRIPTION,
        live.CREATE_ACTOR,
        live.CREATE_COMMITMENT,
        live.ADVANCE,
        run.UPDATE,
    ):
        assert validate(_schema(app), parse(document)) == [], document
    admin = GraphQLClient(client, await make_token(engine, Role.ADMIN))
    actor = (await admin.data(live.CREATE_ACTOR, {"n": "Bench live"}))["createActor"]["actor"]
    made = await admin.data(live.CREATE_COMMITMENT, {"a": actor["id"], "d": "2020-01-01"})
    commitment = made["createCommitment"]["commitment"]["id"]
    lapsed = await admin.data(live.ADVANCE, {"id": commitment, "t": "lapse", "v": None})
    assert lapsed["advanceWorkflow"]["userErrors"] == []
    updated = await admin.data(run.UPDATE, {"id": actor["id"], "w": "https://w.example/1"})
    assert updated["updateActor"]["userErrors"] == []
    assert updated["updateActor"]["actor"]["website"] == "https://w.example/1"
