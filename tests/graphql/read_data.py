"""Rows for every table a read model reads, inserted directly (SQLAlchemy core), for the
differential tests of the fast read path (tests/graphql/test_compiled.py).

Odd text (JSON and LIKE escaping, collation), NULLs in every nullable column, equal sort keys
(the same `starts_at`, the same `submitted_at`) to stress keyset cursors, and dates and times at
the ends of the range a client may send (and, for plain dates, beyond it).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors.models import Actor, ActorKindPeriod
from gp_api.bodies.models import (
    BodyChair,
    CoordinationBody,
    Hub,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    meeting_participants,
)
from gp_api.commitments.models import Commitment, Deliverable, ProgressReport
from gp_api.db import session_factory
from gp_api.documents.models import Document, DocumentKind
from gp_api.events import service as events
from gp_api.events.models import DeviationKind
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItem,
    AgendaItemAllocation,
    AgendaItemOrigin,
    AgendaList,
    Allocation,
    Amendment,
    AmendmentOutcome,
    Ballot,
    DraftAction,
    DraftKind,
    DraftRevision,
    Mandate,
    MandateKind,
    MandateStatus,
    Resolution,
    SponsorKind,
    Sponsorship,
    Submitter,
    Vote,
    VotingMethod,
    amendment_proposers,
    draft_facilitators,
)
from gp_api.names.models import LocalizedName
from gp_api.people.models import Appointment, Office, OfficeKind, Person
from gp_api.plan.steps import STEP_TARGETS
from gp_api.principal import SYSTEM, Principal, Role
from gp_api.sessions.models import Session, SessionPart, SessionPartKind
from gp_api.validation import EARLIEST_DATE, EARLIEST_INSTANT, LATEST_DATE, LATEST_INSTANT
from gp_api.workflow.deviations import Deviation
from gp_api.workflow.service import record_transition
from tests.conftest import serial
from workflows.agenda_item import AgendaItemState
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState
from workflows.resolution import ResolutionState

# Names that stress JSON escaping, LIKE escaping, collation and cursor encoding.
ODD_NAMES = [
    "Côte d'Ivoire",
    'Quote "inside"',
    "Back\\slash",
    "Tab\there",
    "Line\nbreak",
    "100% _under/score",
    "Ünïcødé ✓ 🌍",
    "Zürich Forum",
    "a lower-case name",
    "Control \x01 char",
    "Ω Omega",
]
KINDS = ["STATE", "UN_ENTITY", "INTERGOVERNMENTAL_ORGANIZATION", "NGO", "OTHER"]
DETERMINANTS = [
    "CRIMINALISATION",
    "DEMAND_REDUCTION",
    "PROTECTION",
    "REINTEGRATION",
    "ROOT_CAUSES",
    "CAPACITY_BUILDING",
]
STATES = ["PLEDGED", "IN_PROGRESS", "SUSPENDED", "DELIVERED", "LAPSED", "WITHDRAWN"]
PILLARS = ["PREVENTION", "PROTECTION", "PROSECUTION", "PARTNERSHIP"]
SDG_TARGETS = ["5.2", "8.7", "16.2", "16.a", "10.7"]
COUNTRIES = ["BY", "NG", "PH", "US"]
CURRENCIES = ["USD", "EUR", "JPY"]
# Pledged amounts as stored (exact decimal text in plain notation).
AMOUNTS = ["2000000", "281871.50", "0.0001", "123456789012345678"]
STATUSES = ["PENDING", "DELIVERED", "DROPPED"]
# The ends of the range a client may send, and beyond it Python's own ends, which rows written
# before dates were bounded may hold (PostgreSQL keeps them as -infinity/infinity).
EXTREME_DATES = [EARLIEST_DATE, LATEST_DATE, dt.date.min, dt.date.max]  # first, last, ...
EXTREME_INSTANTS = [EARLIEST_INSTANT, LATEST_INSTANT]
BASE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
# A few instants shared by many rows: equal sort keys, told apart by id only.
SHARED_INSTANTS = [BASE + dt.timedelta(days=40, hours=9), BASE + dt.timedelta(days=41)]
SESSIONS = [78, 79, 80]
SOURCE_URLS = [None, "https://example.org/a?b=c&d=%20", "https://example.org/ü"]
CONFIDENCES = [None, "CONFIRMED", "UNCONFIRMED"]

Rows = dict[str, list[dict[str, Any]]]


def _values(enum_class: Any) -> list[str]:
    return [m.value for m in enum_class]


def _sourced(rng: random.Random) -> dict[str, Any]:
    return {"source_url": rng.choice(SOURCE_URLS), "confidence": rng.choice(CONFIDENCES)}


def _core(rng: random.Random, rows: Rows) -> None:
    """Actors, commitments, deliverables (as the first version of these tests had them)."""
    actors, commitments, deliverables = rows["actors"], rows["commitments"], rows["deliverables"]
    names = ODD_NAMES + [f"Actor {i:02d}" for i in range(14)]
    for pk, name in enumerate(names, start=1):
        kind = rng.choice(KINDS)
        created = BASE + dt.timedelta(days=pk, microseconds=rng.choice([0, 120000, 5]))
        actors.append(
            {
                "id": pk,
                "name": name,
                "short_name": rng.choice([None, name[:3].upper(), "x_y%"]),
                "kind": kind,
                "iso_alpha2": None,
                "iso_alpha3": None,
                "m49": pk if kind == "STATE" else None,
                "is_origin": rng.random() < 0.5,
                "is_transit": rng.random() < 0.5,
                "is_destination": rng.random() < 0.5,
                "flow_roles_illustrative": rng.random() < 0.5,
                "website": rng.choice([None, "https://example.org/"]),
                "source_url": None,
                "confidence": rng.choice(CONFIDENCES),
                "created_at": created,
                "updated_at": created + dt.timedelta(seconds=pk),
            }
        )
    for actor in actors:
        for _ in range(rng.randrange(0, 6)):
            pk = len(commitments) + 1
            starts = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
            commitments.append(
                {
                    "id": pk,
                    "actor_id": actor["id"],
                    "determinants": rng.sample(DETERMINANTS, rng.randrange(1, 4)),
                    "pillars": rng.sample(PILLARS, rng.randrange(0, 3)),
                    "sdg_targets": rng.sample(SDG_TARGETS, rng.randrange(0, 3)),
                    **_scope(rng),
                    **_pledge(rng),
                    "evidence": rng.choice(
                        [[], ["https://example.org/a"], ['https://example.org/"q"', "http://x.y/"]]
                    ),
                    "title": f"Commitment {pk} of {actor['name']}",
                    "description": rng.choice([None, "Text with \"quotes\" and 'apostrophes'"]),
                    "starts_on": rng.choice([None, starts, *EXTREME_DATES[0::2]]),
                    "due_on": rng.choice(
                        [None, starts + dt.timedelta(days=rng.randrange(400)), *EXTREME_DATES[1::2]]
                    ),
                    "state": rng.choice(STATES),
                    "version": rng.randrange(1, 5),
                    "workflow_version": 1,
                    "source_url": None,
                    "confidence": None,
                    "created_at": BASE,
                    "updated_at": BASE,
                }
            )
            for _ in range(rng.randrange(0, 4)):
                deliverables.append(
                    {
                        "id": len(deliverables) + 1,
                        "commitment_id": pk,
                        "title": f"Deliverable {len(deliverables) + 1}",
                        "due_on": rng.choice([None, starts, *EXTREME_DATES]),
                        "status": rng.choice(STATUSES),
                        "created_at": BASE,
                        "updated_at": BASE,
                    }
                )


def _scope(rng: random.Random) -> dict[str, Any]:
    scope = rng.choice([None, "NATIONAL", "REGIONAL", "GLOBAL"])
    countries = (
        rng.sample(COUNTRIES, rng.randrange(1, 3)) if scope in ("NATIONAL", "REGIONAL") else []
    )
    return {"scope": scope, "countries": countries}


def _pledge(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.4:
        return {"pledge_amount": None, "pledge_currency": None}
    return {"pledge_amount": rng.choice(AMOUNTS), "pledge_currency": rng.choice(CURRENCIES)}


def _progress(rng: random.Random, rows: Rows) -> None:
    reports = rows["progress_reports"]
    for commitment in rows["commitments"]:
        for _ in range(rng.choice([0, 0, 1, 3])):
            reports.append(
                {
                    "id": len(reports) + 1,
                    "commitment_id": commitment["id"],
                    "submitted_at": rng.choice(
                        [
                            *SHARED_INSTANTS,
                            *EXTREME_INSTANTS,
                            BASE + dt.timedelta(hours=len(reports)),
                        ]
                    ),
                    "summary": rng.choice([*ODD_NAMES, "", "Done."]),
                    "percent_complete": rng.choice([0, 50, 100, None]),
                    "source_url": rng.choice([None, "https://example.org/report"]),
                    "confidence": rng.choice([None, "CONFIRMED", "UNCONFIRMED"]),
                }
            )


def _bodies(rng: random.Random, rows: Rows) -> None:
    bodies, members, meetings = rows["coordination_bodies"], rows["memberships"], rows["meetings"]
    participants = rows["meeting_participants"]
    actor_ids = [a["id"] for a in rows["actors"]]
    names = [*ODD_NAMES[:6], "Body A", "Body B", "body a", "Body without anything"]
    for pk, name in enumerate(names, start=1):
        bodies.append(
            {
                "id": pk,
                "name": name,
                "state": rng.choice(_values(BodyState)),
                "suspended_from": None,
                "hubs": rng.choice([[], ["GENEVA"], ["NEW_YORK", "VIENNA"], _values(Hub)]),
                "mandate": rng.choice([None, 'Mandate with "quotes"\nand a line', ""]),
                "founded_on": rng.choice([None, dt.date(2020, 5, 1), *EXTREME_DATES[:2]]),
                "version": rng.randrange(1, 4),
                "workflow_version": 1,
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    for body in bodies[:-1]:  # the last body has no members and no meetings
        for actor_id in rng.sample(actor_ids, rng.randrange(0, 8)):
            for _ in range(rng.choice([1, 1, 2])):  # two: an ended one, then another
                since = rng.choice([None, dt.date(2019, 1, 1), EARLIEST_DATE])
                members.append(
                    {
                        "id": len(members) + 1,
                        "body_id": body["id"],
                        "actor_id": actor_id,
                        "role": rng.choice(_values(MembershipRole)),
                        "since": since,
                        "until": None,  # set below
                        **_sourced(rng),
                        "created_at": BASE,
                        "updated_at": BASE,
                    }
                )
    # At most one current membership per (body, actor): end all but the last of each pair, and
    # half of the single ones.
    last: dict[tuple[int, int], dict[str, Any]] = {}
    for m in members:
        key = (m["body_id"], m["actor_id"])
        if key in last:
            last[key]["until"] = rng.choice([dt.date(2023, 6, 30), LATEST_DATE])
        last[key] = m
    for m in last.values():
        if rng.random() < 0.4:
            m["until"] = rng.choice([dt.date(2023, 6, 30), LATEST_DATE])
    for m in members:
        if m["until"] is not None and m["since"] is not None and m["until"] < m["since"]:
            m["since"] = None
    for i in range(30):
        host: dict[str, Any] | None = rng.choice([None, *bodies[:-1]])
        starts = rng.choice(
            [*SHARED_INSTANTS, *EXTREME_INSTANTS, BASE + dt.timedelta(days=i, minutes=7 * i)]
        )
        ends = None
        if starts < LATEST_INSTANT - dt.timedelta(hours=3):
            ends = rng.choice([None, starts, starts + dt.timedelta(hours=3)])
        meetings.append(
            {
                "id": i + 1,
                "body_id": None if host is None else host["id"],
                "title": rng.choice(["Meeting", "Meeting", *ODD_NAMES]),  # equal titles too
                "hub": rng.choice(_values(Hub)),
                "location": rng.choice([None, "Palais des Nations", "Room 100%_"]),
                "starts_at": starts,
                "ends_at": ends,
                "status": rng.choice(_values(MeetingStatus)),
                "outcome": rng.choice([None, "", 'Agreed: "x"']),
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
        for actor_id in rng.sample(actor_ids, rng.choice([0, 1, 4])):
            participants.append({"meeting_id": i + 1, "actor_id": actor_id})


def _ga(rng: random.Random, rows: Rows) -> None:
    items, resolutions = rows["agenda_items"], rows["resolutions"]
    sponsorships = rows["sponsorships"]
    actor_ids = [a["id"] for a in rows["actors"]]
    for pk in range(1, 16):
        session = rng.choice(SESSIONS)
        # A few sub-items (numbered by their main item) and one chain of an item continued
        # across sessions: few enough that nested reads of these lists stay small.
        mains = [i for i in items if i["session"] == session and i["parent_id"] is None]
        parent = mains[0] if pk in (6, 11) and mains else None
        siblings = [i for i in items if parent is not None and i["parent_id"] == parent["id"]]
        items.append(
            {
                "id": pk,
                "title": rng.choice(["Item", *ODD_NAMES]) + f" {pk % 4}",
                "session": session,
                "item_number": pk if parent is None and rng.random() < 0.7 else None,
                "proposer_id": rng.choice([None, *actor_ids]),
                "explanatory_memorandum": rng.choice([None, "", "Memo\twith tab"]),
                "origin": rng.choice(_values(AgendaItemOrigin)),
                "agenda_list": rng.choice([None, *_values(AgendaList)]),
                "mandated_by_symbol": rng.choice([None, "A/RES/60/1", "A/RES/64/293"]),
                "continues_id": {5: 2, 9: 5, 13: 9}.get(pk),
                "parent_id": None if parent is None else parent["id"],
                "sub_item": None if parent is None else "abcdefgh"[len(siblings)],
                "topic_trafficking_in_persons": rng.random() < 0.5,
                "topic_crime_prevention": rng.random() < 0.5,
                "state": rng.choice(_values(AgendaItemState)),
                "version": rng.randrange(1, 4),
                "workflow_version": 2,
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    for item in items[:-2]:  # the last two items have no resolutions
        for _ in range(rng.randrange(0, 4)):
            pk = len(resolutions) + 1
            resolutions.append(
                {
                    "id": pk,
                    "agenda_item_id": item["id"],
                    "title": rng.choice(["Resolution", *ODD_NAMES]),
                    "omnibus": rng.random() < 0.3,
                    "kind": rng.choice(_values(DraftKind)),
                    "forum": rng.choice(_values(Allocation)),
                    "submitter": rng.choice([None, *_values(Submitter)]),
                    "submitted_on": rng.choice([None, dt.date(2024, 10, 1), *EXTREME_DATES[:2]]),
                    "draft_symbol": rng.choice([None, f"A/C.3/{pk}/L.{pk}"]),
                    "report_symbol": rng.choice([None, f"A/79/{400 + pk}"]),
                    "symbol": rng.choice([None, f"A/RES/{pk}"]),
                    "state": rng.choice(_values(ResolutionState)),
                    "version": rng.randrange(1, 4),
                    "workflow_version": 2,
                    **_sourced(rng),
                    "created_at": BASE,
                    "updated_at": BASE,
                }
            )
    allocations = rows["agenda_item_allocations"]
    for item in items[:-1]:  # the last item has no allocations
        drafts = [r["id"] for r in resolutions if r["agenda_item_id"] == item["id"]]
        forums = rng.sample(_values(Allocation), rng.choice([0, 1, 2]))
        picks = [(f, None) for f in forums] + [("PLENARY", d) for d in drafts[:1]]
        for forum, draft in picks:
            allocations.append(
                {
                    "id": len(allocations) + 1,
                    "agenda_item_id": item["id"],
                    "forum": forum,
                    "decided_on": rng.choice([None, dt.date(2024, 9, 20), *EXTREME_DATES[:2]]),
                    "resolution_id": draft,
                    **_sourced(rng),
                }
            )
    for resolution in resolutions:
        rid = resolution["id"]
        for i, actor_id in enumerate(rng.sample(actor_ids, rng.choice([0, 1, 3, 6]))):
            sponsorships.append(
                {
                    "id": len(sponsorships) + 1,
                    "resolution_id": rid,
                    "actor_id": actor_id,
                    "kind": "MAIN" if i == 0 else rng.choice(_values(SponsorKind)),
                    "joined_on": rng.choice([None, dt.date(2024, 10, 1), *EXTREME_DATES[:2]]),
                    "withdrawn_on": rng.choice([None, None, dt.date(2024, 10, 9)]),
                    **_sourced(rng),
                }
            )
        for actor_id in rng.sample(actor_ids, rng.choice([0, 0, 2])):
            rows["draft_facilitators"].append({"resolution_id": rid, "actor_id": actor_id})
        for n in range(rng.choice([0, 1, 2])):
            oral = rng.random() < 0.4
            rows["draft_revisions"].append(
                {
                    "id": len(rows["draft_revisions"]) + 1,
                    "resolution_id": rid,
                    "oral": oral,
                    "symbol": None if oral else f"A/C.3/{rid}/L.{rid}/Rev.{n + 1}",
                    "revised_on": rng.choice([dt.date(2024, 11, 1), *EXTREME_DATES[:2]]),
                    "description": rng.choice([None, *ODD_NAMES]),
                    **_sourced(rng),
                }
            )
        amendment_ids: list[int | None] = [None]
        for _ in range(rng.choice([0, 0, 1])):
            amendment = len(rows["amendments"]) + 1
            amendment_ids.append(amendment)
            rows["amendments"].append(
                {
                    "id": amendment,
                    "resolution_id": rid,
                    "forum": rng.choice(_values(Allocation)),
                    "symbol": rng.choice([None, f"A/C.3/{rid}/L.{60 + amendment}"]),
                    "text": rng.choice(["Delete paragraph 4.", *ODD_NAMES]),
                    "proposed_on": dt.date(2024, 11, 2),
                    "outcome": rng.choice(_values(AmendmentOutcome)),
                    **_sourced(rng),
                }
            )
            for actor_id in rng.sample(actor_ids, 2):
                rows["amendment_proposers"].append(
                    {"amendment_id": amendment, "actor_id": actor_id}
                )
        for _ in range(rng.randrange(0, 3)):
            method = rng.choice(_values(VotingMethod))
            voted = method != "WITHOUT_A_VOTE"
            counts = [rng.choice([0, 5, 120]) for _ in range(3)]
            action = len(rows["draft_actions"]) + 1
            rows["draft_actions"].append(
                {
                    "id": action,
                    "resolution_id": rid,
                    "amendment_id": rng.choice(amendment_ids),
                    "forum": rng.choice(_values(Allocation)),
                    "outcome": rng.choice(_values(ActionOutcome)),
                    "method": method,
                    "important_question": rng.random() < 0.2,
                    "yes_count": counts[0] if voted else None,
                    "no_count": counts[1] if voted else None,
                    "abstain_count": counts[2] if voted else None,
                    "counts_only": voted and rng.random() < 0.5,
                    "taken_on": rng.choice([dt.date(2024, 12, 17), *EXTREME_DATES[:2]]),
                    "meeting_record_symbol": rng.choice([None, "A/79/PV.50"]),
                    **_sourced(rng),
                }
            )
            if method in ("RECORDED_VOTE", "ROLL_CALL"):
                for actor_id in rng.sample(actor_ids, rng.choice([1, 3])):
                    rows["draft_votes"].append(
                        {
                            "id": len(rows["draft_votes"]) + 1,
                            "action_id": action,
                            "actor_id": actor_id,
                            "ballot": rng.choice(_values(Ballot)),
                        }
                    )


def _sessions_and_documents(rng: random.Random, rows: Rows) -> None:
    """Every session an item names, one without items, parts with equal opening days, and
    documents of every kind (one with a symbol written before symbols were checked)."""
    sessions, parts, documents = rows["ga_sessions"], rows["session_parts"], rows["documents"]
    for number in [1, *SESSIONS, 81, 999]:
        opens = rng.choice([None, dt.date(2023, 9, 5), EXTREME_DATES[0]])
        sessions.append(
            {
                "id": number,
                "opens_on": opens,
                "closes_on": rng.choice([None, EXTREME_DATES[1]]),
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    for number in SESSIONS:
        kinds = [("MAIN", 1), ("RESUMED", 1), ("RESUMED", 2)][: rng.randrange(1, 4)]
        for part, sequence in kinds:
            parts.append(
                {
                    "id": len(parts) + 1,
                    "session_id": number,
                    "part": part,
                    "sequence": sequence,
                    "opens_on": rng.choice([dt.date(2024, 10, 1), LATEST_DATE]),
                    "closes_on": rng.choice([None, LATEST_DATE]),
                    **_sourced(rng),
                }
            )
    symbols = [
        ("A/RES/64/293", "RESOLUTION"),
        ("A/DEC/78/540", "DECISION"),
        ("A/C.3/64/L.17/Rev.1", "DRAFT"),
        ("A/64/L.64", "DRAFT"),
        ("A/74/400", "COMMITTEE_REPORT"),
        ("A/78/136", "SG_REPORT"),
        ("A/79/PV.50", "MEETING_RECORD"),
        ("A/C.3/78/SR.12", "MEETING_RECORD"),
        ("A/BUR/78/1", "AGENDA"),
        ("E/RES/2009/25", "RESOLUTION"),
        ("E/2009/33/Add.1", "LETTER"),
        ("A/HRC/RES/53/7", "RESOLUTION"),
        ("A/HRC/53/28", "OTHER"),
        ("A/RES/1", "OTHER"),  # written before symbols were checked
    ]
    for pk, (symbol, kind) in enumerate(symbols, start=1):
        documents.append(
            {
                "id": pk,
                "symbol": symbol,
                "kind": kind,
                "title": rng.choice([None, *ODD_NAMES]),
                "published_on": rng.choice([None, dt.date(2024, 12, 17), *EXTREME_DATES[:2]]),
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    assert {d["kind"] for d in documents} == set(_values(DocumentKind))
    assert {p["part"] for p in parts} == set(_values(SessionPartKind))


def _mandates(rng: random.Random, rows: Rows) -> None:
    """Mandates of every kind and status: due at a session, on a date (at the ends of the
    range) or neither, fulfilled by a document or not, with and without an actor asked."""
    actor_ids = [a["id"] for a in rows["actors"]]
    resolution_ids = [r["id"] for r in rows["resolutions"]]
    session_ids = [s["id"] for s in rows["ga_sessions"]]
    document_ids = [d["id"] for d in rows["documents"]]
    statuses = _values(MandateStatus)
    for pk in range(1, 15):
        status = statuses[pk % len(statuses)]
        due = pk % 3
        fulfilled = status == "FULFILLED"
        rows["mandates"].append(
            {
                "id": pk,
                "resolution_id": rng.choice(resolution_ids[:5]),
                "paragraph": rng.choice([None, 1, 12]),
                "addressee": rng.choice(["Secretary-General", *ODD_NAMES]),
                "addressee_actor_id": rng.choice([None, *actor_ids]),
                "kind": rng.choice(_values(MandateKind)),
                "request": rng.choice(["A report", "Tab\there", "100% _under/score"]),
                "due_session": rng.choice(session_ids) if due == 0 else None,
                "due_on": rng.choice([dt.date(2025, 9, 9), *EXTREME_DATES[:2]])
                if due == 1
                else None,
                "fulfilled_by_id": rng.choice(document_ids) if fulfilled else None,
                "fulfilled_on": rng.choice([dt.date(2021, 6, 28), EXTREME_DATES[0]])
                if fulfilled
                else None,
                "status": status,
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )


def _people(rng: random.Random, rows: Rows) -> None:
    """Persons, offices, appointments with unknown and extreme dates, equal starts and open
    ends; bodies' chairs, mandate symbols (one naming no document) and predecessors."""
    persons, offices = rows["persons"], rows["offices"]
    appointments, chairs = rows["appointments"], rows["body_chairs"]
    for pk, name in enumerate([*ODD_NAMES[:7], "Person A", "person a", "Person Z"], start=1):
        persons.append(
            {"id": pk, "name": name, **_sourced(rng), "created_at": BASE, "updated_at": BASE}
        )
    actor_ids = [a["id"] for a in rows["actors"]]
    titles = [*ODD_NAMES[3:8], "Office A", "office b", "Office without holders"]
    for pk, title in enumerate(titles, start=1):
        offices.append(
            {
                "id": pk,
                "title": title,
                "kind": rng.choice(_values(OfficeKind)),
                "actor_id": rng.choice([None, *actor_ids[:5]]),
                "description": rng.choice([None, "", 'Created by "decision" 2004/110']),
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    starts = [None, dt.date(2010, 9, 13), dt.date(2010, 9, 13), EARLIEST_DATE, LATEST_DATE]
    for pk in range(1, 31):
        since = rng.choice(starts)
        until = rng.choice([None, dt.date(2015, 1, 1), LATEST_DATE])
        if since is not None and until is not None and until < since:
            until = None
        appointments.append(
            {
                "id": pk,
                "person_id": rng.choice(persons[:-1])["id"],  # the last person holds nothing
                "office_id": rng.choice(offices[:-1])["id"],
                "since": since,
                "until": until,
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    for pk in range(1, 16):
        appointment = rng.choice(appointments)
        chairs.append(
            {
                "id": pk,
                "body_id": rng.choice(rows["coordination_bodies"][:-1])["id"],
                "appointment_id": appointment["id"],
                "person_id": appointment["person_id"],
                "since": appointment["since"],
                "until": appointment["until"],
                **_sourced(rng),
                "created_at": BASE,
                "updated_at": BASE,
            }
        )
    for body in rows["coordination_bodies"]:
        body["mandate_symbol"] = rng.choice([None, "A/RES/64/293", "A/RES/61/180"])
        earlier = [b["id"] for b in rows["coordination_bodies"] if b["id"] < body["id"]]
        body["succeeds_id"] = rng.choice([None, *earlier[-2:]])


# The named subjects (gp_api.names) by their tables, and days their names' periods start or
# end on: the days LOCALIZED_ARGUMENTS ask for (tests/graphql/test_compiled.py) among them.
NAMED = {
    "Actor": "actors",
    "CoordinationBody": "coordination_bodies",
    "Office": "offices",
    "AgendaItem": "agenda_items",
    "Resolution": "resolutions",
}
NAME_DAYS = [None, dt.date(2009, 12, 31), dt.date(2010, 7, 30), dt.date(2026, 1, 1)]


def _names(rng: random.Random, rows: Rows) -> None:
    """Names and titles in the six languages, by period (open, closed, overlapping, a day
    long), odd text; actors' kinds by period; and two states with ISO codes, whose other
    names come from ISO 3166."""
    names = rows["localized_names"]
    for subject_type, table in NAMED.items():
        for subject in rows[table][:10]:
            for _ in range(rng.randrange(0, 5)):
                start, end = rng.choice(NAME_DAYS), rng.choice(NAME_DAYS)
                if start is not None and end is not None and end < start:
                    start, end = end, start
                text = rng.choice([*ODD_NAMES, "Nom français", "Русское имя", "名称"])
                names.append(
                    {
                        "id": len(names) + 1,
                        "subject_type": subject_type,
                        "subject_id": subject["id"],
                        "language": rng.choice(["AR", "ZH", "EN", "FR", "RU", "ES"]),
                        "name": f"{text} {len(names)}",
                        "short_name": rng.choice([None, "x_y%", "ABC"]),
                        "valid_from": start,
                        "valid_until": end,
                        **_sourced(rng),
                    }
                )
    # Actors' kinds by period (IOM's kind changed in 2016), some overlapping, some open.
    periods = rows["actor_kinds"]
    for actor in rows["actors"][:8]:
        for _ in range(rng.randrange(0, 3)):
            start, end = rng.choice(NAME_DAYS), rng.choice(NAME_DAYS)
            if start is not None and end is not None and end < start:
                start, end = end, start
            periods.append(
                {
                    "id": len(periods) + 1,
                    "actor_id": actor["id"],
                    "kind": rng.choice(KINDS),
                    "valid_from": start,
                    "valid_until": end,
                    **_sourced(rng),
                }
            )
    states = [a for a in rows["actors"] if a["kind"] == "STATE"][:2]
    for actor, code in zip(states, ["BY", "FR"], strict=False):
        actor["iso_alpha2"] = code


def _rows() -> Rows:
    rng = random.Random(20261128)
    rows: Rows = {t: [] for t in SEEDED}
    _core(rng, rows)
    # The other tables from their own generator, so the rows above stay what they were.
    rng = random.Random(20261130)
    _progress(rng, rows)
    _bodies(rng, rows)
    _ga(rng, rows)
    _sessions_and_documents(random.Random(20261201), rows)
    _mandates(random.Random(20261202), rows)
    _people(random.Random(20261213), rows)
    _names(random.Random(20261215), rows)
    # Hosts of meetings (a separate generator, so the rows above stay what they were).
    hosts = random.Random(20261214)
    actor_ids = [a["id"] for a in rows["actors"]]
    for meeting in rows["meetings"]:
        meeting["host_id"] = hosts.choice([None, None, *actor_ids[:4]])
    return rows


# Every table a read model may read, parents first (the order they are inserted in).
SEEDED: dict[str, Any] = {
    "actors": Actor,
    "commitments": Commitment,
    "deliverables": Deliverable,
    "progress_reports": ProgressReport,
    "coordination_bodies": CoordinationBody,
    "persons": Person,
    "offices": Office,
    "appointments": Appointment,
    "body_chairs": BodyChair,
    "memberships": Membership,
    "meetings": Meeting,
    "meeting_participants": meeting_participants,
    "ga_sessions": Session,
    "session_parts": SessionPart,
    "documents": Document,
    "agenda_items": AgendaItem,
    "resolutions": Resolution,
    "agenda_item_allocations": AgendaItemAllocation,
    "sponsorships": Sponsorship,
    "draft_facilitators": draft_facilitators,
    "draft_revisions": DraftRevision,
    "amendments": Amendment,
    "amendment_proposers": amendment_proposers,
    "draft_actions": DraftAction,
    "draft_votes": Vote,
    "mandates": Mandate,
    "localized_names": LocalizedName,
    "actor_kinds": ActorKindPeriod,
    "plan_steps": None,  # written by the migrations (the plan comes with the schema)
    "events": None,  # written by `seed` through the services
    "transition_records": None,
    "transition_deviations": None,  # stored with their move by record_transition
}
# The event log and its workflow view are written through their own services (which shape each
# event's data and chain the hashes), after the rows above: (event type, model, row id).
CREATED = [
    *(("actor.created", Actor, pk) for pk in (1, 2, 3, 6, 7, 12)),
    *(("commitment.created", Commitment, pk) for pk in (1, 2, 5)),
    ("coordination_body.created", CoordinationBody, 1),
    ("coordination_body.created", CoordinationBody, 7),
    ("membership.added", Membership, 1),
    ("meeting.scheduled", Meeting, 2),
    ("agenda_item.created", AgendaItem, 1),
    ("resolution.drafted", Resolution, 1),
    ("resolution.sponsor_added", Sponsorship, 1),
    ("amendment.proposed", Amendment, 1),
    ("amendment.acted_on", DraftAction, 1),
    ("deliverable.added", Deliverable, 1),
    ("progress_report.submitted", ProgressReport, 1),
    ("session.created", Session, 78),
    ("session_part.added", SessionPart, 1),
    ("document.created", Document, 1),
]
# (model, row id, workflow, new state, trigger, at): workflow moves, each an event and a record.
MOVES = [
    (Commitment, 1, "commitment", CommitmentState.IN_PROGRESS, "start", SHARED_INSTANTS[0]),
    (Commitment, 1, "commitment", CommitmentState.DELIVERED, "deliver", SHARED_INSTANTS[0]),
    (Commitment, 2, "commitment", CommitmentState.WITHDRAWN, "withdraw", EARLIEST_INSTANT),
    (CoordinationBody, 1, "coordination_body", BodyState.CORE_GROUP, "form", LATEST_INSTANT),
    (AgendaItem, 1, "agenda_item", AgendaItemState.INCLUDED, "include", SHARED_INSTANTS[1]),
    (Resolution, 1, "resolution", ResolutionState.SUBMITTED, "submit", SHARED_INSTANTS[1]),
]
# Deviations stored with some moves (by index in MOVES): odd text, NULLs, equal texts.
DEVIATED = {
    2: [
        Deviation(DeviationKind.STAGE_SKIPPED, "withdraw", "WITHDRAWN", None, "Stage\n", "x_y %"),
        Deviation(DeviationKind.GUARD_FAILED, "withdraw", "WITHDRAWN", "g'1", 'Says "so"', "ü"),
        Deviation(DeviationKind.GUARD_FAILED, "withdraw", "WITHDRAWN", "g'1", 'Says "so"', "ü"),
    ],
    5: [Deviation(DeviationKind.NOT_EVALUATED, None, None, None, "", " ")],
}
# Someone acting for an actor (events' and records' onBehalfOf).
ON_BEHALF = Principal(id="token:1", name='Editor "one"\n', role=Role.EDITOR, actor_id=3)


def _log_rows() -> None:
    """Placeholders for the events and records `seed` writes (ids from 1, gap-free)."""
    count = len(CREATED) + len(MOVES)
    ROWS["events"] = [{"id": pk} for pk in range(1, count + 1)]
    ROWS["transition_records"] = [{"id": pk} for pk in range(1, len(MOVES) + 1)]
    deviations = sum(len(found) for found in DEVIATED.values())
    ROWS["transition_deviations"] = [{"id": pk} for pk in range(1, deviations + 1)]
    ROWS["plan_steps"] = [{"id": pk, "position": pk} for pk in range(1, len(STEP_TARGETS) + 1)]


ROWS = _rows()
_log_rows()


async def seed(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        for table, target in SEEDED.items():
            if target is not None and ROWS[table]:
                await conn.execute(insert(target), ROWS[table])
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in SEEDED:
                if SEEDED[table] is not None and serial(table):
                    await conn.execute(
                        text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                    )
    async with session_factory(engine)() as session, session.begin():
        for i, (event_type, model, pk) in enumerate(CREATED):
            subject = await session.get(model, pk)
            assert subject is not None, (model, pk)
            principal = ON_BEHALF if i % 3 == 0 else SYSTEM
            await events.append(session, principal=principal, type=event_type, subject=subject)
        for i, (model, pk, workflow, state, trigger, at) in enumerate(MOVES):
            subject = await session.get(model, pk)
            assert subject is not None, (model, pk)
            await record_transition(
                session,
                subject=subject,
                workflow=workflow,
                workflow_version=1,
                to_state=state,
                trigger=trigger,
                principal=ON_BEHALF if i % 2 else SYSTEM,
                at=at,
                milestone=i % 2 == 0,
                reason=[None, 'Because "x"', ""][i % 3],
                source_url=[None, "https://example.org/p"][i % 2],
                deviations=DEVIATED.get(i),
            )
