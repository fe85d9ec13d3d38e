"""How an imported move departs from its workflow (pure: definitions and facts in, data out).

An import brings a subject from its state to a later one that history reached, maybe skipping
stages: the path is the shortest chain of the definition's transitions between the two (fixed
destinations only, in declaration order). Every transition on it has its guards evaluated
against the facts as of the import's date; each guard that fails is a GUARD_FAILED deviation
(its blockers say what the record lacks, so how it would be cleared), and each state on the
path the subject never stopped at is a STAGE_SKIPPED one."""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass
from typing import Any

from gp_api.events.models import DeviationKind
from gp_api.global_ids import encode
from workflows.base import Definition, Transition


@dataclass(frozen=True)
class Deviation:
    kind: DeviationKind
    transition: str | None
    stage: str | None
    guard: str | None
    description: str
    blocker: str

    def as_json(self) -> dict[str, Any]:
        """As the GraphQL type `TransitionDeviation` and the event data name the fields."""
        return {
            "kind": self.kind.value,
            "transition": self.transition,
            "stage": self.stage,
            "guard": self.guard,
            "description": self.description,
            "blocker": self.blocker,
        }


def path(definition: Definition[Any], start: enum.Enum, goal: enum.Enum) -> list[Transition]:
    """The shortest chain of transitions from `start` to `goal` (empty when unreachable or
    when they are the same state). Moves whose destination depends on the subject (resume)
    are not taken: an import names where the subject went."""
    if start == goal:
        return []
    came: dict[enum.Enum, tuple[enum.Enum, Transition]] = {}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for t in definition.transitions_from(state):
            if t.dest is None or t.dest == start or t.dest in came:
                continue
            came[t.dest] = (state, t)
            if t.dest == goal:
                chain: list[Transition] = []
                at: enum.Enum = goal
                while at != start:
                    at, taken = came[at][0], came[at][1]
                    chain.append(taken)
                return chain[::-1]
            queue.append(t.dest)
    return []


def importable_guards(definition: Definition[Any]) -> list[str]:
    """The guards an import may record as deviations: those of every transition an import
    can take (every one with a fixed destination)."""
    return list(
        dict.fromkeys(g for t in definition.transitions if t.dest is not None for g in t.guards)
    )


def deviations(definition: Definition[Any], chain: list[Transition], facts: Any) -> list[Deviation]:
    """Every departure of `chain` from the workflow, in path order: for each transition the
    stage it skips (all but the last lead to a stage the subject never stopped at), then
    each of its guards that fails against `facts`, with the guard's blockers."""
    found: list[Deviation] = []
    for i, t in enumerate(chain):
        assert t.dest is not None
        if i < len(chain) - 1:
            after = chain[i + 1]
            found.append(
                Deviation(
                    DeviationKind.STAGE_SKIPPED,
                    t.trigger,
                    t.dest.value,
                    None,
                    f"The workflow passes through {t.dest.value} (`{t.trigger}`) before "
                    f"`{after.trigger}`.",
                    f"the record has no {t.dest.value} stage: `{t.trigger}` was skipped; if a "
                    f"source shows the stage, import it first (importWorkflowState with toState "
                    f"{t.dest.value} and its date)",
                )
            )
        for name in t.guards:
            guard = definition.guards[name]
            for blocker in guard.check(facts):
                found.append(
                    Deviation(
                        DeviationKind.GUARD_FAILED,
                        t.trigger,
                        t.dest.value,
                        name,
                        guard.description,
                        blocker,
                    )
                )
    return found


def stored_json(row: Any) -> dict[str, Any]:
    """A stored deviation (a `transition_deviations` row) as the GraphQL type
    `TransitionDeviation` names its fields: the shape computed values carry it in."""
    return {
        "id": encode("TransitionDeviation", row.id),
        "kind": row.kind.value,
        "transition": row.transition_trigger,
        "stage": row.stage,
        "guard": row.guard,
        "description": row.description,
        "blocker": row.blocker,
    }
