"""Root query fields of UN documents: the Query mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.documents import service as documents_service
from gp_api.documents.symbols import DocumentKind
from gp_api.graphql.context import Info
from gp_api.graphql.documents.types import Document
from gp_api.graphql.relay import After, Before, Connection, First, Last, read_root


@strawberry.type(description="Read UN documents.")
class DocumentQueries:
    @strawberry.field(description="UN documents, by symbol.")
    async def documents(
        self,
        info: Info,
        kinds: Annotated[
            list[DocumentKind] | None, strawberry.argument(description="Only these kinds.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Text in the symbol or title (e.g. A/RES/64/)."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Document]:
        arguments = {"kinds": kinds, "search": search}
        return await read_root(
            info, "documents", arguments, Document.from_row, first, after, last, before
        )

    @strawberry.field(
        description="The document with this symbol, in any case (null if it is not recorded"
        " or the text is no symbol)."
    )
    async def document(
        self,
        info: Info,
        symbol: Annotated[str, strawberry.argument(description="e.g. A/C.3/64/L.17/Rev.1")],
    ) -> Document | None:
        row = await info.context.run(lambda s: documents_service.by_symbol(s, symbol))
        return None if row is None else Document.from_row(row)
