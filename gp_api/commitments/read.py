"""The read model of commitments, deliverables and progress reports (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.commitments.models import Commitment, Deliverable, ProgressReport
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    compare,
    declare,
    global_ids,
    one_of,
    workflow_subject,
)
from gp_api.workflow.service import available_transitions

COMMITMENT = ReadModel(
    "Commitment",
    Commitment,
    (Commitment.id,),
    {
        **workflow_subject("Commitment"),
        "availableTransitions": available_transitions("Commitment"),
        "determinant": Column("determinant", "enum", description="The determinant it serves."),
        "title": Column("title", "text", description="Short title."),
        "description": Column("description", "text", description="What is promised."),
        "startsOn": Column("starts_on", "date", description="When work starts."),
        "dueOn": Column("due_on", "date", description="When it is due."),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        **SOURCED,
        "actor": Parent("Actor", "actor_id"),
        "deliverables": Children("Deliverable", "commitment_id"),
        "progressReports": Children("ProgressReport", "commitment_id"),
    },
)
DELIVERABLE = ReadModel(
    "Deliverable",
    Deliverable,
    (Deliverable.id,),
    {
        **NODE,
        "title": Column("title", "text", description="What is to be delivered."),
        "dueOn": Column("due_on", "date", description="When it is due."),
        "status": Column("status", "enum", description="Pending, delivered or dropped."),
    },
)
PROGRESS_REPORT = ReadModel(
    "ProgressReport",
    ProgressReport,
    (ProgressReport.submitted_at, ProgressReport.id),
    {
        **NODE,
        "submittedAt": Column(
            "submitted_at", "datetime", description="When the report was submitted."
        ),
        "summary": Column("summary", "text", description="What was done."),
        "percentComplete": Column("percent_complete", "int", description="Progress, 0 to 100."),
    },
)
ROOT_FILTERS = {
    "actorIds": global_ids("actor_id", "Actor", "actorIds"),
    "determinants": one_of("determinant"),
    "states": one_of("state"),
    "dueBefore": compare("due_on", "<"),
    "dueAfter": compare("due_on", ">"),
}

declare(
    COMMITMENT,
    DELIVERABLE,
    PROGRESS_REPORT,
    roots={"commitments": RootConnection("Commitment", ROOT_FILTERS)},
)
