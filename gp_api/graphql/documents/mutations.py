"""Mutations of UN documents: inputs, payloads, the mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.documents import service as documents_service
from gp_api.documents.symbols import ACCEPTED_FORMS, DocumentKind
from gp_api.graphql import ids
from gp_api.graphql.common import CONFIDENCE, ERRORS, INPUT, SOURCE_URL, described, given
from gp_api.graphql.context import Info
from gp_api.graphql.documents.types import Document
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence


@strawberry.input(description="A UN document to record.")
class CreateDocumentInput:
    symbol: str = strawberry.field(description=f"Its symbol, one of: {ACCEPTED_FORMS}.")
    kind: DocumentKind | None = described(
        "What kind of document; may be left out when the symbol allows one kind only."
    )
    title: str | None = described("Title.")
    published_on: dt.date | None = described("When it was issued.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="Changes to a document (its symbol stays).")
class UpdateDocumentInput:
    id: strawberry.ID = strawberry.field(description="The document to change.")
    kind: DocumentKind | None = described("Kind, one its symbol allows.", strawberry.UNSET)
    title: str | None = described("Title.", strawberry.UNSET)
    published_on: dt.date | None = described("When it was issued.", strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createDocument / updateDocument.")
class DocumentPayload:
    document: Document | None = described("The document as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Change UN documents.")
class DocumentMutations:
    @strawberry.mutation(permission_classes=[Allowed], description="Record a UN document.")
    async def create_document(
        self, info: Info, input: Annotated[CreateDocumentInput, INPUT]
    ) -> DocumentPayload:
        return await mutate(
            info,
            lambda session, principal: documents_service.create_document(
                session,
                principal=principal,
                symbol=input.symbol,
                kind=input.kind,
                title=input.title,
                published_on=input.published_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            DocumentPayload,
            document=Document.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Change a UN document.")
    async def update_document(
        self, info: Info, input: Annotated[UpdateDocumentInput, INPUT]
    ) -> DocumentPayload:
        return await mutate(
            info,
            lambda session, principal: documents_service.update_document(
                session,
                principal=principal,
                document_id=ids.decode_as(input.id, "Document", "id"),
                changes=given(input),
            ),
            DocumentPayload,
            document=Document.from_row,
        )
