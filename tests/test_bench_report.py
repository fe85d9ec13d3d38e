"""The pure parts of `make bench` (bench/report.py, bench/pgwire.py): reading wrk's output,
ratio ranges, judging the targets into an exit status, and counting protocol messages. No wrk,
no servers: the benchmark itself is never a test."""

from __future__ import annotations

import math
import struct
from typing import Any

import pytest

from bench import pgwire
from bench.report import judge, lua_script, parse_wrk, percentile, ratio_range, ratios

CLEAN = """Running 10s test @ http://127.0.0.1:8000/graphql
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  512.00us  12.30ms   90.00%
    Req/Sec     4.70k   300.00     5.10k    80.00%
  Latency Distribution
     50%    1.95ms
     75%    2.20ms
     90%    2.60ms
     99%  850.00us
  46789 requests in 10.00s, 12.34MB read
Requests/sec:   4678.90
Transfer/sec:      1.23MB
GPBENCH requests=46789 non2xx=0 graphql_errors=0 connect=0 read=0 write=0 timeout=0
"""

BROKEN = """Running 10s test @ http://127.0.0.1:8000/graphql
  1 threads and 10 connections
  Latency Distribution
     50%    1.50s
     75%    1.80s
     90%    1.90s
     99%    1.99s
  55 requests in 10.01s, 1.00MB read
  Socket errors: connect 0, read 2, write 1, timeout 17
  Non-2xx or 3xx responses: 4
Requests/sec:      5.49
Transfer/sec:    102.30KB
GPBENCH requests=55 non2xx=6 graphql_errors=3 connect=0 read=2 write=1 timeout=17
"""


def test_clean_run_has_no_errors_and_converts_units() -> None:
    run = parse_wrk(CLEAN, 10)
    assert run.requests == 46789
    assert run.requests_per_s == pytest.approx(4678.90)
    assert run.p50_ms == pytest.approx(1.95)
    assert run.p99_ms == pytest.approx(0.85)  # microseconds
    assert run.errors == 0


def test_timeouts_non_2xx_and_graphql_errors_are_errors() -> None:
    run = parse_wrk(BROKEN, 10)
    assert run.timeouts == 17
    assert run.socket_errors == 3
    # The script's count (4xx/5xx and 3xx alike) wins over wrk's own 3xx-tolerant line.
    assert run.non_2xx == 6
    assert run.graphql_errors == 3
    assert run.errors == 17 + 3 + 6 + 3
    assert run.p50_ms == pytest.approx(1500)


def test_wrk_own_lines_are_read_without_the_script() -> None:
    plain = "\n".join(line for line in BROKEN.splitlines() if not line.startswith("GPBENCH"))
    run = parse_wrk(plain, 10)
    assert (run.timeouts, run.socket_errors, run.non_2xx, run.graphql_errors) == (17, 3, 4, 0)


def test_a_run_that_completed_nothing_counts_every_connection_as_timed_out() -> None:
    # What a server slower than the timeout gives on a short run: wrk reports zero everything.
    out = CLEAN.replace("46789 requests", "0 requests").replace("4678.90", "0.00")
    out = out.replace("requests=46789", "requests=0")
    run = parse_wrk(out, 10)
    assert run.requests == 0
    assert run.timeouts == 10
    assert run.errors == 10


def test_missing_requests_line_is_an_error_not_zero() -> None:
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n", 10)


def test_lua_script_escapes_the_body() -> None:
    script = lua_script('{"query": "{ a(x: \\"q\\") }"}', {"Authorization": "Bearer t"})
    assert 'wrk.headers["Authorization"] = "Bearer t"' in script
    assert 'wrk.body = "{\\"query\\": \\"{ a(x: \\\\\\"q\\\\\\") }\\"}"' in script
    assert "function response(status, headers, body)" in script


def test_ratios_and_their_range() -> None:
    values = ratios([300.0, 200.0, 250.0], [100.0, 100.0, 125.0])
    assert values == [3.0, 2.0, 2.0]
    assert ratio_range(values) == "2.00-3.00x"
    assert ratio_range([2.0, 2.0]) == "2.00x"
    assert ratio_range([]) == "-"
    assert ratios([5.0], [0.0]) == [math.inf]
    with pytest.raises(ValueError, match="shorter"):
        ratios([1.0, 2.0], [1.0])


def test_percentile_is_nearest_rank() -> None:
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 99) == 99.0
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 99))


