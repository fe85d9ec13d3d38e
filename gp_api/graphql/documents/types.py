"""GraphQL type of UN documents."""

from __future__ import annotations

import strawberry

from gp_api.documents.symbols import DocumentKind
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import Node

strawberry.enum(DocumentKind, description="What kind of UN document it is.")


@strawberry.type(
    description="A UN document, identified by its symbol; links to the Official Document"
    " System and the Digital Library are derived from the symbol."
)
class Document(Node, ReadType):
    """Every field is plain or shaped from the symbol (gp_api.documents.read)."""
