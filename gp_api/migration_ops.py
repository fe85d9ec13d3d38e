"""Operations that several Alembic revisions share: every table gets the data-version trigger
(`gp_api.data_version`), so a revision that adds a table calls `add_data_version_trigger`."""

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
