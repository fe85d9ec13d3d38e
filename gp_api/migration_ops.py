"""Operations that several Alembic revisions share: every table gets the data-version trigger
(`gp_api.data_version`), so a revision that adds a table calls `add_data_version_trigger`, one
that recreates a table on SQLite (batch mode) `triggers_after_recreate`, and one that alters a
table after updating its rows on PostgreSQL `fire_deferred_triggers`. Revisions depend on what
these do: change them only by adding new functions."""

from __future__ import annotations

from alembic import op

OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def add_data_version_trigger(table: str) -> None:
    """Every committed write to `table` replaces the data version (once per transaction on
    PostgreSQL, at commit; per statement on SQLite)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE CONSTRAINT TRIGGER gp_data_version AFTER INSERT OR UPDATE OR DELETE"
            f" ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
            f" EXECUTE FUNCTION gp_bump_data_version()"
        )
        op.execute(
            f"CREATE TRIGGER gp_data_version_truncate AFTER TRUNCATE ON {table}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION gp_bump_data_version()"
        )
        return
    for operation in OPERATIONS:
        op.execute(
            f"CREATE TRIGGER gp_data_version_{table}_{operation.lower()} AFTER {operation}"
            f" ON {table} BEGIN UPDATE data_version SET token = lower(hex(randomblob(16)))"
            f" WHERE id = 1; END"
        )


def drop_data_version_trigger(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER gp_data_version ON {table}")
        op.execute(f"DROP TRIGGER gp_data_version_truncate ON {table}")
        return
    for operation in OPERATIONS:
        op.execute(f"DROP TRIGGER gp_data_version_{table}_{operation.lower()}")


def fire_deferred_triggers() -> None:
    """PostgreSQL refuses to ALTER a table with pending (deferred) trigger events: after
    updating rows in a revision, fire their data-version triggers now instead of at commit."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")


def triggers_after_recreate(table: str) -> None:
    """SQLite's batch mode copies a table into a new one, without its triggers: add the
    data-version trigger again after a batch_alter_table (PostgreSQL altered the table in
    place and kept it)."""
    if op.get_bind().dialect.name == "sqlite":
        add_data_version_trigger(table)
