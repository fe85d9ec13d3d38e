"""The read model of agenda items, resolutions, sponsorships and adoptions (gp_api.readmodel)."""

from __future__ import annotations

from gp_api.ga import computed
from gp_api.ga.models import Adoption, AgendaItem, Resolution, Sponsorship, adoption_passes
from gp_api.principal import Role
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Computed,
    Parent,
    ReadModel,
    RootConnection,
    Rows,
    Shaped,
    declare,
    equals_bool,
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
)
RESOLUTION = ReadModel(
    "Resolution",
    Resolution,
    (Resolution.id,),
    {
        **workflow_subject("Resolution"),
        "availableTransitions": available_transitions("Resolution"),
        "title": Column("title", "text"),
        "omnibus": Column("omnibus", "bool"),
        "draftSymbol": Column("draft_symbol", "text"),
        "symbol": Column("symbol", "text"),
        "state": Column("state", "enum"),
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
        "passing": Shaped(("method", "yes_count", "no_count"), _passing),
        **SOURCED,
    },
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
