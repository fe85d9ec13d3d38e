"""The "Event types" section at the end of docs/integrators.md, rendered from the catalog
(a test catches drift). `python -m gp_api.events.docs` rewrites that section in place."""

from __future__ import annotations

import sys
from pathlib import Path

from gp_api.config import PROJECT_ROOT
from gp_api.events.catalog import TYPES, Key
from gp_api.principal import Role

HEADING = "## Event types"
INTEGRATORS = PROJECT_ROOT / "docs" / "integrators.md"


def _audience(role: Role | None) -> str:
    return "every reader (anonymous included)" if role is None else f"{role.value} and above"


def _rows(keys: tuple[Key, ...], prefix: str = "") -> list[str]:
    rows = []
    for key in keys:
        notes = key.description
        if key.audience is not None:
            notes = f"{notes} (left out below {key.audience.value})".strip()
        rows.append(f"| `{prefix}{key.name}` | {key.kind} | {notes} |")
        rows += _rows(key.fields, f"{prefix}{key.name}.")
    return rows


def markdown() -> str:
    out = [
        HEADING,
        "",
        "Generated from `gp_api/events/catalog.py` by `make docs`; do not edit.",
        "",
        "Every event's `data` is a JSON object with camelCase keys, and every ID in it is a",
        "global ID (the `id` of a `Node`: `node(id:)` and mutations take it). Events recorded",
        "before this convention are converted when they are read, so old and new events look",
        "the same. The same rule applies on every path (`events`, `node`/`nodes`, the",
        "`events` and `milestones` subscriptions, webhooks): an event a reader may not see is",
        "not returned at all, and a key a reader may not see is left out of `data`. Webhook",
        "receivers get what a VIEWER sees (an endpoint cannot filter on a type it would never",
        "get). A webhook URL is recorded as scheme://host/path only: credentials, query and",
        "fragment never enter the log.",
    ]
    for event_type in TYPES:
        out += [
            "",
            f"### `{event_type.name}`",
            "",
            f"{event_type.summary} Subject: {event_type.subject}. "
            f"Seen by: {_audience(event_type.audience)}.",
            "",
            "| key | type | notes |",
            "|---|---|---|",
            *_rows(event_type.keys),
        ]
    return "\n".join(out) + "\n"


def with_section(document: str) -> str:
    """`document` with everything from the section's heading on replaced by `markdown()`."""
    head, found, _ = document.partition("\n" + HEADING + "\n")
    if not found:
        head = document.rstrip("\n") + "\n"
    return head.rstrip("\n") + "\n\n" + markdown()


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else INTEGRATORS
    path.write_text(with_section(path.read_text(encoding="utf-8")), encoding="utf-8")
