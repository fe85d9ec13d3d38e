"""Read models: each GraphQL object type read from a table, declared once.

A domain declares, in `gp_api/<domain>/read.py`, for each of its types: the ORM model (its table
and column types), the keyset order of its connections, and how every GraphQL field maps onto
the row: a plain column, the row a foreign key points at, a connection of child rows (with the
filters its arguments apply, as conditions), or a list of rows linked through a join table.
Fields that need more than rows (workflow moves, permissions, aggregates) are declared
`Computed`: a service computes them for many rows at once, for the request's principal. A node
of any declared type (an event's subject) is `AnyNode`. The root connections of `Query` are
declared the same way.

From these declarations the fast read path (gp_api.fastpath) plans and renders whole reads as
one SQL statement, and gp_api.graphql.readtypes makes the strawberry types' plain fields (a
`Column` or `Flags`, with its description) and their `from_row`; tests check that every
GraphQL field of a declared type is either declared or computed.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import InstrumentedAttribute

from gp_api.db import Base
from gp_api.errors import DomainError, ErrorCode
from gp_api.global_ids import decode, decode_as
from gp_api.principal import Role

# ---------------------------------------------------------------------------------------------
# Conditions: what a filter argument selects, as data, built by the filters the read models
# declare and rendered to SQL by gp_api.fastpath.sql.


@dataclass(frozen=True)
class InText:
    """The column's value is one of `values` (enum values, validated by the caller)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class InInts:
    column: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Is:
    """The boolean column is `value`."""

    column: str
    value: bool


@dataclass(frozen=True)
class IsNull:
    column: str


@dataclass(frozen=True)
class Contains:
    """Case-insensitive substring in any of the columns (NULLs never match), or, with `named`
    (the row's subject type in gp_api.names), in any recorded form of its name or short name:
    other languages, former names."""

    columns: tuple[str, ...]
    needle: str  # already lower-cased
    named: str | None = None


@dataclass(frozen=True)
class Compare:
    column: str
    op: Literal["<", ">", ">=", "<="]
    value: dt.date | dt.datetime


@dataclass(frozen=True)
class Exists:
    """A row of `table` links this row (`fk` = this row's id) with `column` in `values`."""

    table: str
    fk: str
    column: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class HasAny:
    """The JSON array in `column` holds at least one of `values` (text; empty: no rows)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Both:
    first: Condition
    second: Condition


@dataclass(frozen=True)
class Either:
    first: Condition
    second: Condition


Condition = InText | InInts | Is | IsNull | Contains | Compare | Exists | HasAny | Both | Either

# A filter turns an argument's value into a condition (None: no condition). It raises
# DomainError where the resolvers refuse the value (the fast path then leaves it to them).
Filter = Callable[[Any], Condition | None]


def _enum_values(values: Sequence[Any]) -> tuple[str, ...]:
    return tuple(v.value if isinstance(v, enum.Enum) else str(v) for v in values)


def one_of(column: str) -> Filter:
    """A list of enum values; empty or null: no condition."""
    return lambda values: InText(column, _enum_values(values)) if values else None


def any_in(column: str) -> Filter:
    """A list of values (enum or text), any of which the row's JSON array `column` holds;
    null or empty: no condition."""
    return lambda values: HasAny(column, _enum_values(values)) if values else None


def holds(column: str, normalize: Callable[[str], str] = str) -> Filter:
    """One value (normalized, e.g. upper-cased) that the row's JSON array `column` holds."""
    return lambda value: None if value is None else HasAny(column, (normalize(value),))


def ints_in(column: str) -> Filter:
    return lambda values: InInts(column, tuple(int(v) for v in values)) if values else None


def flag(columns: Mapping[Any, str]) -> Filter:
    """An enum naming one boolean column that must be true."""
    by_value = {_enum_values([k])[0]: c for k, c in columns.items()}
    return lambda value: None if value is None else Is(by_value[_enum_values([value])[0]], True)


def equals_bool(column: str) -> Filter:
    return lambda value: None if value is None else Is(column, bool(value))


def only_null_if(column: str) -> Filter:
    """A boolean argument: when true, only rows whose `column` is null (e.g. `current`)."""
    return lambda value: IsNull(column) if value else None


def in_force_on(since: str, until: str) -> Filter:
    """A date: the rows in force that day (`since` on or before it, `until` null or on or
    after it; a row whose `since` is null is not known to be in force)."""

    def build(value: Any) -> Condition | None:
        if value is None:
            return None
        return Both(Compare(since, "<=", value), Either(IsNull(until), Compare(until, ">=", value)))

    return build


def search(*columns: str, named: str | None = None) -> Filter:
    def build(value: Any) -> Condition | None:
        if value is None or not value.strip():
            return None
        return Contains(columns, value.strip().lower(), named)

    return build


def compare(column: str, op: Literal["<", ">", ">=", "<="]) -> Filter:
    return lambda value: None if value is None else Compare(column, op, value)


