"""The committed SDL matches the code, and every part of the schema is described."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from gp_api.config import PROJECT_ROOT, Settings
from gp_api.graphql.schema import build_schema


def test_committed_sdl_matches_the_code() -> None:
    sdl = str(build_schema(Settings.from_env())).rstrip() + "\n"
    committed = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")

    assert committed == sdl, "schema.graphql is stale: run `make schema` and commit it"


def test_every_type_field_and_argument_has_a_description() -> None:
    schema = build_schema(Settings.from_env())._schema
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing.extend(
                    f"{name}.{field_name}({arg})"
                    for arg, value in field.args.items()
                    if not value.description
                )
        elif isinstance(graphql_type, GraphQLInputObjectType):
            missing.extend(
                f"{name}.{field_name}"
                for field_name, field in graphql_type.fields.items()
                if not field.description
            )
        elif isinstance(graphql_type, GraphQLEnumType):
            pass

    assert missing == []
