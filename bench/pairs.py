"""Reads beyond the benchmark's shapes, side by side with PostGraphile: other roots, nested
lists through join tables, filters, backward pages, counts and lookups, each as a GP API
document and the same read in PostGraphile 5's schema. A read that is fast only because the
benchmark's shapes were tuned shows here.

    python -m bench.pairs [NAME ...]

Runs on the benchmark's database (`make bench` makes it; GP_BENCH_POSTGRES_URL): one GP API
process with the response cache off (a VIEWER's token) and one PostGraphile, GP_BENCH_ROUNDS
(2) alternating rounds of GP_BENCH_SECONDS (4) per pair, each after a warm-up, once the
machine is quiet; prints a Markdown table of req/s and the ratios round by round, and exits 1
when a pair had errors or the two answers held different numbers of rows (PostGraphile is
asked for GP API's order of each page).
"""

from __future__ import annotations

import asyncio
import base64
import os
import sys
from typing import Any

import httpx

from bench import run as bench
from bench.report import ratio_range, ratios

SECONDS = int(os.environ.get("GP_BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("GP_BENCH_ROUNDS", "2"))


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


# name: (GP API document, PostGraphile document)
PAIRS: dict[str, tuple[str, str]] = {
    "commitments": (
        "{ commitments(first: 50) { edges { node { id title determinants state actor { id name }"
        " deliverables(first: 5) { edges { node { id title } } } } } } }",
        "{ allCommitments(first: 50, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId title"
        " determinants state actorByActorId { rowId name } deliverablesByCommitmentId(first: 5,"
        " orderBy: PRIMARY_KEY_ASC) { edges { node { rowId title } } } } } } }",
    ),
    "meetings": (
        "{ meetings(first: 50) { edges { node { id title startsAt status host { id name }"
        " body { id name } participants { id name } } } } }",
        "{ allMeetings(first: 50, orderBy: [STARTS_AT_ASC, PRIMARY_KEY_ASC]) { edges { node { rowId title"
        " startsAt status actorByHostId { rowId name } coordinationBodyByBodyId { rowId name }"
        " meetingParticipantsByMeetingId { nodes { actorByActorId { rowId name } } } } } } }",
    ),
    "agenda-items": (
        "{ agendaItems(first: 50) { edges { node { id title session state proposer { id name }"
        " resolutions(first: 5) { edges { node { id symbol state } } } } } } }",
        "{ allAgendaItems(first: 50, orderBy: [SESSION_ASC, PRIMARY_KEY_ASC]) { edges { node { rowId title"
        " session state actorByProposerId { rowId name } resolutionsByAgendaItemId(first: 5,"
        " orderBy: PRIMARY_KEY_ASC) { edges { node { rowId symbol state } } } } } } }",
    ),
    "actors-100": (
        "{ actors(first: 100) { totalCount edges { node { id name shortName kind isoAlpha2"
        " website sourceUrl confidence } } } }",
        "{ allActors(first: 100, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { totalCount edges {"
        " node { rowId name shortName kind isoAlpha2 website sourceUrl confidence } } } }",
    ),
    "resolutions": (
        "{ resolutions(first: 50) { edges { node { id title symbol state omnibus agendaItem {"
        " id title } facilitators { id name } mandates { id kind status } } } } }",
        "{ allResolutions(first: 50, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId title"
        " symbol state omnibus agendaItemByAgendaItemId { rowId title }"
        " draftFacilitatorsByResolutionId { nodes { actorByActorId { rowId name } } }"
        " mandatesByResolutionId { nodes { rowId kind status } } } } } }",
    ),
    "memberships": (
        "{ coordinationBodies(first: 50) { edges { node { id name state members(first: 50, current: false) {"
        " edges { node { id role since until actor { id name kind } } } } } } } }",
        "{ allCoordinationBodies(first: 50, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { edges { node { rowId"
        " name state membershipsByBodyId(first: 50, orderBy: PRIMARY_KEY_ASC) { edges { node {"
        " rowId role since until actorByActorId { rowId name kind } } } } } } } }",
    ),
    "reports": (
        "{ commitments(first: 20) { edges { node { id progressReports(first: 10) { edges {"
        " node { id submittedAt } } } deliverables { edges { node { id title status dueOn } } }"
        " } } } }",
        "{ allCommitments(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId"
        " progressReportsByCommitmentId(first: 10) { edges { node { rowId submittedAt } } }"
        " deliverablesByCommitmentId { edges { node { rowId title status dueOn } } } } } } }",
    ),
    "sponsorships": (
        "{ sponsorships(first: 100) { edges { node { id kind joinedOn withdrawnOn actor { id"
        " name } resolution { id symbol title } } } } }",
        "{ allSponsorships(first: 100, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId kind"
        " joinedOn withdrawnOn actorByActorId { rowId name } resolutionByResolutionId { rowId"
        " symbol title } } } } }",
    ),
    "votes": (
        "{ votes(first: 100) { edges { node { id ballot actor { id name } action { id outcome"
        " takenOn } } } } }",
        "{ allDraftVotes(first: 100, orderBy: [ACTION_ID_ASC, PRIMARY_KEY_ASC]) { edges { node"
        " { rowId ballot actorByActorId { rowId name } draftActionByActionId { rowId outcome"
        " takenOn } } } } }",
    ),
    "actions-votes": (
        "{ resolutions(first: 20) { edges { node { id actions { id outcome yesCount votes { id"
        " ballot actor { id name } } } } } } }",
        "{ allResolutions(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId"
        " draftActionsByResolutionId { nodes { rowId outcome yesCount draftVotesByActionId("
        "orderBy: PRIMARY_KEY_ASC) { nodes { rowId ballot actorByActorId { rowId name } } } } }"
        " } } } }",
    ),
    "actor-bodies": (
        "{ actors(first: 20) { edges { node { id name memberships(first: 10, current: false) { edges { node {"
        " role body { id name members(first: 5, current: false) { edges { node { actor { id name } } } } } } } }"
        " } } } }",
        "{ allActors(first: 20, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { edges { node { rowId"
        " name membershipsByActorId(first: 10) { edges { node { role coordinationBodyByBodyId {"
        " rowId name membershipsByBodyId(first: 5) { edges { node { actorByActorId { rowId name"
        " } } } } } } } } } } } }",
    ),
    "documents": (
        "{ documents(first: 100) { edges { node { id symbol kind title publishedOn } } } }",
        "{ allDocuments(first: 100, orderBy: [SYMBOL_ASC]) { edges { node { rowId symbol kind"
        " title publishedOn } } } }",
    ),
    "sessions": (
        "{ sessions(first: 10) { edges { node { id opensOn closesOn agendaItems(first: 20) {"
        " edges { node { id title state } } } } } } }",
        "{ allGaSessions(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId opensOn"
        " closesOn agendaItemsBySession(first: 20) { edges { node { rowId title state } } } } }"
        " } }",
    ),
    "events-type": (
        '{ events(first: 100, types: ["actor.updated"]) { edges { node { id type occurredAt }'
        " } } }",
        '{ allEvents(first: 100, condition: {type: "actor.updated"}, orderBy: PRIMARY_KEY_ASC)'
        " { edges { node { rowId type occurredAt } } } }",
    ),
    "commitments-of-actor": (
        f'{{ commitments(actorIds: ["{gid("Actor", 87)}"], first: 50) {{ totalCount edges {{'
        " node { id title state dueOn } } } }",
        "{ allCommitments(condition: {actorId: 87}, first: 50, orderBy: PRIMARY_KEY_ASC) {"
        " totalCount edges { node { rowId title state dueOn } } } }",
    ),
    "commitments-last": (
        "{ commitments(last: 20) { edges { cursor node { id title } } pageInfo {"
        " hasPreviousPage startCursor } } }",
        "{ allCommitments(last: 20, orderBy: PRIMARY_KEY_ASC) { edges { cursor node { rowId"
        " title } } pageInfo { hasPreviousPage startCursor } } }",
    ),
    "nested-last": (
        "{ actors(first: 20) { edges { node { id commitments(last: 5) { edges { node { id title"
        " deliverables(last: 2) { edges { node { id } } } } } } } } } }",
        "{ allActors(first: 20, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { edges { node { rowId"
        " commitmentsByActorId(last: 5, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId title"
        " deliverablesByCommitmentId(last: 2, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId"
        " } } } } } } } } } }",
    ),
    "counts": (
        "{ commitments(first: 1) { totalCount } actors(first: 1) { totalCount } }",
        "{ allCommitments(first: 1) { totalCount } allActors(first: 1) { totalCount } }",
    ),
    "node-resolution": (
        f'{{ node(id: "{gid("Resolution", 50)}") {{ id ... on Resolution {{ symbol title state'
        " } } }",
        "{ resolutionByRowId(rowId: 50) { rowId symbol title state } }",
    ),
}


def rows(value: Any) -> int:
    """How many objects an answer holds (lists' items, at every depth)."""
    if isinstance(value, dict):
        return sum(rows(v) for v in value.values())
    if isinstance(value, list):
        return len(value) + sum(rows(v) for v in value)
    return 0


def answer(url: str, query: str, headers: dict[str, str]) -> int:
    body = httpx.post(url, json={"query": query}, headers=headers, timeout=60).json()
    if body.get("errors") or body.get("data") is None:
        raise SystemExit(f"{url}: {str(body.get('errors'))[:500]}")
    return rows(body["data"])


def main(names: list[str]) -> int:
    unknown = sorted(set(names) - set(PAIRS))
    if unknown:
        raise SystemExit(f"no such pair: {', '.join(unknown)} (pairs: {', '.join(PAIRS)})")
    env = bench.server_env()
    chosen = {n: q for n, q in PAIRS.items() if not names or n in names}
    token = asyncio.run(bench.make_token(bench.URL))
    headers = {"Authorization": f"Bearer {token}"}
    ours = bench.gp_server("GP API, response cache off", env, bench.NO_CACHE, seconds=SECONDS)
    theirs = bench.postgraphile_server(bench.postgraphile_home(), bench.URL, env)
    theirs.seconds = SECONDS
    failed = 0
    try:
        print(f"| pair | GP API req/s | PostGraphile req/s | ratio | rows |  ({SECONDS} s rounds)")
        print("|---|---|---|---|---|")
        for name, (gp, pgl) in chosen.items():
            counted = (answer(ours.url, gp, headers), answer(theirs.url, pgl, {}))
            gp_rates: list[float] = []
            pgl_rates: list[float] = []
            errors = 0
            for _ in range(ROUNDS):
                for server, query, auth, rates in (
                    (ours, gp, headers, gp_rates),
                    (theirs, pgl, {}, pgl_rates),
                ):
                    bench.wait_quiet()
                    bench.wrk(server, query, auth, 1)  # warm
                    run = bench.wrk(server, query, auth, SECONDS)
                    errors += run.errors
                    rates.append(run.requests_per_s)
            same = counted[0] == counted[1]
            failed += bool(errors) or not same
            print(
                f"| {name} | {', '.join(f'{r:.0f}' for r in gp_rates)}"
                f" | {', '.join(f'{r:.0f}' for r in pgl_rates)}"
                f" | {ratio_range(ratios(gp_rates, pgl_rates))}"
                f" | {counted[0]}{'' if same else f' (PostGraphile {counted[1]})'}"
                f"{f'; {errors} errors' if errors else ''} |",
                flush=True,
            )
    finally:
        ours.stop()
        theirs.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
