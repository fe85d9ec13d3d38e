"""The General Assembly records carried over: a database holding the demo data as it was loaded
before the records of sessions, documents, allocations and drafts existed
(tests/data/demo_before_ga_records.json, dumped from `gp-api seed --demo` at revision
0005_data_version) is upgraded to head, and every record is found again in its new form."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from gp_api.db import create_engine
from tests.conftest import migrate

DUMP = json.loads((Path(__file__).parent / "data" / "demo_before_ga_records.json").read_text())
TABLES: dict[str, list[dict[str, Any]]] = DUMP["tables"]
# Parents first.
ORDER = [
    "actors",
    "coordination_bodies",
    "memberships",
    "meetings",
    "meeting_participants",
    "agenda_items",
    "resolutions",
    "sponsorships",
    "adoptions",
    "commitments",
    "events",
    "transition_records",
]
STATES = {"INFORMAL_CONSULTATIONS": "DRAFTING", "TABLED": "INTRODUCED"}


def _typed(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    """The dumped values (SQLite text) as the column types want them."""
    out = {}
    for name, value in row.items():
        column_type = table.c[name].type
        if isinstance(value, str) and isinstance(column_type, sa.DateTime):
            value = dt.datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column_type, sa.Date):
            value = dt.date.fromisoformat(value)
        elif isinstance(value, int) and isinstance(column_type, sa.Boolean):
            value = bool(value)
        out[name] = value
    return out


async def _load(conn: AsyncConnection) -> None:
    meta = sa.MetaData()
    await conn.run_sync(lambda sync: meta.reflect(sync))
    assert set(TABLES) - {"plan_steps", "webhook_dispatch_cursor"} <= set(ORDER)
    for name in ORDER:
        table = meta.tables[name]
        await conn.execute(table.insert(), [_typed(table, r) for r in TABLES[name]])
    if conn.dialect.name == "postgresql":
        for name in ORDER:
            if "id" in meta.tables[name].c:
                await conn.execute(
                    sa.text(f"SELECT setval('{name}_id_seq', (SELECT max(id) FROM {name}))")
                )


async def _rows(conn: AsyncConnection, sql: str) -> list[Any]:
    return list((await conn.execute(sa.text(sql))).all())


async def test_every_record_survives_in_its_new_form(scratch_database_url: str) -> None:
    url = scratch_database_url
    await migrate(url, DUMP["revision"])
    engine = create_engine(url, pool=False)
    async with engine.begin() as conn:
        await _load(conn)
    await migrate(url)
    async with engine.connect() as conn:
        for name in ("actors", "agenda_items", "resolutions", "sponsorships", "events"):
            found = {r[0] for r in await _rows(conn, f"SELECT id FROM {name}")}
            assert found == {r["id"] for r in TABLES[name]}, name
        assert len(await _rows(conn, "SELECT id FROM transition_records")) == len(
            TABLES["transition_records"]
        )

        drafts = {
            r.id: r
            for r in await _rows(
                conn,
                "SELECT id, title, state, forum, kind, draft_symbol, symbol, report_symbol,"
                " workflow_version FROM resolutions",
            )
        }
        for old in TABLES["resolutions"]:
            new = drafts[old["id"]]
            assert (new.title, new.draft_symbol, new.symbol) == (
                old["title"],
                old["draft_symbol"],
                old["symbol"],
            )
            assert new.state == STATES.get(old["state"], old["state"])
            assert (new.kind, new.workflow_version) == ("RESOLUTION", 2)

        # Every adoption is an action of its forum, on its day, by its method.
        actions = await _rows(
            conn,
            "SELECT resolution_id, forum, outcome, method, taken_on FROM draft_actions ORDER BY id",
        )
        assert len(actions) == len(TABLES["adoptions"])
        for old, new in zip(TABLES["adoptions"], actions, strict=True):
            draft = drafts[old["resolution_id"]]
            forum = "PLENARY" if old["forum"] == "PLENARY" else draft.forum
            assert (new.resolution_id, new.forum, new.outcome) == (
                old["resolution_id"],
                forum,
                "ADOPTED",
            )
            assert str(new.taken_on)[:10] == old["adopted_on"]
            assert new.method == "WITHOUT_A_VOTE" == old["method"]
            if old["forum"] == "COMMITTEE":
                assert draft.forum != "PLENARY"
                assert draft.report_symbol == old["document_symbol"]

        # Every allocation is a row, dated by the move that allocated the item.
        allocations = {
            (r.agenda_item_id, r.forum)
            for r in await _rows(conn, "SELECT agenda_item_id, forum FROM agenda_item_allocations")
        }
        for item in TABLES["agenda_items"]:
            if item["allocated_to"] is not None:
                assert (item["id"], item["allocated_to"]) in allocations
    await engine.dispose()
