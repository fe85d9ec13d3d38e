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
        "determinant": Column("determinant", "enum"),
        "title": Column("title", "text"),
        "description": Column("description", "text"),
        "startsOn": Column("starts_on", "date"),
        "dueOn": Column("due_on", "date"),
        "state": Column("state", "enum"),
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
        "title": Column("title", "text"),
        "dueOn": Column("due_on", "date"),
        "status": Column("status", "enum"),
    },
)
PROGRESS_REPORT = ReadModel(
    "ProgressReport",
    ProgressReport,
    (ProgressReport.submitted_at, ProgressReport.id),
    {
        **NODE,
        "submittedAt": Column("submitted_at", "datetime"),
        "summary": Column("summary", "text"),
        "percentComplete": Column("percent_complete", "int"),
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
