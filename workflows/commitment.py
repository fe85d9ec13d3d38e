"""An actor's commitment under one or more of the six determinants."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "commitment"
VERSION = 1
# Without a progress report for this long (counted from the last report, or from `startsOn`
# while there is none; never from when the row was written), a commitment may lapse.
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
    # The latest progress report (None: none yet) and the day work started (None: not
    # recorded). Silence counts from the report, else from the start; with neither, a
    # commitment is never silent (when its row was written says nothing about the work).
    last_report: dt.datetime | None
    starts_on: dt.date | None
    reports_since_lapse: int


def silent_since(f: CommitmentFacts) -> dt.date | None:
    """The day silence is counted from: the last report's, else the start (None: neither)."""
    if f.last_report is not None:
        return f.last_report.date()
    return f.starts_on


def _deliverables_done(f: CommitmentFacts) -> list[str]:
    if not f.open_deliverables:
        return []
    return [f"{f.open_deliverables} deliverable(s) are neither DELIVERED nor DROPPED"]


def _overdue_or_silent(f: CommitmentFacts) -> list[str]:
    if f.due_on is not None and f.due_on < f.today:
        return []
    since = silent_since(f)
    if since is not None and f.today - since >= SILENCE:
        return []
    due = f"due on {f.due_on.isoformat()}" if f.due_on else "no due date"
    if since is None:
        silence = "no progress report and no start date to count silence from"
    elif f.last_report is not None:
        silence = f"last progress report on {since.isoformat()}"
    else:
        silence = f"no progress report yet, started on {since.isoformat()}"
    return [f"neither overdue ({due}) nor without a progress report for 24 months ({silence})"]


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
            "The due date has passed, or no progress report came for 24 months (counted from"
            " the last report, or from startsOn while there is none).",
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
