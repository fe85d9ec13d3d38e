"""The read model of UN documents (see gp_api.readmodel); links and what the symbol carries
are shaped from the symbol (gp_api.documents.symbols)."""

from __future__ import annotations

from gp_api.documents import symbols
from gp_api.documents.models import Document
from gp_api.principal import Role
from gp_api.readmodel import (
    NODE,
    SOURCED,
    Column,
    ReadModel,
    RootConnection,
    RootLookup,
    Rows,
    Shaped,
    declare,
    one_of,
    search,
)


def _parsed(symbol: str) -> symbols.Symbol | None:
    try:
        return symbols.parse(symbol)
    except symbols.SymbolError:  # a row written before symbols were checked
        return None


def _official_url(_role: Role | None, symbol: str) -> str:
    return symbols.official_url(symbol)


def _library_url(_role: Role | None, symbol: str) -> str:
    return symbols.library_url(symbol)


def _organ(_role: Role | None, symbol: str) -> str | None:
    parsed = _parsed(symbol)
    return None if parsed is None else parsed.organ


def _session(_role: Role | None, symbol: str) -> int | None:
    parsed = _parsed(symbol)
    return None if parsed is None else parsed.session


def _year(_role: Role | None, symbol: str) -> int | None:
    parsed = _parsed(symbol)
    return None if parsed is None else parsed.year


DOCUMENT = ReadModel(
    "Document",
    Document,
    (Document.symbol, Document.id),
    {
        **NODE,
        "symbol": Column("symbol", "text", description="UN document symbol, e.g. A/RES/64/293."),
        "kind": Column("kind", "enum", description="What kind of document it is."),
        "title": Column("title", "text", description="Title of the document."),
        "publishedOn": Column("published_on", "date", description="When it was issued."),
        **SOURCED,
        "officialUrl": Shaped(
            ("symbol",),
            _official_url,
            description="The document in the UN Official Document System (undocs.org).",
            returns=str,
        ),
        "libraryUrl": Shaped(
            ("symbol",),
            _library_url,
            description="Its symbol searched in the UN Digital Library.",
            returns=str,
        ),
        "organ": Shaped(
            ("symbol",),
            _organ,
            description="The organ the symbol names, e.g. Third Committee.",
            returns=str | None,
        ),
        "session": Shaped(
            ("symbol",),
            _session,
            description="The session the symbol carries (General Assembly, Human Rights"
            " Council); null for a symbol with a year.",
            returns=int | None,
        ),
        "year": Shaped(
            ("symbol",),
            _year,
            description="The year the symbol carries (ECOSOC); null for a symbol with a session.",
            returns=int | None,
        ),
        "fulfils": Rows("Mandate", "fulfilled_by_id"),
    },
)


def _symbol(value: str) -> str | None:
    """A symbol as stored (canonical), or None for text that is no symbol."""
    try:
        return symbols.canonical(value)
    except symbols.SymbolError:
        return None


declare(
    DOCUMENT,
    roots={
        "documents": RootConnection(
            "Document", {"kinds": one_of("kind"), "search": search("symbol", "title")}
        ),
    },
    lookups={"document": RootLookup("Document", "symbol", "symbol", _symbol, "text")},
)
