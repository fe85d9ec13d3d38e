"""The read model of commitments, deliverables and progress reports (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.commitments.models import Commitment, Deliverable, ProgressReport
from gp_api.readmodel import (
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    compare,
    declare,
    global_ids,
    history,
    one_of,
)

COMMITMENT = ReadModel(
    "Commitment",
    Commitment,
    (Commitment.id,),
    {
        "id": Column("id", "id"),
        "version": Column("version", "int"),
        "history": history("Commitment"),
        "determinant": Column("determinant", "enum"),
        "title": Column("title", "text"),
        "description": Column("description", "text"),
        "startsOn": Column("starts_on", "date"),
        "dueOn": Column("due_on", "date"),
        "state": Column("state", "enum"),
        "sourceUrl": Column("source_url", "text"),
        "confidence": Column("confidence", "enum"),
        "actor": Parent("Actor", "actor_id"),
        "deliverables": Children("Deliverable", "commitment_id"),
        "progressReports": Children("ProgressReport", "commitment_id"),
    },
    computed=frozenset({"availableTransitions"}),
)
DELIVERABLE = ReadModel(
    "Deliverable",
    Deliverable,
    (Deliverable.id,),
    {
        "id": Column("id", "id"),
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
        "id": Column("id", "id"),
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
