"""The read model of agenda items, drafts and resolutions, sponsorships, revisions,
amendments, actions and votes (gp_api.readmodel)."""

from __future__ import annotations

from gp_api.ga import computed
from gp_api.ga.models import (
    TOPIC_FLAGS,
    AgendaItem,
    AgendaItemAllocation,
    Amendment,
    DraftAction,
    DraftRevision,
    Mandate,
    Resolution,
    Sponsorship,
    Topic,
    Vote,
)
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Computed,
    Flags,
    InInts,
    InText,
    Parent,
    ReadModel,
    RootConnection,
    Rows,
    Through,
    declare,
    equals_bool,
    flag,
    global_id,
    global_ids,
    ints_in,
    linked,
    one_of,
    only_null_if,
    search,
    workflow_subject,
)
from gp_api.workflow.service import available_transitions

AGENDA_ITEM = ReadModel(
    "AgendaItem",
    AgendaItem,
    (AgendaItem.session, AgendaItem.id),
    {
        **workflow_subject("AgendaItem"),
        "availableTransitions": available_transitions("AgendaItem"),
        "title": Column("title", "text", description="Title of the item.", localized=True),
        "session": Column("session", "int", description="General Assembly session, e.g. 61."),
        "itemNumber": Column("item_number", "int", description="Number on the session's agenda."),
        "explanatoryMemorandum": Column(
            "explanatory_memorandum",
            "text",
            description="The memorandum explaining why the item is proposed.",
        ),
        "origin": Column(
            "origin",
            "enum",
            description="How the item came onto the agenda: REQUESTED (rules 13-15, with a"
            " proposer and an explanatory memorandum), MANDATED by an earlier resolution, or"
            " CARRIED_OVER from an earlier session.",
        ),
        "list": Column(
            "agenda_list",
            "enum",
            description="The list it was placed on: preliminary, supplementary or additional"
            " (rules 12-15).",
        ),
        "mandatedBySymbol": Column(
            "mandated_by_symbol",
            "text",
            description="Symbol of the resolution that mandates a MANDATED item, e.g. A/RES/60/1.",
        ),
        "subItem": Column(
            "sub_item",
            "text",
            description="The letter of a sub-item (a for 104 (a)); its number is its parent's.",
        ),
        "topics": Flags(
            tuple((topic.value, column) for topic, column in TOPIC_FLAGS.items()),
            Topic,
            "What the item is about.",
        ),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        **SOURCED,
        "proposer": Parent("Actor", "proposer_id"),
        "assemblySession": Parent("Session", "session"),
        "continues": Parent("AgendaItem", "continues_id"),
        "continuedBy": Rows("AgendaItem", "continues_id"),
        "parent": Parent("AgendaItem", "parent_id"),
        "subItems": Rows("AgendaItem", "parent_id"),
        "allocations": Rows("AgendaItemAllocation", "agenda_item_id"),
        "resolutions": Children("Resolution", "agenda_item_id"),
    },
)
AGENDA_ITEM_ALLOCATION = ReadModel(
    "AgendaItemAllocation",
    AgendaItemAllocation,
    (AgendaItemAllocation.id,),
    {
        **NODE,
        "forum": Column(
            "forum", "enum", description="The plenary or the Main Committee it is allocated to."
        ),
        "decidedOn": Column("decided_on", "date", description="When the plenary decided it."),
        **SOURCED,
        "resolution": Parent("Resolution", "resolution_id"),
    },
)
RESOLUTION = ReadModel(
    "Resolution",
    Resolution,
    (Resolution.id,),
    {
        **workflow_subject("Resolution"),
        "availableTransitions": available_transitions("Resolution"),
        "title": Column("title", "text", description="Title of the draft.", localized=True),
        "omnibus": Column("omnibus", "bool", description="True for an omnibus resolution."),
        "kind": Column(
            "kind", "enum", description="What it becomes once adopted: a resolution or a decision."
        ),
        "forum": Column(
            "forum", "enum", description="Where it was submitted: the plenary or a Main Committee."
        ),
        "submitter": Column("submitter", "enum", description="Who submitted it."),
        "submittedOn": Column("submitted_on", "date", description="When it was submitted."),
        "draftSymbol": Column(
            "draft_symbol",
            "text",
            description="Symbol given at submission, e.g. A/C.3/61/L.17 (revisions: `revisions`).",
        ),
        "reportSymbol": Column(
            "report_symbol",
            "text",
            description="The Main Committee's report that carried it to the plenary (A/61/444).",
        ),
        "symbol": Column(
            "symbol", "text", description="Symbol once adopted in plenary, e.g. A/RES/61/180."
        ),
        "involvesExpenditure": Column(
            "involves_expenditure",
            "bool",
            description="The Secretary-General anticipates expenditure from it (rule 153).",
        ),
        "budgetStatementSymbol": Column(
            "budget_statement_symbol",
            "text",
            description="The Secretary-General's statement of programme budget implications.",
        ),
        "fifthCommitteeSymbol": Column(
            "fifth_committee_symbol",
            "text",
            description="The Fifth Committee's report on its effect on the budget estimates.",
        ),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        **SOURCED,
        "agendaItem": Parent("AgendaItem", "agenda_item_id"),
        "draftDocument": Parent("Document", "draft_symbol", key="symbol"),
        "reportDocument": Parent("Document", "report_symbol", key="symbol"),
        "budgetStatement": Parent("Document", "budget_statement_symbol", key="symbol"),
        "fifthCommitteeReport": Parent("Document", "fifth_committee_symbol", key="symbol"),
        "document": Parent("Document", "symbol", key="symbol"),
        "sponsors": Children(
            "Sponsorship",
            "resolution_id",
            {"current": only_null_if("withdrawn_on")},
        ),
        "facilitators": Through("Actor", "draft_facilitators", "resolution_id", "actor_id"),
        "revisions": Rows("DraftRevision", "resolution_id"),
        "amendments": Rows("Amendment", "resolution_id"),
        "actions": Rows("DraftAction", "resolution_id"),
        "adoptedOn": Computed("Resolution.adoptedOn", ("id",), computed.adopted_on_batch),
        "mandates": Rows("Mandate", "resolution_id"),
    },
)
SPONSORSHIP = ReadModel(
    "Sponsorship",
    Sponsorship,
    (Sponsorship.id,),
    {
        **NODE,
        "kind": Column("kind", "enum", description="Main sponsor or co-sponsor."),
        "joinedOn": Column("joined_on", "date", description="When the sponsor joined."),
        "withdrawnOn": Column(
            "withdrawn_on", "date", description="When the sponsor withdrew, if it did."
        ),
        **SOURCED,
        "actor": Parent("Actor", "actor_id"),
        "resolution": Parent("Resolution", "resolution_id"),
    },
)
DRAFT_REVISION = ReadModel(
    "DraftRevision",
    DraftRevision,
    (DraftRevision.revised_on, DraftRevision.id),
    {
        **NODE,
        "oral": Column("oral", "bool", description="An oral revision (no symbol)."),
        "symbol": Column(
            "symbol", "text", description="The revised text's symbol, e.g. A/C.3/74/L.10/Rev.1."
        ),
        "revisedOn": Column("revised_on", "date", description="When it was revised."),
        "description": Column("description", "text", description="What the revision changed."),
        **SOURCED,
        "resolution": Parent("Resolution", "resolution_id"),
        "document": Parent("Document", "symbol", key="symbol"),
    },
)
AMENDMENT = ReadModel(
    "Amendment",
    Amendment,
    (Amendment.proposed_on, Amendment.id),
    {
        **NODE,
        "forum": Column("forum", "enum", description="The forum it was proposed in."),
        "symbol": Column("symbol", "text", description="Its symbol (none for an oral one)."),
        "text": Column("text", "text", description="What it proposes."),
        "proposedOn": Column("proposed_on", "date", description="When it was proposed."),
        "outcome": Column("outcome", "enum", description="PENDING until acted on or withdrawn."),
        **SOURCED,
        "resolution": Parent("Resolution", "resolution_id"),
        "document": Parent("Document", "symbol", key="symbol"),
        "proposers": Through("Actor", "amendment_proposers", "amendment_id", "actor_id"),
        "actions": Rows("DraftAction", "amendment_id"),
    },
)
DRAFT_ACTION = ReadModel(
    "DraftAction",
    DraftAction,
    (DraftAction.taken_on, DraftAction.id),
    {
        **NODE,
        "forum": Column("forum", "enum", description="The forum that acted."),
        "outcome": Column("outcome", "enum", description="What it decided."),
        "method": Column("method", "enum", description="Without a vote, or how it voted."),
        "importantQuestion": Column(
            "important_question",
            "bool",
            description="Decided as an important question: two thirds of those present and"
            " voting (Charter art. 18).",
        ),
        "part": Column(
            "part",
            "text",
            description="For a separate vote on a part of the draft (rules 89 and 129): the"
            " part, e.g. 'operative paragraph 5' (ADOPTED keeps it, REJECTED deletes it).",
        ),
        "yesCount": Column("yes_count", "int", description="Votes in favour."),
        "noCount": Column("no_count", "int", description="Votes against."),
        "abstainCount": Column("abstain_count", "int", description="Abstentions."),
        "countsOnly": Column(
            "counts_only",
            "bool",
            description="The record has the counts alone, not each Member State's vote.",
        ),
        "takenOn": Column("taken_on", "date", description="When the forum acted."),
        "meetingRecordSymbol": Column(
            "meeting_record_symbol",
            "text",
            description="The meeting record, e.g. A/64/PV.109.",
        ),
        **SOURCED,
        "resolution": Parent("Resolution", "resolution_id"),
        "amendment": Parent("Amendment", "amendment_id"),
        "meetingRecord": Parent("Document", "meeting_record_symbol", key="symbol"),
        "votes": Rows("Vote", "action_id"),
    },
)
VOTE = ReadModel(
    "Vote",
    Vote,
    (Vote.action_id, Vote.id),
    {
        **NODE,
        "ballot": Column("ballot", "enum", description="Yes, no, abstain, or absent."),
        "actor": Parent("Actor", "actor_id"),
        "action": Parent("DraftAction", "action_id"),
    },
)
MANDATE = ReadModel(
    "Mandate",
    Mandate,
    (Mandate.id,),
    {
        **NODE,
        "paragraph": Column(
            "paragraph", "int", description="The operative paragraph that asks, if known."
        ),
        "addressee": Column(
            "addressee", "text", description="Whom it asks, as the resolution names them."
        ),
        "kind": Column("kind", "enum", description="What it asks for: a report, or other."),
        "request": Column("request", "text", description="What is asked."),
        "dueSession": Column(
            "due_session",
            "int",
            description="The session it is due at (DUE when that session opens, OVERDUE after"
            " its main part closes); null when due on a date or when the record does not say.",
        ),
        "dueOn": Column(
            "due_on", "date", description="The day it is due, for a mandate due on a date."
        ),
        "fulfilledOn": Column("fulfilled_on", "date", description="When it was fulfilled."),
        "status": Column(
            "status",
            "enum",
            description="PENDING, DUE, OVERDUE (moved by the sweep, which announces each by an"
            " event) or FULFILLED.",
        ),
        **SOURCED,
        "resolution": Parent("Resolution", "resolution_id"),
        "addresseeActor": Parent("Actor", "addressee_actor_id"),
        "dueAssemblySession": Parent("Session", "due_session"),
        "fulfilledBy": Parent("Document", "fulfilled_by_id"),
    },
)


