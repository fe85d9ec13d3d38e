"""Nested reads resolve through per-request DataLoaders: the SQL statements a request issues
depend on the depth of the query, not on the size of the result."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import GraphQLClient, StatementCounter
from tests.graphql.builders import actors_with_commitments

# `viewer` (the principal's own: never compiled) keeps the document on the resolvers, which this
# file tests.
NESTED = """
query($n: Int!) {
  viewer { name }
  actors(first: $n) {
    totalCount
    edges { node {
      name
      commitments(first: 20) {
        totalCount
        edges { node {
          title state actor { name }
          deliverables { totalCount edges { node { title status } } }
        } }
      }
      memberships { totalCount edges { node { role } } }
    } }
  }
}
"""


async def statements_for(gql: GraphQLClient, counter: StatementCounter, n: int) -> int:
    counter.statements.clear()
    data = await gql.data(NESTED, {"n": n})
    edges = data["actors"]["edges"]
    assert len(edges) == n
    assert all(len(e["node"]["commitments"]["edges"]) == 20 for e in edges)
    assert all(e["node"]["commitments"]["totalCount"] == 25 for e in edges)
    first = edges[0]["node"]["commitments"]["edges"][0]["node"]
    assert first["deliverables"]["totalCount"] == 2
    assert first["actor"]["name"] == edges[0]["node"]["name"]
    return counter.count


async def test_statement_count_does_not_grow_with_the_page(
    engine: AsyncEngine, gql: GraphQLClient, sql_counter: StatementCounter
) -> None:
    await actors_with_commitments(engine, n_actors=50, n_commitments=25, n_deliverables=2)

    await gql.data("{ viewer { name } }")  # the token's last use is recorded once a minute
    small = await statements_for(gql, sql_counter, 5)
    large = await statements_for(gql, sql_counter, 50)

    assert small == large
    # The response cache's log-head check, the token, then the resolvers' page and count queries.
    assert large <= 13, sql_counter.statements


async def test_nested_pages_keep_their_own_cursors(engine: AsyncEngine, gql: GraphQLClient) -> None:
    await actors_with_commitments(engine, n_actors=2, n_commitments=5, n_deliverables=0)
    query = """
    query($after: String) { actors { edges { node {
      commitments(first: 2, after: $after) {
        edges { cursor node { title } } pageInfo { hasNextPage endCursor }
      } } } } }
    """

    first = await gql.data(query)
    cursor = first["actors"]["edges"][0]["node"]["commitments"]["pageInfo"]["endCursor"]
    second = await gql.data(query, {"after": cursor})

    page = second["actors"]["edges"][0]["node"]["commitments"]
    assert [e["node"]["title"] for e in page["edges"]] == ["Commitment 2", "Commitment 3"]
    assert page["pageInfo"]["hasNextPage"] is True


async def test_a_failing_loader_is_masked_and_the_next_request_still_works(
    engine: AsyncEngine, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gp_api import reads

    await actors_with_commitments(engine, n_actors=3, n_commitments=2, n_deliverables=1)

    async def broken(*_args: object) -> dict[object, int]:
        raise RuntimeError("boom")

    monkeypatch.setattr(reads, "children_counts", broken)
    body = await gql.post(NESTED, {"n": 3})
    monkeypatch.undo()

    assert body["errors"][0]["message"] == "Internal server error."
    assert (await gql.data("{ actors { totalCount } }"))["actors"]["totalCount"] == 3