def summary(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "shapes": {
            "a": {
                "target": 2,
                "same_rows": "yes",
                "errors": {"GP API": 0, "PostGraphile": 0},
                "ratios": {"cache off": [2.5, 3.0], "cached": [60.0, 70.0]},
            },
            "f": {
                "target": 1,
                "same_rows": "yes",
                "errors": {"GP API": 0},
                "ratios": {"cache off": [1.1, 1.3], "cached": [55.0, 51.0]},
            },
            "dashboard": {"target": None, "errors": {"GP API": 0}},
        },
        "skipped_shapes": [],
        "writes": {
            "throughput_drop": 0.1,
            "p50_ms": 5.0,
            "p99_ms": 40.0,
            "count": 10,
            "failed": 0,
            "read_errors": 0,
        },
        "fan_out": {
            "expected": 20000,
            "delivered": 20000,
            "p99_ms": 120.0,
            "server_peak_rss_mb": 150.0,
        },
        "sessions": {"allowance": 2, "new_per_round": [0, 1, 0]},
    }
    base.update(changes)
    return base


def test_every_target_met_exits_zero() -> None:
    verdict = judge(summary())
    assert verdict.missed == []
    assert verdict.exit_status == 0


@pytest.mark.parametrize(
    ("change", "missed"),
    [
        (lambda s: s["shapes"]["a"]["ratios"]["cache off"].append(1.9), "a: cache off"),
        (lambda s: s["shapes"]["f"]["ratios"]["cached"].append(49.0), "f: cached"),
        (lambda s: s["shapes"]["a"].update(same_rows="no: differs at row 3"), "a: same rows"),
        (
            lambda s: s["shapes"]["dashboard"]["errors"].update({"GP API": 1}),
            "dashboard: no errors",
        ),
        (lambda s: s["writes"].update(throughput_drop=0.3), "throughput drop"),
        (lambda s: s["writes"].update(p99_ms=100.0), "write p99"),
        (lambda s: s["writes"].update(failed=1), "writes failed"),
        # Reads that failed make any drop meaningless: missed too, not "met at -500%".
        (lambda s: s["writes"].update(read_errors=2), "read errors|throughput drop"),
        (
            lambda s: s["writes"].update(read_errors=2, throughput_drop=-5.0),
            "read errors|throughput drop",
        ),
        (lambda s: s["fan_out"].update(delivered=19999), "delivered"),
        (lambda s: s["fan_out"].update(p99_ms=251.0), "commit-to-receive"),
        (lambda s: s["fan_out"].update(server_peak_rss_mb=300.0), "RSS"),
        (lambda s: s["sessions"]["new_per_round"].append(3), "sessions flat"),
        (lambda s: s.update(writes=None), "one write/s"),
        (lambda s: s.update(fan_out=None), "1,000 subscribers"),
        (lambda s: s.update(skipped_shapes=["b"]), "b: measured"),
    ],
)
def test_any_missed_target_exits_non_zero_and_is_named(change: Any, missed: str) -> None:
    s = summary()
    change(s)
    verdict = judge(s)
    assert verdict.exit_status == 1
    wanted = missed.split("|")
    assert [t.name for t in verdict.missed] == [
        t.name for t in verdict.targets if any(w in t.name for w in wanted)
    ]
    assert all(any(w in t.name for t in verdict.missed) for w in wanted)


def test_the_write_drop_is_of_the_means_of_paired_windows_and_shows_each_pair() -> None:
    s = summary()
    # One noisy pair (40%) beside two quiet ones: the means decide, every pair is shown.
    s["writes"].update(throughput_drop=0.16, pairs_per_s=[[5000, 3000], [5000, 4900], [5000, 4700]])
    [target] = [t for t in judge(s).targets if "throughput drop" in t.name]
    assert target.met
    assert target.measured == "16% (of the means; pairs: 40%, 2%, 6%)"


def test_nothing_judged_is_not_success() -> None:
    assert judge({"shapes": {}, "writes": None, "fan_out": None}).exit_status == 1


def message(kind: bytes, payload: bytes = b"") -> bytes:
    return kind + struct.pack("!i", 4 + len(payload)) + payload


def test_wire_counter_counts_queries_and_executes_across_chunks() -> None:
    startup = struct.pack("!ii", 8, pgwire.SSL_REQUEST)
    params = struct.pack("!i", 196608) + b"user\x00postgres\x00\x00"
    startup += struct.pack("!i", 4 + len(params)) + params
    stream = (
        startup
        + message(b"Q", b"BEGIN\x00")
        + message(b"P", b"\x00SELECT 1\x00\x00\x00")
        + message(b"B", b"\x00" * 8)
        + message(b"E", b"\x00\x00\x00\x00\x00")
        + message(b"S")
        + message(b"Q", b"COMMIT\x00")
    )
    state = pgwire.WireState()
    codes: list[int] = []
    for i in range(0, len(stream), 3):  # the network splits messages anywhere
        codes += pgwire.feed(state, stream[i : i + 3])
    assert codes == [pgwire.SSL_REQUEST, 196608]
    assert state.counts == {"Q": 2, "P": 1, "B": 1, "E": 1, "S": 1}
    assert pgwire.statements(state.counts) == 3
    assert pgwire.difference({"Q": 5, "E": 2}, {"Q": 2}) == {"Q": 3, "E": 2}
