"""Every deadline notice, declared once as data (pure: no database), and when each is due.

A notice is an event the sweep appends to the log when the calendar reaches a deadline of a
subject: a commitment's `dueOn` in 30 days or fewer, today, or passed; a mandate falling due or
overdue (gp_api.ga.mandates, whose status moves with it); a meeting starting tomorrow. The
event catalog (gp_api.events.catalog), the sweep (gp_api.deadlines.service) and the docs derive
from DEADLINES.

Once: each notice is appended once per subject, kind and due date (a unique row in
`deadline_notices`, written in the transaction of the event), so a rerun, or two processes
sweeping at once, add nothing, and a corrected due date gets notices of its own.

Milestones: a missed deadline (`commitment.overdue`, `mandate.overdue`) is a milestone; the
reminders before it (due soon, due today, a mandate falling due, a meeting tomorrow) are not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A commitment's first reminder comes this many days before its due date.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    """One kind of notice: its event type, the type of its subject, what it says (for the
    event catalog and docs), whether its event is a milestone, and the workflow it belongs to
    for `workflows` filters (subscriptions, webhooks), if its subject has one."""

    event: str
    subject: str
    summary: str
    milestone: bool = False
    workflow: str | None = None


COMMITMENT_DUE_SOON = Deadline(
    "commitment.due_soon",
    "Commitment",
    f"An open commitment (PLEDGED, IN_PROGRESS or SUSPENDED) is due in {DUE_SOON_DAYS} days or"
    " fewer (`daysLeft` 1 to 30; a commitment recorded closer to its due date gets it with the"
    " days left then).",
    workflow="commitment",
)
COMMITMENT_DUE_TODAY = Deadline(
    "commitment.due_today",
    "Commitment",
    "An open commitment is due today (`daysLeft` 0).",
    workflow="commitment",
)
COMMITMENT_OVERDUE = Deadline(
    "commitment.overdue",
    "Commitment",
    "An open commitment's due date has passed (`daysLeft` negative: the days since). The"
    " notice is not the lapse: the same sweep then fires `lapse` on a PLEDGED or IN_PROGRESS"
    " commitment (`workflow.transitioned` to LAPSED), while a SUSPENDED one gets the notice and"
    " stays suspended; a commitment that lapses for silence gets no overdue notice.",
    milestone=True,
    workflow="commitment",
)
MANDATE_DUE = Deadline(
    "mandate.due",
    "Mandate",
    "A mandate fell due (its session opened, or its date came); the sweep moves its status to"
    " DUE in the same transaction. Data: the mandate's fields and `since`.",
)
MANDATE_OVERDUE = Deadline(
    "mandate.overdue",
    "Mandate",
    "A mandate was still unfulfilled when its due window ended (the main part of its session"
    " closed, or the day after its date); the sweep moves its status to OVERDUE in the same"
    " transaction. Data: the mandate's fields and `since`.",
    milestone=True,
)
MEETING_TOMORROW = Deadline(
    "meeting.tomorrow",
    "Meeting",
    "A SCHEDULED meeting starts tomorrow (the day of `startsAt`, UTC; `daysLeft` 1). Only on"
    " the day before: a sweep that did not run that day sends none late.",
)

DEADLINES: tuple[Deadline, ...] = (
    COMMITMENT_DUE_SOON,
    COMMITMENT_DUE_TODAY,
    COMMITMENT_OVERDUE,
    MANDATE_DUE,
    MANDATE_OVERDUE,
    MEETING_TOMORROW,
)
BY_EVENT: dict[str, Deadline] = {d.event: d for d in DEADLINES}


def days_left(today: dt.date, due_on: dt.date) -> int:
    """Days from `today` to `due_on` (0: today, negative: passed)."""
    return (due_on - today).days


def commitment_notice(today: dt.date, due_on: dt.date | None) -> Deadline | None:
    """The notice an open commitment due on `due_on` is owed on `today`: the latest that
    applies (a sweep that missed the reminders sends only the current one)."""
    if due_on is None:
        return None
    left = days_left(today, due_on)
    if left < 0:
        return COMMITMENT_OVERDUE
    if left == 0:
        return COMMITMENT_DUE_TODAY
    if left <= DUE_SOON_DAYS:
        return COMMITMENT_DUE_SOON
    return None


def meeting_notice(today: dt.date, starts_on: dt.date) -> Deadline | None:
    """The notice a scheduled meeting starting on `starts_on` is owed on `today`."""
    return MEETING_TOMORROW if days_left(today, starts_on) == 1 else None
