"""GraphQL type of UN documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gp_api.documents.symbols import DocumentKind
from gp_api.graphql.context import Info
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import Node

if TYPE_CHECKING:
    from gp_api.graphql.ga.types import Mandate

LazyMandate = Annotated["Mandate", strawberry.lazy("gp_api.graphql.ga.types")]

strawberry.enum(DocumentKind, description="What kind of UN document it is.")


@strawberry.type(
    description="A UN document, identified by its symbol; links to the Official Document"
    " System and the Digital Library are derived from the symbol."
)
class Document(Node, ReadType):
    """Plain fields and those shaped from the symbol come from gp_api.documents.read."""

    @strawberry.field(description="The mandates this document fulfilled (e.g. a report asked for).")
    async def fulfils(self, info: Info) -> list[LazyMandate]:
        from gp_api.graphql.ga.types import Mandate

        rows = await info.context.loaders.linked("Document", "fulfils").load(self.pk)
        return [Mandate.from_row(r) for r in rows]


async def load_document(info: Info, symbol: str | None) -> Document | None:
    """The Document of a symbol in the record (None: no symbol, or none recorded)."""
    if symbol is None:
        return None
    row = await info.context.loaders.parent("Document", "symbol").load(symbol)
    return None if row is None else Document.from_row(row)