def _status(value: object) -> InText | None:
    return None if value is None else InText("status", one_value(value))


def _due_session(value: object) -> InInts | None:
    return None if value is None else InInts("due_session", (int(str(value)),))


def one_value(value: object) -> tuple[str, ...]:
    return (str(getattr(value, "value", value)),)


declare(
    AGENDA_ITEM,
    AGENDA_ITEM_ALLOCATION,
    RESOLUTION,
    SPONSORSHIP,
    DRAFT_REVISION,
    AMENDMENT,
    DRAFT_ACTION,
    VOTE,
    MANDATE,
    roots={
        "agendaItems": RootConnection(
            "AgendaItem",
            {
                "sessions": ints_in("session"),
                "states": one_of("state"),
                "origins": one_of("origin"),
                "topic": flag(TOPIC_FLAGS),
                "search": search("title", named="AgendaItem"),
            },
        ),
        "resolutions": RootConnection(
            "Resolution",
            {
                "states": one_of("state"),
                "omnibus": equals_bool("omnibus"),
                "search": search(
                    "title", "symbol", "draft_symbol", "report_symbol", named="Resolution"
                ),
                "agendaItemId": global_id("agenda_item_id", "AgendaItem", "agendaItemId"),
                "sponsorId": linked(
                    "sponsorships", "resolution_id", "actor_id", "Actor", "sponsorId"
                ),
                "kinds": one_of("kind"),
            },
        ),
        "sponsorships": RootConnection(
            "Sponsorship",
            {
                "actorId": global_id("actor_id", "Actor", "actorId"),
                "resolutionIds": global_ids("resolution_id", "Resolution", "resolutionIds"),
                "current": only_null_if("withdrawn_on"),
            },
        ),
        "mandates": RootConnection("Mandate", {"status": _status, "dueSession": _due_session}),
        "votes": RootConnection(
            "Vote",
            {
                "actorId": global_id("actor_id", "Actor", "actorId"),
                "ballots": one_of("ballot"),
            },
        ),
    },
)
