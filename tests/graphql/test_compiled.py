"""Compiled reads against the resolvers: the same answers on the same data, for generated
operations (hypothesis), on SQLite and PostgreSQL; and the HTTP path that serves them."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.actors.models import Actor
from gp_api.commitments.models import Commitment, Deliverable
from gp_api.db import session_factory
from gp_api.fastpath.planner import CompiledReads, Prepared
from gp_api.graphql.context import Context
from gp_api.pagination import encode_cursor
from gp_api.principal import ANONYMOUS, Role
from gp_api.validation import EARLIEST_DATE, LATEST_DATE
from tests.conftest import GraphQLClient, make_token

# Names that stress JSON escaping, LIKE escaping, collation and cursor encoding.
ODD_NAMES = [
    "Côte d'Ivoire",
    'Quote "inside"',
    "Back\\slash",
    "Tab\there",
    "Line\nbreak",
    "100% _under/score",
    "Ünïcødé ✓ 🌍",
    "Zürich Forum",
    "a lower-case name",
    "Control \x01 char",
    "Ω Omega",
]
KINDS = ["STATE", "UN_ENTITY", "INTERGOVERNMENTAL_ORGANIZATION", "NGO", "OTHER"]
DETERMINANTS = [
    "CRIMINALISATION",
    "DEMAND_REDUCTION",
    "PROTECTION",
    "REINTEGRATION",
    "ROOT_CAUSES",
    "CAPACITY_BUILDING",
]
STATES = ["PLEDGED", "IN_PROGRESS", "SUSPENDED", "DELIVERED", "LAPSED", "WITHDRAWN"]
STATUSES = ["PENDING", "DELIVERED", "DROPPED"]
ACTOR_SCALARS = [
    "id",
    "name",
    "shortName",
    "kind",
    "isoAlpha2",
    "isoAlpha3",
    "m49",
    "flowRoles",
    "flowRolesIllustrative",
    "website",
    "sourceUrl",
    "confidence",
    "createdAt",
    "updatedAt",
    "__typename",
]
COMMITMENT_SCALARS = [
    "id",
    "determinant",
    "title",
    "description",
    "startsOn",
    "dueOn",
    "state",
    "version",
    "sourceUrl",
    "confidence",
    "__typename",
]
DELIVERABLE_SCALARS = ["id", "title", "dueOn", "status", "__typename"]
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]
# The ends of the range a client may send, and beyond it Python's own ends, which rows written
# before dates were bounded may hold (PostgreSQL keeps them as -infinity/infinity).
EXTREME_DATES = [EARLIEST_DATE, LATEST_DATE, dt.date.min, dt.date.max]  # first, last, ...


def _rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(20261128)
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    actors, commitments, deliverables = [], [], []
    names = ODD_NAMES + [f"Actor {i:02d}" for i in range(14)]
    for pk, name in enumerate(names, start=1):
        kind = rng.choice(KINDS)
        created = base + dt.timedelta(days=pk, microseconds=rng.choice([0, 120000, 5]))
        actors.append(
            {
                "id": pk,
                "name": name,
                "short_name": rng.choice([None, name[:3].upper(), "x_y%"]),
                "kind": kind,
                "iso_alpha2": None,
                "iso_alpha3": None,
                "m49": pk if kind == "STATE" else None,
                "is_origin": rng.random() < 0.5,
                "is_transit": rng.random() < 0.5,
                "is_destination": rng.random() < 0.5,
                "flow_roles_illustrative": rng.random() < 0.5,
                "website": rng.choice([None, "https://example.org/"]),
                "source_url": None,
                "confidence": rng.choice([None, "CONFIRMED", "UNCONFIRMED"]),
                "created_at": created,
                "updated_at": created + dt.timedelta(seconds=pk),
            }
        )
    for actor in actors:
        for _ in range(rng.randrange(0, 6)):
            pk = len(commitments) + 1
            starts = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
            commitments.append(
                {
                    "id": pk,
                    "actor_id": actor["id"],
                    "determinant": rng.choice(DETERMINANTS),
                    "title": f"Commitment {pk} of {actor['name']}",
                    "description": rng.choice([None, "Text with \"quotes\" and 'apostrophes'"]),
                    "starts_on": rng.choice([None, starts, *EXTREME_DATES[0::2]]),
                    "due_on": rng.choice(
                        [None, starts + dt.timedelta(days=rng.randrange(400)), *EXTREME_DATES[1::2]]
                    ),
                    "state": rng.choice(STATES),
                    "version": rng.randrange(1, 5),
                    "workflow_version": 1,
                    "source_url": None,
                    "confidence": None,
                    "created_at": base,
                    "updated_at": base,
                }
            )
            for _ in range(rng.randrange(0, 4)):
                deliverables.append(
                    {
                        "id": len(deliverables) + 1,
                        "commitment_id": pk,
                        "title": f"Deliverable {len(deliverables) + 1}",
                        "due_on": rng.choice([None, starts, *EXTREME_DATES]),
                        "status": rng.choice(STATUSES),
                        "created_at": base,
                        "updated_at": base,
                    }
                )
    return actors, commitments, deliverables


ACTORS, COMMITMENTS, DELIVERABLES = _rows()


@pytest.fixture
async def seeded(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(Actor), ACTORS)
        await conn.execute(insert(Commitment), COMMITMENTS)
        await conn.execute(insert(Deliverable), DELIVERABLES)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("actors", "commitments", "deliverables"):
                await conn.execute(
                    text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                )


# ---------------------------------------------------------------------------------------------
# Generated operations

ACTOR_CURSORS = [encode_cursor([a["name"], a["id"]]) for a in ACTORS] + [
    encode_cursor(["M", 0]),
    encode_cursor(["", 999]),
]
ID_CURSORS = [encode_cursor([n]) for n in (0, 1, 3, 7, 20, 45, 10_000)]


def _page_args(draw: Any, cursors: list[str]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    direction = draw(st.sampled_from(["first", "last", "default", "bad"]))
    if direction in ("first", "last"):
        args[direction] = draw(st.integers(0, 6))
    elif direction == "bad":  # refused by the resolvers, so never planned
        args[draw(st.sampled_from(["first", "last"]))] = draw(st.sampled_from([-1, 101]))
    if draw(st.booleans()):
        args["after"] = draw(st.sampled_from([*cursors, "not a cursor"]))
    if draw(st.integers(0, 3)) == 0:
        args["before"] = draw(st.sampled_from(cursors))
    return args


def _render_args(args: dict[str, Any]) -> str:
    if not args:
        return ""
    parts = []
    for name, value in args.items():
        if isinstance(value, list):
            parts.append(f"{name}: [{', '.join(value)}]")
        elif isinstance(value, str) and name not in ("flowRole",):
            parts.append(f"{name}: {json.dumps(value)}")
        else:
            parts.append(f"{name}: {value}")
    return "(" + ", ".join(parts) + ")"


@st.composite
def _fields(draw: Any, scalars: list[str]) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(scalars), min_size=1, max_size=5, unique=True))
    out = []
    for i, name in enumerate(chosen):
        if draw(st.integers(0, 5)) == 0:
            out.append(f"a{i}: {name}")
        else:
            out.append(name)
    if draw(st.integers(0, 4)) == 0:
        out.append(f"... on Node {{ {draw(st.sampled_from(['id', '__typename']))} }}")
    return out


@st.composite
def _connection(draw: Any, node: str, cursors: list[str], args: dict[str, Any]) -> str:
    args = {**args, **_page_args(draw, cursors)}
    parts = []
    if draw(st.integers(0, 4)):
        edge = []
        if draw(st.booleans()):
            edge.append("cursor")
        edge.append(f"node {{ {node} }}")
        if draw(st.integers(0, 4)) == 0:
            edge.append("__typename")
        parts.append(f"edges {{ {' '.join(edge)} }}")
    if draw(st.booleans()):
        info = draw(st.lists(st.sampled_from(PAGE_INFO), min_size=1, max_size=5, unique=True))
        parts.append(f"pageInfo {{ {' '.join(info)} }}")
    if draw(st.booleans()):
        parts.append("totalCount")
    if draw(st.integers(0, 4)) == 0 or not parts:
        parts.append("__typename")
    draw(st.randoms()).shuffle(parts)
    return f"{_render_args(args)} {{ {' '.join(parts)} }}"


@st.composite
def _deliverables(draw: Any) -> str:
    node = " ".join(draw(_fields(DELIVERABLE_SCALARS)))
    return "deliverables" + draw(_connection(node, ID_CURSORS, {}))


@st.composite
def _commitment_node(draw: Any, depth: int) -> str:
    fields = draw(_fields(COMMITMENT_SCALARS))
    if draw(st.booleans()):
        fields.append(draw(_deliverables()))
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        fields.append(f"actor {{ {draw(_actor_node(depth + 1))} }}")
    return " ".join(fields)


@st.composite
def _commitment_filters(draw: Any, root: bool) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if draw(st.booleans()):
        args["determinants"] = draw(st.lists(st.sampled_from(DETERMINANTS), max_size=3))
    if draw(st.booleans()):
        args["states"] = draw(st.lists(st.sampled_from(STATES), max_size=3))
    if root:
        if draw(st.integers(0, 3)) == 0:
            from gp_api.global_ids import encode

            ids = draw(st.lists(st.integers(1, 30), max_size=4))
            args["actorIds"] = [json.dumps(encode("Actor", i)) for i in ids]
        for name in ("dueBefore", "dueAfter"):
            if draw(st.integers(0, 3)) == 0:
                day = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 700)))
                # Beyond the range (Python's ends) the resolvers refuse, so it is never planned.
                day = draw(st.sampled_from([day, day, *EXTREME_DATES]))
                args[name] = day.isoformat()
    return args


@st.composite
def _actor_node(draw: Any, depth: int) -> str:
    fields = draw(_fields(ACTOR_SCALARS))
    if depth < 2 and draw(st.booleans()):
        node = draw(_commitment_node(depth + 1))
        filters = draw(_commitment_filters(False))
        fields.append("commitments" + draw(_connection(node, ID_CURSORS, filters)))
    return " ".join(fields)


@st.composite
def operations(draw: Any) -> str:
    roots = []
    for i in range(draw(st.integers(1, 2))):
        alias = f"r{i}: " if i else ""
        if draw(st.booleans()):
            args: dict[str, Any] = {}
            if draw(st.booleans()):
                args["kinds"] = draw(st.lists(st.sampled_from(KINDS), max_size=3))
            if draw(st.integers(0, 3)) == 0:
                args["flowRole"] = draw(st.sampled_from(["ORIGIN", "TRANSIT", "DESTINATION"]))
            if draw(st.integers(0, 2)) == 0:
                args["search"] = draw(st.sampled_from(["o", "Ô", "%", "_", "/", "x_y", "c", " "]))
            node = draw(_actor_node(0))
            roots.append(alias + "actors" + draw(_connection(node, ACTOR_CURSORS, args)))
        else:
            node = draw(_commitment_node(1))
            filters = draw(_commitment_filters(True))
            roots.append(alias + "commitments" + draw(_connection(node, ID_CURSORS, filters)))
    if draw(st.integers(0, 4)) == 0:
        roots.append("__typename")
    return "{ " + " ".join(roots) + " }"


async def _both(app: Starlette, engine: AsyncEngine, query: str) -> tuple[Any, Any]:
    """(resolvers' result, compiled data or None when not planned)."""
    schema = app.state.schema
    sessions = session_factory(engine)
    context = Context(session=sessions(), principal=ANONYMOUS)
    try:
        result = await schema.execute(query, context_value=context)
    finally:
        await context.close()  # waits for resolvers' work still running (as the HTTP path does)
    compiled = CompiledReads(schema._schema, engine.dialect.name)
    compiled.admit(query, None)  # as if answered once without errors
    prepared = compiled.prepare(query, None, None)
    if prepared is None:
        return result, None
    body = await compiled.execute(engine, prepared)
    return result, json.loads(body)


async def test_generated_operations_answer_as_the_resolvers_do(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    loop = asyncio.get_running_loop()
    planned = refused = 0

    @hypothesis_settings(
        max_examples=int(os.environ.get("GP_TEST_EXAMPLES", "200")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=True,  # the same examples on every run: CI never flakes on a new one
    )
    @given(operations())
    def check(query: str) -> None:
        nonlocal planned, refused
        result, compiled = asyncio.run_coroutine_threadsafe(
            _both(app, engine, query), loop
        ).result()
        if result.errors:
            # Whatever the resolvers refuse is left to them, so clients see their errors.
            assert compiled is None, (query, result.errors)
            refused += 1
            return
        if compiled is None:  # e.g. a bad argument under an empty page, which never resolves
            return
        assert compiled == {"data": json.loads(json.dumps(result.data))}, query
        planned += 1

    await asyncio.to_thread(check)
    assert planned > 100, (planned, refused)
    assert refused > 0, (planned, refused)


async def test_every_field_of_the_plan_at_once(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    actor = " ".join(f for f in ACTOR_SCALARS)
    commitment = " ".join(COMMITMENT_SCALARS)
    deliverable = " ".join(DELIVERABLE_SCALARS)
    info = " ".join(PAGE_INFO)
    query = (
        f"{{ __typename actors(first: 30) {{ __typename totalCount pageInfo {{ {info} }}"
        f" edges {{ __typename cursor node {{ {actor} commitments(last: 3) {{ totalCount"
        f" pageInfo {{ {info} }} edges {{ cursor node {{ {commitment}"
        f" actor {{ name }} deliverables {{ totalCount edges {{ cursor node {{ {deliverable}"
        " } } } } } } } } } }"
    )
    result, compiled = await _both(app, engine, query)
    assert not result.errors
    assert compiled == {"data": json.loads(json.dumps(result.data))}
    edges = compiled["data"]["actors"]["edges"]
    assert len(edges) == 25
    assert edges[0]["node"]["name"] == "100% _under/score"


@pytest.mark.parametrize(
    "query",
    [
        "{ commitments { edges { node { availableTransitions { trigger } } } } }",
        "{ actors { edges { node { name } } } planSteps { key } }",
        '{ node(id: "UGxhblN0ZXA6MQ==") { id } }',  # PlanStep: not declared
        "{ events { edges { node { subject { id } } } } }",  # computed: any type
        '{ node(id: "bm90IGFuIGlk") { id } }',  # the resolvers' error
        "query($n: Int) { actors(first: $n) { totalCount } }",
    ],
)
async def test_what_cannot_be_compiled_goes_to_the_resolvers(
    app: Starlette, engine: AsyncEngine, query: str
) -> None:
    compiled = CompiledReads(app.state.schema._schema, engine.dialect.name)
    compiled.admit(query, None)
    variables = {"n": 500} if "$n" in query else None
    assert compiled.prepare(query, None, variables) is None


async def test_unadmitted_documents_are_never_compiled(app: Starlette, engine: AsyncEngine) -> None:
    compiled = CompiledReads(app.state.schema._schema, engine.dialect.name)
    assert compiled.prepare("{ actors { totalCount } }", None, None) is None
    compiled.admit("{ actors { totalCount } }", None)
    assert compiled.prepare("{ actors { totalCount } }", None, None) is not None
    compiled.admit("mutation { __typename }", None)
    assert compiled.prepare("mutation { __typename }", None, None) is None


NESTED = """
query($n: Int, $kinds: [ActorKind!]) {
  actors(first: $n, kinds: $kinds) {
    edges { node { name commitments(first: 20) { edges { node { title state dueOn
      deliverables { edges { node { title status } } } } } } } }
  }
}
"""


async def test_over_http_the_second_request_is_one_statement_and_never_stale(
    gql: GraphQLClient, engine: AsyncEngine, seeded: None, app: Starlette
) -> None:
    statements: list[str] = []

    def count(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        statements.append(statement)

    variables = {"n": 50, "kinds": KINDS}
    first = await gql.data(NESTED, variables)  # the resolvers: admits the document
    app.state.endpoint.cache.entries.clear()  # so that the second is not a cache hit
    executed = app.state.endpoint.compiled.executed
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        second = await gql.data(NESTED, variables)
        # No resolver ran (their statements select actors.id ...): one statement built the JSON
        # (on PostgreSQL it goes to asyncpg directly, unseen by SQLAlchemy's events).
        assert not [s for s in statements if "actors.id" in s or "commitments.id" in s]
        assert app.state.endpoint.compiled.executed == executed + 1
        json_statements = [s for s in statements if "json" in s.lower()]
        assert len(json_statements) == (1 if engine.dialect.name == "sqlite" else 0), statements
        plans = app.state.endpoint.compiled.prepared
        assert [k for k in plans if k[0] == NESTED and plans.get(k) is not None]
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert second == first
    # A write, then a read: the compiled answer reflects it at once.
    listed = await gql.data("{ actors(first: 1) { edges { node { id } } } }")
    actor = listed["actors"]["edges"][0]["node"]["id"]
    created = await gql.data(
        """mutation($input: CreateCommitmentInput!) {
             createCommitment(input: $input) { commitment { id } userErrors { code } } }""",
        {"input": {"actorId": actor, "determinant": "PROTECTION", "title": "A new one"}},
    )
    assert created["createCommitment"]["userErrors"] == []
    third = await gql.data(NESTED, variables)
    titles = [
        c["node"]["title"]
        for a in third["actors"]["edges"]
        for c in a["node"]["commitments"]["edges"]
    ]
    assert "A new one" in titles
    # Bad arguments on an admitted document still get the resolvers' errors.
    refused = await gql.post(NESTED, {"n": 101, "kinds": KINDS})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_revoked_token_is_refused_at_once_on_the_compiled_path(
    gql: GraphQLClient, engine: AsyncEngine, seeded: None, app: Starlette
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="compiled reader")
    viewer = gql.as_(secret)
    cache = app.state.endpoint.cache
    query = "{ actors(first: 3) { edges { node { name } } } }"
    first = await viewer.data(query)  # the resolvers: admits the document, remembers the token
    cache.entries.clear()
    assert await viewer.data(query) == first  # compiled, the token known for this data version

    listed = await gql.data("{ apiTokens { edges { node { id name } } } }")
    [token_id] = [
        e["node"]["id"]
        for e in listed["apiTokens"]["edges"]
        if e["node"]["name"] == "compiled reader"
    ]
    await gql.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": token_id},
    )
    cache.entries.clear()
    refused = await viewer.post(query)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_compiled_statement_that_fails_hands_the_request_to_the_resolvers(
    gql: GraphQLClient, seeded: None, app: Starlette
) -> None:
    endpoint = app.state.endpoint
    query = "{ actors(first: 2) { edges { node { name } } } }"
    expected = await gql.data(query)  # the resolvers: admits the document
    await gql.data(query)  # compiled (the response cache may answer it too)
    [key] = [k for k in endpoint.compiled.prepared if k[0] == query]
    endpoint.compiled.prepared.put(key, Prepared("SELECT no_such_column FROM actors", ()))
    endpoint.cache.entries.clear()

    assert await gql.data(query) == expected  # answered by the resolvers, no 500
    assert key in endpoint.compiled.prepared
    assert endpoint.compiled.prepared.get(key) is None  # and never compiled again


DATES = "{ commitments { edges { node { startsOn dueOn } } } }"
CREATE_COMMITMENT = """mutation($input: CreateCommitmentInput!) {
  createCommitment(input: $input) { commitment { startsOn dueOn } userErrors { code } } }"""


async def test_dates_at_the_ends_of_the_range_read_the_same_on_both_paths(
    gql: GraphQLClient, app: Starlette
) -> None:
    listed = await gql.data(
        'mutation { createActor(input: {name: "A", kind: NGO}) { actor { id } } }'
    )
    actor = listed["createActor"]["actor"]["id"]
    base = {"actorId": actor, "determinant": "PROTECTION", "title": "Long"}
    for starts, due in [("0001-01-01", "2030-01-01"), ("2030-01-01", "9999-12-31")]:
        refused = await gql.post(
            CREATE_COMMITMENT, {"input": {**base, "startsOn": starts, "dueOn": due}}
        )
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", refused
        assert "out of range" in refused["errors"][0]["message"]
    ends = {"startsOn": EARLIEST_DATE.isoformat(), "dueOn": LATEST_DATE.isoformat()}
    created = await gql.data(CREATE_COMMITMENT, {"input": {**base, **ends}})
    assert created["createCommitment"] == {"commitment": ends, "userErrors": []}

    by_resolvers = await gql.data(DATES)  # admits the document
    app.state.endpoint.cache.entries.clear()  # so that the second is not a cache hit
    by_statement = await gql.data(DATES)

    plans = app.state.endpoint.compiled.prepared
    assert [k for k in plans if k[0] == DATES and plans.get(k) is not None]
    assert by_resolvers == by_statement == {"commitments": {"edges": [{"node": ends}]}}
