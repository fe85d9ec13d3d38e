"""Commitments an NGO coalition can use, over GraphQL: determinants, pillars, SDG targets, scope
and countries, a pledge in an ISO 4217 currency, evidence links; a filter for each; every bad
term refused with a typed error naming its field, and nothing written."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_writes import ok, refused

FIELDS = (
    "commitment { id determinants pillars sdgTargets scope countries pledgeAmount"
    " pledgeCurrency evidence startsOn }"
)
COUNT = "{ commitments { totalCount } }"


async def _count(gql: GraphQLClient) -> int:
    found: int = (await gql.data(COUNT))["commitments"]["totalCount"]
    return found


async def _titles(gql: GraphQLClient, arguments: str) -> list[str]:
    data = await gql.data(f"{{ commitments({arguments}) {{ edges {{ node {{ title }} }} }} }}")
    return [e["node"]["title"] for e in data["commitments"]["edges"]]


async def test_a_commitment_holds_every_term_and_each_is_a_filter(gql: GraphQLClient) -> None:
    belarus = await create_actor(gql, name="Belarus", kind="STATE", isoAlpha2="BY")
    coalition = await create_actor(gql, name="NGO coalition", kind="NGO")
    national = (
        await ok(
            gql,
            "createCommitment",
            FIELDS,
            {
                "actorId": belarus["id"],
                "determinants": ["CRIMINALISATION", "PROTECTION"],
                "pillars": ["PROSECUTION", "PROTECTION"],
                "sdgTargets": ["16.2", " 8.7", "16.A"],
                "scope": "NATIONAL",
                "countries": ["ng"],
                "countryActorIds": [belarus["id"]],
                "pledgeAmount": "2000000.50",
                "pledgeCurrency": "eur",
                "evidence": ["https://example.org/pledge"],
                "title": "National law",
                "startsOn": "2026-01-01",
            },
        )
    )["commitment"]
    assert national["determinants"] == ["CRIMINALISATION", "PROTECTION"]
    assert national["pillars"] == ["PROSECUTION", "PROTECTION"]
    assert national["sdgTargets"] == ["16.2", "8.7", "16.a"]
    assert (national["scope"], national["countries"]) == ("NATIONAL", ["NG", "BY"])
    assert (national["pledgeAmount"], national["pledgeCurrency"]) == ("2000000.50", "EUR")
    assert national["evidence"] == ["https://example.org/pledge"]
    await ok(
        gql,
        "createCommitment",
        FIELDS,
        {
            "actorId": coalition["id"],
            "determinants": ["DEMAND_REDUCTION"],
            "pillars": ["PREVENTION"],
            "sdgTargets": ["5.2"],
            "scope": "GLOBAL",
            "pledgeAmount": "1500",
            "pledgeCurrency": "USD",
            "title": "Awareness",
        },
    )
    await ok(
        gql,
        "createCommitment",
        FIELDS,
        {"actorId": coalition["id"], "determinants": ["ROOT_CAUSES"], "title": "Bare"},
    )

    assert await _titles(gql, "determinants: [PROTECTION, DEMAND_REDUCTION]") == [
        "National law",
        "Awareness",
    ]
    assert await _titles(gql, "determinants: [CAPACITY_BUILDING]") == []
    assert await _titles(gql, "pillars: [PREVENTION]") == ["Awareness"]
    assert await _titles(gql, 'sdgTarget: "16.a"') == ["National law"]
    assert await _titles(gql, 'sdgTarget: "5.2"') == ["Awareness"]
    assert await _titles(gql, "scopes: [GLOBAL]") == ["Awareness"]
    assert await _titles(gql, 'country: "by"') == ["National law"]
    assert await _titles(gql, 'country: "PH"') == []
    assert await _titles(gql, 'currencies: ["usd"]') == ["Awareness"]
    # The actor's own connection filters by any of the determinants too.
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Actor {"
        " commitments(determinants: [ROOT_CAUSES]) { edges { node { title } } } } } }",
        {"id": coalition["id"]},
    )
    assert [e["node"]["title"] for e in data["node"]["commitments"]["edges"]] == ["Bare"]

    # Changes: the pledge's currency alone, then the scope widened (countries cleared).
    changed = (
        await ok(
            gql,
            "updateCommitment",
            FIELDS,
            {"id": national["id"], "pledgeCurrency": "USD"},
        )
    )["commitment"]
    assert (changed["pledgeAmount"], changed["pledgeCurrency"]) == ("2000000.50", "USD")
    changed = (
        await ok(
            gql,
            "updateCommitment",
            FIELDS,
            {"id": national["id"], "scope": "GLOBAL", "countries": []},
        )
    )["commitment"]
    assert (changed["scope"], changed["countries"]) == ("GLOBAL", [])
    changed = (
        await ok(
            gql,
            "updateCommitment",
            FIELDS,
            {"id": national["id"], "pledgeAmount": None, "pledgeCurrency": None},
        )
    )["commitment"]
    assert (changed["pledgeAmount"], changed["pledgeCurrency"]) == (None, None)


async def test_every_bad_term_is_refused_and_nothing_is_written(gql: GraphQLClient) -> None:
    state = await create_actor(gql, name="Nigeria", kind="STATE", isoAlpha2="NG")
    ngo = await create_actor(gql, name="La Strada International", kind="NGO")
    base: dict[str, Any] = {
        "actorId": state["id"],
        "determinants": ["PROTECTION"],
        "title": "T",
    }
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"determinants": []}, "REQUIRED", ["input", "determinants"]),
        ({"determinants": ["PROTECTION", "PROTECTION"]}, "INVALID", ["input", "determinants"]),
        ({"pillars": ["PREVENTION", "PREVENTION"]}, "INVALID", ["input", "pillars"]),
        ({"sdgTargets": ["5.9"]}, "INVALID", ["input", "sdgTargets"]),  # goal 5 has 5.1-5.6
        ({"sdgTargets": ["16.11"]}, "INVALID", ["input", "sdgTargets"]),
        ({"sdgTargets": ["3.1"]}, "INVALID", ["input", "sdgTargets"]),  # not a goal named
        ({"sdgTargets": ["8.7", "8.7"]}, "INVALID", ["input", "sdgTargets"]),
        ({"scope": "NATIONAL"}, "REQUIRED", ["input", "countries"]),
        ({"scope": "GLOBAL", "countries": ["NG"]}, "INVALID", ["input", "countries"]),
        ({"countries": ["NG"]}, "REQUIRED", ["input", "scope"]),
        ({"scope": "NATIONAL", "countries": ["ZZ"]}, "INVALID", ["input", "countries"]),
        ({"scope": "NATIONAL", "countries": ["NGA"]}, "INVALID", ["input", "countries"]),
        (
            {"scope": "NATIONAL", "countryActorIds": [ngo["id"]]},
            "INVALID",
            ["input", "countryActorIds"],
        ),
        ({"pledgeAmount": "100"}, "REQUIRED", ["input", "pledgeCurrency"]),
        ({"pledgeCurrency": "USD"}, "REQUIRED", ["input", "pledgeAmount"]),
        ({"pledgeAmount": "100", "pledgeCurrency": "ABC"}, "INVALID", ["input", "pledgeCurrency"]),
        ({"pledgeAmount": "-5", "pledgeCurrency": "USD"}, "INVALID", ["input", "pledgeAmount"]),
        ({"pledgeAmount": "0", "pledgeCurrency": "USD"}, "INVALID", ["input", "pledgeAmount"]),
        ({"pledgeAmount": "NaN", "pledgeCurrency": "USD"}, "INVALID", ["input", "pledgeAmount"]),
        (
            {"pledgeAmount": "1.00001", "pledgeCurrency": "USD"},
            "INVALID",
            ["input", "pledgeAmount"],
        ),
        ({"evidence": ["ftp://example.org/x"]}, "INVALID", ["input", "evidence"]),
        ({"evidence": ["not a link"]}, "INVALID", ["input", "evidence"]),
    ]
    before = await _count(gql)
    for change, code, field in cases:
        await refused(gql, "createCommitment", {**base, **change}, code, field)
    assert await _count(gql) == before

    made = (await ok(gql, "createCommitment", FIELDS, base))["commitment"]
    updates: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"determinants": []}, "REQUIRED", ["input", "determinants"]),
        ({"determinants": None}, "REQUIRED", ["input", "determinants"]),
        ({"pledgeAmount": "10"}, "REQUIRED", ["input", "pledgeCurrency"]),
        ({"scope": "NATIONAL"}, "REQUIRED", ["input", "countries"]),
        ({"sdgTargets": ["17.20"]}, "INVALID", ["input", "sdgTargets"]),
        ({"countries": ["NG"]}, "REQUIRED", ["input", "scope"]),
    ]
    for change, code, field in updates:
        await refused(gql, "updateCommitment", {"id": made["id"], **change}, code, field)
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Commitment { determinants scope countries"
        " pledgeAmount sdgTargets version } } }",
        {"id": made["id"]},
    )
    assert data["node"] == {
        "determinants": ["PROTECTION"],
        "scope": None,
        "countries": [],
        "pledgeAmount": None,
        "sdgTargets": [],
        "version": 1,
    }


async def test_a_progress_report_may_state_no_percentage_and_cite_its_source(
    gql: GraphQLClient,
) -> None:
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    made = (
        await ok(
            gql,
            "createCommitment",
            "commitment { id }",
            {"actorId": unodc["id"], "determinants": ["CAPACITY_BUILDING"], "title": "Report"},
        )
    )["commitment"]
    report = (
        await ok(
            gql,
            "submitProgressReport",
            "progressReport { percentComplete sourceUrl confidence submittedAt }",
            {
                "commitmentId": made["id"],
                "summary": "An edition",
                "submittedAt": "2024-12-11T00:00:00Z",
                "sourceUrl": "https://example.org/edition",
                "confidence": "CONFIRMED",
            },
        )
    )["progressReport"]
    assert report["percentComplete"] is None
    assert (report["sourceUrl"], report["confidence"]) == (
        "https://example.org/edition",
        "CONFIRMED",
    )
    await refused(
        gql,
        "submitProgressReport",
        {"commitmentId": made["id"], "summary": "x", "sourceUrl": "nope"},
        "INVALID",
        ["input", "sourceUrl"],
    )


async def test_a_commitment_names_the_document_that_mandated_it(gql: GraphQLClient) -> None:
    """`mandateSymbol` records the mandating document (canonical symbol, a Document in the
    record), as a coordination body's does; a malformed symbol is refused, nothing written."""
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    selection = "commitment { id mandateDocument { symbol kind } }"
    base = {"actorId": unodc["id"], "determinants": ["PROTECTION"], "title": "Trust Fund"}
    documents = "{ documents(first: 100) { totalCount } }"
    before = (await gql.data(documents))["documents"]["totalCount"]
    await refused(
        gql,
        "createCommitment",
        {**base, "mandateSymbol": "not a symbol"},
        "INVALID",
        ["input", "mandateSymbol"],
    )
    assert (await gql.data(documents))["documents"]["totalCount"] == before
    made = (
        await ok(gql, "createCommitment", selection, {**base, "mandateSymbol": " a/res/64/293 "})
    )["commitment"]
    assert made["mandateDocument"] == {"symbol": "A/RES/64/293", "kind": "RESOLUTION"}
    await refused(
        gql,
        "updateCommitment",
        {"id": made["id"], "mandateSymbol": "A/RES/x"},
        "INVALID",
        ["input", "mandateSymbol"],
    )
    changed = (
        await ok(
            gql, "updateCommitment", selection, {"id": made["id"], "mandateSymbol": "A/RES/61/180"}
        )
    )["commitment"]
    assert changed["mandateDocument"] == {"symbol": "A/RES/61/180", "kind": "RESOLUTION"}
    cleared = (
        await ok(gql, "updateCommitment", selection, {"id": made["id"], "mandateSymbol": None})
    )["commitment"]
    assert cleared["mandateDocument"] is None
