"""The read model of commitments, deliverables and progress reports (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.commitments.models import (
    Commitment,
    Deliverable,
    Determinant,
    Pillar,
    ProgressReport,
)
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    InText,
    Parent,
    ReadModel,
    RootConnection,
    any_in,
    compare,
    declare,
    global_ids,
    holds,
    one_of,
    search,
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
        "title": Column("title", "text", description="Short title."),
        "description": Column("description", "text", description="What is promised."),
        "determinants": Column(
            "determinants",
            "enum_list",
            description="The determinants it serves (one or more of the six).",
            enum_class=Determinant,
        ),
        "pillars": Column(
            "pillars",
            "enum_list",
            description="The Global Plan of Action's pillars it serves.",
            enum_class=Pillar,
        ),
        "sdgTargets": Column(
            "sdg_targets",
            "text_list",
            description="Sustainable Development Goal targets it advances, e.g. 8.7, 16.2.",
        ),
        "scope": Column(
            "scope",
            "enum",
            description="Where it applies: NATIONAL (in `countries`), REGIONAL or GLOBAL;"
            " null when not recorded.",
        ),
        "countries": Column(
            "countries",
            "text_list",
            description="ISO 3166-1 alpha-2 codes of the countries it covers.",
        ),
        "pledgeAmount": Column(
            "pledge_amount", "decimal", description="Amount pledged, in `pledgeCurrency`."
        ),
        "pledgeCurrency": Column(
            "pledge_currency", "text", description="ISO 4217 code of the pledge's currency."
        ),
        "evidence": Column(
            "evidence", "text_list", description="Links showing the commitment is real."
        ),
        "startsOn": Column("starts_on", "date", description="When work starts."),
        "dueOn": Column("due_on", "date", description="When it is due."),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        **SOURCED,
        "actor": Parent("Actor", "actor_id"),
        "mandateDocument": Parent("Document", "mandate_symbol", key="symbol"),
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
        "percentComplete": Column(
            "percent_complete",
            "int",
            description="Progress, 0 to 100; null when the report states none.",
        ),
        **SOURCED,
    },
)
ROOT_FILTERS = {
    "actorIds": global_ids("actor_id", "Actor", "actorIds"),
    "determinants": any_in("determinants"),
    "pillars": any_in("pillars"),
    "sdgTarget": holds("sdg_targets", lambda v: v.strip().lower()),
    "scopes": one_of("scope"),
    "country": holds("countries", lambda v: v.strip().upper()),
    "currencies": lambda values: (
        InText("pledge_currency", tuple(v.strip().upper() for v in values)) if values else None
    ),
    "states": one_of("state"),
    "dueBefore": compare("due_on", "<"),
    "dueAfter": compare("due_on", ">"),
    "search": search("title", "description"),
}

declare(
    COMMITMENT,
    DELIVERABLE,
    PROGRESS_REPORT,
    roots={"commitments": RootConnection("Commitment", ROOT_FILTERS)},
)
