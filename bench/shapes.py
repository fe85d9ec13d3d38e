"""The benchmark's shapes: each a GP API document, the same read in PostGraphile 5's schema for
the same tables, and how to reduce either answer to comparable rows (primary keys and values),
so that the benchmark can check that both servers return the same rows before timing them."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NODE_ACTOR = 250


@dataclass(frozen=True)
class Shape:
    key: str
    title: str
    gp: str
    # None: no PostGraphile equivalent (the dashboard): timed, without a ratio.
    postgraphile: str | None = None
    gp_rows: Callable[[Any], Any] | None = None
    pgl_rows: Callable[[Any], Any] | None = None
    # The target ratio over PostGraphile with the response cache off (None: none stated).
    target: float | None = None
    # Sent without a token (the others carry a VIEWER's), on the cache-off server only: the
    # bare lane, beside the cost of checking a token at the current data version.
    anonymous: bool = False


def pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().partition(":")[2])


def when(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _edges(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


A_GP = (
    "{ actors(first: 50) { edges { node { id name commitments(first: 20) { edges { node {"
    " id title state dueOn deliverables { edges { node { id title status } } } } } } } } } }"
)
A_PGL = (
    "{ allActors(first: 50, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { edges { node { rowId name"
    " commitmentsByActorId(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId title"
    " state dueOn deliverablesByCommitmentId(orderBy: PRIMARY_KEY_ASC) { edges { node { rowId"
    " title status } } } } } } } } } }"
)


def a_gp(data: Any) -> Any:
    return [
        (
            pk(a["id"]),
            a["name"],
            [
                (
                    pk(c["id"]),
                    c["title"],
                    c["state"],
                    c["dueOn"],
                    [(pk(d["id"]), d["title"], d["status"]) for d in _edges(c["deliverables"])],
                )
                for c in _edges(a["commitments"])
            ],
        )
        for a in _edges(data["actors"])
    ]


def a_pgl(data: Any) -> Any:
    return [
        (
            int(a["rowId"]),
            a["name"],
            [
                (
                    int(c["rowId"]),
                    c["title"],
                    c["state"],
                    c["dueOn"],
                    [
                        (int(d["rowId"]), d["title"], d["status"])
                        for d in _edges(c["deliverablesByCommitmentId"])
                    ],
                )
                for c in _edges(a["commitmentsByActorId"])
            ],
        )
        for a in _edges(data["allActors"])
    ]


B_GP = (
    "{ coordinationBodies(first: 20) { edges { node { id name state"
    " members(first: 20) { edges { node { id role actor { id name } } } }"
    " meetings(first: 10) { edges { node { id title startsAt status } } } } } } }"
)
B_PGL = (
    "{ allCoordinationBodies(first: 20, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { edges { node {"
    " rowId name state membershipsByBodyId(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node {"
    " rowId role actorByActorId { rowId name } } } }"
    " meetingsByBodyId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node {"
    " rowId title startsAt status } } } } } } }"
)


def b_gp(data: Any) -> Any:
    return [
        (
            pk(b["id"]),
            b["name"],
            b["state"],
            [
                (pk(m["id"]), m["role"], pk(m["actor"]["id"]), m["actor"]["name"])
                for m in _edges(b["members"])
            ],
            [
                (pk(m["id"]), m["title"], when(m["startsAt"]), m["status"])
                for m in _edges(b["meetings"])
            ],
        )
        for b in _edges(data["coordinationBodies"])
    ]


def b_pgl(data: Any) -> Any:
    return [
        (
            int(b["rowId"]),
            b["name"],
            b["state"],
            [
                (
                    int(m["rowId"]),
                    m["role"],
                    int(m["actorByActorId"]["rowId"]),
                    m["actorByActorId"]["name"],
                )
                for m in _edges(b["membershipsByBodyId"])
            ],
            [
                (int(m["rowId"]), m["title"], when(m["startsAt"]), m["status"])
                for m in _edges(b["meetingsByBodyId"])
            ],
        )
        for b in _edges(data["allCoordinationBodies"])
    ]


C_GP = (
    "{ resolutions(first: 100) { edges { node { id title state draftSymbol"
    " sponsors(first: 20) { edges { node { id kind actor { id name } } } } } } } }"
)
C_PGL = (
    "{ allResolutions(first: 100, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId title state"
    " draftSymbol sponsorshipsByResolutionId(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node {"
    " rowId kind actorByActorId { rowId name } } } } } } } }"
)


def c_gp(data: Any) -> Any:
    return [
        (
            pk(r["id"]),
            r["title"],
            r["state"],
            r["draftSymbol"],
            [
                (pk(s["id"]), s["kind"], pk(s["actor"]["id"]), s["actor"]["name"])
                for s in _edges(r["sponsors"])
            ],
        )
        for r in _edges(data["resolutions"])
    ]


def c_pgl(data: Any) -> Any:
    return [
        (
            int(r["rowId"]),
            r["title"],
            r["state"],
            r["draftSymbol"],
            [
                (
                    int(s["rowId"]),
                    s["kind"],
                    int(s["actorByActorId"]["rowId"]),
                    s["actorByActorId"]["name"],
                )
                for s in _edges(r["sponsorshipsByResolutionId"])
            ],
        )
        for r in _edges(data["allResolutions"])
    ]


D_GP = (
    "{ events(first: 100) { edges { node { id cursor type occurredAt subjectType subjectId"
    " milestone by principalId data } } } }"
)
D_PGL = (
    "{ allEvents(first: 100, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId occurredAt type"
    " subjectType subjectId milestone principalId principalName data prevHash hash } } } }"
)


# `data` is selected from both but not compared: GP API renders it through the event catalog
# (the declared fields, ids as global IDs), PostGraphile returns the stored JSON as it is.


def d_gp(data: Any) -> Any:
    return [
        (
            pk(e["id"]),
            e["type"],
            when(e["occurredAt"]),
            e["subjectType"],
            pk(e["subjectId"]),
            e["milestone"],
            e["principalId"],
            e["by"],
        )
        for e in _edges(data["events"])
    ]


def d_pgl(data: Any) -> Any:
    return [
        (
            int(e["rowId"]),
            e["type"],
            when(e["occurredAt"]),
            e["subjectType"],
            int(e["subjectId"]),
            e["milestone"],
            e["principalId"],
            e["principalName"],
        )
        for e in _edges(data["allEvents"])
    ]


def _actor_global_id(number: int) -> str:
    return base64.b64encode(f"Actor:{number}".encode()).decode()


E_GP = (
    f'{{ node(id: "{_actor_global_id(NODE_ACTOR)}") {{ ... on Actor {{ id name shortName kind'
    " website createdAt } } }"
)
E_PGL = f"{{ actorByRowId(rowId: {NODE_ACTOR}) {{ rowId name shortName kind website createdAt }} }}"


def e_gp(data: Any) -> Any:
    n = data["node"]
    return (pk(n["id"]), n["name"], n["shortName"], n["kind"], n["website"], when(n["createdAt"]))


def e_pgl(data: Any) -> Any:
    n = data["actorByRowId"]
    return (
        int(n["rowId"]),
        n["name"],
        n["shortName"],
        n["kind"],
        n["website"],
        when(n["createdAt"]),
    )


F = "{ __typename }"

DASHBOARD = (
    "{ partnership { actorsByKind { kind count } commitmentsByDeterminantAndState"
    " { determinant state count } planStepsAchieved planStepsTotal }"
    " planSteps { key status achievedAt } events(milestone: true, last: 10)"
    " { edges { node { type occurredAt subjectId } } } }"
)

SHAPES: tuple[Shape, ...] = (
    Shape(
        "a", "actors(first:50) > commitments(first:20) > deliverables", A_GP, A_PGL, a_gp, a_pgl, 2
    ),
    Shape(
        "b",
        "coordinationBodies(first:20) > members(first:20) > actor, meetings(first:10)",
        B_GP,
        B_PGL,
        b_gp,
        b_pgl,
        2,
    ),
    Shape("c", "resolutions(first:100) > sponsors(first:20) > actor", C_GP, C_PGL, c_gp, c_pgl, 2),
    Shape("d", "events(first:100), every scalar field", D_GP, D_PGL, d_gp, d_pgl, 2),
    Shape("e", "node(id:) on one Actor", E_GP, E_PGL, e_gp, e_pgl, 1),
    Shape("f", "{ __typename }", F, F, lambda d: d, lambda d: d, 1),
    Shape("e-anon", "node(id:) on one Actor, no token", E_GP, E_PGL, e_gp, e_pgl, anonymous=True),
    Shape("f-anon", "{ __typename }, no token", F, F, lambda d: d, lambda d: d, anonymous=True),
    Shape("dashboard", "partnership + planSteps + last 10 milestones", DASHBOARD),
)
# Shape a again with compiled reads off: the resolvers, the reference path. Reported, no target.
RESOLVERS_ONLY = "a"
