"""UN documents, each identified by its symbol (gp_api.documents.symbols)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base, enum_column
from gp_api.documents.symbols import DocumentKind
from gp_api.models_common import SourcedMixin, TimestampMixin

__all__ = ["Document", "DocumentKind"]


class Document(SourcedMixin, TimestampMixin, Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("symbol"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str] = mapped_column(String(60))  # canonical (symbols.canonical)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "kind"))
    title: Mapped[str | None] = mapped_column(String(500))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
