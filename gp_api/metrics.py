"""Prometheus metrics in the text exposition format: counters kept per process, gauges read at
scrape time."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable


class Metrics:
    def __init__(self) -> None:
        self.requests: Counter[tuple[str, int]] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.gauges: dict[str, tuple[str, Callable[[], float]]] = {}

    def observe(self, method: str, status: int, seconds: float) -> None:
        self.requests[(method, status)] += 1
        self.seconds[method] += seconds

    def gauge(self, name: str, help_text: str, read: Callable[[], float]) -> None:
        self.gauges[name] = (help_text, read)

    def render(self) -> str:
        lines = [
            "# HELP gp_http_requests_total GraphQL HTTP requests by method and status.",
            "# TYPE gp_http_requests_total counter",
        ]
        lines += [
            f'gp_http_requests_total{{method="{m}",status="{s}"}} {n}'
            for (m, s), n in sorted(self.requests.items())
        ]
        lines += [
            "# HELP gp_http_request_seconds_total Time spent answering GraphQL HTTP requests.",
            "# TYPE gp_http_request_seconds_total counter",
        ]
        lines += [
            f'gp_http_request_seconds_total{{method="{m}"}} {v:.6f}'
            for m, v in sorted(self.seconds.items())
        ]
        for name, (help_text, read) in sorted(self.gauges.items()):
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {read()}"]
        return "\n".join(lines) + "\n"
