"""`make bench`: builds a PostgreSQL database at volume, serves GP API from it in its own
process and measures each scenario with wrk (requests/s, p50, p99), plus SQL statements per
request, server CPU and peak RSS. Writes bench/results/<time>.md and .json.

Not part of `make test`. Numbers drift on a shared machine: compare ratios from one run.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = os.environ.get(
    "GP_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/gp_bench"
)
DURATION = int(os.environ.get("GP_BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("GP_BENCH_CONNECTIONS", "10"))

NESTED = (
    "{ actors(first: 50) { edges { node { name commitments(first: 20) { edges { node {"
    " title state dueOn deliverables { edges { node { title status } } } } } } } } } }"
)
DASHBOARD = (
    "{ partnership { actorsByKind { kind count } commitmentsByDeterminantAndState"
    " { determinant state count } planStepsAchieved planStepsTotal }"
    " planSteps { key status achievedAt } events(milestone: true, last: 10)"
    " { edges { node { type occurredAt subjectId } } } }"
)
TYPENAME = "{ __typename }"
# The same shape in PostGraphile's schema for the same tables.
POSTGRAPHILE_NESTED = (
    "{ allActors(first: 50, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { edges { node { name"
    " commitmentsByActorId(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node { title state dueOn"
    " deliverablesByCommitmentId(orderBy: PRIMARY_KEY_ASC) { edges { node { title status } } } } } } } } } }"
)
POSTGRAPHILE_VERSION = "5.1.5"
CACHE = Path(os.environ.get("GP_BENCH_CACHE", Path.home() / ".cache" / "gp-bench"))


@dataclass
class Result:
    scenario: str
    target: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    sql_per_request: int | None
    server_cpu_s: float
    server_peak_rss_mb: float


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("bench needs wrk (apt-get install wrk)")


def postgraphile_command(url: str, port: int) -> list[str] | None:
    """PostGraphile 5 on Node 22, installed from the npm registry into a cache outside the
    repository; None (and the scenario skipped) when npm is missing or the install fails."""
    home = CACHE / "postgraphile"
    binaries = home / "node_modules" / ".bin"
    if not (binaries / "postgraphile").exists():
        if not shutil.which("npm"):
            return None
        home.mkdir(parents=True, exist_ok=True)
        (home / "package.json").write_text('{"name": "gp-bench-postgraphile", "private": true}')
        installed = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "node@22",
                f"postgraphile@{POSTGRAPHILE_VERSION}",
            ],
            cwd=home,
            capture_output=True,
            text=True,
            check=False,
        )
        if installed.returncode != 0:
            print(installed.stderr[-2000:])
            return None
    plain = url.replace("postgresql+asyncpg://", "postgresql://")
    return [
        str(binaries / "node"),
        str(binaries / "postgraphile"),
        "--preset",
        "postgraphile/presets/amber",
        "-c",
        plain,
        "-s",
        "public",
        "-p",
        str(port),
    ]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    def __init__(self, cmd: list[str], env: dict[str, str], port: int) -> None:
        self.port = port
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(200):
            try:
                httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": TYPENAME}, timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise SystemExit(f"server on {port} did not start")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def wrk(url: str, query: str, headers: dict[str, str]) -> tuple[float, float, float, int]:
    body = json.dumps({"query": query})
    header_lines = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())
    script = (
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f"{header_lines}"
        f"wrk.body = {json.dumps(body)}\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = run(
        [ensure_wrk(), "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-s", f.name, url],
        capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _latency(out, "50%")
    p99 = _latency(out, "99%")
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return rps, p50, p99, non_2xx


def _latency(out: str, label: str) -> float:
    m = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)", out)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


async def statements_per_request(url: str, query: str, token: str, *, compiled: bool) -> int:
    from dataclasses import replace

    from gp_api.app import create_app
    from gp_api.config import Settings

    settings = replace(
        Settings.from_env(),
        database_url=url,
        rate_limit_address=0,
        rate_limit_token=0,
        response_cache_size=0,
        compiled_reads=compiled,
    )
    app = create_app(settings)
    counted: list[str] = []
    event.listen(
        app.state.engine.sync_engine, "before_cursor_execute", lambda *a: counted.append(a[2])
    )
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://b"
    ) as client:
        # Warm: token use, and the resolvers' first answer admits the document to compiled reads.
        await client.post("/graphql", json={"query": query}, headers=headers)
        counted.clear()
        heads = app.state.endpoint.heads
        head_reads = heads.reads  # log-head reads run on a connection of their own
        response = await client.post("/graphql", json={"query": query}, headers=headers)
        assert "errors" not in response.json(), response.text[:500]
        head_reads = heads.reads - head_reads
        await heads.close()
    await app.state.engine.dispose()
    return len(counted) + head_reads


async def make_token(url: str, *, admin: bool = False) -> str:
    from gp_api.auth import service
    from gp_api.db import create_engine, session_factory
    from gp_api.principal import SYSTEM, Role

    engine = create_engine(url)
    async with session_factory(engine)() as session, session.begin():
        created = await service.create_token(
            session,
            principal=SYSTEM,
            name="bench admin" if admin else "bench",
            role=Role.ADMIN if admin else Role.VIEWER,
        )
    await engine.dispose()
    return created.secret


def main() -> None:
    from bench import data

    url = DEFAULT_URL
    env = {
        **os.environ,
        "GP_DATABASE_URL": url,
        "GP_RATE_LIMIT_TOKEN": "0",
        "GP_RATE_LIMIT_ADDRESS": "0",
        "GP_SWEEP_INTERVAL": "0",
        "GP_WEBHOOK_WORKER": "false",
        "GP_LOG_LEVEL": "warning",
    }
    gp_api = [sys.executable, "-m", "gp_api.cli"]
    asyncio.run(data.recreate_database(url))
    run([*gp_api, "db", "upgrade"], env=env)
    started = time.time()
    counts = asyncio.run(data.populate(url))
    print(f"populated {counts} in {time.time() - started:.0f}s", flush=True)
    token = asyncio.run(make_token(url))
    headers = {"Authorization": f"Bearer {token}"}

    results: list[Result] = []
    uncached = (
        ("nested read 50x20", NESTED),
        ("dashboard", DASHBOARD),
        ("{ __typename }", TYPENAME),
    )
    cached = (("nested read 50x20, repeated", NESTED), ("dashboard, repeated", DASHBOARD))
    no_cache = {"GP_RESPONSE_CACHE_SIZE": "0"}
    plans = (
        (
            "GP API, resolvers only (no compiled reads, no cache)",
            {**no_cache, "GP_COMPILED_READS": "false"},
            uncached[:1],
            True,
        ),
        ("GP API, no response cache", no_cache, uncached, True),
        ("GP API, response cache", {}, cached, False),
    )
    for target, extra_env, scenarios, count_sql in plans:
        port = free_port()
        server = Server([*gp_api, "serve", "--port", str(port)], {**env, **extra_env}, port)
        try:
            for name, query in scenarios:
                sql = (
                    asyncio.run(
                        statements_per_request(
                            url, query, token, compiled="GP_COMPILED_READS" not in extra_env
                        )
                    )
                    if count_sql
                    else None
                )
                cpu = server.cpu_seconds()
                rps, p50, p99, bad = wrk(f"http://127.0.0.1:{port}/graphql", query, headers)
                used = server.cpu_seconds() - cpu
                results.append(
                    Result(name, target, rps, p50, p99, bad, sql, used, server.peak_rss_mb())
                )
        finally:
            server.stop()
    pgl_port = free_port()
    pgl_cmd = postgraphile_command(url, pgl_port)
    if pgl_cmd is None:
        print("PostGraphile not available: its scenario is skipped", flush=True)
    else:
        pgl = Server(
            pgl_cmd,
            {
                **env,
                "GRAPHILE_ENV": "production",
                "PATH": f"{Path(pgl_cmd[0]).parent}:{env.get('PATH', '')}",
            },
            pgl_port,
        )
        try:
            cpu = pgl.cpu_seconds()
            rps, p50, p99, bad = wrk(
                f"http://127.0.0.1:{pgl_port}/graphql", POSTGRAPHILE_NESTED, {}
            )
            results.append(
                Result(
                    "nested read 50x20",
                    f"PostGraphile {POSTGRAPHILE_VERSION}",
                    rps,
                    p50,
                    p99,
                    bad,
                    None,
                    pgl.cpu_seconds() - cpu,
                    pgl.peak_rss_mb(),
                )
            )
        finally:
            pgl.stop()
    live = run_live(env, gp_api, url)
    bare_port = free_port()
    bare = Server(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_app:app",
            "--port",
            str(bare_port),
            "--log-level",
            "warning",
        ],
        env,
        bare_port,
    )
    try:
        cpu = bare.cpu_seconds()
        rps, p50, p99, bad = wrk(f"http://127.0.0.1:{bare_port}/graphql", TYPENAME, {})
        results.append(
            Result(
                "{ __typename }",
                "bare Starlette",
                rps,
                p50,
                p99,
                bad,
                0,
                bare.cpu_seconds() - cpu,
                bare.peak_rss_mb(),
            )
        )
    finally:
        bare.stop()
    write(results, counts, live)


def run_live(env: dict[str, str], gp_api: list[str], url: str) -> dict[str, Any]:
    from bench.live import contention, fan_out

    admin = asyncio.run(make_token(url, admin=True))
    port = free_port()
    server = Server([*gp_api, "serve", "--port", str(port)], env, port)
    try:
        fan = asyncio.run(fan_out(f"127.0.0.1:{port}", admin))
        fan_rss = server.peak_rss_mb()
        fight = asyncio.run(contention(f"127.0.0.1:{port}", admin))
    finally:
        server.stop()
    return {"fan_out": {**asdict(fan), "server_peak_rss_mb": fan_rss}, "contention": asdict(fight)}


def _ratios(results: list[Result]) -> list[str]:
    """The comparisons the targets are stated in, taken within this one run."""
    by = {(r.scenario, r.target): r.requests_per_s for r in results}
    pgl = next((v for (s, t), v in by.items() if t.startswith("PostGraphile")), None)
    if not pgl:
        return []
    plain = by.get(("nested read 50x20", "GP API, no response cache"), 0.0)
    cached = by.get(("nested read 50x20, repeated", "GP API, response cache"), 0.0)
    return [
        f"Nested read vs PostGraphile, same run: without response cache {plain / pgl:.2f}x"
        f" (target 2x); with response cache {cached / pgl:.1f}x (target 50x).",
    ]


def write(results: list[Result], counts: dict[str, int], live: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    machine = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "wrk": f"-t1 -c{CONNECTIONS} -d{DURATION}s",
        "data": counts,
    }
    fan, fight = live["fan_out"], live["contention"]
    ratios = _ratios(results)
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"machine": machine, "results": [asdict(r) for r in results], **live}, indent=2)
    )
    lines = [
        f"# GP API benchmark {stamp}",
        "",
        f"Machine: {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}; wrk {machine['wrk']}; data {counts}.",
        "",
        "| scenario | target | req/s | p50 ms | p99 ms | non-2xx | SQL/request | server CPU s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.scenario} | {r.target} | {r.requests_per_s:.1f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.non_2xx} | "
        f"{'-' if r.sql_per_request is None else r.sql_per_request} | {r.server_cpu_s:.1f} | {r.server_peak_rss_mb:.0f} |"
        for r in results
    ]
    lines += ["", *ratios] if ratios else []
    lines += [
        "",
        f"Subscription fan-out: {fan['subscribers']} subscribers x {fan['milestones']} milestones:"
        f" {fan['delivered']}/{fan['expected']} delivered, commit-to-receive p50"
        f" {fan['p50_ms']:.1f} ms, p99 {fan['p99_ms']:.1f} ms, server peak RSS"
        f" {fan['server_peak_rss_mb']:.0f} MB.",
        "",
        f"Contention: {fight['clients']} clients x {fight['rounds']} rounds. Same subject:"
        f" {fight['same_subject_successes']} won, {fight['same_subject_conflicts']} refused"
        f" (VERSION_CONFLICT or INVALID_TRANSITION). Distinct subjects:"
        f" {fight['distinct_successes']} won, {fight['distinct_failures']} refused."
        f" {fight['transitions_per_s']:.1f} transitions/s.",
    ]
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{stamp}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
