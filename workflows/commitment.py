"""An actor's commitment under one determinant."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "commitment"
VERSION = 1
# Without a progress report for this long, a commitment may lapse.
SILENCE = dt.timedelta(days=730)


class CommitmentState(enum.Enum):
    PLEDGED = "PLEDGED"
    IN_PROGRESS = "IN_PROGRESS"
    SUSPENDED = "SUSPENDED"
    DELIVERED = "DELIVERED"
    LAPSED = "LAPSED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = CommitmentState.PLEDGED


@dataclass(frozen=True)
class CommitmentFacts:
    today: dt.date
    due_on: dt.date | None
    open_deliverables: int
    # The latest progress report, or when the commitment was made if none.
    last_sign_of_life: dt.datetime
    reports_since_lapse: int


def _deliverables_done(f: CommitmentFacts) -> list[str]:
    if not f.open_deliverables:
        return []
    return [f"{f.open_deliverables} deliverable(s) are neither DELIVERED nor DROPPED"]


def _overdue_or_silent(f: CommitmentFacts) -> list[str]:
    if f.due_on is not None and f.due_on < f.today:
        return []
    silent_since = f.today - f.last_sign_of_life.date()
    if silent_since >= SILENCE:
        return []
    due = f"due on {f.due_on.isoformat()}" if f.due_on else "no due date"
    return [f"neither overdue ({due}) nor without a progress report for 24 months"]


def _report_since_lapse(f: CommitmentFacts) -> list[str]:
    return [] if f.reports_since_lapse else ["needs a progress report submitted since it lapsed"]


DEFINITION: Definition[CommitmentFacts] = Definition(
    name=NAME,
    version=VERSION,
    description="An actor's commitment: pledged, in progress, delivered (or lapsed).",
    states=CommitmentState,
    initial=INITIAL,
    guards={
        "deliverables_done": Guard(
            "deliverables_done", "Every deliverable is DELIVERED or DROPPED.", _deliverables_done
        ),
        "overdue_or_silent": Guard(
            "overdue_or_silent",
            "The due date has passed, or no progress report came for 24 months.",
            _overdue_or_silent,
        ),
        "report_since_lapse": Guard(
            "report_since_lapse",
            "A progress report was submitted after the commitment lapsed.",
            _report_since_lapse,
        ),
    },
    transitions=(
        Transition("start", (CommitmentState.PLEDGED,), CommitmentState.IN_PROGRESS),
        Transition(
            "deliver",
            (CommitmentState.IN_PROGRESS,),
            CommitmentState.DELIVERED,
            ("deliverables_done",),
        ),
        Transition(
            "suspend",
            (CommitmentState.IN_PROGRESS,),
            CommitmentState.SUSPENDED,
            reason_required=True,
        ),
        Transition("resume", (CommitmentState.SUSPENDED,), CommitmentState.IN_PROGRESS),
        Transition(
            "lapse",
            (CommitmentState.PLEDGED, CommitmentState.IN_PROGRESS),
            CommitmentState.LAPSED,
            ("overdue_or_silent",),
        ),
        Transition(
            "revive",
            (CommitmentState.LAPSED,),
            CommitmentState.IN_PROGRESS,
            ("report_since_lapse",),
        ),
        Transition(
            "withdraw",
            (CommitmentState.PLEDGED, CommitmentState.IN_PROGRESS, CommitmentState.SUSPENDED),
            CommitmentState.WITHDRAWN,
            reason_required=True,
        ),
    ),
    milestones=frozenset({CommitmentState.DELIVERED, CommitmentState.LAPSED}),
)
