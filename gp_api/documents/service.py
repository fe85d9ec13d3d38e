"""UN documents: create, change, look up by symbol, and `ensure_document` for other services
(reads: gp_api.reads). Every symbol is checked and canonicalised by gp_api.documents.symbols."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.documents import symbols
from gp_api.documents.models import Document, DocumentKind
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.principal import Principal


def parse_symbol(value: str | None, field: str = "symbol") -> symbols.Symbol:
    """The parsed symbol, or DomainError INVALID (listing the accepted forms) on `field`."""
    if value is None:
        raise DomainError(ErrorCode.REQUIRED, f"{field} is required", [field])
    try:
        return symbols.parse(value)
    except symbols.SymbolError as error:
        raise DomainError(ErrorCode.INVALID, str(error), [field]) from None


def _kind(symbol: symbols.Symbol, kind: DocumentKind | None, field: str) -> DocumentKind:
    """The kind given, checked against the symbol's pattern; left out: the pattern's own."""
    if kind is None:
        if symbol.kind is None:
            allowed = ", ".join(k.value for k in symbol.kinds)
            raise DomainError(
                ErrorCode.REQUIRED,
                f"{symbol.text} may be a {allowed} document: say which in kind",
                [field],
            )
        return symbol.kind
    try:
        symbols.check_kind(symbol, kind)
    except symbols.SymbolError as error:
        raise DomainError(ErrorCode.INVALID, str(error), [field]) from None
    return kind


async def by_symbol(session: AsyncSession, symbol: str) -> Document | None:
    """The document with this symbol (in any case or spacing); None if there is none or the
    text is no symbol."""
    try:
        text = symbols.canonical(symbol)
    except symbols.SymbolError:
        return None
    found: Document | None = await session.scalar(select(Document).where(Document.symbol == text))
    return found


async def create_document(
    session: AsyncSession,
    *,
    principal: Principal,
    symbol: str,
    kind: DocumentKind | None = None,
    title: str | None = None,
    published_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Document:
    parsed = parse_symbol(symbol)
    document_kind = _kind(parsed, kind, "kind")
    if await by_symbol(session, parsed.text) is not None:
        raise DomainError(
            ErrorCode.DUPLICATE, f"the document {parsed.text} is already recorded", ["symbol"]
        )
    document = Document(
        symbol=parsed.text,
        kind=document_kind,
        title=validation.text(title, "title", max_length=500, required=False),
        published_on=published_on,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(document)
    await events.append(session, principal=principal, type="document.created", subject=document)
    return document


async def update_document(
    session: AsyncSession, *, principal: Principal, document_id: int, changes: Mapping[str, Any]
) -> Document:
    """Change the given attributes (title, published_on, kind, source_url, confidence); the
    symbol is the document's identity and stays."""
    document = await get_or_raise(session, Document, document_id, "id")
    unknown = set(changes) - {"title", "published_on", "kind", "source_url", "confidence"}
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", sorted(unknown))
    if "kind" in changes:
        if changes["kind"] is None:
            raise DomainError(ErrorCode.REQUIRED, "kind must not be null", ["kind"])
        document.kind = _kind(parse_symbol(document.symbol), changes["kind"], "kind")
    if "title" in changes:
        document.title = validation.text(changes["title"], "title", max_length=500, required=False)
    if "published_on" in changes:
        document.published_on = changes["published_on"]
    if "source_url" in changes:
        document.source_url = validation.url(changes["source_url"], "sourceUrl")
    if "confidence" in changes:
        document.confidence = changes["confidence"]
    await events.append(
        session,
        principal=principal,
        type="document.updated",
        subject=document,
        data={"changed": sorted(changes), "document": snapshot(document)},
    )
    return document


async def mandate_document(
    session: AsyncSession, principal: Principal, symbol: str | None, field: str = "mandateSymbol"
) -> str | None:
    """The canonical symbol of the document that gave a mandate, recorded as a Document
    (None: no symbol). A symbol whose kind the pattern cannot tell must be recorded first."""
    if symbol is None or not symbol.strip():
        return None
    existing = await by_symbol(session, symbol)
    if existing is not None:
        return existing.symbol
    parsed = parse_symbol(symbol, field)
    if parsed.kind is None:
        raise DomainError(
            ErrorCode.REQUIRED,
            f"{parsed.text} may be one of several kinds of document: record it first with"
            " createDocument, giving its kind",
            [field],
        )
    document = await ensure_document(
        session, principal=principal, symbol=parsed.text, kind=parsed.kind, field=field
    )
    return document.symbol


async def ensure_document(
    session: AsyncSession,
    *,
    principal: Principal,
    symbol: str,
    kind: DocumentKind,
    title: str | None = None,
    published_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
    field: str = "symbol",
) -> Document:
    """The document with this symbol, created (and evented) when it is not recorded yet.

    DomainError INVALID (on `field`) when the symbol is of no known form or its pattern does
    not allow `kind`; CONFLICT when the recorded document is of another kind. An existing
    document is returned as it is (its title and date are not overwritten)."""
    parsed = parse_symbol(symbol, field)
    _kind(parsed, kind, field)
    existing = await by_symbol(session, parsed.text)
    if existing is not None:
        if existing.kind is not kind:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"{parsed.text} is recorded as a {existing.kind.value} document, not a"
                f" {kind.value}",
                [field],
            )
        return existing
    return await create_document(
        session,
        principal=principal,
        symbol=parsed.text,
        kind=kind,
        title=title,
        published_on=published_on,
        source_url=source_url,
        confidence=confidence,
    )
