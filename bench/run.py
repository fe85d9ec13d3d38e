"""`make bench`: GP API side by side with PostGraphile on the same PostgreSQL data.

1. Rebuilds the database named by GP_BENCH_POSTGRES_URL (never point it at a database you
   keep), migrates it with `gp-api db upgrade` and fills it (bench/data.py).
2. Starts, each in its own process: GP API with the response cache off, GP API with compiled
   reads off too (the resolvers), GP API with the response cache on, PostGraphile 5.1.5
   (installed by npm from bench/postgraphile/package-lock.json into a cache outside the
   repository), and a bare Starlette handler (the framework's floor on `{ __typename }`).
3. Checks, once per shape, that GP API (every configuration) and PostGraphile return the
   same rows; a difference fails the shape.
4. Counts statements per request at the wire (bench/pgwire.py, a proxy in front of
   PostgreSQL: BEGIN, COMMIT and ROLLBACK included), in a pass of its own, untimed.
5. Alternating timed rounds (GP_BENCH_ROUNDS, default 3): per shape, GP API then
   PostGraphile then the others, each after a warm-up; wrk timeouts, socket errors, non-2xx
   answers and answers carrying GraphQL errors are errors, and any error fails the shape.
   PostgreSQL's `pg_stat_database.sessions` is sampled around each timed run.
6. Shape c on the cached server alone, then with one real write (updateActor over HTTP,
   admin token) per second, in GP_BENCH_ROUNDS pairs of windows (GP_BENCH_WRITE_SECONDS of
   each in all); then 1,000 WebSocket subscribers (bench/live.py) and the contention scenario.
7. Writes bench/results/<UTC time>.md and .json, prints which targets were missed, and exits
   1 when any was.

Settings (environment): GP_BENCH_POSTGRES_URL, GP_BENCH_SECONDS (10), GP_BENCH_ROUNDS (3),
GP_BENCH_WARMUP (2 s), GP_BENCH_CONNECTIONS (10), GP_BENCH_TIMEOUT (wrk's, 2 s),
GP_BENCH_RESOLVERS_TIMEOUT (wrk's for the resolvers-only reference, 30 s; its runs last
at least 20 s),
GP_BENCH_WRITE_SECONDS (30), GP_BENCH_SHAPES (all: a,b,c,d,e,f,e-anon,f-anon,dashboard; the
shapes send a VIEWER's token, but e-anon and f-anon, e and f without one), GP_BENCH_LIVE (1),
GP_BENCH_NOTE (a line for the results, e.g. how busy the machine was).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bench import pgwire
from bench.report import WrkRun, judge, lua_script, parse_wrk, percentile, ratio_range, ratios
from bench.shapes import RESOLVERS_ONLY, SHAPES, Shape

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PINNED = ROOT / "bench" / "postgraphile"
POSTGRAPHILE_VERSION = "5.1.5"
URL = os.environ.get("GP_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/gp_bench")
SECONDS = int(os.environ.get("GP_BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("GP_BENCH_ROUNDS", "3"))
WARMUP = int(os.environ.get("GP_BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("GP_BENCH_CONNECTIONS", "10"))
TIMEOUT = int(os.environ.get("GP_BENCH_TIMEOUT", "2"))
# The resolvers-only reference answers shape a in ~0.5 s alone, so ~5 s with 10 clients at
# once: under wrk's 2 s every request would time out, and in a 5 s run hardly one completes.
RESOLVERS_TIMEOUT = int(os.environ.get("GP_BENCH_RESOLVERS_TIMEOUT", "30"))
RESOLVERS_SECONDS = max(SECONDS, 20)
# Before each timed run, wait (up to this many seconds) for the machine to fall quiet: a
# server still answering requests a timed-out client gave up on would take the next run's CPU.
# Bounded: on a machine busy with other work it would otherwise wait before every run (the
# results carry the load average, and the line printed says how busy it still was).
QUIET_WAIT = 30
QUIET_BUSY = 0.10  # quiet: under 10% of all cores busy over half a second
WRITE_SECONDS = int(os.environ.get("GP_BENCH_WRITE_SECONDS", "30"))
LIVE = os.environ.get("GP_BENCH_LIVE", "1") != "0"
NOTE = os.environ.get("GP_BENCH_NOTE", "")
ONLY = [s for s in os.environ.get("GP_BENCH_SHAPES", "").split(",") if s]
COUNTED_REQUESTS = 5
# New PostgreSQL sessions a timed GP API round may open and still count as flat.
SESSION_ALLOWANCE = 2

GP_OFF = "GP API, response cache off"
GP_RESOLVERS = (
    "GP API, resolvers only (compiled reads off, cache off;"
    f" {RESOLVERS_SECONDS} s runs, wrk timeout {RESOLVERS_TIMEOUT} s)"
)
GP_ON = "GP API, response cache on"
PGL = f"PostGraphile {POSTGRAPHILE_VERSION}"
BARE = "bare Starlette (floor)"


def say(*parts: object) -> None:
    print(*parts, flush=True)


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    say("$", " ".join(cmd))
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench needs wrk: apt-get install wrk (Debian/Ubuntu), brew install wrk")
    return found


def postgraphile_home() -> Path:
    """PostGraphile and Node 22 from bench/postgraphile/package-lock.json, installed once per
    lockfile with `npm ci` into $GP_BENCH_CACHE (default ~/.cache/gp-bench-postgraphile)."""
    lock = (PINNED / "package-lock.json").read_bytes()
    cache = Path(
        os.environ.get("GP_BENCH_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "gp-bench-postgraphile"
    )
    home = cache / hashlib.sha256(lock).hexdigest()[:16]
    if not (home / "node_modules" / ".package-lock.json").exists():
        if not shutil.which("npm"):
            raise SystemExit("bench needs npm (Node.js) to install PostGraphile")
        home.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(PINNED / name, home / name)
        run(["npm", "ci", "--prefix", str(home), "--no-audit", "--no-fund"], capture_output=True)
    return home


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    def __init__(
        self,
        name: str,
        cmd: list[str],
        env: dict[str, str],
        port: int,
        timeout: int = TIMEOUT,
        seconds: int = SECONDS,
    ) -> None:
        self.name = name
        self.timeout = timeout  # wrk's, in seconds
        self.seconds = seconds  # of each timed run
        self.port = port
        self.url = f"http://127.0.0.1:{port}/graphql"
        # Open for the server's whole life; its output is shown if it fails to start.
        self.log = tempfile.NamedTemporaryFile("w+", prefix="gp-bench-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            try:
                httpx.post(self.url, json={"query": "{ __typename }"}, timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        self.log.seek(0)
        raise SystemExit(f"{name} did not start on {port}:\n{self.log.read()[-3000:]}")

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
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def gp_server(
    name: str,
    env: dict[str, str],
    extra: dict[str, str],
    timeout: int = TIMEOUT,
    seconds: int = SECONDS,
) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "gp_api.cli", "serve", "--port", str(port)]
    return Server(name, cmd, {**env, **extra}, port, timeout, seconds)


def _busy_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


def wait_quiet() -> float:
    """Wait until the machine is quiet (see QUIET_BUSY); the seconds waited. A server keeps
    computing the answers to requests its client abandoned (uvicorn and Node do not cancel
    them): without this, that work lands in the next server's timed run."""
    started = time.perf_counter()
    while True:
        busy0, total0 = _busy_ticks()
        time.sleep(0.5)
        busy1, total1 = _busy_ticks()
        share = (busy1 - busy0) / max(1, total1 - total0)
        waited = time.perf_counter() - started
        if share < QUIET_BUSY or waited > QUIET_WAIT:
            if waited > 2:
                say(f"  (waited {waited:.0f} s for the machine to fall quiet: {share:.0%} busy)")
            return waited


