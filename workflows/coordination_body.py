"""The coordination body's path: core group -> task force -> interagency working group.

Version 2 guards the seed's own words (DESIGN.md 4.1): "a core group of states, UN agencies and
NGOs"; a task force decided at a meeting of the body, with a mandate; an interagency working
group of UN entities "chaired by a special adviser of the Secretary-General". Every guard is
evaluated at the date of the move (for an imported move, the date of the record), and every
blocker says how to clear it. Flow coverage (countries of origin, transit and destination) is
an indicator on the body, not a guard: no licensed source provides those roles.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "coordination_body"
VERSION = 2


class BodyState(enum.Enum):
    PROPOSED = "PROPOSED"
    CORE_GROUP = "CORE_GROUP"
    TASK_FORCE = "TASK_FORCE"
    INTERAGENCY_WORKING_GROUP = "INTERAGENCY_WORKING_GROUP"
    SUSPENDED = "SUSPENDED"
    DISSOLVED = "DISSOLVED"


INITIAL = BodyState.PROPOSED
STAGES = (BodyState.CORE_GROUP, BodyState.TASK_FORCE, BodyState.INTERAGENCY_WORKING_GROUP)


@dataclass(frozen=True)
class BodyFacts:
    """One body as the guards see it on the day of the move: members in office that day,
    meetings held by then, its mandate, and its chair that day."""

    state_members: int
    un_entity_members: int
    ngo_members: int
    held_meetings: int
    held_meetings_with_outcome: int
    has_mandate: bool
    # The names of the persons chairing the body that day, and of those among them who hold
    # an office of kind SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL that day.
    chairs: tuple[str, ...]
    special_adviser_chairs: tuple[str, ...]
    suspended_from: BodyState | None


def _core_group(f: BodyFacts) -> list[str]:
    wanted = (
        (f.state_members, "STATE", "a state"),
        (f.un_entity_members, "UN_ENTITY", "a UN entity"),
        (f.ngo_members, "NGO", "an NGO"),
    )
    return [
        f"needs {label} among its members (the seed: 'a core group of states, UN agencies and"
        f" NGOs'): add an actor of kind {kind} with addMembership"
        for count, kind, label in wanted
        if count < 1
    ]


def _decided_at_meeting(f: BodyFacts) -> list[str]:
    if f.held_meetings_with_outcome:
        return []
    if f.held_meetings:
        return [
            "none of the body's HELD meetings records an outcome: the decision to establish the"
            " task force must be recorded as the outcome of a meeting of the body (schedule one"
            " with scheduleMeeting and bodyId, then recordMeetingHeld with the outcome)"
        ]
    return [
        "needs a meeting of the body recorded as HELD, on or before this date, whose outcome"
        " records the decision: scheduleMeeting with bodyId, then recordMeetingHeld with the"
        " outcome"
    ]


def _mandate(f: BodyFacts) -> list[str]:
    if f.has_mandate:
        return []
    return [
        "needs a mandate: set the mandate text, or the symbol of the document or resolution"
        " that gave it (mandateSymbol), with updateCoordinationBody"
    ]


def _un_entities(f: BodyFacts) -> list[str]:
    if f.un_entity_members >= 2:
        return []
    return [
        "an interagency group needs at least 2 UN entities among its members (has"
        f" {f.un_entity_members}): add actors of kind UN_ENTITY with addMembership"
    ]


def _special_adviser_chair(f: BodyFacts) -> list[str]:
    if f.special_adviser_chairs:
        return []
    seed = (
        "the seed asks for a working group 'chaired by a special adviser of the Secretary-General'"
    )
    if not f.chairs:
        return [
            f"has no chair on this date; {seed}: appoint a person to an office of kind"
            " SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL (appointPerson), then make that"
            " appointment the body's chair (appointBodyChair)"
        ]
    return [
        f"its chair on this date ({', '.join(f.chairs)}) holds no office of kind"
        f" SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL on this date; {seed}: appoint as chair"
        " (appointBodyChair) a person appointed to such an office (appointPerson)"
    ]


def _resume_target(_t: Transition, f: BodyFacts) -> BodyState:
    return f.suspended_from or BodyState.CORE_GROUP


DEFINITION: Definition[BodyFacts] = Definition(
    name=NAME,
    version=VERSION,
    description="A coordination body: core group -> task force -> interagency working group.",
    states=BodyState,
    initial=INITIAL,
    guards={
        "core_group_composition": Guard(
            "core_group_composition",
            "At least one state, one UN entity and one NGO among the members.",
            _core_group,
        ),
        "decided_at_meeting": Guard(
            "decided_at_meeting",
            "A meeting of the body, HELD by the date of the move, recorded the decision"
            " (its outcome).",
            _decided_at_meeting,
        ),
        "mandate_set": Guard(
            "mandate_set",
            "The body has a mandate (text, or the document or resolution that gave it).",
            _mandate,
        ),
        "two_un_entities": Guard(
            "two_un_entities", "At least 2 UN entities are members.", _un_entities
        ),
        "special_adviser_chair": Guard(
            "special_adviser_chair",
            "On the date of the move, the body's chair is a person appointed to an office of"
            " kind SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL.",
            _special_adviser_chair,
        ),
    },
    transitions=(
        Transition(
            "convene_core_group",
            (BodyState.PROPOSED,),
            BodyState.CORE_GROUP,
            ("core_group_composition",),
        ),
        Transition(
            "establish_task_force",
            (BodyState.CORE_GROUP,),
            BodyState.TASK_FORCE,
            ("decided_at_meeting", "mandate_set"),
        ),
        Transition(
            "constitute_working_group",
            (BodyState.TASK_FORCE,),
            BodyState.INTERAGENCY_WORKING_GROUP,
            ("two_un_entities", "special_adviser_chair"),
        ),
        Transition("suspend", STAGES, BodyState.SUSPENDED, reason_required=True),
        Transition("resume", (BodyState.SUSPENDED,), None, reason_required=True, returns_to=STAGES),
        Transition(
            "dissolve",
            (BodyState.PROPOSED, *STAGES, BodyState.SUSPENDED),
            BodyState.DISSOLVED,
            reason_required=True,
        ),
    ),
    milestones=frozenset(
        {
            BodyState.CORE_GROUP,
            BodyState.TASK_FORCE,
            BodyState.INTERAGENCY_WORKING_GROUP,
            BodyState.DISSOLVED,
        }
    ),
    resolve_dest=_resume_target,
)
