"""The read model of agenda items, resolutions, sponsorships and adoptions (gp_api.readmodel)."""

from __future__ import annotations

from gp_api.ga.models import Adoption, AgendaItem, Resolution, Sponsorship
from gp_api.readmodel import (
    NODE,
    SOURCED,
    WORKFLOW_COMPUTED,
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    Rows,
    declare,
    equals_bool,
    global_id,
    ints_in,
    linked,
    one_of,
    workflow_subject,
)

AGENDA_ITEM = ReadModel(
    "AgendaItem",
    AgendaItem,
    (AgendaItem.session, AgendaItem.id),
    {
        **workflow_subject("AgendaItem"),
        "title": Column("title", "text"),
        "session": Column("session", "int"),
        "itemNumber": Column("item_number", "int"),
        "explanatoryMemorandum": Column("explanatory_memorandum", "text"),
        "allocatedTo": Column("allocated_to", "enum"),
        "state": Column("state", "enum"),
        **SOURCED,
        "proposer": Parent("Actor", "proposer_id"),
        "resolutions": Children("Resolution", "agenda_item_id"),
    },
    computed=WORKFLOW_COMPUTED,
)
RESOLUTION = ReadModel(
    "Resolution",
    Resolution,
    (Resolution.id,),
    {
        **workflow_subject("Resolution"),
        "title": Column("title", "text"),
        "omnibus": Column("omnibus", "bool"),
        "draftSymbol": Column("draft_symbol", "text"),
        "symbol": Column("symbol", "text"),
        "state": Column("state", "enum"),
        **SOURCED,
        "agendaItem": Parent("AgendaItem", "agenda_item_id"),
        "sponsors": Children("Sponsorship", "resolution_id"),
        "adoptions": Rows("Adoption", "resolution_id"),
    },
    # Chosen among the adoptions by forum and vote (gp_api.graphql.ga).
    computed=WORKFLOW_COMPUTED | {"adoption", "adoptedOn"},
)
SPONSORSHIP = ReadModel(
    "Sponsorship",
    Sponsorship,
    (Sponsorship.id,),
    {
        **NODE,
        "kind": Column("kind", "enum"),
        "joinedOn": Column("joined_on", "date"),
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
        "forum": Column("forum", "enum"),
        "method": Column("method", "enum"),
        "yesCount": Column("yes_count", "int"),
        "noCount": Column("no_count", "int"),
        "abstainCount": Column("abstain_count", "int"),
        "adoptedOn": Column("adopted_on", "date"),
        "documentSymbol": Column("document_symbol", "text"),
        **SOURCED,
    },
    computed=frozenset({"passing"}),  # from the method and the counts (Adoption.passing)
)

declare(
    AGENDA_ITEM,
    RESOLUTION,
    SPONSORSHIP,
    ADOPTION,
    roots={
        "agendaItems": RootConnection(
            "AgendaItem", {"sessions": ints_in("session"), "states": one_of("state")}
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
