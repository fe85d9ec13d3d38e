"""Root fields whose answer is fixed when the process starts: the same for every reader, and
no data read (the workflows' definitions). A field says so with `metadata=STATIC`; a document
selecting only such fields and `__typename` is a constant answer (gp_api.fastpath's
ConstantAnswers), served from memory once the resolvers have given it."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema

STATIC = {"gp_api.static": True}
DEFINITION = "strawberry-definition"  # strawberry's link from a graphql-core field to its own


def static_fields(schema: GraphQLSchema) -> frozenset[str]:
    """The GraphQL names of the query type's static fields."""
    query = schema.query_type
    if query is None:
        return frozenset()
    return frozenset(
        name for name, field in query.fields.items() if _metadata(field).get("gp_api.static")
    )


def _metadata(field: Any) -> Any:
    definition = (field.extensions or {}).get(DEFINITION)
    return getattr(definition, "metadata", None) or {}
