"""Every workflow definition, by name."""

from __future__ import annotations

from typing import Any

from workflows import agenda_item, commitment, coordination_body, resolution
from workflows.base import Definition

DEFINITIONS: dict[str, Definition[Any]] = {
    d.name: d
    for d in (
        coordination_body.DEFINITION,
        agenda_item.DEFINITION,
        resolution.DEFINITION,
        commitment.DEFINITION,
    )
}
