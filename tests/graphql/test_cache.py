"""The response cache: a hit costs one indexed lookup, and a read never misses a write."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.data_version import VERSION_SQL
from gp_api.fastpath import HeadReader, ResponseCache
from gp_api.principal import Role
from tests.conftest import GraphQLClient, StatementCounter, make_token

COUNT = "{ actors { totalCount edges { node { name } } } }"
CREATE = (
    "mutation($n: String!) { createActor(input: {name: $n, kind: NGO}) { userErrors { code } } }"
)


def _beyond_the_head(statements: list[str]) -> list[str]:
    """Statements other than the data-version read (SQLite shows its BEGIN as a statement; on
    PostgreSQL the head is read over a connection of its own, which the counter does not see)."""
    return [q for q in statements if not q.startswith("BEGIN") and q != VERSION_SQL]


async def test_a_repeated_read_is_served_from_the_cache(
    anonymous: GraphQLClient, sql_counter: StatementCounter, app: Starlette
) -> None:
    heads = app.state.endpoint.heads
    first = await anonymous.post(COUNT)
    executed = sql_counter.count
    sql_counter.statements.clear()
    reads = heads.reads
    second = await anonymous.post(COUNT)

    assert second == first
    assert executed >= 2
    assert _beyond_the_head(sql_counter.statements) == []
    assert heads.reads == reads + 1


async def test_a_read_after_a_write_reflects_it(
    anonymous: GraphQLClient, gql: GraphQLClient
) -> None:
    before = await anonymous.data(COUNT)
    await gql.data(CREATE, {"n": "New NGO"})
    after = await anonymous.data(COUNT)

    assert before["actors"]["totalCount"] == 0
    assert after["actors"]["totalCount"] == 1
    assert after["actors"]["edges"] == [{"node": {"name": "New NGO"}}]


async def test_each_principal_has_its_own_answers(
    anonymous: GraphQLClient, gql: GraphQLClient
) -> None:
    query = "{ viewer { name role } }"

    assert (await anonymous.data(query))["viewer"] == {"name": "anonymous", "role": None}
    assert (await gql.data(query))["viewer"] == {"name": "test admin", "role": "ADMIN"}
    assert (await anonymous.data(query))["viewer"] == {"name": "anonymous", "role": None}


async def test_errors_and_mutations_are_not_cached(
    anonymous: GraphQLClient, gql: GraphQLClient, app: Starlette
) -> None:
    bad = '{ actors(after: "nope") { totalCount } }'
    first_error = await anonymous.post(bad)
    second_error = await anonymous.post(bad)
    assert second_error == first_error
    assert "errors" in second_error
    assert all(key[1] != bad for key in app.state.endpoint.cache.entries)

    first = await gql.data(CREATE, {"n": "Once"})
    second = await gql.data(CREATE, {"n": "Once"})
    assert first["createActor"]["userErrors"] == []
    assert second["createActor"]["userErrors"] == [{"code": "DUPLICATE"}]


async def test_a_token_on_a_cache_hit_costs_no_lookup_and_a_revoked_one_is_refused_at_once(
    gql: GraphQLClient, engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="cached viewer")
    viewer = gql.as_(secret)
    first = await viewer.data(COUNT)  # records the token's first use: a write
    assert await viewer.data(COUNT) == first  # authenticated again, then remembered
    sql_counter.statements.clear()
    assert await viewer.data(COUNT) == first
    # The data version only: the token is known for this version.
    assert _beyond_the_head(sql_counter.statements) == []

    listed = await gql.data("{ apiTokens { edges { node { id name } } } }")
    token_id = next(
        e["node"]["id"]
        for e in listed["apiTokens"]["edges"]
        if e["node"]["name"] == "cached viewer"
    )
    revoked = await gql.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": token_id},
    )
    assert revoked["revokeApiToken"]["userErrors"] == []
    refused = await viewer.post(COUNT)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "revoked" in refused["errors"][0]["message"]


async def test_concurrent_requests_share_version_reads_and_never_see_an_old_one(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    reader = HeadReader(engine)
    try:
        heads = await asyncio.gather(*(reader.read() for _ in range(20)))
        assert len(set(heads)) == 1
        assert reader.reads == 1  # one read for all that arrived together

        await gql.data(CREATE, {"n": "Moves the head"})
        assert await reader.read() != heads[0]
        assert reader.reads == 2
    finally:
        await reader.close()


async def test_concurrent_misses_after_a_write_share_one_computation(
    anonymous: GraphQLClient, gql: GraphQLClient, sql_counter: StatementCounter, app: Starlette
) -> None:
    read = "{ actors(first: 10) { totalCount edges { node { name kind } } } }"
    compiled = app.state.endpoint.compiled

    def work(executed: int) -> int:
        """Statements beyond the data version's, and compiled statements (which PostgreSQL
        runs on the driver, unseen by the counter)."""
        return len(_beyond_the_head(sql_counter.statements)) + compiled.executed - executed

    await gql.data(CREATE, {"n": "First"})
    await anonymous.data(read)  # the resolvers answer it once (then a statement may)
    await gql.data(CREATE, {"n": "Second"})
    sql_counter.statements.clear()
    executed = compiled.executed
    alone = await anonymous.data(read)
    one_computation = work(executed)
    assert one_computation  # a write moved the version: the answer was computed again

    await gql.data(CREATE, {"n": "Third"})
    sql_counter.statements.clear()
    executed = compiled.executed
    answers = await asyncio.gather(*(anonymous.post(read) for _ in range(10)))

    assert work(executed) == one_computation
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["data"]["actors"]["totalCount"] == alone["actors"]["totalCount"] + 1


async def test_concurrent_misses_with_errors_each_get_the_resolvers_answer(
    anonymous: GraphQLClient, app: Starlette
) -> None:
    bad = '{ actors(after: "not a cursor") { totalCount } }'
    answers = await asyncio.gather(*(anonymous.post(bad) for _ in range(5)))

    assert all(answer == answers[0] for answer in answers)
    assert "errors" in answers[0]
    assert all(key[1] != bad for key in app.state.endpoint.cache.entries)
    assert app.state.endpoint.cache.flights == {}


async def test_a_failed_computation_hands_its_waiters_nothing() -> None:
    cache = ResponseCache(10, 60)
    key = cache.key("anonymous", "{ x }", None, None)
    flight = cache.begin(key, "v1")
    assert flight is not None
    assert cache.begin(key, "v1") is None  # one computes; the others wait or compute alone
    waiter = asyncio.ensure_future(cache.shared(key, "v1"))
    await asyncio.sleep(0)
    cache.end(key, "v1", flight, None)  # errors, or the computation failed

    assert await waiter is None
    assert cache.get(key, "v1") is None
    assert await cache.shared(key, "v1") is None  # nothing in flight any more

    flight = cache.begin(key, "v2")
    assert flight is not None
    waiter = asyncio.ensure_future(cache.shared(key, "v2"))
    await asyncio.sleep(0)
    cache.end(key, "v2", flight, b'{"data":{}}')
    assert await waiter == b'{"data":{}}'
    assert cache.get(key, "v2") == b'{"data":{}}'
