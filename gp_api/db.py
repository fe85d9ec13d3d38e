"""Declarative base, column types shared by every model, engine and session factory."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import logging
import sqlite3
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    Integer,
    MetaData,
    bindparam,
    event,
)
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool, QueuePool
from sqlalchemy.sql import coercions, roles
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator, TypeEngine

from gp_api.errors import ConfigError

log = logging.getLogger("gp_api.db")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit column.
EventId = BigInteger().with_variant(Integer(), "sqlite")


def largest_int(column_type: TypeEngine[Any]) -> int:
    """The largest value an integer column holds on every backend (PostgreSQL's INTEGER is
    32-bit, BIGINT 64-bit; SQLite's are all 64-bit)."""
    return 2**63 - 1 if isinstance(column_type, BigInteger) else 2**31 - 1


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime  # cursors over these columns decode as datetimes (pagination)

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; timestamps must carry a timezone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def enum_column(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a CHECK constraint named `name`, storing the values."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalize_url(url: str) -> str:
    """Accept the plain URLs people type and pick the async driver for them."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"GP_DATABASE_URL is not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return str(parsed.set(drivername="sqlite+aiosqlite"))
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise ConfigError(
        f"unsupported database {backend!r} in {url!r}: use sqlite:///PATH or postgresql://..."
    )


# Execution option asking for a write transaction: on SQLite it begins IMMEDIATE, so two
# writers queue on the database lock instead of one failing when both upgrade a read lock.
WRITE = {"gp_write": True}


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN, not the driver (so that it can be IMMEDIATE).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # The SQL functions compiled reads use on SQLite (base64 and cursors, as Python encodes them).
    from gp_api.fastpath.sql import SQLITE_FUNCTIONS

    for name, arity, function in SQLITE_FUNCTIONS:
        dbapi_connection.create_function(name, arity, function, deterministic=True)


def _begin_sqlite(conn: Any) -> None:
    immediate = conn.get_execution_options().get("gp_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# Seconds a request waits for a pooled connection before it fails (see `create_engine`).
POOL_TIMEOUT = 10.0
# What a client is told then (the server's log names the pool's limits).
BUSY = "the server is busy: no database connection was free in time; retry shortly"
# What a client is told when the database failed under a request for a reason that is not the
# request's (see `transient`): a restart, a lost connection.
UNAVAILABLE = "the database is unavailable (restarting, or the connection was lost); retry shortly"
# The `extensions.code` of either answer, on every route and transport.
UNAVAILABLE_CODE = "SERVICE_UNAVAILABLE"


# The settings each engine gives its PostgreSQL sessions (create_engine), for the connections
# opened beside its pool (connect_raw).
_SERVER_SETTINGS: weakref.WeakKeyDictionary[Engine, dict[str, str]] = weakref.WeakKeyDictionary()


def create_engine(
    url: str,
    *,
    pool: bool = True,
    pool_size: int = 20,
    random_page_cost: float | None = None,
) -> AsyncEngine:
    """An engine for `url`. With `pool`, `pool_size` connections are opened as needed and then
    kept (GP_DB_POOL_SIZE): a server under load reuses them instead of opening a connection
    per request. A burst beyond them gets at most half as many again, closed once returned;
    beyond that, a request waits up to POOL_TIMEOUT seconds for a connection, then fails.
    Without `pool` (one-off commands, tests' administration), every use opens a connection.

    `random_page_cost` (PostgreSQL, GP_DB_RANDOM_PAGE_COST; None: the server's): the server's
    default, 4, prices an index lookup as if it went to a spinning disk, and the planner then
    scans a whole small table per row of a nested list (meetings' participants, resolutions'
    facilitators) rather than look up the few rows by key; with the data in memory, as it is
    for this database's size, 1.1 gives the plans that are actually faster."""
    url = normalize_url(url)
    kwargs: dict[str, Any] = {}
    if not pool:
        kwargs["poolclass"] = NullPool
    else:
        # Last in, first out: requests one after another reuse the connection returned last,
        # whose statements are prepared already; first in, first out sent them round every
        # open connection, each preparing every statement anew (a write took 20-47 ms where
        # it takes 12-17). Under load every connection is in use either way.
        kwargs.update(
            pool_size=pool_size,
            max_overflow=pool_size // 2,
            pool_timeout=POOL_TIMEOUT,
            pool_use_lifo=True,
        )
    settings: dict[str, str] = {}
    if random_page_cost is not None and make_url(url).get_backend_name() == "postgresql":
        settings["random_page_cost"] = str(random_page_cost)
        kwargs["connect_args"] = {"server_settings": settings}
    engine = create_async_engine(url, **kwargs)
    _SERVER_SETTINGS[engine.sync_engine] = settings
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin_sqlite)
    return engine


# SQLSTATE classes that say nothing of the statement: connection exceptions, transaction
# rollback (serialization, deadlock), insufficient resources, object not in prerequisite state
# (a lock not available), operator intervention (shutdown, cancel, statement timeout), system
# error. The same statement may well succeed next time.
_TRANSIENT_CLASSES = frozenset({"08", "40", "53", "55", "57", "58"})


def transient(error: BaseException) -> bool:
    """True when `error` (or what it wraps) is about the database's connection or state, not
    the statement: a lost connection, a server shutting down or overloaded, a timeout, a
    statement prepared before a migration. Such an error is no reason to stop using a
    statement; any other database error is."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(
            current,
            OSError | TimeoutError | asyncpg.InterfaceError | asyncpg.InvalidCachedStatementError,
        ):
            return True
        if isinstance(current, asyncpg.PostgresError):
            return str(current.sqlstate or "")[:2] in _TRANSIENT_CLASSES
        if isinstance(current, sqlite3.OperationalError):
            return "locked" in str(current) or "busy" in str(current)
        wrapped = current.orig if isinstance(current, DBAPIError) else None
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__
    return False


def unavailable(error: BaseException) -> str | None:
    """What a client is told of a database failure that is not its request's fault, to retry:
    no pooled connection free in time (BUSY), or a `transient` failure (UNAVAILABLE); None for
    any other error."""
    if isinstance(error, PoolTimeout):
        return BUSY
    return UNAVAILABLE if transient(error) else None


async def connect_raw(engine: AsyncEngine) -> asyncpg.Connection:
    """An asyncpg connection of its own to `engine`'s PostgreSQL database, outside the pool,
    with the sessions' settings (create_engine)."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return await asyncpg.connect(
        url, server_settings=_SERVER_SETTINGS.get(engine.sync_engine) or None
    )


async def open_pool(engine: AsyncEngine, count: int) -> int:
    """Open `count` of the pool's connections now (at most its size), so that the first
    burst of requests reuses them instead of opening sessions under load. Returns how many
    were opened; a database not reachable yet is logged and left to the first requests."""
    size = engine.pool.size() if isinstance(engine.pool, QueuePool) else 0
    count = min(count, size)
    if count <= 0:
        return 0
    held = 0
    everyone = asyncio.Event()

    async def hold() -> None:
        nonlocal held
        async with engine.connect():
            held += 1
            if held == count:
                everyone.set()
            await everyone.wait()  # held together: each checkout opens one more

    tasks = [asyncio.ensure_future(hold()) for _ in range(count)]
    done, pending = await asyncio.wait(
        tasks, timeout=POOL_TIMEOUT, return_when=asyncio.FIRST_EXCEPTION
    )
    for task in pending:
        task.cancel()
    everyone.set()  # release the rest, whatever happened
    await asyncio.gather(*tasks, return_exceptions=True)
    failed = [t.exception() for t in done if not t.cancelled() and t.exception() is not None]
    if failed or pending:
        log.warning("could not open the pool's connections at start-up: %r", failed[:1])
    return held


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def plain_rows(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Sequence[Any]:
    """The rows of a statement of columns (no ORM entity) on the session's connection, in its
    transaction: Core's execution without the ORM's, which costs about a third of a small
    read. Build the statement once, with its values as parameters (`bindparam`): building
    it costs as much again. The session's pending changes are not flushed first (the
    sessions here never autoflush)."""
    conn = await session.connection()
    return (await conn.execute(statement, params or {})).all()


class json_elements(FunctionElement[Any]):
    """The elements of a JSON array (a JSON column, or JSON text) as text, one row each in a
    column `value`: `json_each` on SQLite, `json_array_elements_text` on PostgreSQL (a JSON
    null or SQL NULL gives no rows). Use as `json_elements(column).table_valued("value")`."""

    name = "json_elements"
    inherit_cache = True


@compiles(json_elements)
def _json_elements_sqlite(element: json_elements, compiler: Any, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_elements, "postgresql")
def _json_elements_pg(element: json_elements, compiler: Any, **kw: Any) -> str:
    return f"json_array_elements_text(({compiler.process(element.clauses, **kw)})::json)"


class among(ColumnElement[bool]):
    """`column` is one of the values of the list parameter `name` (a Python list, or any
    sequence, at execution): `column IN (…)` on SQLite, its parameter expanded per execution;
    `column = ANY(:name)` on PostgreSQL, one array parameter, so the statement's text is the
    same for every list (compiled once, prepared once on each connection), where an expanding
    IN is rendered anew for every execution and is a new statement for every list length.
    A value given twice matches as once (no need to de-duplicate the list)."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a predicate (not `… = 1` where booleans are integers)
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]

    def __init__(self, column: Any, name: str = "ids") -> None:
        # A mapped attribute (Model.column) or a column expression.
        self.column: ColumnElement[Any] = coercions.expect(roles.ExpressionElementRole, column)
        self.name = name


@compiles(among)
def _among(element: among, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw))


@compiles(among, "postgresql")
def _among_pg(element: among, compiler: Any, **kw: Any) -> str:
    values = bindparam(element.name, type_=ARRAY(element.column.type))
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(values, **kw)})"
