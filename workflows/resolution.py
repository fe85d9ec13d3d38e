"""A draft resolution, from drafting to adoption."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "resolution"
VERSION = 1


class ResolutionState(enum.Enum):
    DRAFTING = "DRAFTING"
    INFORMAL_CONSULTATIONS = "INFORMAL_CONSULTATIONS"
    TABLED = "TABLED"
    ADOPTED_IN_COMMITTEE = "ADOPTED_IN_COMMITTEE"
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = ResolutionState.DRAFTING


@dataclass(frozen=True)
class ResolutionFacts:
    item_state: str
    # The forums the item is allocated to, PLENARY included when this draft is taken directly
    # in plenary.
    item_forums: frozenset[str]
    has_draft_symbol: bool
    has_main_sponsor: bool
    committee_adoption_passing: bool | None  # None: none recorded
    plenary_adoption_passing: bool | None
    has_symbol: bool


def _ready_to_table(f: ResolutionFacts) -> list[str]:
    blockers = []
    if f.item_state != "ALLOCATED":
        blockers.append(f"its agenda item must be ALLOCATED (is {f.item_state})")
    if not f.has_draft_symbol:
        blockers.append("needs a draft symbol")
    if not f.has_main_sponsor:
        blockers.append("needs a MAIN sponsor")
    return blockers


def _in_committee(f: ResolutionFacts) -> list[str]:
    if not f.item_forums - {"PLENARY"}:
        return ["its agenda item is not allocated to a main committee"]
    return []


def _in_plenary(f: ResolutionFacts) -> list[str]:
    if "PLENARY" not in f.item_forums:
        return ["its agenda item is not allocated to the plenary (adopt in committee first)"]
    return []


def _committee_passing(f: ResolutionFacts) -> list[str]:
    if f.committee_adoption_passing is None:
        return ["needs the committee's adoption recorded"]
    return [] if f.committee_adoption_passing else ["the committee's recorded vote did not pass"]


def _plenary_passing(f: ResolutionFacts) -> list[str]:
    if f.plenary_adoption_passing is None:
        return ["needs the plenary's adoption recorded"]
    return [] if f.plenary_adoption_passing else ["the plenary's recorded vote did not pass"]


def _symbol(f: ResolutionFacts) -> list[str]:
    return [] if f.has_symbol else ["needs the final symbol (A/RES/...)"]


# A draft in one of these states needs no further action.
SETTLED = (ResolutionState.ADOPTED, ResolutionState.REJECTED, ResolutionState.WITHDRAWN)

BEFORE_ADOPTION = (
    ResolutionState.DRAFTING,
    ResolutionState.INFORMAL_CONSULTATIONS,
    ResolutionState.TABLED,
    ResolutionState.ADOPTED_IN_COMMITTEE,
)

DEFINITION: Definition[ResolutionFacts] = Definition(
    name=NAME,
    version=VERSION,
    description="A draft resolution: drafting, consultations, tabled, adopted.",
    states=ResolutionState,
    initial=INITIAL,
    guards={
        "ready_to_table": Guard(
            "ready_to_table",
            "The agenda item is ALLOCATED; the draft symbol and a MAIN sponsor are set.",
            _ready_to_table,
        ),
        "allocated_to_committee": Guard(
            "allocated_to_committee",
            "The agenda item is allocated to a main committee.",
            _in_committee,
        ),
        "allocated_to_plenary": Guard(
            "allocated_to_plenary", "The agenda item is allocated to the plenary.", _in_plenary
        ),
        "committee_adoption_passing": Guard(
            "committee_adoption_passing",
            "The committee's adoption is recorded and passing.",
            _committee_passing,
        ),
        "plenary_adoption_passing": Guard(
            "plenary_adoption_passing",
            "The plenary's adoption is recorded and passing.",
            _plenary_passing,
        ),
        "final_symbol_set": Guard("final_symbol_set", "The final symbol is set.", _symbol),
    },
    transitions=(
        Transition(
            "open_consultations",
            (ResolutionState.DRAFTING,),
            ResolutionState.INFORMAL_CONSULTATIONS,
        ),
        Transition(
            "table",
            (ResolutionState.INFORMAL_CONSULTATIONS,),
            ResolutionState.TABLED,
            ("ready_to_table",),
        ),
        Transition(
            "adopt_in_committee",
            (ResolutionState.TABLED,),
            ResolutionState.ADOPTED_IN_COMMITTEE,
            ("allocated_to_committee", "committee_adoption_passing"),
        ),
        Transition(
            "adopt",
            (ResolutionState.ADOPTED_IN_COMMITTEE,),
            ResolutionState.ADOPTED,
            ("plenary_adoption_passing", "final_symbol_set"),
        ),
        Transition(
            "adopt",
            (ResolutionState.TABLED,),
            ResolutionState.ADOPTED,
            ("allocated_to_plenary", "plenary_adoption_passing", "final_symbol_set"),
        ),
        Transition(
            "revise", (ResolutionState.TABLED,), ResolutionState.TABLED, reason_required=True
        ),
        Transition(
            "reject",
            (ResolutionState.TABLED, ResolutionState.ADOPTED_IN_COMMITTEE),
            ResolutionState.REJECTED,
            reason_required=True,
        ),
        Transition("withdraw", BEFORE_ADOPTION, ResolutionState.WITHDRAWN, reason_required=True),
    ),
    milestones=frozenset(
        {
            ResolutionState.TABLED,
            ResolutionState.ADOPTED_IN_COMMITTEE,
            ResolutionState.ADOPTED,
            ResolutionState.REJECTED,
        }
    ),
)
