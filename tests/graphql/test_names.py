"""Names in the six UN languages and as of a day, over GraphQL: `name(language:, on:)`, the
fallback to English said in `localizedName`, `names`, states' names from ISO 3166, the
request's language from Accept-Language (HTTP) or connection_init (WebSocket), and kinds by
date (`kindOn`, `kinds`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import websockets
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors import kinds
from gp_api.actors.models import Actor, ActorKind, ActorKindPeriod
from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.models_common import Confidence
from gp_api.names import service as names
from gp_api.names.iso import ISO_CODES_SOURCE
from gp_api.names.models import LanguageCode, LocalizedName
from gp_api.principal import SYSTEM
from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_imports import imported
from tests.graphql.test_workflows import member, option
from tests.graphql.test_writes import ok
from tests.ws_client import connect, serve, subscribe

LIBYA_SOURCE = "https://unis.unvienna.org/unis/en/pressrels/2011/unisvic184.html"
RENAMED = dt.date(2011, 9, 16)

NAME = """
query($id: ID!, $language: LanguageCode, $on: Date) {
  node(id: $id) {
    ... on Actor {
      name
      asked: name(language: $language, on: $on)
      localizedName(language: $language, on: $on) {
        text language fallback validFrom validUntil sourceUrl confidence derived
      }
    }
  }
}
"""
NAMES = """
query($id: ID!, $language: LanguageCode) {
  node(id: $id) { ... on Actor { names(language: $language) {
    text language validFrom validUntil derived sourceUrl
  } } }
}
"""
PLAIN_NAMES = "{ actors { edges { node { name } } } }"
KINDS = """
query($id: ID!) {
  node(id: $id) { ... on Actor {
    kind before: kindOn(date: "2010-07-30") after: kindOn(date: "2020-01-01")
    kinds { kind validFrom validUntil sourceUrl confidence }
  } }
}
"""


async def _libya(gql: GraphQLClient, engine: AsyncEngine) -> str:
    """Libya as the UN named it: "Libyan Arab Jamahiriya" until 15 September 2011."""
    actor = await create_actor(gql, name="Libya", kind="STATE", isoAlpha2="LY")
    async with session_factory(engine)() as session, session.begin():
        row = await session.scalar(select(Actor).where(Actor.name == "Libya"))
        assert row is not None
        current = await session.scalar(
            select(LocalizedName).where(LocalizedName.subject_id == row.id)
        )
        assert current is not None
        assert current.language is LanguageCode.EN
        current.valid_from = RENAMED
        await names.record_name(
            session,
            principal=SYSTEM,
            subject=("Actor", row.id),
            language=LanguageCode.EN,
            name="Libyan Arab Jamahiriya",
            valid_until=RENAMED - dt.timedelta(days=1),
            source_url=LIBYA_SOURCE,
            confidence=Confidence.UNCONFIRMED,
        )
    return str(actor["id"])


async def _name(gql: GraphQLClient, actor_id: str, **arguments: Any) -> dict[str, Any]:
    data = await gql.data(NAME, {"id": actor_id, **arguments})
    found: dict[str, Any] = data["node"]
    return found


async def test_a_name_as_of_a_day_is_the_one_the_un_used_then(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    libya = await _libya(gql, engine)

    in_2010 = await _name(gql, libya, on="2010-07-30")
    today = await _name(gql, libya)

    assert in_2010["name"] == "Libya"  # no arguments: today's English name, as before
    assert in_2010["asked"] == "Libyan Arab Jamahiriya"
    assert in_2010["localizedName"] == {
        "text": "Libyan Arab Jamahiriya",
        "language": "EN",
        "fallback": False,
        "validFrom": None,
        "validUntil": "2011-09-15",
        "sourceUrl": LIBYA_SOURCE,
        "confidence": "UNCONFIRMED",
        "derived": False,
    }
    assert (await _name(gql, libya, on="2011-09-16"))["asked"] == "Libya"
    assert today["asked"] == "Libya"


async def test_a_states_name_in_another_language_comes_from_iso_3166_and_says_so(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    libya = await _libya(gql, engine)

    french = await _name(gql, libya, language="FR")
    russian = await _name(gql, libya, language="RU")

    assert french["asked"] == "Libye"
    assert french["localizedName"]["language"] == "FR"
    assert french["localizedName"]["fallback"] is False
    assert french["localizedName"]["derived"] is True
    assert french["localizedName"]["sourceUrl"] == ISO_CODES_SOURCE
    # The ISO form of today's name applies from the day today's English name does.
    assert french["localizedName"]["validFrom"] == "2011-09-16"
    assert russian["asked"] == "Ливия"


async def test_a_missing_translation_falls_back_to_english_and_says_so(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    libya = await _libya(gql, engine)
    ngo = await create_actor(gql, name="La Strada International", kind="NGO")

    in_2010 = await _name(gql, libya, language="FR", on="2010-07-30")
    ngo_in_arabic = await _name(gql, ngo["id"], language="AR")

    # No French form is recorded for 2010 (the ISO one is today's name's): English answers.
    assert in_2010["asked"] == "Libyan Arab Jamahiriya"
    assert in_2010["localizedName"]["language"] == "EN"
    assert in_2010["localizedName"]["fallback"] is True
    assert ngo_in_arabic["asked"] == "La Strada International"
    assert ngo_in_arabic["localizedName"]["fallback"] is True


async def test_names_lists_every_form_by_language_then_date(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    libya = await _libya(gql, engine)

    every = (await gql.data(NAMES, {"id": libya}))["node"]["names"]
    english = (await gql.data(NAMES, {"id": libya, "language": "EN"}))["node"]["names"]

    assert [n["language"] for n in every] == ["AR", "ZH", "EN", "EN", "FR", "RU", "ES"]
    assert [(n["text"], n["validUntil"]) for n in english] == [
        ("Libyan Arab Jamahiriya", "2011-09-15"),
        ("Libya", None),
    ]
    assert all(n["derived"] for n in every if n["language"] != "EN")


async def test_accept_language_sets_the_default_and_is_never_served_another_languages_answer(
    gql: GraphQLClient, engine: AsyncEngine, client: httpx.AsyncClient, admin_secret: str
) -> None:
    await _libya(gql, engine)

    async def names_in(header: str | None) -> list[str]:
        headers = {"authorization": f"Bearer {admin_secret}"}
        if header is not None:
            headers["accept-language"] = header
        response = await client.post("/graphql", json={"query": PLAIN_NAMES}, headers=headers)
        assert "accept-language" in response.headers["vary"].lower()  # for shared caches
        body = response.json()
        assert "errors" not in body, body
        return [e["node"]["name"] for e in body["data"]["actors"]["edges"]]

    # English first, twice: the document is admitted to the compiled path and cached.
    assert await names_in(None) == ["Libya"]
    assert await names_in(None) == ["Libya"]
    assert await names_in("fr-CH, fr;q=0.9, en;q=0.8") == ["Libye"]
    assert await names_in("de, es;q=0.5") == ["Libia"]
    assert await names_in("de") == ["Libya"]  # none of the six: English
    assert await names_in("en, fr;q=0.1") == ["Libya"]


async def test_an_explicit_language_wins_over_accept_language(
    gql: GraphQLClient, engine: AsyncEngine, client: httpx.AsyncClient, admin_secret: str
) -> None:
    libya = await _libya(gql, engine)

    body = (
        await client.post(
            "/graphql",
            json={"query": NAME, "variables": {"id": libya, "language": "EN"}},
            headers={"authorization": f"Bearer {admin_secret}", "accept-language": "ru"},
        )
    ).json()

    assert body["data"]["node"]["name"] == "Ливия"
    assert body["data"]["node"]["asked"] == "Libya"


@contextlib.asynccontextmanager
async def _server(settings: Settings) -> AsyncIterator[str]:
    app = create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))
    async with serve(app) as host:
        yield f"ws://{host}/graphql"


async def test_over_websocket_connection_init_or_the_upgrade_header_sets_the_language(
    gql: GraphQLClient, engine: AsyncEngine, settings: Settings
) -> None:
    await _libya(gql, engine)
    async with _server(settings) as url:
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(
                json.dumps({"type": "connection_init", "payload": {"Accept-Language": "ru"}})
            )
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            russian = await (await subscribe(ws, PLAIN_NAMES)).next()
        async with websockets.connect(
            url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers={"Accept-Language": "zh-CN"},
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            chinese = await (await subscribe(ws, PLAIN_NAMES)).next()
        async with connect(url) as ws:
            english = await (await subscribe(ws, PLAIN_NAMES)).next()

    def first(message: dict[str, Any]) -> str:
        assert message["type"] == "next", message
        return str(message["payload"]["data"]["actors"]["edges"][0]["node"]["name"])

    assert first(russian) == "Ливия"
    assert first(chinese) == "利比亚"
    assert first(english) == "Libya"


async def _iom(gql: GraphQLClient, engine: AsyncEngine) -> dict[str, Any]:
    """IOM: a UN entity today, an intergovernmental organisation until 18 September 2016."""
    iom = await create_actor(gql, name="International Organization for Migration", kind="UN_ENTITY")
    async with session_factory(engine)() as session, session.begin():
        actor = await session.scalar(select(Actor).where(Actor.kind == ActorKind.UN_ENTITY))
        assert actor is not None
        today = await session.scalar(
            select(ActorKindPeriod).where(ActorKindPeriod.actor_id == actor.id)
        )
        assert today is not None
        assert today.kind is ActorKind.UN_ENTITY
        today.valid_from = dt.date(2016, 9, 19)
        await kinds.record_kind_period(
            session,
            principal=SYSTEM,
            actor=actor,
            kind=ActorKind.INTERGOVERNMENTAL_ORGANIZATION,
            valid_from=None,
            valid_until=dt.date(2016, 9, 18),
            source_url="https://www.iom.int/news/iom-becomes-related-organization-un",
            confidence=Confidence.CONFIRMED,
        )
    return iom


async def test_a_kind_on_a_day_is_the_kind_of_that_period(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    iom = await _iom(gql, engine)

    found = (await gql.data(KINDS, {"id": iom["id"]}))["node"]

    assert (found["kind"], found["before"], found["after"]) == (
        "UN_ENTITY",
        "INTERGOVERNMENTAL_ORGANIZATION",
        "UN_ENTITY",
    )
    assert [(k["kind"], k["validFrom"], k["validUntil"]) for k in found["kinds"]] == [
        ("INTERGOVERNMENTAL_ORGANIZATION", None, "2016-09-18"),
        ("UN_ENTITY", "2016-09-19", None),
    ]


async def test_the_body_guards_count_a_members_kind_on_the_day_of_the_move(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    body = (await ok(gql, "createCoordinationBody", "coordinationBody { id }", {"name": "Core"}))[
        "coordinationBody"
    ]["id"]
    for actor in (
        await create_actor(gql, name="Belarus", kind="STATE", isoAlpha2="BY"),
        await _iom(gql, engine),
        await create_actor(gql, name="La Strada International", kind="NGO"),
    ):
        await member(gql, body, actor)

    today = await option(gql, body, "convene_core_group")
    payload = await imported(
        gql,
        subjectId=body,
        toState="CORE_GROUP",
        on="2010-03-10",
        sourceUrl="https://mfa.gov.by/en/press/news_mfa/f6b5ec478767eb9a.html",
    )

    # Today IOM is a UN entity: a state, a UN entity and an NGO.
    assert today["blockers"] == []
    # In 2010 it was not: the import records the guard that failed then, and says how to clear it.
    failed = [d for d in payload["transition"]["deviations"] if d["kind"] == "GUARD_FAILED"]
    assert [d["guard"] for d in failed] == ["core_group_composition"]
    assert "UN entity" in failed[0]["blocker"]
    assert "UN_ENTITY" in failed[0]["blocker"]


RECORD_NAME = """
mutation($input: RecordNameInput!) {
  recordName(input: $input) {
    name { text language validFrom validUntil sourceUrl confidence derived }
    userErrors { code message field }
  }
}
"""
RECORD_KIND = """
mutation($input: RecordActorKindInput!) {
  recordActorKind(input: $input) {
    actor { id kind kindOn(date: "2010-01-01") }
    userErrors { code message field }
  }
}
"""
BODY_NAMES = """
query($id: ID!) { node(id: $id) { ... on CoordinationBody {
  name ru: name(language: RU) localizedName(language: FR) { text language fallback }
  names { text language }
} } }
"""
UN_NEWS_RU = "https://news.un.org/ru/story/2010/03/1160201"


async def test_record_name_enters_a_sourced_form_and_its_event(gql: GraphQLClient) -> None:
    body = (
        await ok(
            gql,
            "createCoordinationBody",
            "coordinationBody { id }",
            {"name": "Group of Friends united against Human Trafficking"},
        )
    )["coordinationBody"]["id"]
    text = "Группа друзей, объединившихся в борьбе с торговлей людьми"  # noqa: RUF001

    payload = (
        await gql.data(
            RECORD_NAME,
            {
                "input": {
                    "subjectId": body,
                    "language": "RU",
                    "name": text,
                    "sourceUrl": UN_NEWS_RU,
                    "confidence": "CONFIRMED",
                }
            },
        )
    )["recordName"]
    found = (await gql.data(BODY_NAMES, {"id": body}))["node"]
    recorded = (
        await gql.data(
            '{ events(types: ["coordination_body.name_recorded"]) { edges { node {'
            " subjectId data } } } }"
        )
    )["events"]["edges"]

    assert payload["userErrors"] == []
    assert payload["name"] == {
        "text": text,
        "language": "RU",
        "validFrom": None,
        "validUntil": None,
        "sourceUrl": UN_NEWS_RU,
        "confidence": "CONFIRMED",
        "derived": False,
    }
    assert found["name"] == "Group of Friends united against Human Trafficking"
    assert found["ru"] == text
    assert found["localizedName"] == {
        "text": "Group of Friends united against Human Trafficking",
        "language": "EN",
        "fallback": True,
    }
    assert found["names"] == [{"text": text, "language": "RU"}]
    assert [e["node"]["subjectId"] for e in recorded] == [body]
    assert recorded[0]["node"]["data"]["language"] == "RU"
    assert recorded[0]["node"]["data"]["name"] == text


async def test_a_name_record_refused_says_why_and_writes_nothing(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    libya = await _libya(gql, engine)
    person = (await ok(gql, "createPerson", "person { id }", {"name": "A Person"}))["person"]["id"]
    before = (await gql.data("{ events { totalCount } }"))["events"]["totalCount"]

    refusals = {}
    for label, fields in {
        "overlap": {"subjectId": libya, "validFrom": "2010-01-01", "validUntil": "2012-01-01"},
        "order": {"subjectId": libya, "validFrom": "2012-01-01", "validUntil": "2010-01-01"},
        "person": {"subjectId": person},
        "bad id": {"subjectId": "not an id"},
        "blank": {"subjectId": libya, "name": " "},
    }.items():
        payload = (
            await gql.data(
                RECORD_NAME, {"input": {"language": "EN", "name": "Libyan Republic", **fields}}
            )
        )["recordName"]
        assert payload["name"] is None
        refusals[label] = [(e["code"], e["field"]) for e in payload["userErrors"]]

    assert refusals == {
        "overlap": [("CONFLICT", ["input", "validFrom"])],
        "order": [("INVALID", ["input", "validUntil"])],
        "person": [("INVALID", ["input", "subjectId"])],
        "bad id": [("INVALID", ["input", "subjectId"])],
        "blank": [("REQUIRED", ["input", "name"])],
    }
    assert (await gql.data("{ events { totalCount } }"))["events"]["totalCount"] == before
    english = (await gql.data(NAMES, {"id": libya, "language": "EN"}))["node"]["names"]
    assert [n["text"] for n in english] == ["Libyan Arab Jamahiriya", "Libya"]


async def test_record_actor_kind_dates_a_kind_and_refuses_an_open_period_of_another(
    gql: GraphQLClient,
) -> None:
    iom = await create_actor(gql, name="International Organization for Migration", kind="UN_ENTITY")

    open_other = (
        await gql.data(
            RECORD_KIND,
            {"input": {"actorId": iom["id"], "kind": "INTERGOVERNMENTAL_ORGANIZATION"}},
        )
    )["recordActorKind"]
    start = (
        await gql.data(
            RECORD_KIND,
            {
                "input": {
                    "actorId": iom["id"],
                    "kind": "UN_ENTITY",
                    "validFrom": "2016-09-19",
                    "sourceUrl": "https://nigeria.iom.int/news/world-move-iom-joins-un-summit-refugees-and-migrants",
                    "confidence": "CONFIRMED",
                }
            },
        )
    )["recordActorKind"]

    assert [e["code"] for e in open_other["userErrors"]] == ["INVALID"]
    assert open_other["actor"] is None
    # An open period is today's kind: this gives it its start.
    assert start["userErrors"] == []
    assert start["actor"]["kindOn"] == "UN_ENTITY"  # nothing recorded before 2016 yet

    before = (
        await gql.data(
            RECORD_KIND,
            {
                "input": {
                    "actorId": iom["id"],
                    "kind": "INTERGOVERNMENTAL_ORGANIZATION",
                    "validUntil": "2016-09-18",
                    "sourceUrl": "https://www.iom.int/news/iom-becomes-related-organization-un",
                }
            },
        )
    )["recordActorKind"]
    overlapping = (
        await gql.data(
            RECORD_KIND,
            {"input": {"actorId": iom["id"], "kind": "OTHER", "validUntil": "2017-01-01"}},
        )
    )["recordActorKind"]
    found = (await gql.data(KINDS, {"id": iom["id"]}))["node"]

    assert before["userErrors"] == []
    assert before["actor"]["kindOn"] == "INTERGOVERNMENTAL_ORGANIZATION"
    assert [e["code"] for e in overlapping["userErrors"]] == ["CONFLICT"]
    assert [(k["kind"], k["validFrom"], k["validUntil"]) for k in found["kinds"]] == [
        ("INTERGOVERNMENTAL_ORGANIZATION", None, "2016-09-18"),
        ("UN_ENTITY", "2016-09-19", None),
    ]


async def test_a_states_former_name_is_entered_with_the_api_alone(gql: GraphQLClient) -> None:
    cabo_verde = (await create_actor(gql, name="Cabo Verde", kind="STATE", isoAlpha2="CV"))["id"]
    source = "https://www.bostonglobe.com/metro/2014/02/10/cape-verde-asks-world-call-cabo-verde/LoHX9VhfzljfmnrY9I8xeM/story.html"

    renamed = (
        await gql.data(
            RECORD_NAME,
            {
                "input": {
                    "subjectId": cabo_verde,
                    "language": "EN",
                    "name": "Cabo Verde",
                    "validFrom": "2013-10-24",
                    "sourceUrl": source,
                }
            },
        )
    )["recordName"]
    former = (
        await gql.data(
            RECORD_NAME,
            {
                "input": {
                    "subjectId": cabo_verde,
                    "language": "EN",
                    "name": "Cape Verde",
                    "validUntil": "2013-10-23",
                    "sourceUrl": source,
                }
            },
        )
    )["recordName"]
    not_today = (
        await gql.data(
            RECORD_NAME,
            {"input": {"subjectId": cabo_verde, "language": "EN", "name": "Cape Verde"}},
        )
    )["recordName"]

    assert renamed["userErrors"] == []
    assert former["userErrors"] == []
    assert [(e["code"], e["field"]) for e in not_today["userErrors"]] == [
        ("INVALID", ["input", "validUntil"])
    ]
    assert (await _name(gql, cabo_verde, on="2010-07-30"))["asked"] == "Cape Verde"
    assert (await _name(gql, cabo_verde))["asked"] == "Cabo Verde"
    # Today's ISO forms apply from the new name's first day; before it, English answers.
    in_french = await _name(gql, cabo_verde, language="FR", on="2010-07-30")
    assert (in_french["asked"], in_french["localizedName"]["fallback"]) == ("Cape Verde", True)


async def test_search_finds_a_subject_by_a_former_name_or_one_in_another_language(
    gql: GraphQLClient, app: Any
) -> None:
    """`search` reads every recorded form (former names, other languages), on the resolvers'
    path and on the compiled one alike; a form of another subject type never matches."""
    cabo_verde = (await create_actor(gql, name="Cabo Verde", kind="STATE", isoAlpha2="CV"))["id"]
    await create_actor(gql, name="Cape Town Process", kind="OTHER")
    recorded = await gql.data(
        RECORD_NAME,
        {
            "input": {
                "subjectId": cabo_verde,
                "language": "EN",
                "name": "Cape Verde",
                "validUntil": "2013-10-23",
            }
        },
    )
    assert recorded["recordName"]["userErrors"] == []
    query = "query($s: String) { actors(search: $s) { edges { node { id name } } } }"
    for search, expected in [
        ("cape verde", ["Cabo Verde"]),  # a former name
        ("CAPE", ["Cabo Verde", "Cape Town Process"]),
        ("bo ve", ["Cabo Verde"]),  # today's name
        ("cap_", []),  # no LIKE wildcards
    ]:
        answers = []
        for _ in range(2):  # the resolvers, then the compiled statement
            app.state.endpoint.cache.entries.clear()
            executed = app.state.endpoint.compiled.executed
            found = await gql.data(query, {"s": search})
            answers.append(sorted(e["node"]["name"] for e in found["actors"]["edges"]))
        assert app.state.endpoint.compiled.executed == executed + 1
        assert answers == [expected, expected], search
    bodies = await gql.data(
        '{ coordinationBodies(search: "cape verde") { edges { node { id } } } }'
    )
    assert bodies["coordinationBodies"]["edges"] == []