def global_ids(column: str, type_name: str, argument: str) -> Filter:
    """A list of global IDs of `type_name` (null: no condition; empty: no rows)."""

    def build(values: Any) -> Condition | None:
        if values is None:
            return None
        return InInts(column, tuple(decode_as(v, type_name, argument) for v in values))

    return build


def global_id(column: str, type_name: str, argument: str) -> Filter:
    def build(value: Any) -> Condition | None:
        if value is None:
            return None
        return InInts(column, (decode_as(value, type_name, argument),))

    return build


def subjects(type_column: str, id_column: str, argument: str) -> Filter:
    """Global IDs of any one declared type: the rows about those subjects (null: no
    condition; IDs of several types or of another type are refused)."""

    def build(values: Any) -> Condition | None:
        if values is None:
            return None
        decoded = [decode(v, argument) for v in values]
        types = {t for t, _ in decoded}
        if len(types) > 1 or not types <= set(MODELS):
            raise DomainError(ErrorCode.INVALID, "subject IDs of one known type", [argument])
        if not decoded:
            return InInts(id_column, ())
        return Both(
            InText(type_column, (decoded[0][0],)), InInts(id_column, tuple(p for _, p in decoded))
        )

    return build


def linked(table: str, fk: str, column: str, type_name: str, argument: str) -> Filter:
    """A global ID of `type_name` linked to the row through `table`."""

    def build(value: Any) -> Condition | None:
        if value is None:
            return None
        return Exists(table, fk, column, (decode_as(value, type_name, argument),))

    return build


# ---------------------------------------------------------------------------------------------
# Fields and models

ValueKind = Literal[
    "text",
    "enum",
    "int",
    "date",
    "bool",
    "datetime",
    "id",
    "enum_list",
    "text_list",
    "decimal",
    "cursor",
]


@dataclass(frozen=True)
class Column:
    """A plain field: one column of the row, formatted as its GraphQL type asks. An "id" is
    the global ID of the row's type, or of the type named by `type_column`; a "cursor" is the
    row's position in its connections; a "text_list" a JSON array of strings; a "decimal" an
    exact decimal kept as its canonical text (GraphQL `Decimal`)."""

    column: str
    kind: ValueKind
    type_column: str | None = None
    # The GraphQL field's description (gp_api.graphql.readtypes makes the field from this).
    description: str = ""
    # The enum of an "enum_list" (its column holds the values); an "enum" column knows its own.
    enum_class: type[enum.Enum] | None = None
    # A name or title with forms per language and period (gp_api.names): the field takes
    # `language` and `on`, and has two companions the resolvers answer (`localized_fields`).
    # The column is today's English form, which the fast path reads when neither is given.
    localized: bool = False


def localized_fields(graphql_name: str) -> tuple[str, str]:
    """The companions of a localized field `name`: `localizedName` (which form answers, in
    which language, with the fallback said) and `names` (every form, dated)."""
    return f"localized{graphql_name[0].upper()}{graphql_name[1:]}", f"{graphql_name}s"


@dataclass(frozen=True)
class Flags:
    """A list of enum values, each held by a boolean column: ((value, column), ...) in order."""

    flags: tuple[tuple[str, str], ...]
    enum_class: type[enum.Enum] | None = None  # the GraphQL list's enum
    description: str = ""


@dataclass(frozen=True, eq=False)
class Shaped:
    """A value computed in Python from some of the row's columns, for the reader's role
    (e.g. event data, shaped and redacted by the catalog). `shape(role, *values)`. Each is
    declared once, in its read model: compared (and hashed) by identity, which is cheap."""

    columns: tuple[str, ...]
    shape: Callable[..., Any]
    description: str = ""  # the GraphQL field's, resolved for the reader's role
    returns: Any = None  # the GraphQL field's Python type (None: JSON)


@dataclass(frozen=True)
class Parent:
    """The row of `type_name` whose `key` (its id, or another unique column such as a
    document's symbol) is this row's `fk` (null when `fk` is null or matches no row)."""

    type_name: str
    fk: str
    key: str = "id"


@dataclass(frozen=True)
class Children:
    """A Relay connection over the rows of `type_name` whose `fk` is this row's id."""

    type_name: str
    fk: str
    filters: Mapping[str, Filter] = field(default_factory=dict)
    fixed: tuple[Condition, ...] = ()  # always applied (e.g. the subject's type)


@dataclass(frozen=True)
class Through:
    """A plain list of the rows of `type_name` linked to this row by `table` (`near` = this
    row's id, `far` = theirs), in `type_name`'s order."""

    type_name: str
    table: str
    near: str
    far: str


@dataclass(frozen=True)
class Rows:
    """A plain list of the rows of `type_name` whose `fk` is this row's id, in their order."""

    type_name: str
    fk: str


@dataclass(frozen=True)
class AnyNode:
    """The node whose type this row's `type_column` names and whose id is its `fk`: the row of
    that type's read model, as its reader may see it (null when it is gone, hidden, or of a
    type without a read model, as gp_api.graphql.nodes answers it)."""

    type_column: str
    fk: str


