"""Prometheus metrics, kept by `prometheus_client`.

Counters and histograms are module-level: one set per process. Under `gp-api serve --workers N`
the command points PROMETHEUS_MULTIPROC_DIR at a fresh directory before the workers start;
`prometheus_client` then keeps each process's values in files there, and a scrape answered by
any worker adds up every worker's files (`MultiProcessCollector`). Gauges that describe the
answering process or the database are computed at scrape time and appended to the output.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

HTTP_REQUESTS = Counter(
    "gp_http_requests", "GraphQL HTTP requests by method and status.", ["method", "status"]
)
GRAPHQL_REQUEST_SECONDS = Histogram(
    "gp_graphql_request_seconds",
    "Time to answer a GraphQL query or mutation, by operation type and transport.",
    ["operation_type", "transport"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TIMED_OPERATIONS = frozenset({"query", "mutation"})  # a subscription's life is no latency
# The children of labelled metrics, by label values: `labels()` takes a lock and builds its
# key on every call, a cost worth skipping on every request.
_COUNTED: dict[tuple[str, int], Any] = {}
_TIMED: dict[tuple[str, str], Any] = {}


def count_http_request(method: str, status: int) -> None:
    child = _COUNTED.get((method, status))
    if child is None:
        child = _COUNTED[method, status] = HTTP_REQUESTS.labels(method, str(status))
    child.inc()


def observe_operation(operation_type: str | None, transport: str, seconds: float) -> None:
    if operation_type in TIMED_OPERATIONS:
        child = _TIMED.get((operation_type, transport))
        if child is None:
            child = _TIMED[operation_type, transport] = GRAPHQL_REQUEST_SECONDS.labels(
                operation_type, transport
            )
        child.observe(seconds)


WEBHOOK_DELIVERIES = Counter(
    "gp_webhook_deliveries",
    "Webhook delivery attempts by outcome: delivered, retried (failed, will be tried again) "
    "or dead (failed for the last time).",
    ["outcome"],
)
for outcome in ("delivered", "retried", "dead"):
    WEBHOOK_DELIVERIES.labels(outcome)  # present (at 0) before the first delivery


class _Gauges(Collector):
    def __init__(self, values: Mapping[str, tuple[str, float]]) -> None:
        self.values = values

    def collect(self) -> list[GaugeMetricFamily]:
        return [
            GaugeMetricFamily(name, help_text, value=value)
            for name, (help_text, value) in sorted(self.values.items())
        ]


def render(gauges: Mapping[str, tuple[str, float]]) -> bytes:
    """The exposition text: every process's counters and histograms (this process's alone
    when not in multiprocess mode, with its process_* metrics), then `gauges` (name: help,
    value), read by the caller just before."""
    if os.environ.get(MULTIPROC_DIR):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    extra = CollectorRegistry(auto_describe=False)
    extra.register(_Gauges(gauges))
    return counted + generate_latest(extra)


def mark_process_dead() -> None:
    """Drop this process's live gauges from the shared directory as it exits (its counters
    stay: they are totals)."""
    if os.environ.get(MULTIPROC_DIR):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
