"""Computed fields (availableTransitions, a resolution's adoption, planSteps, partnership):
evaluated on plain rows by the services, one batch per request and field, so that their cost
does not grow with the page; answered by the compiled path too, for the request's principal."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api import summary
from gp_api.db import session_factory
from gp_api.global_ids import encode
from gp_api.principal import Role
from tests.conftest import GraphQLClient, StatementCounter, make_token
from tests.graphql.builders import actors_with_commitments
from tests.graphql.read_data import ROWS, seed

# `viewer` (the principal's own: never compiled) keeps the document on the resolvers.
MOVES = """
query($n: Int!) {
  viewer { name }
  commitments(first: $n) { edges { node { title
    availableTransitions { trigger toState allowed blockers reasonRequired } } } }
}
"""


async def moves_statements(gql: GraphQLClient, counter: StatementCounter, n: int) -> int:
    counter.statements.clear()
    data = await gql.data(MOVES, {"n": n})
    edges = data["commitments"]["edges"]
    assert len(edges) == n
    moves = {m["trigger"]: m for m in edges[0]["node"]["availableTransitions"]}
    assert moves["start"]["allowed"] is True  # an ADMIN token: nothing blocks starting
    assert moves["withdraw"]["reasonRequired"] is True
    return counter.count


async def test_available_transitions_of_a_page_cost_the_same_as_of_one_subject(
    engine: AsyncEngine, gql: GraphQLClient, sql_counter: StatementCounter
) -> None:
    await actors_with_commitments(engine, n_actors=10, n_commitments=10, n_deliverables=1)
    await gql.data("{ viewer { name } }")  # the token's last use is recorded once a minute

    one = await moves_statements(gql, sql_counter, 1)
    hundred = await moves_statements(gql, sql_counter, 100)

    print("statements", one, hundred)
    assert hundred == one, sql_counter.statements
    # The log head, the token, the page; the subjects' rows, their facts and the deviations
    # they carry (of the moves that brought them to their state): one batch.
    assert hundred <= 9, sql_counter.statements


EVERY_SUBJECT = """
query($n: Int!) {
  viewer { name }
  coordinationBodies(first: $n) { edges { node { availableTransitions { trigger blockers } } } }
  agendaItems(first: $n) { edges { node { availableTransitions { trigger blockers } } } }
  resolutions(first: $n) { edges { node { adoptedOn actions { id outcome votes { ballot } }
    availableTransitions { trigger blockers } } } }
  commitments(first: $n) { edges { node { availableTransitions { trigger blockers } } } }
}
"""


async def test_every_subject_type_is_one_batch_whatever_the_page(
    engine: AsyncEngine, gql: GraphQLClient, sql_counter: StatementCounter
) -> None:
    await seed(engine)
    await gql.data("{ viewer { name } }")
    counts = []
    for n in (1, 100):
        sql_counter.statements.clear()
        data = await gql.data(EVERY_SUBJECT, {"n": n})
        assert len(data["commitments"]["edges"]) == min(n, len(ROWS["commitments"]))
        counts.append(sql_counter.count)
    # The whole page may hold LAPSED commitments, whose facts take two statements more (the
    # lapse and the reports since): never one per subject.
    print("statements", counts)
    assert counts[0] <= counts[1] <= counts[0] + 2, sql_counter.statements
    # (+1 a type since 0014: the deviations the subjects carry into their moves)
    assert counts[1] <= 34, sql_counter.statements


COMPILED = """
query($actor: [ID!]) {
  commitments(first: 100, actorIds: $actor) { edges { node { id
    availableTransitions { __typename trigger ok: allowed blockers } } } }
}
"""


def _first_moves(data: dict[str, Any]) -> list[dict[str, Any]]:
    moves: list[dict[str, Any]] = data["commitments"]["edges"][0]["node"]["availableTransitions"]
    return moves


async def test_the_compiled_path_computes_moves_for_each_principal_of_a_role(
    engine: AsyncEngine, gql: GraphQLClient, app: Starlette
) -> None:
    """One plan per role; the moves are computed for the principal asking (an EDITOR may move
    its own actor's commitments only)."""
    created = await actors_with_commitments(engine, n_actors=2, n_commitments=3, n_deliverables=0)
    mine, theirs = created[0].id, created[1].id
    editor = gql.as_(await make_token(engine, Role.EDITOR, name="editor", actor_id=mine))
    other = gql.as_(await make_token(engine, Role.EDITOR, name="other", actor_id=theirs))
    actor_ids = {"actor": [encode("Actor", mine)]}
    endpoint = app.state.endpoint

    by_resolvers = await editor.data(COMPILED, actor_ids)  # admits the document
    endpoint.cache.entries.clear()
    executed = endpoint.compiled.executed
    by_statement = await editor.data(COMPILED, actor_ids)
    assert endpoint.compiled.executed == executed + 1
    assert by_statement == by_resolvers
    start = next(m for m in _first_moves(by_statement) if m["trigger"] == "start")
    assert start == {
        "__typename": "AvailableTransition",
        "trigger": "start",
        "ok": True,
        "blockers": [],
    }

    # The same role, the same plan, another actor: blocked, saying which role it needs.
    theirs_view = await other.data(COMPILED, actor_ids)
    assert endpoint.compiled.executed == executed + 2
    start = next(m for m in _first_moves(theirs_view) if m["trigger"] == "start")
    assert start["ok"] is False
    assert start["blockers"] == [
        "needs the ADMIN role (or an EDITOR token for this commitment's actor)"
    ]
    endpoint.cache.entries.clear()
    assert theirs_view == await _resolvers(other, COMPILED, actor_ids)


async def _resolvers(client: GraphQLClient, query: str, variables: dict[str, Any]) -> Any:
    """The resolvers' answer: with `viewer` (the principal's own) the fast path leaves it."""
    body = await client.data(
        query.replace("commitments(first", "viewer { name } commitments(first", 1), variables
    )
    body.pop("viewer")
    return body


DASHBOARD = """
{ partnership { actorsByKind { kind count } commitmentsByDeterminantAndState
    { determinant state count } planStepsAchieved planStepsTotal bodiesByState { state } }
  planSteps { key status achievedAt __typename }
  events(milestone: true, last: 10) { edges { node { type occurredAt subjectId } } } }
"""


async def test_the_dashboard_is_compiled(
    engine: AsyncEngine, gql: GraphQLClient, app: Starlette
) -> None:
    await seed(engine)
    endpoint = app.state.endpoint
    by_resolvers = await gql.data(DASHBOARD)
    endpoint.cache.entries.clear()
    executed = endpoint.compiled.executed
    by_statement = await gql.data(DASHBOARD)
    assert endpoint.compiled.executed == executed + 1
    assert by_statement == by_resolvers
    assert [s["key"] for s in by_statement["planSteps"]][:2] == ["core_group", "task_force"]
    assert by_statement["partnership"]["planStepsTotal"] == len(by_statement["planSteps"])


async def test_the_partnership_is_one_statement(
    engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    await seed(engine)
    async with session_factory(engine)() as session:
        sql_counter.statements.clear()
        found = await summary.partnership(session)
    assert [s for s in sql_counter.statements if s != "BEGIN"] == sql_counter.statements[-1:]
    assert sum(found.actors_by_kind.values()) == len(ROWS["actors"])
    assert sum(found.bodies_by_state.values()) == len(ROWS["coordination_bodies"])
    # A commitment counts once under each of its determinants.
    assert sum(n for *_, n in found.commitment_counts()) == sum(
        len(c["determinants"]) for c in ROWS["commitments"]
    )
    assert found.plan_steps_achieved <= found.plan_steps_total
