"""Revision 0008_documents carries the record over: a database at 0007_allocations holding the
demo data set is upgraded, and every session its agenda items name becomes a session (dates
unknown, UNCONFIRMED) that they point at, and every symbol its resolutions and adoptions name
becomes a document of the kind its pattern gives. On the current backend (SQLite or
PostgreSQL), through the same migrations `gp-api migrate` runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from gp_api.db import create_engine, session_factory
from gp_api.demo.loader import load_demo
from tests.conftest import downgrade, migrate, scratch_database
from tests.test_migrations import table_names

EXPECTED_KINDS = {
    "A/64/L.64": "DRAFT",
    "A/C.3/74/L.27": "DRAFT",  # written in lower case
    "A/78/L.7/Add.1/Rev.2": "OTHER",  # in no known form: as it was
    "A/74/400": "COMMITTEE_REPORT",  # under the committee's adoption
    "A/RES/61/180": "RESOLUTION",
    "A/RES/64/293": "RESOLUTION",
    "A/RES/68/192": "RESOLUTION",
    "A/RES/72/1": "RESOLUTION",
    "A/RES/74/176": "RESOLUTION",
}


async def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url, pool=False)
    async with engine.connect() as conn:
        found = [tuple(r) for r in (await conn.execute(text(sql))).all()]
    await engine.dispose()
    return found


async def test_sessions_and_symbols_of_the_demo_data_come_over(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        # The demo data set as `gp-api seed --demo` loads it, then the database taken back to
        # 0007_allocations: what a deployment holds before this revision.
        await migrate(url)
        engine = create_engine(url, pool=False)
        async with session_factory(engine)() as session, session.begin():
            await load_demo(session)
        await engine.dispose()
        await downgrade(url, "0007_allocations")
        assert not {"ga_sessions", "session_parts", "documents"} & await table_names(url)
        # Symbols as they were written before they were checked: in lower case, in no known
        # form, and a report under a committee's adoption.
        engine = create_engine(url, pool=False)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE resolutions SET draft_symbol = 'a/c.3/74/l.27'"
                    " WHERE symbol = 'A/RES/74/176' OR id = (SELECT resolution_id FROM adoptions"
                    " WHERE document_symbol = 'A/RES/74/176')"
                )
            )
            await conn.execute(
                text(
                    "UPDATE resolutions SET draft_symbol = 'A/78/L.7/Add.1/Rev.2'"
                    " WHERE id = (SELECT resolution_id FROM adoptions"
                    " WHERE document_symbol = 'A/RES/68/192')"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO adoptions (resolution_id, forum, method, adopted_on,"
                    " document_symbol, source_url)"
                    " SELECT resolution_id, 'COMMITTEE', 'WITHOUT_A_VOTE', adopted_on,"
                    " 'A/74/400', source_url FROM adoptions"
                    " WHERE document_symbol = 'A/RES/74/176'"
                )
            )
        await engine.dispose()
        items_before = await rows(url, "SELECT id, session FROM agenda_items ORDER BY id")
        named = await rows(
            url,
            "SELECT draft_symbol, 'draft' FROM resolutions WHERE draft_symbol IS NOT NULL"
            " UNION ALL SELECT symbol, 'adopted' FROM resolutions WHERE symbol IS NOT NULL"
            " UNION ALL SELECT document_symbol, forum FROM adoptions"
            " WHERE document_symbol IS NOT NULL",
        )
        assert items_before
        assert named

        await migrate(url)

        sessions = await rows(
            url,
            "SELECT id, opens_on, closes_on, confidence, source_url FROM ga_sessions ORDER BY id",
        )
        assert sessions == [
            (n, None, None, "UNCONFIRMED", None) for n in sorted({s for _, s in items_before})
        ]
        assert await rows(url, "SELECT id, session FROM agenda_items ORDER BY id") == items_before
        documents = dict(await rows(url, "SELECT symbol, kind FROM documents"))
        canonical = {str(symbol).upper() for symbol, _ in named}
        assert canonical == {symbol.upper() for symbol in documents}
        for symbol, kind in EXPECTED_KINDS.items():
            assert documents[symbol] == kind
        cited = await rows(url, "SELECT count(*) FROM documents WHERE source_url IS NULL")
        assert cited == [(0,)]  # each cites the row that named it

        # The agenda items now point at their session: no item on a session not recorded.
        engine = create_engine(url, pool=False)
        with pytest.raises(IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(
                    text("UPDATE agenda_items SET session = 998 WHERE id = :id"),
                    {"id": items_before[0][0]},
                )
        # ... and the demo loads again, finding everything in place.
        async with session_factory(engine)() as session, session.begin():
            again = await load_demo(session)
        await engine.dispose()
        assert again.created.get("agenda_items", 0) == 0
