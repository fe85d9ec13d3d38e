"""Popolo JSON (http://www.popoloproject.com/): the record's people, organizations,
memberships, posts, and the motions and vote events of the drafts put to a vote.

One JSON object with the arrays `persons`, `organizations`, `memberships`, `posts`, `motions`
and `vote_events` (as Popolo JSON exports such as EveryPolitician's hold them), each item
valid against its Popolo schema. IDs are the API's global IDs, so an item can be refetched
with `node(id:)`; the General Assembly and its six Main Committees, the forums drafts are put
to, are organizations with ids of their own (`gp-api:forum:<FORUM>`, the Main Committees with
the plenary as parent).

- persons: each Person (name, source).
- organizations: actors (classification: their kind in lower case; identifiers: ISO 3166-1
  alpha-2 and alpha-3, UN M49; short name as an other name; website as a link), coordination
  bodies (classification `coordination_body`, founding date, mandate as description), the
  forums.
- memberships: an actor's membership of a body (`member` the actor as an Organization), an
  appointment of a person to an office (`post_id`, the office's actor as organization), and a
  body's chair (role `chair`).
- posts: each office (label its title, role its kind, organization its actor).
- motions: each draft resolution or decision, and each amendment, acted on by a vote.
- vote_events: each action taken by a vote (recorded, roll-call or not recorded): its counts,
  and each Member State's vote when the record has them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from gp_api.actors.models import FLOW_FLAGS
from gp_api.exports.rows import Reader
from gp_api.ga.models import Allocation, VotingMethod
from gp_api.global_ids import encode
from gp_api.readmodel import InText

FORUM_NAMES = {
    Allocation.PLENARY: "United Nations General Assembly",
    Allocation.FIRST_COMMITTEE: "First Committee of the General Assembly",
    Allocation.SECOND_COMMITTEE: "Second Committee of the General Assembly",
    Allocation.THIRD_COMMITTEE: "Third Committee of the General Assembly",
    Allocation.FOURTH_COMMITTEE: "Fourth Committee of the General Assembly",
    Allocation.FIFTH_COMMITTEE: "Fifth Committee of the General Assembly",
    Allocation.SIXTH_COMMITTEE: "Sixth Committee of the General Assembly",
}
VOTED = tuple(m.value for m in VotingMethod if m is not VotingMethod.WITHOUT_A_VOTE)
RESULTS = {"ADOPTED": "pass", "REJECTED": "fail"}


def forum_id(forum: Allocation) -> str:
    return f"gp-api:forum:{forum.value}"


def _date(value: dt.date | None) -> str | None:
    if value is None:
        return None
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _sources(row: Any) -> list[dict[str, str]]:
    url = getattr(row, "source_url", None)
    confidence = getattr(row, "confidence", None)
    if not url:
        return []
    link = {"url": url}
    if confidence is not None:
        link["note"] = f"confidence: {confidence.value}"
    return [link]


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None and v != []}


def person(p: Any) -> dict[str, Any]:
    return _clean({"id": encode("Person", p.id), "name": p.name, "sources": _sources(p)})


def actor(a: Any) -> dict[str, Any]:
    identifiers = []
    if a.iso_alpha2:
        identifiers.append({"scheme": "ISO 3166-1 alpha-2", "identifier": a.iso_alpha2})
    if a.iso_alpha3:
        identifiers.append({"scheme": "ISO 3166-1 alpha-3", "identifier": a.iso_alpha3})
    if a.m49 is not None:
        identifiers.append({"scheme": "UN M49", "identifier": f"{a.m49:03d}"})
    roles = [r.value.lower() for r, column in FLOW_FLAGS.items() if getattr(a, column)]
    return _clean(
        {
            "id": encode("Actor", a.id),
            "name": a.name,
            "classification": a.kind.value.lower(),
            "other_names": [{"name": a.short_name, "note": "short name"}] if a.short_name else [],
            "identifiers": identifiers,
            "links": [{"url": a.website, "note": "website"}] if a.website else [],
            "abstract": f"Flow roles: {', '.join(roles)}" if roles else None,
            "created_at": _instant(a.created_at),
            "updated_at": _instant(a.updated_at),
            "sources": _sources(a),
        }
    )


def body(b: Any) -> dict[str, Any]:
    return _clean(
        {
            "id": encode("CoordinationBody", b.id),
            "name": b.name,
            "classification": "coordination_body",
            "description": b.mandate,
            "founding_date": _date(b.founded_on),
            "sources": _sources(b),
        }
    )


def forums() -> list[dict[str, Any]]:
    found = []
    for forum, name in FORUM_NAMES.items():
        item: dict[str, Any] = {"id": forum_id(forum), "name": name}
        if forum is Allocation.PLENARY:
            item["classification"] = "chamber"
        else:
            item["classification"] = "committee"
            item["parent_id"] = forum_id(Allocation.PLENARY)
        found.append(item)
    return found


def membership(m: Any) -> dict[str, Any]:
    return _clean(
        {
            "id": encode("Membership", m.id),
            "organization_id": encode("CoordinationBody", m.body_id),
            "member": {"@type": "Organization", "id": encode("Actor", m.actor_id)},
            "role": m.role.value.lower(),
            "start_date": _date(m.since),
            "end_date": _date(m.until),
            "sources": _sources(m),
        }
    )


def appointment(a: Any, office: Any | None) -> dict[str, Any]:
    owner = office.actor_id if office is not None else None
    return _clean(
        {
            "id": encode("Appointment", a.id),
            "person_id": encode("Person", a.person_id),
            "post_id": encode("Office", a.office_id),
            "organization_id": encode("Actor", owner) if owner is not None else None,
            "role": office.title if office is not None else None,
            "start_date": _date(a.since),
            "end_date": _date(a.until),
            "sources": _sources(a),
        }
    )


def chair(c: Any) -> dict[str, Any]:
    return _clean(
        {
            "id": encode("BodyChair", c.id),
            "person_id": encode("Person", c.person_id),
            "organization_id": encode("CoordinationBody", c.body_id),
            "role": "chair",
            "start_date": _date(c.since),
            "end_date": _date(c.until),
            "sources": _sources(c),
        }
    )


def post(o: Any) -> dict[str, Any]:
    return _clean(
        {
            "id": encode("Office", o.id),
            "label": o.title,
            "role": o.kind.value.lower(),
            "organization_id": encode("Actor", o.actor_id) if o.actor_id is not None else None,
            "sources": _sources(o),
        }
    )


def motion(r: Any) -> dict[str, Any]:
    return _clean(
        {
            "id": encode("Resolution", r.id),
            "organization_id": forum_id(r.forum),
            "text": r.title,
            "identifier": r.symbol or r.draft_symbol,
            "classification": r.kind.value.lower(),
            "date": _date(r.submitted_on),
            "sources": _sources(r),
        }
    )


def amendment_motion(a: Any) -> dict[str, Any]:
    return _clean(
        {
            "id": encode("Amendment", a.id),
            "organization_id": forum_id(a.forum),
            "text": a.text,
            "identifier": a.symbol,
            "classification": "amendment",
            "date": _date(a.proposed_on),
            "sources": _sources(a),
        }
    )


def vote_event(action: Any, ballots: Iterable[Any]) -> dict[str, Any]:
    counts = [
        {"option": option, "value": value}
        for option, value in (
            ("yes", action.yes_count),
            ("no", action.no_count),
            ("abstain", action.abstain_count),
        )
        if value is not None
    ]
    motion_id = (
        encode("Amendment", action.amendment_id)
        if action.amendment_id is not None
        else encode("Resolution", action.resolution_id)
    )
    classification = action.method.value.lower()
    if action.part:
        classification += f"; separate vote on {action.part}"
    return _clean(
        {
            "id": encode("DraftAction", action.id),
            "motion_id": motion_id,
            "organization_id": forum_id(action.forum),
            "identifier": action.meeting_record_symbol,
            "classification": classification,
            "start_date": _date(action.taken_on),
            "result": RESULTS.get(action.outcome.value, action.outcome.value.lower()),
            "counts": counts,
            "votes": [
                {"voter_id": encode("Actor", v.actor_id), "option": v.ballot.value.lower()}
                for v in ballots
            ],
            "sources": _sources(action),
        }
    )


def _dump(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


class _Array:
    """Writes one JSON array of a streamed object, item by item."""

    def __init__(self, key: str, first: bool) -> None:
        self.opening = ("{" if first else ",") + json.dumps(key) + ":["
        self.started = False

    def open(self) -> bytes:
        return self.opening.encode()

    def items(self, items: Iterable[dict[str, Any]]) -> bytes:
        parts = []
        for item in items:
            parts.append(("," if self.started else "") + _dump(item))
            self.started = True
        return "".join(parts).encode("utf-8")


async def _array(
    reader: Reader, key: str, type_name: str, shape: Callable[[Any], dict[str, Any]], first: bool
) -> AsyncIterator[bytes]:
    out = _Array(key, first)
    yield out.open()
    async for page in reader.pages(type_name, reader.only(type_name)):
        yield out.items(shape(row) for row in page)
    yield b"]"


async def document(reader: Reader) -> AsyncIterator[bytes]:
    async for chunk in _array(reader, "persons", "Person", person, first=True):
        yield chunk

    orgs = _Array("organizations", first=False)
    yield orgs.open()
    async for page in reader.pages("Actor", reader.only("Actor")):
        yield orgs.items(actor(a) for a in page)
    async for page in reader.pages("CoordinationBody", reader.only("CoordinationBody")):
        yield orgs.items(body(b) for b in page)
    yield orgs.items(forums())
    yield b"]"

    members = _Array("memberships", first=False)
    yield members.open()
    async for page in reader.pages("Membership", reader.only("Membership")):
        yield members.items(membership(m) for m in page)
    async for page in reader.pages("Appointment", reader.only("Appointment")):
        offices = await reader.by_id("Office", (a.office_id for a in page))
        yield members.items(appointment(a, offices.get(a.office_id)) for a in page)
    async for page in reader.pages("BodyChair", reader.only("BodyChair")):
        yield members.items(chair(c) for c in page)
    yield b"]"

    async for chunk in _array(reader, "posts", "Office", post, first=False):
        yield chunk

    voted = reader.only("DraftAction", InText("method", VOTED))
    drafts: set[int] = set()
    amendments: set[int] = set()
    async for page in reader.pages("DraftAction", voted):
        for action in page:
            if action.amendment_id is not None:
                amendments.add(action.amendment_id)
            else:
                drafts.add(action.resolution_id)
    motions = _Array("motions", first=False)
    yield motions.open()
    for type_name, ids, shape in (
        ("Resolution", sorted(drafts), motion),
        ("Amendment", sorted(amendments), amendment_motion),
    ):
        for start in range(0, len(ids), reader.page_size):
            rows = await reader.by_id(type_name, ids[start : start + reader.page_size])
            yield motions.items(shape(rows[pk]) for pk in sorted(rows))
    yield b"]"

    events = _Array("vote_events", first=False)
    yield events.open()
    async for page in reader.pages("DraftAction", voted):
        ballots = await reader.lists("DraftAction", "votes", [a.id for a in page])
        yield events.items(vote_event(a, ballots.get(a.id, [])) for a in page)
    yield b"]}"
