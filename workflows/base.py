"""The small engine around `transitions`: a workflow declared as data, its guards, firing,
explaining why a move is blocked, and a Mermaid diagram.

One `transitions.Machine(model=None, auto_transitions=False)` per definition, built once and
shared by every subject: a subject is fired as a throwaway object holding only its state, so
no machine is ever bound to a database row, and no `to_<state>` shortcut skips the guards.
Guards are pure functions of a read-only facts object; they return the reasons they block.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from transitions import Machine, MachineError

F = TypeVar("F")


@dataclass(frozen=True)
class Guard(Generic[F]):
    """A named rule; `check` returns why it blocks (nothing when it passes)."""

    name: str
    description: str
    check: Callable[[F], list[str]]


@dataclass(frozen=True)
class Transition:
    trigger: str
    sources: tuple[enum.Enum, ...]
    # None: the destination depends on the subject (resume returns to the stage it left).
    dest: enum.Enum | None
    guards: tuple[str, ...] = ()
    reason_required: bool = False
    # With dest=None: the states it may return to, for the diagram.
    returns_to: tuple[enum.Enum, ...] = ()
    # A move that carries data (an allocation, a vote): the mutation that takes it. The
    # facts then hold the data as `payload` (None when only asking whether the move is open:
    # guards on the data pass then), and `advanceWorkflow` refuses the bare trigger.
    payload: str | None = None

    @property
    def mutation(self) -> str:
        """The mutation that makes this move."""
        return self.payload or "advanceWorkflow"


@dataclass(frozen=True)
class Option:
    """One move from the current state, as `availableTransitions` shows it."""

    trigger: str
    to_state: enum.Enum
    allowed: bool
    blockers: list[str]
    reason_required: bool
    mutation: str


class WorkflowError(Exception):
    """A refused move; `code` is INVALID_TRANSITION, REASON_REQUIRED or GUARD_FAILED."""

    def __init__(self, code: str, message: str, blockers: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.blockers = list(blockers)


@dataclass
class _Subject:
    state: enum.Enum


@dataclass
class Definition(Generic[F]):
    name: str
    version: int
    description: str
    states: type[enum.Enum]
    initial: enum.Enum
    transitions: tuple[Transition, ...]
    guards: Mapping[str, Guard[F]]
    milestones: frozenset[enum.Enum]
    # Resolves a dynamic destination (dest=None) from the facts.
    resolve_dest: Callable[[Transition, F], enum.Enum] | None = None
    _machine: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for t in self.transitions:
            unknown = [g for g in t.guards if g not in self.guards]
            if unknown:
                raise ValueError(f"{self.name}.{t.trigger}: unknown guards {unknown}")
            if t.dest is None and self.resolve_dest is None:
                raise ValueError(f"{self.name}.{t.trigger}: dynamic destination without resolver")
        self._machine = Machine(
            model=None,
            states=list(self.states),
            initial=self.initial,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
        )
        for t in self.transitions:
            # A dynamic destination is modelled as an internal move; the caller applies it.
            self._machine.add_transition(
                t.trigger,
                list(t.sources),
                t.dest if t.dest is not None else None,
                conditions=[self._passes(t)],
            )

    def _passes(self, t: Transition) -> Callable[[Any], bool]:
        def condition(event: Any) -> bool:
            facts: F = event.kwargs["facts"]
            return not self.blockers(t, facts)

        return condition

    @property
    def triggers(self) -> list[str]:
        return list(dict.fromkeys(t.trigger for t in self.transitions))

    def transitions_from(self, state: enum.Enum) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def blockers(self, t: Transition, facts: F) -> list[str]:
        return [reason for name in t.guards for reason in self.guards[name].check(facts)]

    def dest_of(self, t: Transition, facts: F) -> enum.Enum:
        if t.dest is not None:
            return t.dest
        assert self.resolve_dest is not None
        return self.resolve_dest(t, facts)

    def options(self, state: enum.Enum, facts: F) -> list[Option]:
        """Every move from `state`, allowed or not, with what blocks it."""
        return [
            Option(
                trigger=t.trigger,
                to_state=self.dest_of(t, facts),
                allowed=not (blockers := self.blockers(t, facts)),
                blockers=blockers,
                reason_required=t.reason_required,
                mutation=t.mutation,
            )
            for t in self.transitions_from(state)
        ]

    def fire(self, state: enum.Enum, trigger: str, facts: F, *, reason: str | None) -> Transition:
        """The transition `trigger` takes from `state`, or WorkflowError saying why not."""
        if trigger not in self.triggers:
            raise WorkflowError(
                "INVALID_TRANSITION",
                f"{self.name} has no trigger {trigger!r}; its triggers are "
                f"{', '.join(self.triggers)}",
            )
        candidates = [t for t in self.transitions_from(state) if t.trigger == trigger]
        if not candidates:
            possible = [t.trigger for t in self.transitions_from(state)]
            raise WorkflowError(
                "INVALID_TRANSITION",
                f"{trigger!r} is not possible from {state.value}; possible: "
                f"{', '.join(possible) or 'none (final state)'}",
            )
        if candidates[0].reason_required and not (reason and reason.strip()):
            raise WorkflowError("REASON_REQUIRED", f"{trigger!r} needs a reason")
        subject = _Subject(state)
        try:
            moved = self._machine.events[trigger].trigger(subject, facts=facts)
        except MachineError as error:  # pragma: no cover - checked above
            raise WorkflowError("INVALID_TRANSITION", str(error.value)) from None
        if not moved:
            blockers = [b for t in candidates for b in self.blockers(t, facts)]
            raise WorkflowError(
                "GUARD_FAILED", f"{trigger!r} is blocked: {'; '.join(blockers)}", blockers
            )
        # The first candidate whose guards pass is the one `transitions` took.
        return next(t for t in candidates if not self.blockers(t, facts))

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial.value}"]
        for t in self.transitions:
            guard = f" [{', '.join(t.guards)}]" if t.guards else ""
            guard += f" ({t.payload})" if t.payload else ""
            for source in t.sources:
                for dest in (t.dest,) if t.dest is not None else t.returns_to:
                    lines.append(f"    {source.value} --> {dest.value}: {t.trigger}{guard}")
        milestones = [s.value for s in self.states if s in self.milestones]
        if milestones:
            lines.append("    classDef milestone font-weight:bold,stroke-width:3px")
            lines.append(f"    class {','.join(milestones)} milestone")
        return "\n".join(lines)
