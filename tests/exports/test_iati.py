"""/exports/iati-activities.xml against the IATI activity schema 2.03 (tests/schemas/iati)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree
from starlette.applications import Starlette

from gp_api.app import create_app
from gp_api.config import Settings
from gp_api.global_ids import encode
from tests.exports.conftest import get

SCHEMA = etree.XMLSchema(
    etree.parse(
        str(
            Path(__file__).resolve().parent.parent
            / "schemas"
            / "iati"
            / "iati-activities-schema.xsd"
        )
    )
)


def pledged(rows: dict[str, list[dict[str, Any]]], actor_id: int | None = None) -> list[int]:
    return [
        c["id"]
        for c in rows["commitments"]
        if c["pledge_amount"] is not None
        and (c["starts_on"] is not None or c["due_on"] is not None)
        and actor_id in (None, c["actor_id"])
    ]


async def test_commitments_with_a_pledge_are_valid_iati_activities(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    response = await get(client, "/exports/iati-activities.xml")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    assert document.get("version") == "2.03"
    activities = document.findall("iati-activity")
    expected = pledged(odd_record)
    assert expected
    assert [a.findtext("iati-identifier") for a in activities] == [
        f"commitment-{pk}" for pk in expected
    ]
    assert [a.find("other-identifier").get("ref") for a in activities] == [
        encode("Commitment", pk) for pk in expected
    ]
    first = next(c for c in odd_record["commitments"] if c["id"] == expected[0])
    value = activities[0].find("planned-disbursement/value")
    assert value is not None
    assert value.get("currency") == first["pledge_currency"]
    assert value.text is not None
    assert float(value.text) == float(first["pledge_amount"])


async def test_the_reporting_organisation_comes_from_the_settings(
    settings: Settings, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    app: Starlette = create_app(
        replace(settings, iati_reporting_org_ref="XI-IATI-EXAMPLE", iati_reporting_org_name="Pub")
    )
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            document = etree.fromstring((await get(c, "/exports/iati-activities.xml")).content)
    finally:
        await app.state.endpoint.heads.close()
        await app.state.engine.dispose()
    SCHEMA.assertValid(document)
    activity = document.find("iati-activity")
    assert activity is not None
    assert activity.findtext("iati-identifier", "").startswith("XI-IATI-EXAMPLE-")
    org = activity.find("reporting-org")
    assert org is not None
    assert org.get("ref") == "XI-IATI-EXAMPLE"
    assert org.findtext("narrative") == "Pub"


async def test_an_actor_filter_and_an_empty_result(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    owners = {c["actor_id"] for c in odd_record["commitments"] if c["id"] in pledged(odd_record)}
    actor = sorted(owners)[0]
    response = await get(client, f"/exports/iati-activities.xml?actor={encode('Actor', actor)}")
    document = etree.fromstring(response.content)
    SCHEMA.assertValid(document)
    assert len(document.findall("iati-activity")) == len(pledged(odd_record, actor))

    unpledged = next(a["id"] for a in odd_record["actors"] if a["id"] not in owners)
    empty = await get(client, f"/exports/iati-activities.xml?actor={encode('Actor', unpledged)}")
    assert empty.status_code == 404
    assert empty.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_reporting_organisation_settings_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GP_IATI_REPORTING_ORG_REF", " XI-IATI-EXAMPLE ")
    monkeypatch.setenv("GP_IATI_REPORTING_ORG_TYPE", "15")
    monkeypatch.setenv("GP_IATI_REPORTING_ORG_NAME", "Example publisher")
    found = Settings.from_env()
    assert (found.iati_reporting_org_ref, found.iati_reporting_org_type) == (
        "XI-IATI-EXAMPLE",
        "15",
    )
    assert found.iati_reporting_org_name == "Example publisher"
    for name in (
        "GP_IATI_REPORTING_ORG_REF",
        "GP_IATI_REPORTING_ORG_TYPE",
        "GP_IATI_REPORTING_ORG_NAME",
    ):
        monkeypatch.delenv(name)
    defaults = Settings.from_env()
    assert (defaults.iati_reporting_org_ref, defaults.iati_reporting_org_type) == ("", "90")
    assert defaults.iati_reporting_org_name == "GP API"
