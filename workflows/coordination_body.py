"""The coordination body's path: core group -> task force -> interagency working group."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "coordination_body"
VERSION = 1


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
    """Current members and meetings of one body, as the guards need them."""

    members: int
    state_members: int
    un_entity_members: int
    ngo_members: int
    held_meetings: int
    flow_roles: frozenset[str]
    has_chair_or_coordinator: bool
    suspended_from: BodyState | None


def _core_group(f: BodyFacts) -> list[str]:
    blockers = []
    if f.members < 3:
        blockers.append(f"needs at least 3 members (has {f.members})")
    if f.state_members < 2:
        blockers.append(f"needs at least 2 states among its members (has {f.state_members})")
    if f.un_entity_members + f.ngo_members < 1:
        blockers.append("needs at least one UN entity or NGO among its members")
    return blockers


def _meeting_held(f: BodyFacts) -> list[str]:
    return [] if f.held_meetings else ["needs a meeting recorded as HELD"]


def _flows_covered(f: BodyFacts) -> list[str]:
    missing = [r for r in ("ORIGIN", "TRANSIT", "DESTINATION") if r not in f.flow_roles]
    if not missing:
        return []
    return [
        "members must cover countries of origin, transit and destination; missing: "
        + ", ".join(m.lower() for m in missing)
    ]


def _chair(f: BodyFacts) -> list[str]:
    return [] if f.has_chair_or_coordinator else ["needs a CHAIR or COORDINATOR among its members"]


def _un_entities(f: BodyFacts) -> list[str]:
    if f.un_entity_members >= 3:
        return []
    return [f"needs at least 3 UN entities among its members (has {f.un_entity_members})"]


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
            "At least 3 members, at least 2 of them states, and at least one UN entity or NGO.",
            _core_group,
        ),
        "meeting_held": Guard(
            "meeting_held", "At least one meeting recorded as HELD.", _meeting_held
        ),
        "flows_covered": Guard(
            "flows_covered",
            "Members cover countries of origin, transit and destination.",
            _flows_covered,
        ),
        "chair_appointed": Guard(
            "chair_appointed", "A CHAIR or COORDINATOR is among the members.", _chair
        ),
        "three_un_entities": Guard(
            "three_un_entities", "At least 3 UN entities are members.", _un_entities
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
            ("meeting_held", "flows_covered"),
        ),
        Transition(
            "constitute_working_group",
            (BodyState.TASK_FORCE,),
            BodyState.INTERAGENCY_WORKING_GROUP,
            ("chair_appointed", "three_un_entities"),
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
