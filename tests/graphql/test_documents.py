"""UN documents over GraphQL: recorded by symbol (checked and canonicalised), links derived
from the symbol, looked up in any case; bad input is a user error and writes nothing; the
compiled reads answer as the resolvers do; `ensure_document` for the other services."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.documents import service as documents
from gp_api.documents.models import Document, DocumentKind
from gp_api.errors import DomainError, ErrorCode
from gp_api.events.models import Event
from gp_api.principal import SYSTEM, Role
from tests.conftest import GraphQLClient, make_token
from tests.graphql.test_compiled import _both
from tests.graphql.test_websocket import answer, server
from tests.ws_client import connect

FIELDS = """id symbol kind title publishedOn sourceUrl confidence officialUrl libraryUrl
organ session year"""
CREATE = f"""mutation($input: CreateDocumentInput!) {{
  createDocument(input: $input) {{ document {{ {FIELDS} }} userErrors {{ code field message }} }}
}}"""
UPDATE = f"""mutation($input: UpdateDocumentInput!) {{
  updateDocument(input: $input) {{ document {{ {FIELDS} }} userErrors {{ code field message }} }}
}}"""


async def written(engine: AsyncEngine) -> tuple[int, int]:
    """(documents, events): what a refused mutation must leave as it was."""
    async with session_factory(engine)() as s:
        docs = await s.scalar(select(func.count()).select_from(Document))
        events = await s.scalar(select(func.count()).select_from(Event))
    return int(docs or 0), int(events or 0)


async def create(gql: GraphQLClient, **values: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await gql.data(CREATE, {"input": values}))["createDocument"]
    return result


async def test_a_document_is_recorded_by_its_canonical_symbol_with_derived_links(
    gql: GraphQLClient,
) -> None:
    made = await create(
        gql,
        symbol=" a/c.3/64/l.17/rev.1 ",
        title="Draft on trafficking",
        publishedOn="2009-10-20",
        sourceUrl="https://undocs.org/A/C.3/64/L.17/Rev.1",
        confidence="CONFIRMED",
    )

    assert made["userErrors"] == []
    document = made["document"]
    assert {k: v for k, v in document.items() if k != "id"} == {
        "symbol": "A/C.3/64/L.17/Rev.1",
        "kind": "DRAFT",  # the only kind the pattern allows
        "title": "Draft on trafficking",
        "publishedOn": "2009-10-20",
        "sourceUrl": "https://undocs.org/A/C.3/64/L.17/Rev.1",
        "confidence": "CONFIRMED",
        "officialUrl": "https://undocs.org/A/C.3/64/L.17/Rev.1",
        "libraryUrl": "https://digitallibrary.un.org/search?ln=en&p=A%2FC.3%2F64%2FL.17%2FRev.1",
        "organ": "Third Committee",
        "session": 64,
        "year": None,
    }
    ecosoc = (await create(gql, symbol="E/RES/2009/25"))["document"]
    assert (ecosoc["kind"], ecosoc["organ"], ecosoc["session"], ecosoc["year"]) == (
        "RESOLUTION",
        "Economic and Social Council",
        None,
        2009,
    )

    by_symbol = await gql.data(
        "query($s: String!) { document(symbol: $s) { id symbol } }",
        {"s": "A/C.3/64/l.17/REV.1"},
    )
    assert by_symbol["document"] == {"id": document["id"], "symbol": "A/C.3/64/L.17/Rev.1"}
    node = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Document { symbol kind } } }",
        {"id": document["id"]},
    )
    assert node["node"] == {"symbol": "A/C.3/64/L.17/Rev.1", "kind": "DRAFT"}
    for missing in ("A/RES/1/1", "not a symbol", ""):
        found = await gql.data("query($s: String!) { document(symbol: $s) { id } }", {"s": missing})
        assert found["document"] is None


@pytest.mark.parametrize(
    ("values", "code", "field", "message"),
    [
        ({"symbol": "S/RES/1440 (2002)"}, "INVALID", "symbol", "accepted forms: A/RES/<session>"),
        ({"symbol": "A/C.9/64/L.1"}, "INVALID", "symbol", "not a symbol of a known form"),
        ({"symbol": "A/74/400"}, "REQUIRED", "kind", "say which in kind"),
        ({"symbol": "A/RES/64/293", "kind": "DRAFT"}, "INVALID", "kind", "not of a DRAFT"),
        (
            {"symbol": "A/74/400", "kind": "SG_REPORT", "sourceUrl": "ftp://x"},
            "INVALID",
            "sourceUrl",
            "http(s) URL",
        ),
        ({"symbol": "A/RES/64/293", "title": "x" * 501}, "TOO_LONG", "title", "at most 500"),
    ],
)
async def test_bad_input_is_a_user_error_and_writes_nothing(
    gql: GraphQLClient,
    engine: AsyncEngine,
    values: dict[str, Any],
    code: str,
    field: str,
    message: str,
) -> None:
    before = await written(engine)

    refused = (await gql.data(CREATE, {"input": values}))["createDocument"]

    assert refused["document"] is None
    [error] = refused["userErrors"]
    assert (error["code"], error["field"]) == (code, ["input", field])
    assert message in error["message"]
    assert await written(engine) == before


async def test_a_symbol_is_recorded_once_in_any_case(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    await create(gql, symbol="A/RES/64/293")
    before = await written(engine)

    again = await create(gql, symbol="a/res/64/293")

    assert [e["code"] for e in again["userErrors"]] == ["DUPLICATE"]
    assert await written(engine) == before


async def test_update_changes_what_is_given_and_refuses_a_kind_the_symbol_does_not_allow(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    made = (await create(gql, symbol="A/74/400", kind="SG_REPORT", title="Old"))["document"]

    changed = (await gql.data(UPDATE, {"input": {"id": made["id"], "kind": "COMMITTEE_REPORT"}}))[
        "updateDocument"
    ]
    assert changed["userErrors"] == []
    assert (changed["document"]["kind"], changed["document"]["title"]) == (
        "COMMITTEE_REPORT",
        "Old",
    )

    before = await written(engine)
    for values, code in [
        ({"id": made["id"], "kind": "RESOLUTION"}, "INVALID"),
        ({"id": made["id"], "kind": None}, "REQUIRED"),
        ({"id": made["id"], "sourceUrl": "not a url"}, "INVALID"),
        ({"id": "RG9jdW1lbnQ6OTk5", "title": "T"}, "NOT_FOUND"),  # Document:999
        ({"id": "QWN0b3I6MQ==", "title": "T"}, "INVALID"),  # an Actor's id
    ]:
        refused = (await gql.data(UPDATE, {"input": values}))["updateDocument"]
        assert [e["code"] for e in refused["userErrors"]] == [code], values
        assert refused["document"] is None
    assert await written(engine) == before


async def test_the_documents_connection_filters_by_kind_and_text(gql: GraphQLClient) -> None:
    for symbol, kind in [
        ("A/RES/64/293", None),
        ("A/RES/61/180", None),
        ("A/64/L.64", None),
        ("A/74/400", "COMMITTEE_REPORT"),
    ]:
        await create(gql, symbol=symbol, **({"kind": kind} if kind else {}))

    def symbols(data: dict[str, Any]) -> list[str]:
        return [e["node"]["symbol"] for e in data["documents"]["edges"]]

    query = """query($kinds: [DocumentKind!], $search: String) {
      documents(kinds: $kinds, search: $search) { totalCount edges { node { symbol } } }
    }"""
    everything = await gql.data(query)
    assert everything["documents"]["totalCount"] == 4
    assert symbols(await gql.data(query, {"kinds": ["RESOLUTION"]})) == [
        "A/RES/61/180",
        "A/RES/64/293",
    ]
    assert symbols(await gql.data(query, {"search": "a/res/64"})) == ["A/RES/64/293"]
    assert symbols(await gql.data(query, {"kinds": ["DRAFT", "COMMITTEE_REPORT"]})) == [
        "A/64/L.64",
        "A/74/400",
    ]


async def test_the_compiled_reads_answer_as_the_resolvers_do(
    gql: GraphQLClient, app: Starlette, engine: AsyncEngine
) -> None:
    await create(gql, symbol="A/RES/64/293", title="Global Plan")
    await create(gql, symbol="A/74/400", kind="COMMITTEE_REPORT")
    made = (await create(gql, symbol="E/2009/33", kind="LETTER"))["document"]
    query = f"""query($id: ID!) {{
      documents(first: 2) {{ totalCount pageInfo {{ hasNextPage endCursor }}
        edges {{ cursor node {{ {FIELDS} }} }} }}
      letters: documents(kinds: [LETTER], search: "2009") {{ edges {{ node {{ symbol year }} }} }}
      node(id: $id) {{ ... on Document {{ {FIELDS} }} }}
    }}"""

    resolved, compiled = await _both(app, engine, query, {"id": made["id"]}, Role.VIEWER)

    assert compiled is not None, "the compiled path should plan this read"
    assert resolved.errors is None
    assert compiled == {"data": resolved.data}
    assert resolved.data["letters"]["edges"] == [{"node": {"symbol": "E/2009/33", "year": 2009}}]


async def test_documents_are_read_over_a_websocket_too(
    settings: Settings, engine: AsyncEngine, gql: GraphQLClient
) -> None:
    await create(gql, symbol="A/RES/64/293")
    secret = await make_token(engine, Role.VIEWER, name="ws reader")
    query = '{ document(symbol: "a/res/64/293") { symbol officialUrl } }'
    async with server(settings) as url, connect(url, secret) as ws:
        message = await answer(ws, query, "doc")

    assert message["payload"]["data"]["document"] == {
        "symbol": "A/RES/64/293",
        "officialUrl": "https://undocs.org/A/RES/64/293",
    }


async def test_ensure_document_returns_or_creates_and_refuses_conflicts(
    engine: AsyncEngine,
) -> None:
    async with session_factory(engine)() as s, s.begin():
        made = await documents.ensure_document(
            s, principal=SYSTEM, symbol="a/74/400", kind=DocumentKind.COMMITTEE_REPORT
        )
        again = await documents.ensure_document(
            s, principal=SYSTEM, symbol="A/74/400", kind=DocumentKind.COMMITTEE_REPORT
        )
        assert again is made
        assert made.symbol == "A/74/400"
    for symbol, kind, code in [
        ("A/74/400", DocumentKind.SG_REPORT, ErrorCode.CONFLICT),
        ("A/RES/64/293", DocumentKind.DRAFT, ErrorCode.INVALID),
        ("S/RES/1440", DocumentKind.RESOLUTION, ErrorCode.INVALID),
    ]:
        async with session_factory(engine)() as s, s.begin():
            with pytest.raises(DomainError) as error:
                await documents.ensure_document(
                    s, principal=SYSTEM, symbol=symbol, kind=kind, field="documentSymbol"
                )
            assert error.value.code is code
            assert error.value.field == ["documentSymbol"]
    assert (await written(engine))[0] == 1
