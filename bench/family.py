"""Reads beyond the benchmark's shapes: how fast one GP API process (response cache off) answers
other fields, filters, nestings, languages and lookups, so that a read left to the resolvers
(10 to 100 times slower than a compiled one) shows. No PostGraphile here: many of these have no
equivalent there (computed fields, names in six languages).

    python -m bench.family [NAME ...]

Runs on the benchmark's database (`make bench` makes it; GP_BENCH_POSTGRES_URL), each shape
for GP_BENCH_SECONDS (5) after a warm-up, with a VIEWER's token; prints a Markdown table.
Shapes ending in `-fr` are sent with `Accept-Language: fr`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import httpx

from bench import run as bench

SECONDS = int(os.environ.get("GP_BENCH_SECONDS", "5"))

ACTORS = "actors(first: 50) { edges { node { id name"
SHAPES = {
    "actors-filtered": "{ actors(kinds: [STATE], first: 30) { edges { cursor node { id name kind"
    " flowRoles unMemberSince memberships(first: 5) { edges { node { id role body { id name"
    " } } } } } } pageInfo { hasNextPage endCursor } } }",
    "actors-search": '{ actors(search: "a", first: 20) { totalCount edges { node { id name } } } }',
    "actors-kinds": "{ actors(first: 20) { edges { node { id name kinds { kind validFrom }"
    ' kindOn(date: "2010-07-30") } } } }',
    "a-fr": f"{{ {ACTORS} commitments(first: 20) {{ edges {{ node {{ id title state dueOn"
    " deliverables { edges { node { id title status } } } } } } } } } }",
    "bodies-names-fr": "{ coordinationBodies(first: 20) { edges { node { id name"
    " localizedName { text language fallback } names { text language } } } } }",
    "commitments": "{ commitments(first: 50) { edges { node { id title determinants state"
    " actor { id name } deliverables(first: 5) { edges { node { id title } } } } } } }",
    "meetings": "{ meetings(first: 50) { edges { node { id title startsAt status host { id name }"
    " body { id name } participants { id name } } } } }",
    "agenda-items": "{ agendaItems(first: 50) { edges { node { id title session state proposer {"
    " id name } resolutions(first: 5) { edges { node { id symbol state } } } } } } }",
    "resolutions-deep": "{ resolutions(first: 50) { edges { node { id title state adoptedOn"
    " agendaItem { id title } facilitators { id name } mandates { id kind status } } } } }",
    "events-subjects": "{ events(first: 50) { edges { node { id type occurredAt data subject {"
    " id __typename ... on Actor { name } ... on Commitment { title state } } } } } }",
    "document": '{ document(symbol: "a/res/70/902") { id symbol kind title officialUrl } }',
    "session": "{ session(number: 64) { id number agendaItems(first: 5) { edges { node { id"
    " title } } } } }",
    "workflows": "{ workflows { name states { name } } }",
    "transitions": "{ commitments(first: 20) { edges { node { id availableTransitions {"
    " trigger allowed } } } } }",
    "dashboard": "{ partnership { planStepsTotal planStepsAchieved } planSteps { key status } }",
}


def main(names: list[str]) -> int:
    env = bench.server_env()
    chosen = {n: q for n, q in SHAPES.items() if not names or n in names}
    token = asyncio.run(bench.make_token(bench.URL))
    server = bench.gp_server("GP API, response cache off", env, bench.NO_CACHE)
    try:
        print(f"| shape | req/s | p50 ms | errors | answer bytes |  ({SECONDS} s each)")
        print("|---|---|---|---|---|")
        for name, query in chosen.items():
            headers = {"Authorization": f"Bearer {token}"}
            if name.endswith("-fr"):
                headers["Accept-Language"] = "fr"
            answer = httpx.post(server.url, json={"query": query}, headers=headers, timeout=60)
            body = answer.json()
            if "errors" in body:
                raise SystemExit(f"{name}: {json.dumps(body['errors'])[:500]}")
            bench.wait_quiet()
            bench.wrk(server, query, headers, 2)  # the resolvers once, then the plan, warm
            run = bench.wrk(server, query, headers, SECONDS)
            print(
                f"| {name} | {run.requests_per_s:.0f} | {run.p50_ms:.1f} | {run.errors}"
                f" | {len(answer.content):,} |"
            )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
