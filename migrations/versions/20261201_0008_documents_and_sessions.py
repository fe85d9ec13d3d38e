"""documents and General Assembly sessions, carried over from the symbols and sessions recorded

Revision ID: 0008_documents
Revises: 0007_allocations
Create Date: 2026-12-01 00:30:00

Creates `ga_sessions` (keyed by the session's number), `session_parts` and `documents`, then
carries the record over: a session (no dates, UNCONFIRMED) for every session an agenda item
names, then the foreign key agenda_items.session -> ga_sessions.id; a document for every symbol
in resolutions.draft_symbol, resolutions.symbol and adoptions.document_symbol, its kind from the
symbol's pattern (a numbered A/<s>/<n> document under a committee's adoption is that
committee's report), citing the source and confidence of the row that named it. A symbol no
pattern accepts (written before symbols were checked) comes over as it is, as OTHER.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.documents import symbols
from gp_api.migration_ops import add_data_version_trigger, drop_data_version_trigger

revision: str = "0008_documents"
down_revision: str | None = "0007_allocations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "RESOLUTION",
    "DECISION",
    "DRAFT",
    "COMMITTEE_REPORT",
    "SG_REPORT",
    "LETTER",
    "MEETING_RECORD",
    "AGENDA",
    "OTHER",
)
CONFIDENCE = sa.Enum(
    "CONFIRMED",
    "UNCONFIRMED",
    name="confidence",
    native_enum=False,
    create_constraint=True,
    length=11,
)
SESSION_FK = "fk_agenda_items_session_ga_sessions"
SESSION_FK_SQL = (
    f"CONSTRAINT {SESSION_FK} FOREIGN KEY(session) REFERENCES ga_sessions (id) ON DELETE RESTRICT"
)


def _sqlite_rebuild(table: str, change: Callable[[str], str]) -> None:
    """Rebuild an SQLite table from its own DDL changed by `change`, keeping its rows,
    indexes and triggers, as SQLite's documentation says to (it alters no constraint in place:
    https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
    Foreign keys must be off for it (else dropping or renaming the table would delete or
    repoint the rows that reference it), and that pragma does nothing inside a transaction: so
    the migration's transaction is committed, the table rebuilt in a transaction of its own,
    the foreign keys checked, and a transaction begun again for the rest of the migration."""
    bind = op.get_bind()
    ddl = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}
    ).scalar_one()
    extras = (
        bind.execute(
            sa.text(
                "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                " AND tbl_name = :t AND sql IS NOT NULL"
            ),
            {"t": table},
        )
        .scalars()
        .all()
    )
    columns = [r[1] for r in bind.execute(sa.text(f"PRAGMA table_info({table})"))]
    # As the caller had it (migrations/env.py turns foreign keys off for a whole run).
    enforced = bind.execute(sa.text("PRAGMA foreign_keys")).scalar_one()
    old = f"_old_{table}"
    op.execute("COMMIT")
    op.execute("PRAGMA foreign_keys = OFF")
    op.execute("BEGIN IMMEDIATE")
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute(f"ALTER TABLE {table} RENAME TO {old}")
    op.execute(change(ddl))
    names = ", ".join(columns)
    op.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {old}")
    op.execute(f"DROP TABLE {old}")
    op.execute("PRAGMA legacy_alter_table = OFF")
    for statement in extras:
        op.execute(statement)
    broken = bind.execute(sa.text("PRAGMA foreign_key_check")).all()
    if broken:
        raise RuntimeError(f"rebuilding {table} would break foreign keys: {broken[:5]}")
    op.execute("COMMIT")
    op.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    op.execute("BEGIN IMMEDIATE")


def _add_session_fk(ddl: str) -> str:
    end = ddl.rstrip().rindex(")")
    return ddl[:end].rstrip() + f", \n\t{SESSION_FK_SQL}\n)"


def _drop_session_fk(ddl: str) -> str:
    return re.sub(r",\s*" + re.escape(SESSION_FK_SQL), "", ddl)


def _document_kind(symbol: str, forum: str | None) -> tuple[str, str]:
    """(canonical symbol, kind) of a symbol in the record."""
    try:
        parsed = symbols.parse(symbol)
    except symbols.SymbolError:
        return symbol.strip(), "OTHER"
    if parsed.kind is not None:
        return parsed.text, parsed.kind.value
    if forum == "COMMITTEE" and symbols.DocumentKind.COMMITTEE_REPORT in parsed.kinds:
        return parsed.text, "COMMITTEE_REPORT"
    return parsed.text, "OTHER"


def upgrade() -> None:
    op.create_table(
        "ga_sessions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("confidence", CONFIDENCE, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id >= 1", name=op.f("ck_ga_sessions_number_positive")),
        sa.CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on",
            name=op.f("ck_ga_sessions_closes_after_opening"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ga_sessions")),
    )
    op.create_table(
        "session_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column(
            "part",
            sa.Enum(
                "MAIN", "RESUMED", name="part", native_enum=False, create_constraint=True, length=7
            ),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("confidence", CONFIDENCE, nullable=True),
        sa.CheckConstraint("sequence >= 1", name=op.f("ck_session_parts_sequence_positive")),
        sa.CheckConstraint(
            "closes_on IS NULL OR closes_on >= opens_on",
            name=op.f("ck_session_parts_closes_after_opening"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["ga_sessions.id"],
            name=op.f("fk_session_parts_session_id_ga_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_parts")),
        sa.UniqueConstraint(
            "session_id", "part", "sequence", name=op.f("uq_session_parts_session_id_part_sequence")
        ),
    )
    with op.batch_alter_table("session_parts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_parts_session_id"), ["session_id"], unique=False
        )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=60), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="kind", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("confidence", CONFIDENCE, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("symbol", name=op.f("uq_documents_symbol")),
    )
    for table in ("ga_sessions", "session_parts", "documents"):
        add_data_version_trigger(table)

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    now = dt.datetime.now(dt.UTC)
    if sqlite:
        now = now.replace(tzinfo=None)  # as gp_api.db.UTCDateTime stores it on SQLite

    # A session for every session an agenda item names: its dates are not known.
    numbers = bind.execute(sa.text("SELECT DISTINCT session FROM agenda_items")).scalars().all()
    sessions = sa.table(
        "ga_sessions",
        sa.column("id", sa.Integer()),
        sa.column("confidence", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    if numbers:
        op.bulk_insert(
            sessions,
            [
                {"id": n, "confidence": "UNCONFIRMED", "created_at": now, "updated_at": now}
                for n in sorted(numbers)
            ],
        )
    if sqlite:
        _sqlite_rebuild("agenda_items", _add_session_fk)
    else:
        op.create_foreign_key(
            SESSION_FK, "agenda_items", "ga_sessions", ["session"], ["id"], ondelete="RESTRICT"
        )

    # A document for every symbol in the record, citing the row that named it (first seen).
    named = bind.execute(
        sa.text(
            "SELECT draft_symbol, NULL, source_url, confidence, id, 1 FROM resolutions"
            " WHERE draft_symbol IS NOT NULL"
            " UNION ALL SELECT symbol, NULL, source_url, confidence, id, 2 FROM resolutions"
            " WHERE symbol IS NOT NULL"
            " UNION ALL SELECT document_symbol, forum, source_url, confidence, id, 3"
            " FROM adoptions WHERE document_symbol IS NOT NULL"
            " ORDER BY 6, 5"
        )
    ).all()
    found: dict[str, dict[str, object]] = {}
    for symbol, forum, source_url, confidence, _id, _order in named:
        text, kind = _document_kind(symbol, forum)
        found.setdefault(
            text,
            {
                "symbol": text,
                "kind": kind,
                "source_url": source_url,
                "confidence": confidence,
                "created_at": now,
                "updated_at": now,
            },
        )
    documents = sa.table(
        "documents",
        sa.column("symbol", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("source_url", sa.String()),
        sa.column("confidence", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    if found:
        op.bulk_insert(documents, [found[s] for s in sorted(found)])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rebuild("agenda_items", _drop_session_fk)
    else:
        op.drop_constraint(SESSION_FK, "agenda_items", type_="foreignkey")
    for table in ("documents", "session_parts", "ga_sessions"):
        drop_data_version_trigger(table)
    op.drop_table("documents")
    with op.batch_alter_table("session_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_parts_session_id"))
    op.drop_table("session_parts")
    op.drop_table("ga_sessions")
