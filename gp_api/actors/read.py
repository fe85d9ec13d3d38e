"""The read model of actors (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.actors import kinds
from gp_api.actors.models import FLOW_FLAGS, Actor, FlowRole
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Computed,
    Flags,
    ReadModel,
    RootConnection,
    any_in,
    declare,
    flag,
    one_of,
    only_null_if,
    search,
)

ACTOR = ReadModel(
    "Actor",
    Actor,
    (Actor.name, Actor.id),
    {
        **NODE,
        "name": Column(
            "name",
            "text",
            description="Full name (today's English name by default).",
            localized=True,
        ),
        "shortName": Column("short_name", "text", description="Abbreviation, e.g. UNODC."),
        "kind": Column("kind", "enum", description="Kind of participant."),
        "isoAlpha2": Column("iso_alpha2", "text", description="ISO 3166-1 alpha-2 code (states)."),
        "isoAlpha3": Column("iso_alpha3", "text", description="ISO 3166-1 alpha-3 code (states)."),
        "m49": Column("m49", "int", description="UN M49 / ISO 3166-1 numeric code (states)."),
        "flowRoles": Flags(
            tuple((role.value, column) for role, column in FLOW_FLAGS.items()),
            FlowRole,
            "Roles in trafficking flows: origin, transit, destination (states).",
        ),
        "flowRolesIllustrative": Column(
            "flow_roles_illustrative",
            "bool",
            description="True when the flow roles are illustrative, not from a licensed data set.",
        ),
        "website": Column("website", "text", description="Official website."),
        "unMemberSince": Column(
            "un_member_since",
            "date",
            description="A state's admission to the United Nations (only Member States sponsor"
            " drafts and vote).",
        ),
        **SOURCED,
        "createdAt": Column("created_at", "datetime", description="When the record was created."),
        "updatedAt": Column("updated_at", "datetime", description="When the record last changed."),
        "commitments": Children(
            "Commitment",
            "actor_id",
            {"determinants": any_in("determinants"), "states": one_of("state")},
        ),
        "memberships": Children("Membership", "actor_id", {"current": only_null_if("until")}),
        "kinds": Computed("Actor.kinds", ("id",), kinds.kinds_batch),
        "kindOn": Computed("Actor.kindOn", ("id", "kind"), kinds.kind_on_batch, ("date",)),
    },
)
ROOT_FILTERS = {
    "kinds": one_of("kind"),
    "flowRole": flag(FLOW_FLAGS),
    "search": search("name", "short_name", named="Actor"),
}

declare(ACTOR, roots={"actors": RootConnection("Actor", ROOT_FILTERS)})
