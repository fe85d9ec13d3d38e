"""A General Assembly agenda item by the rules of procedure (rules 12-15, 20, 40 and the General
Committee): listed, recommended, included, allocated (once or more), concluded; or not
recommended, not included, deferred to a later session (where it continues), withdrawn."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "agenda_item"
VERSION = 2


class AgendaItemState(enum.Enum):
    LISTED = "LISTED"
    RECOMMENDED = "RECOMMENDED"
    NOT_RECOMMENDED = "NOT_RECOMMENDED"
    INCLUDED = "INCLUDED"
    NOT_INCLUDED = "NOT_INCLUDED"
    ALLOCATED = "ALLOCATED"
    DEFERRED = "DEFERRED"
    CONCLUDED = "CONCLUDED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = AgendaItemState.LISTED

# Origins (gp_api.ga.models.AgendaItemOrigin holds the same values).
REQUESTED = "REQUESTED"
MANDATED = "MANDATED"
CARRIED_OVER = "CARRIED_OVER"


@dataclass(frozen=True)
class AllocationPayload:
    """The data of one `allocate` move (allocateAgendaItem), as the guards need it."""

    forum: str
    # A decision to consider one draft directly in plenary: the draft's facts.
    for_draft: bool = False
    draft_under_item: bool = True
    draft_settled: bool = False
    # The same allocation (forum, draft) is already recorded.
    already_recorded: bool = False


@dataclass(frozen=True)
class DeferralPayload:
    """The data of one `defer` move (deferAgendaItem): the later session it continues in."""

    to_session: int
    # The later session already has an item continuing this one.
    already_continued: bool = False


@dataclass(frozen=True)
class AgendaItemFacts:
    origin: str
    has_proposer: bool
    has_memorandum: bool
    has_mandate: bool  # the mandating resolution's symbol is set
    has_continues: bool  # the item it continues is set
    session: int
    allocations: int
    open_resolutions: int
    payload: AllocationPayload | DeferralPayload | None = None


def _origin_complete(f: AgendaItemFacts) -> list[str]:
    if f.origin == REQUESTED:
        blockers = []
        if not f.has_proposer:
            blockers.append(
                "a REQUESTED item needs its proposer (rule 13-15): set proposerId with"
                " updateAgendaItem"
            )
        if not f.has_memorandum:
            blockers.append(
                "a REQUESTED item needs an explanatory memorandum (rule 20): set"
                " explanatoryMemorandum with updateAgendaItem"
            )
        return blockers
    if f.origin == MANDATED:
        if f.has_mandate:
            return []
        return [
            "a MANDATED item needs the symbol of the resolution that mandates it: set"
            " mandatedBySymbol (e.g. A/RES/60/1) with updateAgendaItem"
        ]
    if f.origin == CARRIED_OVER:
        if f.has_continues:
            return []
        return [
            "a CARRIED_OVER item needs the item it continues: set continuesId with updateAgendaItem"
        ]
    return [f"unknown origin {f.origin}: set origin with updateAgendaItem"]


def _allocation_valid(f: AgendaItemFacts) -> list[str]:
    p = f.payload
    if not isinstance(p, AllocationPayload):
        return []  # the move's data is checked when it is given (allocateAgendaItem)
    blockers = []
    if p.for_draft:
        if p.forum != "PLENARY":
            blockers.append(
                "a draft taken directly in plenary is allocated to PLENARY: give forum PLENARY"
                " with resolutionId, or leave resolutionId out to allocate the whole item"
            )
        if not p.draft_under_item:
            blockers.append("resolutionId must be a draft under this agenda item")
        elif p.draft_settled:
            blockers.append(
                "the draft given in resolutionId has already been acted on or withdrawn"
            )
    if p.already_recorded:
        blockers.append(
            "this allocation is already recorded: choose another forum or draft (or correct"
            " the recorded one)"
        )
    return blockers


def _later_session(f: AgendaItemFacts) -> list[str]:
    p = f.payload
    if not isinstance(p, DeferralPayload):
        return []  # the move's data is checked when it is given (deferAgendaItem)
    blockers = []
    if p.to_session <= f.session:
        blockers.append(
            f"toSession must be a session after {f.session} (the item's own): give a later one"
        )
    if p.already_continued:
        blockers.append(
            f"session {p.to_session} already has an item continuing this one: defer to"
            " another session"
        )
    return blockers


def _resolutions_settled(f: AgendaItemFacts) -> list[str]:
    if not f.open_resolutions:
        return []
    return [
        f"{f.open_resolutions} draft(s) under it are not yet acted on or withdrawn: take"
        " action on each (or withdraw it) first"
    ]


OPEN = (
    AgendaItemState.LISTED,
    AgendaItemState.RECOMMENDED,
    AgendaItemState.NOT_RECOMMENDED,
    AgendaItemState.INCLUDED,
    AgendaItemState.ALLOCATED,
)
BEFORE_INCLUSION = (AgendaItemState.RECOMMENDED, AgendaItemState.NOT_RECOMMENDED)
# The states in which the item is on the session's agenda.
ON_THE_AGENDA = (AgendaItemState.INCLUDED, AgendaItemState.ALLOCATED)

DEFINITION: Definition[AgendaItemFacts] = Definition(
    name=NAME,
    version=VERSION,
    description=(
        "A General Assembly agenda item by the rules of procedure: listed (preliminary,"
        " supplementary or additional list), recommended by the General Committee, included"
        " when the plenary adopts the agenda, allocated to the plenary or a Main Committee (one"
        " or more allocations, added later; one draft may be taken directly in plenary),"
        " concluded; or deferred to a later session, where it continues."
    ),
    states=AgendaItemState,
    initial=INITIAL,
    guards={
        "origin_complete": Guard(
            "origin_complete",
            "The origin is complete: a REQUESTED item has its proposer and explanatory"
            " memorandum (rules 13-15, 20); a MANDATED item the mandating resolution's symbol;"
            " a CARRIED_OVER item the item it continues.",
            _origin_complete,
        ),
        "allocation_valid": Guard(
            "allocation_valid",
            "The allocation (allocateAgendaItem) is new; a draft taken directly in plenary is"
            " under the item, not yet acted on, and allocated to PLENARY.",
            _allocation_valid,
        ),
        "later_session": Guard(
            "later_session",
            "The session it is deferred to (deferAgendaItem) comes after the item's own and"
            " has no item continuing it yet.",
            _later_session,
        ),
        "resolutions_settled": Guard(
            "resolutions_settled",
            "Every draft under the item has been acted on (adopted or rejected) or withdrawn.",
            _resolutions_settled,
        ),
    },
    transitions=(
        Transition("recommend", (AgendaItemState.LISTED,), AgendaItemState.RECOMMENDED),
        Transition(
            "not_recommend",
            (AgendaItemState.LISTED,),
            AgendaItemState.NOT_RECOMMENDED,
            reason_required=True,
        ),
        Transition("include", BEFORE_INCLUSION, AgendaItemState.INCLUDED, ("origin_complete",)),
        Transition(
            "not_include", BEFORE_INCLUSION, AgendaItemState.NOT_INCLUDED, reason_required=True
        ),
        Transition(
            "allocate",
            (AgendaItemState.INCLUDED, AgendaItemState.ALLOCATED),
            AgendaItemState.ALLOCATED,
            ("allocation_valid",),
            payload="allocateAgendaItem",
        ),
        Transition(
            "conclude",
            (AgendaItemState.ALLOCATED,),
            AgendaItemState.CONCLUDED,
            ("resolutions_settled",),
        ),
        Transition(
            "defer",
            OPEN,
            AgendaItemState.DEFERRED,
            ("later_session",),
            reason_required=True,
            payload="deferAgendaItem",
        ),
        Transition("withdraw", OPEN, AgendaItemState.WITHDRAWN, reason_required=True),
    ),
    milestones=frozenset({AgendaItemState.INCLUDED, AgendaItemState.CONCLUDED}),
)
