"""The read model of actors (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.actors.models import FLOW_FLAGS, Actor
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Flags,
    ReadModel,
    RootConnection,
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
        "name": Column("name", "text"),
        "shortName": Column("short_name", "text"),
        "kind": Column("kind", "enum"),
        "isoAlpha2": Column("iso_alpha2", "text"),
        "isoAlpha3": Column("iso_alpha3", "text"),
        "m49": Column("m49", "int"),
        "flowRoles": Flags(tuple((role.value, column) for role, column in FLOW_FLAGS.items())),
        "flowRolesIllustrative": Column("flow_roles_illustrative", "bool"),
        "website": Column("website", "text"),
        **SOURCED,
        "createdAt": Column("created_at", "datetime"),
        "updatedAt": Column("updated_at", "datetime"),
        "commitments": Children(
            "Commitment",
            "actor_id",
            {"determinants": one_of("determinant"), "states": one_of("state")},
        ),
        "memberships": Children("Membership", "actor_id", {"current": only_null_if("until")}),
    },
)
ROOT_FILTERS = {
    "kinds": one_of("kind"),
    "flowRole": flag(FLOW_FLAGS),
    "search": search("name", "short_name"),
}

declare(ACTOR, roots={"actors": RootConnection("Actor", ROOT_FILTERS)})
