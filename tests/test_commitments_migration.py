"""Revision 0012 carries today's commitments over: a database at 0010_drafts holding commitments
under one determinant each, with progress reports, is upgraded; each commitment keeps its
determinant as a list of one and every other value, its reports keep their percentage; and the
downgrade brings the single determinant back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from gp_api.db import create_engine
from tests.conftest import downgrade, migrate

AT = dt.datetime(2024, 1, 2, 3, 4, 5)
COMMITMENTS = [
    (1, "PROTECTION", "Trust Fund", dt.date(2010, 11, 4), "IN_PROGRESS"),
    (2, "CAPACITY_BUILDING", "Global Report", dt.date(2009, 2, 1), "IN_PROGRESS"),
    (3, "CRIMINALISATION", "A law", None, "PLEDGED"),
]


def _list(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value)


async def test_each_commitment_keeps_its_determinant_as_a_list(scratch_database_url: str) -> None:
    url = scratch_database_url
    await migrate(url, "0010_drafts")
    engine = create_engine(url, pool=False)
    async with engine.begin() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO actors (id, name, kind, is_origin, is_transit, is_destination,"
                " flow_roles_illustrative, created_at, updated_at)"
                " VALUES (1, 'UNODC', 'UN_ENTITY', false, false, false, false, :at, :at)"
            ),
            {"at": AT},
        )
        for pk, determinant, title, starts_on, state in COMMITMENTS:
            await conn.execute(
                sa.text(
                    "INSERT INTO commitments (id, actor_id, determinant, title, starts_on, state,"
                    " version, workflow_version, created_at, updated_at)"
                    " VALUES (:id, 1, :d, :t, :s, :state, 1, 1, :at, :at)"
                ),
                {"id": pk, "d": determinant, "t": title, "s": starts_on, "state": state, "at": AT},
            )
        await conn.execute(
            sa.text(
                "INSERT INTO progress_reports (id, commitment_id, submitted_at, summary,"
                " percent_complete) VALUES (1, 2, :at, 'An edition', 40)"
            ),
            {"at": AT},
        )
    await migrate(url, "0012_commitment_details")
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                sa.text(
                    "SELECT id, determinants, pillars, sdg_targets, countries, evidence, scope,"
                    " pledge_amount, pledge_currency, title, starts_on, state FROM commitments"
                    " ORDER BY id"
                )
            )
        ).all()
        report = (
            await conn.execute(
                sa.text("SELECT percent_complete, source_url, confidence FROM progress_reports")
            )
        ).one()
    assert [
        (r.id, _list(r.determinants), r.title, str(r.starts_on) if r.starts_on else None, r.state)
        for r in rows
    ] == [
        (pk, [d], title, str(starts) if starts else None, state)
        for pk, d, title, starts, state in COMMITMENTS
    ]
    for r in rows:
        assert [_list(r.pillars), _list(r.sdg_targets), _list(r.countries), _list(r.evidence)] == [
            [],
            [],
            [],
            [],
        ]
        assert (r.scope, r.pledge_amount, r.pledge_currency) == (None, None, None)
    assert tuple(report) == (40, None, None)

    # The new terms hold; the old column is gone.
    async with engine.begin() as conn:
        await conn.execute(
            sa.text(
                "UPDATE commitments SET determinants = :d, pledge_amount = '5', pledge_currency"
                " = 'USD' WHERE id = 3"
            ),
            {"d": json.dumps(["ROOT_CAUSES", "CRIMINALISATION"])},
        )
        await conn.execute(sa.text("UPDATE progress_reports SET percent_complete = NULL"))

    await downgrade(url, "0010_drafts")
    async with engine.connect() as conn:
        back = (
            await conn.execute(sa.text("SELECT id, determinant FROM commitments ORDER BY id"))
        ).all()
        percent = (
            await conn.execute(sa.text("SELECT percent_complete FROM progress_reports"))
        ).one()
    await engine.dispose()
    assert [tuple(r) for r in back] == [
        (1, "PROTECTION"),
        (2, "CAPACITY_BUILDING"),
        (3, "ROOT_CAUSES"),
    ]
    assert tuple(percent) == (0,)
