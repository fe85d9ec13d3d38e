"""The pure parts of `make bench`: reading wrk's output, ratio ranges, and judging the targets.
Kept free of servers and subprocesses so that tests/test_bench_report.py can check them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

# A wrk Lua script: the request, and a count of answers that are not 2xx or that carry GraphQL
# errors, printed by done() on one line the parser reads. wrk's own "Non-2xx or 3xx" line lets
# 3xx through and GraphQL errors come back as 200, hence the script.
#
# Looking for "errors" through a whole answer costs wrk (on the same machine) more than the
# server spends on a cached one: a 360 KB answer holds ~40,000 quotes, each a false start of
# the search. An answer's top-level "errors" comes before "data" (at its start) or after it
# (near its end, before "extensions"), so every answer is searched at both ends (FULL_EVERY:
# the whole of one answer in that many is searched too, wherever the key may be).
ENDS = 16 * 1024  # bytes searched at each end of a long answer
FULL_EVERY = 16
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
{headers}
wrk.body = {body}

local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  gqlerrors = 0
  answers = 0
end

local ENDS = {ends}
local FULL_EVERY = {full_every}

local function has_errors(body)
  local n = #body
  answers = answers + 1
  if n <= 2 * ENDS or answers % FULL_EVERY == 0 then
    return string.find(body, '"errors"', 1, true) ~= nil
  end
  return string.find(string.sub(body, 1, ENDS), '"errors"', 1, true) ~= nil
    or string.find(body, '"errors"', n - ENDS, true) ~= nil
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif has_errors(body) then
    gqlerrors = gqlerrors + 1
  end
end

function done(summary, latency, requests)
  local bad, gql = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    gql = gql + thread:get("gqlerrors")
  end
  io.write(string.format(
    "GPBENCH requests=%d non2xx=%d graphql_errors=%d connect=%d read=%d write=%d timeout=%d\\n",
    summary.requests, bad, gql, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
"""


def lua_script(body: str, headers: dict[str, str]) -> str:
    lines = "\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())
    return LUA.format(headers=lines, body=_lua(body), ends=ENDS, full_every=FULL_EVERY)


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass
class WrkRun:
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int = 0
    graphql_errors: int = 0
    timeouts: int = 0
    socket_errors: int = 0  # connect, read and write errors

    @property
    def errors(self) -> int:
        return self.non_2xx + self.graphql_errors + self.timeouts + self.socket_errors


def _latency(out: str, label: str) -> float:
    m = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    if not m:
        return math.nan
    value, unit = float(m.group(1)), m.group(2)
    return {"us": value / 1000, "ms": value, "s": value * 1000, "m": value * 60_000}[unit]