def postgraphile_server(home: Path, database_url: str, env: dict[str, str]) -> Server:
    port = free_port()
    bin_dir = home / "node_modules" / ".bin"
    plain = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    cmd = [
        str(bin_dir / "node"),
        str(bin_dir / "postgraphile"),
        "--preset",
        "postgraphile/presets/amber",
        "-c",
        plain,
        "-s",
        "public",
        "-p",
        str(port),
    ]
    pgl_env = {**env, "GRAPHILE_ENV": "production", "PATH": f"{bin_dir}:{env.get('PATH', '')}"}
    return Server(PGL, cmd, pgl_env, port)


WARNED: set[str] = set()


def wrk(server: Server, query: str, headers: dict[str, str], seconds: int) -> WrkRun:
    body = json.dumps({"query": query})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua_script(body, headers))
    try:
        out = subprocess.run(
            [
                ensure_wrk(),
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                f"--timeout={server.timeout}s",
                "--latency",
                "-s",
                f.name,
                server.url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    return parse_wrk(out, CONNECTIONS)


class Sessions:
    """pg_stat_database for the bench database, read on one connection of its own."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        plain = make_url(url).set(drivername="postgresql").render_as_string(False)
        self.name = make_url(url).database
        self.conn = self.loop.run_until_complete(asyncpg.connect(plain))

    def sample(self) -> dict[str, int]:
        async def read() -> dict[str, int]:
            await self.conn.execute("SELECT pg_stat_clear_snapshot()")
            row = await self.conn.fetchrow(
                "SELECT sessions, numbackends, xact_commit, xact_rollback"
                " FROM pg_stat_database WHERE datname = $1",
                self.name,
            )
            return dict(row) if row else {}

        return self.loop.run_until_complete(read())

    def close(self) -> None:
        self.loop.run_until_complete(self.conn.close())
        self.loop.close()


@dataclass
class Timed:
    round: int
    shape: str
    server: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    graphql_errors: int
    timeouts: int
    socket_errors: int
    new_sessions: int
    backends_after: int
    server_cpu_s: float
    server_peak_rss_mb: float


def timed(
    round_: int, shape: Shape, server: Server, headers: dict[str, str], sessions: Sessions
) -> Timed:
    query = shape.postgraphile if server.name == PGL else shape.gp
    assert query is not None
    wait_quiet()
    warm = wrk(server, query, headers, WARMUP) if WARMUP else None
    if warm and warm.errors:
        say(f"  (warm-up of {shape.key} on {server.name}: {warm.errors} errors)")
    wait_quiet()  # the answers to requests the warm-up left in flight
    before = sessions.sample()
    cpu = server.cpu_seconds()
    result = wrk(server, query, headers, server.seconds)
    used = server.cpu_seconds() - cpu
    time.sleep(0.5)  # let closed backends report their session
    after = sessions.sample()
    row = Timed(
        round_,
        shape.key,
        server.name,
        result.requests_per_s,
        result.p50_ms,
        result.p99_ms,
        result.requests,
        result.non_2xx,
        result.graphql_errors,
        result.timeouts,
        result.socket_errors,
        after.get("sessions", 0) - before.get("sessions", 0),
        after.get("numbackends", 0),
        used,
        server.peak_rss_mb(),
    )
    flag = f"  ERRORS {result.errors}" if result.errors else ""
    say(
        f"  round {round_} {shape.key:>9} {server.name:<55} {result.requests_per_s:9.1f} req/s"
        f"  p50 {result.p50_ms:8.1f}  p99 {result.p99_ms:8.1f} ms  +{row.new_sessions} sessions{flag}"
    )
    return row


def post(url: str, query: str, headers: dict[str, str]) -> Any:
    response = httpx.post(url, json={"query": query}, headers=headers, timeout=120)
    body = response.json()
    if response.status_code != 200 or "errors" in body:
        raise RuntimeError(f"{url}: {response.status_code} {json.dumps(body)[:1000]}")
    return body["data"]


def same_rows(shape: Shape, gp: list[Server], pgl: Server, headers: dict[str, str]) -> str:
    """'yes', or what differs: every GP API configuration against PostGraphile."""
    assert shape.postgraphile
    assert shape.gp_rows
    assert shape.pgl_rows
    try:
        theirs = shape.pgl_rows(post(pgl.url, shape.postgraphile, {}))
    except Exception as error:
        return f"no: PostGraphile failed: {error}"
    if not theirs:
        return "no: PostGraphile returned no rows"
    for server in gp:
        try:
            ours = shape.gp_rows(post(server.url, shape.gp, headers))
        except Exception as error:
            return f"no: {server.name} failed: {error}"
        if ours != theirs:
            first = next(
                (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
                min(len(ours), len(theirs)),
            )
            return (
                f"no: {server.name} differs at row {first}"
                f" (GP API {len(ours)} rows, PostGraphile {len(theirs)})"
            )
    return "yes"


def count_statements(
    env: dict[str, str], home: Path, shapes: list[Shape], headers: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Statements per request at the wire, for each server configuration and shape."""
    parsed = make_url(URL)
    counter = pgwire.WireCounter(parsed.host or "127.0.0.1", parsed.port or 5432)
    proxied = parsed.set(host="127.0.0.1", port=counter.start()).render_as_string(False)
    proxied_env = {**env, "GP_DATABASE_URL": proxied}
    configs: list[tuple[str, Any]] = [
        (GP_OFF, lambda: gp_server(GP_OFF, proxied_env, NO_CACHE)),
        (GP_RESOLVERS, lambda: gp_server(GP_RESOLVERS, proxied_env, RESOLVERS)),
        (GP_ON, lambda: gp_server(GP_ON, proxied_env, {})),
        (PGL, lambda: postgraphile_server(home, proxied, env)),
    ]
    counts: dict[str, dict[str, Any]] = {}
    try:
        for name, start in configs:
            server = start()
            try:
                idle_before = counter.snapshot()
                time.sleep(5)
                idle = pgwire.difference(counter.snapshot(), idle_before)
                counts[name] = {"background_statements_per_s": pgwire.statements(idle) / 5}
                for shape in shapes:
                    if name == PGL and not shape.postgraphile:
                        continue
                    if name == GP_RESOLVERS and shape.key != RESOLVERS_ONLY:
                        continue
                    if name == GP_ON and shape.anonymous:
                        continue
                    query = shape.postgraphile if name == PGL else shape.gp
                    assert query is not None
                    auth = {} if name == PGL or shape.anonymous else headers
                    for _ in range(2):  # warm: the token, the parse cache, the compiled plan
                        post(server.url, query, auth)
                    before = counter.snapshot()
                    began = time.perf_counter()
                    for _ in range(COUNTED_REQUESTS):
                        post(server.url, query, auth)
                    elapsed = time.perf_counter() - began
                    used = pgwire.difference(counter.snapshot(), before)
                    background = counts[name]["background_statements_per_s"] * elapsed
                    counts[name][shape.key] = {
                        "statements": pgwire.statements(used) / COUNTED_REQUESTS,
                        "statements_net_of_background": max(
                            0.0, (pgwire.statements(used) - background) / COUNTED_REQUESTS
                        ),
                        "prepares": used.get("P", 0) / COUNTED_REQUESTS,
                        "round_trips": (used.get("S", 0) + used.get("Q", 0)) / COUNTED_REQUESTS,
                        "new_connections": used.get("connections", 0),
                    }
                    say(f"  {name}: {shape.key} {counts[name][shape.key]}")
            finally:
                server.stop()
    finally:
        counter.stop()
    return counts


NO_CACHE = {"GP_RESPONSE_CACHE_SIZE": "0"}
RESOLVERS = {**NO_CACHE, "GP_COMPILED_READS": "false"}
UPDATE = (
    "mutation($id: ID!, $w: String) { updateActor(input: {id: $id, website: $w})"
    " { actor { id website } userErrors { code message } } }"
)


def writes_under_load(
    server: Server, shape: Shape, headers: dict[str, str], admin: str
) -> dict[str, Any]:
    """Shape c read at full speed on the cached server, alone and then with one updateActor
    per second, in ROUNDS pairs of windows (WRITE_SECONDS in all for each kind), so that the
    machine's drift lands on both sides; the drop of the mean throughput over all pairs (and
    each pair's), and each write's latency. One write, untimed, goes first (the reads have
    their warm-up: the first mutation a process sees plans and compiles what every later one
    reuses)."""
    assert shape.gp
    import base64

    actor = base64.b64encode(b"Actor:1").decode()
    client = httpx.Client(headers={"authorization": f"Bearer {admin}"}, timeout=30)
    written = 0

    def write() -> bool:
        nonlocal written
        written += 1
        variables = {"id": actor, "w": f"https://w.example/{written}"}
        try:
            response = client.post(server.url, json={"query": UPDATE, "variables": variables})
            body = response.json()
            ok = (
                response.status_code == 200
                and "errors" not in body
                and not body["data"]["updateActor"]["userErrors"]
            )
            if not ok:
                say(f"  write {written} failed: {response.status_code} {response.text[:300]}")
        except (httpx.HTTPError, ValueError, KeyError) as error:
            say(f"  write {written} failed: {error!r}")
            ok = False
        return ok

    latencies: list[float] = []
    failed = 0 if write() else 1
    window = max(1, WRITE_SECONDS // ROUNDS)
    pairs: list[tuple[float, float]] = []
    read_errors = 0

    def writer(stop: threading.Event) -> None:
        # One write per second: each starts a second after the previous one started, or at
        # once when that one took longer (writes never overlap).
        nonlocal failed
        next_at = time.perf_counter() + 0.5
        while not stop.wait(max(0.0, next_at - time.perf_counter())):
            started = time.perf_counter()
            next_at = started + 1.0
            ok = write()
            latencies.append((time.perf_counter() - started) * 1000)
            failed += 0 if ok else 1

    try:
        for _ in range(ROUNDS):
            wait_quiet()
            alone = wrk(server, shape.gp, headers, window)
            stop = threading.Event()
            thread = threading.Thread(target=writer, args=(stop,))
            thread.start()
            try:
                loaded = wrk(server, shape.gp, headers, window)
            finally:
                stop.set()
                thread.join()
            pairs.append((alone.requests_per_s, loaded.requests_per_s))
            read_errors += alone.errors + loaded.errors
    finally:
        client.close()
    alone_mean = sum(a for a, _ in pairs) / len(pairs)
    loaded_mean = sum(w for _, w in pairs) / len(pairs)
    return {
        "shape": shape.key,
        "seconds": window,
        "rounds": len(pairs),
        "reads_alone_per_s": alone_mean,
        "reads_with_writes_per_s": loaded_mean,
        "pairs_per_s": [[round(a, 1), round(w, 1)] for a, w in pairs],
        "read_errors": read_errors,
        "throughput_drop": 1 - loaded_mean / alone_mean if alone_mean else 1.0,
        "count": len(latencies),
        "failed": failed,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "latencies_ms": [round(x, 1) for x in latencies],
    }


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


def run_live(env: dict[str, str], admin: str) -> dict[str, Any]:
    from bench.live import contention, fan_out

    server = gp_server("GP API (live)", env, {})
    host = f"127.0.0.1:{server.port}"
    try:
        wait_quiet()
        fan = asyncio.run(fan_out(host, admin))
        fan_rss = server.peak_rss_mb()
        fight = asyncio.run(contention(host, admin))
    finally:
        server.stop()
    return {"fan_out": {**asdict(fan), "server_peak_rss_mb": fan_rss}, "contention": asdict(fight)}


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def server_env() -> dict[str, str]:
    """The environment of a benchmarked GP API server: the bench database, no rate limits, no
    background jobs, quiet logs."""
    return {
        **os.environ,
        "GP_DATABASE_URL": URL,
        "GP_RATE_LIMIT_TOKEN": "0",
        "GP_RATE_LIMIT_ADDRESS": "0",
        "GP_SWEEP_INTERVAL": "0",
        "GP_WEBHOOK_WORKER": "false",
        "GP_LOG_LEVEL": "warning",
        # Three GP API servers and PostGraphile share one PostgreSQL (max_connections 100 by
        # default): each GP API process opens as many pool connections as there are clients,
        # not the default 20 (the pool may still grow to GP_DB_POOL_SIZE, and keeps them).
        "GP_DB_POOL_OPEN": str(CONNECTIONS),
    }


def main() -> int:
    from bench import data

    shapes = [s for s in SHAPES if not ONLY or s.key in ONLY]
    env = server_env()
    started_at = time.gmtime()
    load_before = os.getloadavg()
    ensure_wrk()
    home = postgraphile_home()
    asyncio.run(data.recreate_database(URL))
    run([sys.executable, "-m", "gp_api.cli", "db", "upgrade"], env=env)
    t0 = time.time()
    counts = asyncio.run(data.populate(URL))
    say(f"populated {counts} in {time.time() - t0:.0f}s")
    token = asyncio.run(make_token(URL))
    admin = asyncio.run(make_token(URL, admin=True))
    headers = {"Authorization": f"Bearer {token}"}

    say("statements per request, at the wire (untimed):")
    statements = count_statements(env, home, shapes, headers)

    servers = {
        GP_OFF: gp_server(GP_OFF, env, NO_CACHE),
        GP_RESOLVERS: gp_server(GP_RESOLVERS, env, RESOLVERS, RESOLVERS_TIMEOUT, RESOLVERS_SECONDS),
        GP_ON: gp_server(GP_ON, env, {}),
        PGL: postgraphile_server(home, URL, env),
    }
    bare_port = free_port()
    servers[BARE] = Server(
        BARE,
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
    sessions = Sessions(URL)
    rows: list[Timed] = []
    same: dict[str, str] = {}
    writes: dict[str, Any] | None = None
    live: dict[str, Any] = {}
    try:
        for shape in shapes:
            auth = {} if shape.anonymous else headers
            if shape.postgraphile:
                gp = [servers[GP_OFF]] + ([] if shape.anonymous else [servers[GP_ON]])
                if shape.key == RESOLVERS_ONLY:
                    gp.append(servers[GP_RESOLVERS])
                same[shape.key] = same_rows(shape, gp, servers[PGL], auth)
                say(f"same rows, {shape.key}: {same[shape.key]}")
            else:
                post(servers[GP_OFF].url, shape.gp, auth)  # at least it answers
        for round_ in range(1, ROUNDS + 1):
            say(f"round {round_} of {ROUNDS}")
            for shape in shapes:
                order = [GP_OFF]
                if shape.postgraphile:
                    order.append(PGL)
                if shape.key == RESOLVERS_ONLY:
                    order.append(GP_RESOLVERS)
                if not shape.anonymous:
                    order.append(GP_ON)
                if shape.key == "f":
                    order.append(BARE)
                for name in order:
                    auth = {} if name in (PGL, BARE) or shape.anonymous else headers
                    rows.append(timed(round_, shape, servers[name], auth, sessions))
        c = next((s for s in shapes if s.key == "c"), None)
        if c is not None:
            say("shape c, response cache on, with one write per second:")
            writes = writes_under_load(servers[GP_ON], c, headers, admin)
            say(f"  {writes}")
    finally:
        sessions.close()
        for server in servers.values():
            server.stop()
    if LIVE:
        say("subscription fan-out and contention:")
        live = run_live(env, admin)
    summary = summarize(shapes, rows, same, writes, live)
    verdict = judge(summary)
    meta = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", started_at),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": command_line(),
        "commit": git_commit(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "note": NOTE,
        "wrk": f"-t1 -c{CONNECTIONS} -d{SECONDS}s --timeout={TIMEOUT}s (-d{RESOLVERS_SECONDS}s"
        f" --timeout={RESOLVERS_TIMEOUT}s for the resolvers-only reference), warm-up {WARMUP}s, {ROUNDS} rounds, each run once the"
        " machine is quiet",
        "data": counts,
        "postgraphile": POSTGRAPHILE_VERSION,
    }
    write(meta, rows, statements, summary, verdict, live)
    if verdict.missed:
        say(f"\n{len(verdict.missed)} target(s) missed:")
        for t in verdict.missed:
            say(f"  MISSED {t.name}: wanted {t.wanted}, measured {t.measured}")
    else:
        say("\nevery target met")
    return verdict.exit_status


def command_line() -> str:
    settings = " ".join(
        f"{k}={os.environ[k]}"
        for k in sorted(os.environ)
        if k.startswith("GP_BENCH_") and k != "GP_BENCH_NOTE"
    )
    # `make bench` runs `python -m bench.run`; the results name what actually ran.
    return f"{settings} python -m bench.run".strip()


def summarize(
    shapes: list[Shape],
    rows: list[Timed],
    same: dict[str, str],
    writes: dict[str, Any] | None,
    live: dict[str, Any],
) -> dict[str, Any]:
    def rates(shape: str, server: str) -> list[float]:
        return [r.requests_per_s for r in rows if r.shape == shape and r.server == server]

    summary: dict[str, Any] = {
        "shapes": {},
        "skipped_shapes": [s.key for s in SHAPES if s not in shapes],
    }
    for shape in shapes:
        entry: dict[str, Any] = {"title": shape.title, "target": shape.target}
        if shape.key in same:
            entry["same_rows"] = same[shape.key]
        servers = [GP_OFF] + ([] if shape.anonymous else [GP_ON])
        servers += [PGL] if shape.postgraphile else []
        entry["errors"] = {
            s: sum(
                r.non_2xx + r.graphql_errors + r.timeouts + r.socket_errors
                for r in rows
                if r.shape == shape.key and r.server == s
            )
            for s in servers
        }
        entry["requests_per_s"] = {s: rates(shape.key, s) for s in servers}
        if shape.postgraphile:
            peer = rates(shape.key, PGL)
            entry["ratios"] = {"cache off": ratios(rates(shape.key, GP_OFF), peer)}
            if not shape.anonymous:
                entry["ratios"]["cached"] = ratios(rates(shape.key, GP_ON), peer)
        summary["shapes"][shape.key] = entry
        if shape.key == RESOLVERS_ONLY and shape.postgraphile:
            summary["shapes"][f"{shape.key} (resolvers only)"] = {
                "title": shape.title + ", resolvers only",
                "target": None,
                "errors": {
                    GP_RESOLVERS: sum(
                        r.non_2xx + r.graphql_errors + r.timeouts + r.socket_errors
                        for r in rows
                        if r.shape == shape.key and r.server == GP_RESOLVERS
                    )
                },
                "requests_per_s": {GP_RESOLVERS: rates(shape.key, GP_RESOLVERS)},
                "ratios": {
                    "cache off": ratios(rates(shape.key, GP_RESOLVERS), rates(shape.key, PGL))
                },
            }
    summary["writes"] = writes
    summary["fan_out"] = live.get("fan_out")
    summary["sessions"] = {
        "allowance": SESSION_ALLOWANCE,
        "new_per_round": [r.new_sessions for r in rows if r.server.startswith("GP API")],
    }
    return summary


def _fmt(x: float) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1f}"


def write(
    meta: dict[str, Any],
    rows: list[Timed],
    statements: dict[str, dict[str, Any]],
    summary: dict[str, Any],
    verdict: Any,
    live: dict[str, Any],
) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = meta["started"].replace(":", "").replace("-", "")
    payload = {
        **meta,
        "summary": summary,
        "statements_per_request": statements,
        "timed": [asdict(r) for r in rows],
        "targets": [asdict(t) for t in verdict.targets],
        "exit_status": verdict.exit_status,
        **live,
    }
    (RESULTS / f"{stamp}.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    lines = [
        f"# GP API benchmark {meta['started']}",
        "",
        f"Command: `{meta['command']}` (commit {meta['commit']}).",
        "",
        f"Machine: {meta['platform']}, {meta['cpus']} CPUs, Python {meta['python']}; load average"
        f" {', '.join(f'{x:.2f}' for x in meta['load_average_before'])} before,"
        f" {', '.join(f'{x:.2f}' for x in meta['load_average_after'])} after."
        + (f" {meta['note']}" if meta["note"] else ""),
        "",
        f"Load: wrk {meta['wrk']}; every server a single process. Data: "
        + ", ".join(f"{n:,} {t}" for t, n in meta["data"].items())
        + ".",
        "",
        "## Targets",
        "",
        "| target | wanted | measured | |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {t.name} | {t.wanted} | {t.measured} | {'met' if t.met else '**MISSED**'} |"
        for t in verdict.targets
    ]
    lines += [
        "",
        "## Shapes (req/s per round; ratios are GP API over PostGraphile, round by round)",
        "",
        "| shape | server | req/s by round | ratio range | same rows |",
        "|---|---|---|---|---|",
    ]
    for key, entry in summary["shapes"].items():
        for server, values in entry["requests_per_s"].items():
            label = (
                "cached"
                if server == GP_ON
                else "cache off"
                if server in (GP_OFF, GP_RESOLVERS)
                else None
            )
            got = entry.get("ratios", {}).get(label) if label else None
            lines.append(
                f"| {key}: {entry['title']} | {server} | {', '.join(f'{v:.1f}' for v in values)} |"
                f" {ratio_range(got) if got else '-'} | {entry.get('same_rows', '-')} |"
            )
    lines += [
        "",
        "## Every timed run",
        "",
        "| round | shape | server | req/s | p50 ms | p99 ms | requests | non-2xx | GraphQL errors |"
        " timeouts | socket errors | new PG sessions | backends after | server CPU s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.round} | {r.shape} | {r.server} | {r.requests_per_s:.1f} | {_fmt(r.p50_ms)} |"
        f" {_fmt(r.p99_ms)} | {r.requests} | {r.non_2xx} | {r.graphql_errors} | {r.timeouts} |"
        f" {r.socket_errors} | {r.new_sessions} | {r.backends_after} | {r.server_cpu_s:.1f} |"
        f" {r.server_peak_rss_mb:.0f} |"
        for r in rows
    ]
    lines += [
        "",
        "## Statements per request, counted at the wire",
        "",
        "A proxy in front of PostgreSQL counts the client's Query and Execute messages (BEGIN,"
        f" COMMIT and ROLLBACK included) over {COUNTED_REQUESTS} sequential requests after two"
        " warm ones. Background statements (pollers), measured over 5 idle seconds, are shown per"
        ' second, and subtracted in the "net" column.',
        "",
        "| server | shape | statements | net of background | prepares | round trips |"
        " background statements/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for server, per in statements.items():
        for key, value in per.items():
            if isinstance(value, dict):
                lines.append(
                    f"| {server} | {key} | {value['statements']:.1f} |"
                    f" {value['statements_net_of_background']:.1f} | {value['prepares']:.1f} |"
                    f" {value['round_trips']:.1f} | {per['background_statements_per_s']:.1f} |"
                )
    writes = summary.get("writes")
    if writes:
        lines += [
            "",
            f"## Shape {writes['shape']}, response cache on, one write per second",
            "",
            f"{writes['rounds']} pairs of {writes['seconds']} s windows, alone then with updateActor"
            f" every second (req/s: {writes['pairs_per_s']}); means {writes['reads_alone_per_s']:.1f}"
            f" and {writes['reads_with_writes_per_s']:.1f} req/s"
            f" (drop {writes['throughput_drop']:.0%}). Writes: {writes['count']}, failed"
            f" {writes['failed']}, p50 {_fmt(writes['p50_ms'])} ms, p99 {_fmt(writes['p99_ms'])} ms"
            f" (each: {writes['latencies_ms']}).",
        ]
    if live:
        fan, fight = live["fan_out"], live["contention"]
        lines += [
            "",
            "## Live",
            "",
            f"Subscription fan-out: {fan['subscribers']} subscribers x {fan['milestones']} milestones:"
            f" {fan['delivered']}/{fan['expected']} delivered, commit-to-receive p50"
            f" {_fmt(fan['p50_ms'])} ms, p99 {_fmt(fan['p99_ms'])} ms, server peak RSS"
            f" {fan['server_peak_rss_mb']:.0f} MB.",
            "",
            f"Contention: {fight['clients']} clients x {fight['rounds']} rounds. Same subject:"
            f" {fight['same_subject_successes']} won, {fight['same_subject_conflicts']} refused."
            f" Distinct subjects: {fight['distinct_successes']} won, {fight['distinct_failures']}"
            f" refused. {fight['transitions_per_s']:.1f} transitions/s.",
        ]
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{stamp}.md").write_text(text)
    say(text)
    say(f"written: bench/results/{stamp}.md and .json")


if __name__ == "__main__":
    sys.exit(main())
