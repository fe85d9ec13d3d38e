"""/exports/popolo.json against the Popolo JSON schemas (tests/schemas/popolo, draft 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from tests.exports.conftest import get

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "popolo"
BASE = "http://www.popoloproject.com/schemas/"
KINDS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
    "motions": "motion",
    "vote_events": "vote_event",
}


def _registry() -> Registry:  # type: ignore[type-arg]
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + path.name, Resource(contents, specification=DRAFT3)))
        resources.append((BASE + path.name + "#", Resource(contents, specification=DRAFT3)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(kind: str) -> Draft3Validator:
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
    return Draft3Validator(schema, registry=REGISTRY, format_checker=Draft3Validator.FORMAT_CHECKER)


def assert_valid(document: dict[str, Any]) -> None:
    assert set(document) == set(KINDS)
    for key, kind in KINDS.items():
        check = validator(kind)
        for item in document[key]:
            errors = list(check.iter_errors(item))
            assert errors == [], (key, item, [e.message for e in errors])


def test_the_schemas_reject_what_they_should() -> None:
    """The validator really reads the schemas (a bad date and a bad nested ref fail)."""
    assert list(validator("membership").iter_errors({"start_date": "1 May 2010"}))
    assert list(validator("vote_event").iter_errors({"counts": [{"option": "yes"}]}))


async def test_the_whole_record_is_valid_popolo(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    response = await get(client, "/exports/popolo.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    document = response.json()
    assert_valid(document)

    rows = odd_record
    assert len(document["persons"]) == len(rows["persons"])
    assert len(document["posts"]) == len(rows["offices"])
    forums = [o for o in document["organizations"] if o["id"].startswith("gp-api:forum:")]
    assert len(forums) == 7
    assert len(document["organizations"]) == (
        len(rows["actors"]) + len(rows["coordination_bodies"]) + 7
    )
    assert len(document["memberships"]) == (
        len(rows["memberships"]) + len(rows["appointments"]) + len(rows["body_chairs"])
    )
    voted = [a for a in rows["draft_actions"] if a["method"] != "WITHOUT_A_VOTE"]
    assert len(document["vote_events"]) == len(voted)
    assert voted, "the odd record has votes"
    ballots = sum(len(e.get("votes", [])) for e in document["vote_events"])
    voted_ids = {a["id"] for a in voted}
    assert ballots == sum(1 for v in rows["draft_votes"] if v["action_id"] in voted_ids)
    motion_ids = {m["id"] for m in document["motions"]}
    assert {e["motion_id"] for e in document["vote_events"]} <= motion_ids
    org_ids = {o["id"] for o in document["organizations"]}
    for m in document["memberships"]:
        assert "organization_id" not in m or m["organization_id"] in org_ids


async def test_the_demo_record_is_valid_popolo(client: httpx.AsyncClient, demo: None) -> None:
    document = (await get(client, "/exports/popolo.json")).json()
    assert_valid(document)
    names = {o["name"] for o in document["organizations"]}
    assert any("Group of Friends" in n for n in names)
    bodies = [o for o in document["organizations"] if o["classification"] == "coordination_body"]
    assert bodies
    assert any(m.get("post_id") for m in document["memberships"])  # appointments
    assert any(m.get("member") for m in document["memberships"])  # body memberships