def parse_wrk(out: str, connections: int = 0) -> WrkRun:
    """wrk --latency output (with the LUA script's line) to figures. Socket errors and timeouts
    come from wrk's own "Socket errors" line when the script's line is missing; a missing
    Requests/sec line is an error, not zero.

    wrk counts as a timeout an answer slower than --timeout, and a request still unanswered
    when its 2-second timeout check runs; a request in flight when the run ends is not
    counted at all. So a run in which not one request completed counts each of its
    `connections` as a timeout: the server answered nothing in the whole run."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    if not rate:
        raise ValueError("wrk printed no Requests/sec line:\n" + out[-2000:])
    total = re.search(r"^\s*(\d+) requests in ", out, re.M)
    run = WrkRun(
        requests=int(total.group(1)) if total else 0,
        requests_per_s=float(rate.group(1)),
        p50_ms=_latency(out, "50%"),
        p99_ms=_latency(out, "99%"),
    )
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        connect, read, write, timeout = (int(g) for g in socket.groups())
        run.socket_errors, run.timeouts = connect + read + write, timeout
    ours = re.search(r"^GPBENCH (.*)$", out, re.M)
    if ours:
        values = dict(pair.split("=") for pair in ours.group(1).split())
        run.non_2xx = int(values["non2xx"])
        run.graphql_errors = int(values["graphql_errors"])
        run.timeouts = max(run.timeouts, int(values["timeout"]))
        run.socket_errors = max(
            run.socket_errors, int(values["connect"]) + int(values["read"]) + int(values["write"])
        )
    else:
        plain = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        run.non_2xx = int(plain.group(1)) if plain else 0
    if run.requests == 0:
        run.timeouts = max(run.timeouts, connections, 1)
    return run


def ratios(ours: list[float], theirs: list[float]) -> list[float]:
    """Round-by-round ratios (round i of ours over round i of theirs); a zero peer gives inf."""
    return [a / b if b else math.inf for a, b in zip(ours, theirs, strict=True)]


def ratio_range(values: list[float]) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return f"{low:.2f}x" if math.isclose(low, high) else f"{low:.2f}-{high:.2f}x"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN when there is nothing."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Target:
    name: str
    wanted: str
    measured: str
    met: bool


@dataclass
class Verdict:
    targets: list[Target] = field(default_factory=list)

    def check(self, name: str, wanted: str, measured: str, met: bool) -> None:
        self.targets.append(Target(name, wanted, measured, bool(met)))

    @property
    def missed(self) -> list[Target]:
        return [t for t in self.targets if not t.met]

    @property
    def exit_status(self) -> int:
        return 1 if self.missed or not self.targets else 0


def judge(summary: dict[str, Any]) -> Verdict:
    """The issue's targets against one run's summary (see bench/run.py for its keys):

    - every shape: the same rows from both servers; no error in any timed round;
    - response cache off: each shape's lowest ratio over PostGraphile at least its target
      (2x for a-d, 1x for e and f);
    - response cache on: the lowest ratio at least 50x on every shape;
    - shape c cached with one write per second: throughput falls by less than 30%, every
      write succeeds, write p99 under 100 ms;
    - 1,000 subscribers: nothing lost, commit-to-receive p99 under 250 ms, RSS under 300 MB;
    - PostgreSQL sessions flat: no timed round opens more than `session_allowance` sessions.
    """
    v = Verdict()
    for key, shape in summary["shapes"].items():
        if "same_rows" in shape:
            v.check(
                f"{key}: same rows as PostGraphile",
                "yes",
                shape["same_rows"],
                shape["same_rows"] == "yes",
            )
        errors = shape.get("errors", {})
        total = sum(errors.values())
        detail = ", ".join(f"{k} {n}" for k, n in errors.items() if n) or "none"
        v.check(f"{key}: no errors in timed rounds", "0", f"{total} ({detail})", total == 0)
        for label, wanted in (("cache off", shape.get("target")), ("cached", 50.0)):
            got = shape.get("ratios", {}).get(label)
            if wanted is None or got is None:
                continue
            low = min(got) if got else math.nan
            v.check(
                f"{key}: {label} vs PostGraphile",
                f">= {wanted:g}x",
                ratio_range(got),
                bool(got) and low >= wanted,
            )
    for key in summary.get("skipped_shapes", []):
        v.check(f"{key}: measured", "yes", "skipped (GP_BENCH_SHAPES)", False)
    writes = summary.get("writes")
    if writes is None:
        v.check("c cached, one write/s", "measured", "not run", False)
    else:
        # A drop measured against a baseline that itself failed (errors, or nothing served)
        # means nothing: then the target is missed, whatever the arithmetic says.
        drop = writes["throughput_drop"]
        sound = writes["read_errors"] == 0 and writes.get("reads_alone_per_s", 1) > 0
        pairs = ", ".join(f"{1 - w / a:.0%}" for a, w in writes.get("pairs_per_s", []) if a)
        v.check(
            "c cached, one write/s: throughput drop",
            "< 30%",
            (f"{drop:.0%}" + (f" (of the means; pairs: {pairs})" if pairs else ""))
            if sound
            else f"{drop:.0%} (not meaningful: the reads had errors)",
            sound and drop < 0.30,
        )
        v.check(
            "c cached, one write/s: write p99",
            "< 100 ms",
            f"{writes['p99_ms']:.1f} ms (p50 {writes['p50_ms']:.1f}, n={writes['count']})",
            writes["p99_ms"] < 100,
        )
        v.check(
            "c cached, one write/s: read errors",
            "0",
            str(writes["read_errors"]),
            writes["read_errors"] == 0,
        )
        v.check(
            "c cached, one write/s: writes failed",
            "0",
            str(writes["failed"]),
            writes["failed"] == 0 and writes["count"] > 0,
        )
    fan = summary.get("fan_out")
    if fan is None:
        v.check("1,000 subscribers", "measured", "not run", False)
    else:
        v.check(
            "1,000 subscribers: delivered",
            f"{fan['expected']}",
            f"{fan['delivered']}",
            fan["delivered"] == fan["expected"],
        )
        v.check(
            "1,000 subscribers: commit-to-receive p99",
            "< 250 ms",
            f"{fan['p99_ms']:.1f} ms",
            fan["p99_ms"] < 250,
        )
        v.check(
            "1,000 subscribers: server RSS",
            "< 300 MB",
            f"{fan['server_peak_rss_mb']:.0f} MB",
            fan["server_peak_rss_mb"] < 300,
        )
    sessions = summary.get("sessions")
    if sessions is not None:
        worst = max(sessions["new_per_round"], default=0)
        v.check(
            "PostgreSQL sessions flat under load (GP API rounds)",
            f"<= {sessions['allowance']} new per round",
            f"max {worst}",
            worst <= sessions["allowance"],
        )
    return v
