"""The read model of agenda items, resolutions, sponsorships and adoptions (gp_api.readmodel)."""

from __future__ import annotations

from gp_api.ga import computed
from gp_api.ga.models import (
    TOPIC_FLAGS,
    Adoption,
    AgendaItem,
    AgendaItemAllocation,
    Resolution,
    Sponsorship,
    Topic,
    adoption_passes,
)
from gp_api.principal import Role
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Computed,
    Flags,
    Parent,
    ReadModel,
    RootConnection,
    Rows,
    Shaped,
    declare,
    equals_bool,
    flag,
    global_id,
    ints_in,
    linked,
    one_of,
    workflow_subject,
)
from gp_api.workflow.service import available_transitions


def _passing(_role: Role | None, method: str, yes_count: int | None, no_count: int | None) -> bool:
    return adoption_passes(method, yes_count, no_count)


AGENDA_ITEM = ReadModel(
    "AgendaItem",
    AgendaItem,
    (AgendaItem.session, AgendaItem.id),
    {
        **workflow_subject("AgendaItem"),
        "availableTransitions": available_transitions("AgendaItem"),
        "title": Column("title", "text", description="Title of the item."),
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
        "continues": Parent("AgendaItem", "continues_id"),
        "continuedBy": Rows("AgendaItem", "continues_id"),
        "parent": Parent("AgendaItem", "parent_id"),
        "subItems": Rows("AgendaItem", "parent_id"),
        "allocations": Rows("AgendaItemAllocation", "agenda_item_id"),
        "assemblySession": Parent("Session", "session"),
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
        "title": Column("title", "text", description="Title of the resolution."),
        "omnibus": Column("omnibus", "bool", description="True for an omnibus resolution."),
        "draftSymbol": Column(
            "draft_symbol", "text", description="Symbol of the draft, e.g. A/C.3/61/L.17."
        ),
        "symbol": Column("symbol", "text", description="Symbol once adopted, e.g. A/RES/61/180."),
        "state": Column("state", "enum", description="Current stage (workflow state)."),
        **SOURCED,
        "agendaItem": Parent("AgendaItem", "agenda_item_id"),
        "sponsors": Children("Sponsorship", "resolution_id"),
        "adoptions": Rows("Adoption", "resolution_id"),
        # Chosen among the adoptions by forum and vote (gp_api.ga.computed).
        "adoption": Computed("Resolution.adoption", ("id",), computed.adoption_batch),
        "adoptedOn": Computed("Resolution.adoptedOn", ("id",), computed.adopted_on_batch),
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
        **SOURCED,
        "actor": Parent("Actor", "actor_id"),
        "resolution": Parent("Resolution", "resolution_id"),
    },
)
ADOPTION = ReadModel(
    "Adoption",
    Adoption,
    (Adoption.adopted_on, Adoption.id),
    {
        **NODE,
        "forum": Column("forum", "enum", description="Main committee or plenary."),
        "method": Column("method", "enum", description="Without a vote, or recorded."),
        "yesCount": Column("yes_count", "int", description="Votes in favour (recorded vote)."),
        "noCount": Column("no_count", "int", description="Votes against (recorded vote)."),
        "abstainCount": Column("abstain_count", "int", description="Abstentions (recorded vote)."),
        "adoptedOn": Column("adopted_on", "date", description="Date of the decision."),
        "documentSymbol": Column(
            "document_symbol",
            "text",
            description="Symbol of the report or resolution recording the decision.",
        ),
        "passing": Shaped(
            ("method", "yes_count", "no_count"),
            _passing,
            description="Whether the decision carries the draft.",
            returns=bool,
        ),
        **SOURCED,
    },
)

declare(
    AGENDA_ITEM,
    AGENDA_ITEM_ALLOCATION,
    RESOLUTION,
    SPONSORSHIP,
    ADOPTION,
    roots={
        "agendaItems": RootConnection(
            "AgendaItem",
            {
                "sessions": ints_in("session"),
                "states": one_of("state"),
                "origins": one_of("origin"),
                "topic": flag(TOPIC_FLAGS),
            },
        ),
        "resolutions": RootConnection(
            "Resolution",
            {
                "states": one_of("state"),
                "omnibus": equals_bool("omnibus"),
                "agendaItemId": global_id("agenda_item_id", "AgendaItem", "agendaItemId"),
                "sponsorId": linked(
                    "sponsorships", "resolution_id", "actor_id", "Actor", "sponsorId"
                ),
            },
        ),
    },
)
