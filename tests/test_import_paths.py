"""The path an import takes through a definition, and the deviations found on it: pure."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from gp_api.events.models import DeviationKind
from gp_api.workflow.deviations import deviations, importable_guards, path
from workflows.base import Definition, Guard, Transition


class S(enum.Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    OFF = "OFF"


@dataclass(frozen=True)
class Facts:
    good: bool


def _needs_good(f: Facts) -> list[str]:
    return [] if f.good else ["needs good: set it"]


DEFINITION: Definition[Facts] = Definition(
    name="t",
    version=1,
    description="test",
    states=S,
    initial=S.A,
    guards={"good": Guard("good", "It is good.", _needs_good)},
    transitions=(
        Transition("ab", (S.A,), S.B, ("good",)),
        Transition("bc", (S.B,), S.C),
        Transition("cd", (S.C,), S.D, ("good",)),
        Transition("off", (S.A, S.B, S.C), S.OFF, reason_required=True),
        Transition("back", (S.OFF,), None, returns_to=(S.A,)),
    ),
    milestones=frozenset(),
    resolve_dest=lambda _t, _f: S.A,
)


def test_the_shortest_path_is_taken_and_unreachable_states_have_none() -> None:
    assert [t.trigger for t in path(DEFINITION, S.A, S.D)] == ["ab", "bc", "cd"]
    assert [t.trigger for t in path(DEFINITION, S.B, S.OFF)] == ["off"]
    assert path(DEFINITION, S.D, S.A) == []
    assert path(DEFINITION, S.B, S.B) == []
    # A move whose destination depends on the subject is never taken by an import.
    assert path(DEFINITION, S.OFF, S.A) == []


def test_each_skipped_stage_and_each_failing_guard_is_a_deviation_in_path_order() -> None:
    found = deviations(DEFINITION, path(DEFINITION, S.A, S.D), Facts(good=False))
    assert [(d.kind, d.transition, d.stage, d.guard) for d in found] == [
        (DeviationKind.STAGE_SKIPPED, "ab", "B", None),
        (DeviationKind.GUARD_FAILED, "ab", "B", "good"),
        (DeviationKind.STAGE_SKIPPED, "bc", "C", None),
        (DeviationKind.GUARD_FAILED, "cd", "D", "good"),
    ]
    assert found[1].blocker == "needs good: set it"
    assert found[1].description == "It is good."
    assert deviations(DEFINITION, path(DEFINITION, S.C, S.D), Facts(good=True)) == []
    assert importable_guards(DEFINITION) == ["good"]
