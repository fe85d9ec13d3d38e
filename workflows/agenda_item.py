"""A General Assembly agenda item, from proposal to conclusion."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "agenda_item"
VERSION = 1


class AgendaItemState(enum.Enum):
    PROPOSED = "PROPOSED"
    INSCRIBED = "INSCRIBED"
    ALLOCATED = "ALLOCATED"
    DEFERRED = "DEFERRED"
    CONCLUDED = "CONCLUDED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = AgendaItemState.PROPOSED


@dataclass(frozen=True)
class AgendaItemFacts:
    has_proposer: bool
    has_memorandum: bool
    allocated_to: str | None
    open_resolutions: int


def _proposed_properly(f: AgendaItemFacts) -> list[str]:
    blockers = []
    if not f.has_proposer:
        blockers.append("needs a proposer")
    if not f.has_memorandum:
        blockers.append("needs an explanatory memorandum")
    return blockers


def _allocated(f: AgendaItemFacts) -> list[str]:
    return [] if f.allocated_to else ["needs allocatedTo (the plenary or a main committee)"]


def _resolutions_settled(f: AgendaItemFacts) -> list[str]:
    if not f.open_resolutions:
        return []
    return [
        f"{f.open_resolutions} resolution(s) under it are not yet ADOPTED, REJECTED or WITHDRAWN"
    ]


OPEN = (
    AgendaItemState.PROPOSED,
    AgendaItemState.INSCRIBED,
    AgendaItemState.ALLOCATED,
    AgendaItemState.DEFERRED,
)

DEFINITION: Definition[AgendaItemFacts] = Definition(
    name=NAME,
    version=VERSION,
    description="A General Assembly agenda item: proposed, inscribed, allocated, concluded.",
    states=AgendaItemState,
    initial=INITIAL,
    guards={
        "proposer_and_memorandum": Guard(
            "proposer_and_memorandum",
            "The proposer and the explanatory memorandum are set.",
            _proposed_properly,
        ),
        "allocation_set": Guard("allocation_set", "allocatedTo is set.", _allocated),
        "resolutions_settled": Guard(
            "resolutions_settled",
            "Every resolution under the item is ADOPTED, REJECTED or WITHDRAWN.",
            _resolutions_settled,
        ),
    },
    transitions=(
        Transition(
            "inscribe",
            (AgendaItemState.PROPOSED,),
            AgendaItemState.INSCRIBED,
            ("proposer_and_memorandum",),
        ),
        Transition(
            "allocate", (AgendaItemState.INSCRIBED,), AgendaItemState.ALLOCATED, ("allocation_set",)
        ),
        Transition(
            "conclude",
            (AgendaItemState.ALLOCATED,),
            AgendaItemState.CONCLUDED,
            ("resolutions_settled",),
        ),
        Transition(
            "defer",
            (AgendaItemState.INSCRIBED, AgendaItemState.ALLOCATED),
            AgendaItemState.DEFERRED,
            reason_required=True,
        ),
        Transition("reinstate", (AgendaItemState.DEFERRED,), AgendaItemState.INSCRIBED),
        Transition("withdraw", OPEN, AgendaItemState.WITHDRAWN, reason_required=True),
    ),
    milestones=frozenset({AgendaItemState.INSCRIBED, AgendaItemState.CONCLUDED}),
)
