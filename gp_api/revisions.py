"""The Alembic migrations as gp_api uses them: where they are, their head, and the revision of a
database.

The Alembic configuration is built here, not read from alembic.ini: an installed wheel carries
the migrations inside the package (gp_api/migrations) and has no alembic.ini, while a checkout
keeps both at the top level, where `alembic upgrade head` and `alembic check` use them.
"""

from __future__ import annotations

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from gp_api.config import MIGRATIONS_DIR


def alembic_config(database_url: str | None = None) -> Config:
    """The configuration `alembic.command` functions take; env.py reads the URL from it
    (GP_DATABASE_URL when None)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if database_url is not None:
        config.attributes["database_url"] = database_url
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(connection: AsyncConnection) -> str | None:
    """The database's revision; None when it was never migrated."""
    return await connection.run_sync(_current)