# A computed value for many rows at once: (session, principal, keys, **arguments) -> {key: JSON
# value}, each key the tuple of a row's `Computed.columns`; called once per request, field and
# arguments.
Batch = Callable[..., Awaitable[Mapping[tuple[Any, ...], Any]]]


@dataclass(frozen=True)
class Computed:
    """A value a service computes for many rows at once, for the request's principal (e.g.
    `availableTransitions`: facts gathered for every subject in a few statements, then the
    principal's permission). The value is JSON as the GraphQL field answers it, objects keyed
    by GraphQL field names: the fast path selects from it what the document asks. `name`
    names the batch (one call per request for each)."""

    name: str
    columns: tuple[str, ...]
    batch: Batch = field(compare=False)
    # The field's arguments the batch takes, as keywords (values as graphql-core coerces
    # them; an argument not given is not passed). `requested`: the batch also takes the
    # request's language (`requested=`), the default of a name's `language`.
    arguments: tuple[str, ...] = ()
    requested: bool = False


FieldRead = Column | Flags | Parent | Children | Through | Rows | Shaped | Computed | AnyNode


@dataclass(frozen=True)
class ReadModel:
    type_name: str
    model: type[Base]
    order: tuple[InstrumentedAttribute[Any], ...]  # keyset order; the last column is unique
    fields: Mapping[str, FieldRead]
    # GraphQL fields of the type not declared here: the resolvers' alone (never planned), and
    # a localized field's companions, which the fast path reads by gp_api.names.computed.
    computed: frozenset[str] = frozenset()
    # The rows a reader of this role may see at all, wherever the type is read (None: all).
    reader: Callable[[Role | None], Condition | None] | None = None

    def __post_init__(self) -> None:
        companions = {
            companion
            for name, read in self.fields.items()
            if isinstance(read, Column) and read.localized
            for companion in localized_fields(name)
        }
        object.__setattr__(self, "computed", self.computed | companions)

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)

    def column_type(self, column: str) -> Any:
        return self.model.__table__.c[column].type


@dataclass(frozen=True)
class RootConnection:
    """A connection field of Query over every row of `type_name` (filtered)."""

    type_name: str
    filters: Mapping[str, Filter] = field(default_factory=dict)


@dataclass(frozen=True)
class RootLookup:
    """A field of Query answering the one row of `type_name` whose `column` (unique) equals
    its `argument`, as `key` makes it of the value given (None: no row can match; the field is
    null), compared as `sql_type` (e.g. `document(symbol:)`, any case or spacing)."""

    type_name: str
    column: str
    argument: str
    key: Callable[[Any], Any]
    sql_type: str


MODELS: dict[str, ReadModel] = {}
ROOTS: dict[str, RootConnection] = {}
LOOKUPS: dict[str, RootLookup] = {}
# Fields of Query answered by a batch with no row (no columns; its one key is ()).
ROOT_VALUES: dict[str, Computed] = {}


def declare(
    *models: ReadModel,
    roots: Mapping[str, RootConnection] | None = None,
    values: Mapping[str, Computed] | None = None,
    lookups: Mapping[str, RootLookup] | None = None,
) -> None:
    for m in models:
        if m.type_name in MODELS and MODELS[m.type_name] != m:
            raise ValueError(f"{m.type_name} is declared twice")
        MODELS[m.type_name] = m
    ROOTS.update(roots or {})
    LOOKUPS.update(lookups or {})
    ROOT_VALUES.update(values or {})


DECLARATIONS = (
    "gp_api.actors.read",
    "gp_api.commitments.read",
    "gp_api.bodies.read",
    "gp_api.ga.read",
    "gp_api.events.read",
    "gp_api.plan.read",
    "gp_api.documents.read",
    "gp_api.sessions.read",
    "gp_api.people.read",
)


def load_all() -> None:
    """Import every domain's declarations (they register themselves)."""
    for module in DECLARATIONS:
        importlib.import_module(module)


def history(subject_type: str) -> Children:
    """A workflow subject's transition records, oldest first (`WorkflowSubject.history`)."""
    return Children(
        "TransitionRecord", "subject_id", fixed=(InText("subject_type", (subject_type,)),)
    )


# Field groups that follow the models' mixins (gp_api.models_common, gp_api.workflow.models).
NODE: dict[str, FieldRead] = {"id": Column("id", "id")}
SOURCE_URL = "Public source this record is taken from."
CONFIDENCE = "How well the source confirms this record."
SOURCED: dict[str, FieldRead] = {
    "sourceUrl": Column("source_url", "text", description=SOURCE_URL),
    "confidence": Column("confidence", "enum", description=CONFIDENCE),
}


def workflow_subject(type_name: str) -> dict[str, FieldRead]:
    """The plain fields every workflow subject has (`WorkflowSubject`)."""
    return {**NODE, "version": Column("version", "int"), "history": history(type_name)}


def conditions(filters: Mapping[str, Filter], args: Mapping[str, Any]) -> list[Condition]:
    """The conditions of the arguments given (raises DomainError as the resolvers do)."""
    found: list[Condition] = []
    for name, build in filters.items():
        if name in args:
            condition = build(args[name])
            if condition is not None:
                found.append(condition)
    return found
