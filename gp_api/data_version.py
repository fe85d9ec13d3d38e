"""One value that every committed write changes: the response cache's validity.

A trigger on every table (migration 0005_data_version) replaces `data_version.token` with a
random one in each transaction that inserts, updates or deletes a row, once per transaction
and at commit (on PostgreSQL a deferred constraint trigger; SQLite runs one writer at a time).
So writes that append no event (webhook deliveries and attempts, a token's last use, a row
edited by hand) move it too, on any process and any host. A random token rather than a
counter: a database restored to an earlier state cannot bring back a value whose cached
answers described another state.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gp_api.db import Base

# The one read a cache hit costs: a primary-key lookup of a one-row table.
VERSION_SQL = "SELECT token FROM data_version WHERE id = 1"
# Tables whose writes cannot change an answer: the version itself, and Alembic's.
UNVERSIONED = frozenset({"data_version", "alembic_version"})


class DataVersion(Base):
    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
