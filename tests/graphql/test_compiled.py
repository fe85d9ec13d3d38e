"""Compiled reads against the resolvers: the same answers on the same data, for generated
operations (hypothesis), on SQLite and PostgreSQL; and the HTTP path that serves them.

The operations are derived from the schema and the read models (gp_api.readmodel.MODELS and
ROOTS), not from lists kept here: every root connection and `node`/`nodes`, random subsets of
each type's declared fields (columns, parents, connections of children, linked lists), page
arguments with cursors from earlier answers, and filter arguments of the argument's GraphQL
type. A type declared tomorrow is covered without editing this file, once tests/graphql/
read_data.py seeds its table (a test below fails until it does).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import os
import sqlite3
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import asyncpg
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    OperationDefinitionNode,
    Undefined,
    get_named_type,
    is_leaf_type,
    parse,
    validate,
)
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api import readmodel
from gp_api.db import session_factory, transient
from gp_api.errors import DomainError
from gp_api.fastpath.planner import CompiledReads, NotPlanned, Planner, Prepared
from gp_api.fastpath.sql import Fixed, Renderer, run
from gp_api.global_ids import encode
from gp_api.graphql import nodes
from gp_api.graphql.context import Context
from gp_api.graphql.static import static_fields
from gp_api.names import computed as names_computed
from gp_api.names.models import LanguageCode
from gp_api.pagination import encode_cursor
from gp_api.principal import ANONYMOUS, Role
from gp_api.readmodel import AnyNode, Column, Computed, Through
from gp_api.validation import EARLIEST_DATE, EARLIEST_INSTANT, LATEST_DATE, LATEST_INSTANT
from tests.conftest import GraphQLClient, make_token, terminate_session
from tests.graphql.read_data import (
    BASE,
    COUNTRIES,
    CREATED,
    CURRENCIES,
    EXTREME_DATES,
    KINDS,
    ODD_NAMES,
    ROWS,
    SDG_TARGETS,
    SEEDED,
    SESSIONS,
    SHARED_INSTANTS,
    seed,
)

readmodel.load_all()
MODELS, ROOTS, ROOT_VALUES = readmodel.MODELS, readmodel.ROOTS, readmodel.ROOT_VALUES
LOOKUPS = readmodel.LOOKUPS
EVERY_COMPUTED = {
    f"{t}.{n}" for t, m in MODELS.items() for n, r in m.fields.items() if isinstance(r, Computed)
} | {f"{t}.{n}" for t in MODELS for n in names_computed.localized(t)}
# The request's language (Accept-Language): English most often, every other now and then.
REQUEST_LANGUAGES = [LanguageCode.EN, LanguageCode.EN, *LanguageCode]
# The actors an EDITOR is drawn acting for: owners of commitments, and none.
EDITOR_ACTORS = [None, *sorted({c["actor_id"] for c in ROWS["commitments"]})[:3]]
PAGE_ARGUMENTS = ("first", "last", "after", "before")
PAGE_INFO = ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"]
MAX_LEVEL = 2  # objects nested below a root object (the document stays within the depth limit)
MISSING = 999_999  # a primary key no row has


def columns_of(type_name: str) -> list[str]:
    """The plain (column) fields a type declares."""
    return [n for n, r in MODELS[type_name].fields.items() if isinstance(r, Column)]


def node_of_connection(field: GraphQLField) -> str | None:
    """The node type's name when the field is a Relay connection, else None."""
    conn = get_named_type(field.type)
    if not isinstance(conn, GraphQLObjectType) or "edges" not in conn.fields:
        return None
    edge = get_named_type(conn.fields["edges"].type)
    if not isinstance(edge, GraphQLObjectType) or "node" not in edge.fields:
        return None
    return str(get_named_type(edge.fields["node"].type).name)


def rows_of(type_name: str) -> list[dict[str, Any]]:
    return ROWS.get(MODELS[type_name].table, [])


@pytest.fixture
async def seeded(engine: AsyncEngine) -> None:
    await seed(engine)


def test_every_table_a_read_model_reads_is_seeded() -> None:
    """So that the generated operations find rows of every declared type."""
    for name, model in MODELS.items():
        assert rows_of(name), (
            f"{name} reads table {model.table}, which tests/graphql/read_data.py does not seed:"
            " add rows for it there (odd text, NULLs, equal sort keys, extreme dates)"
        )
        for field_name, read in model.fields.items():
            if isinstance(read, Through):
                assert ROWS.get(read.table), (
                    f"{name}.{field_name} reads the link table {read.table}: seed it in"
                    " tests/graphql/read_data.py"
                )
    assert set(SEEDED) >= {m.table for m in MODELS.values()}


# ---------------------------------------------------------------------------------------------
# Arguments of a localized name or title (gp_api.names), drawn now and then.
LOCALIZED_ARGUMENTS = [
    "(language: FR)",
    '(on: "2010-07-30")',
    '(language: RU, on: "2026-01-01")',
    "(language: EN)",
]

# Values of arguments, by GraphQL type
REQUIRED_VALUES = {"Date": '"2016-09-18"'}  # of arguments a field requires

SEARCHES = ["o", "Ô", "%", "_", "/", "x_y", "c", " ", "\\", "'", '"', "ü", "BODY", "line\n"]
SEARCHES += [n[2:6] for n in ODD_NAMES]
# Whole values stored in text columns: the event types the seed writes, the names of the rows.
SEARCHES += sorted({t for t, _, _ in CREATED} | {"workflow.transitioned", "no.such_type"})
SEARCHES += [a["name"] for a in ROWS["actors"][:3]]
# String arguments that name a value of a list (a JSON array) or a code: near the data.
STRING_VALUES = {
    "sdgTarget": [*SDG_TARGETS, " 8.7", "16.A", "9.9", "%"],
    "country": [*COUNTRIES, "by", "ZZ", "_"],
    "currencies": [*CURRENCIES, "eur", "XXX", "%"],
}
NEAR_DATES = [
    *EXTREME_DATES[:2],
    EXTREME_DATES[0] + dt.timedelta(days=1),
    EXTREME_DATES[1] - dt.timedelta(days=1),
    dt.date(2023, 6, 30),
    dt.date(2024, 10, 1),
    dt.date(2024, 12, 17),
    dt.date(2025, 3, 1),
]
INSTANTS = [
    *SHARED_INSTANTS,
    SHARED_INSTANTS[0] - dt.timedelta(microseconds=1),
    EARLIEST_INSTANT,
    LATEST_INSTANT,
    BASE,
    BASE + dt.timedelta(days=10),
]
# Beyond the range: refused by the resolvers (so never planned).
OUT_OF_RANGE_DATES = ["0001-01-01", "9999-12-31"]
OUT_OF_RANGE_INSTANTS = ["0001-01-01T00:00:00+00:00", "9999-12-31T23:00:00-05:00"]


def _instant_text(moment: dt.datetime, style: int) -> str:
    if style == 1:  # the same instant at another offset
        zone = dt.timezone(dt.timedelta(hours=2))
        if (
            EARLIEST_INSTANT + dt.timedelta(hours=3)
            < moment
            < LATEST_INSTANT - dt.timedelta(hours=3)
        ):
            return moment.astimezone(zone).isoformat()
    if style == 2:
        return moment.isoformat().replace("+00:00", "Z")
    return moment.isoformat()


def global_id_types(argument: str, build: readmodel.Filter | None, many: bool) -> list[str]:
    """The declared types whose global IDs the filter takes (found by asking it)."""
    if build is None:
        return list(MODELS)
    found = []
    for name in MODELS:
        try:
            build([encode(name, 1)] if many else encode(name, 1))
        except DomainError:
            continue
        found.append(name)
    return found or list(MODELS)


class Operations:
    """Draws operations over the declared types (`draw` is hypothesis' data.draw)."""

    def __init__(
        self, schema: GraphQLSchema, cursors: dict[str, list[str]], draw: Callable[..., Any]
    ) -> None:
        self.schema = schema
        self.cursors = cursors
        self.draw = draw
        self.variables: dict[str, Any] = {}
        self.definitions: list[str] = []
        self.fragments: list[str] = []
        self.aliases = 0  # the document stays within the alias limit
        self.types: set[str] = set()  # the declared types selected
        self.computed: set[str] = set()  # the Computed fields selected ("Type.field")
        self.any_nodes = 0  # the nodes of any type selected (an event's subject)

    def pick(self, values: list[Any]) -> Any:
        return self.draw(st.sampled_from(values))

    def chance(self, one_in: int) -> bool:
        # The last value, not the first: hypothesis starts from (and shrinks towards) zeros,
        # which should mean the plainest operation, not every rare case at once.
        return bool(self.draw(st.integers(0, one_in - 1)) == one_in - 1)

    def type(self, name: str) -> GraphQLObjectType:
        found = self.schema.get_type(name)
        assert isinstance(found, GraphQLObjectType), name
        return found

    # Arguments ---------------------------------------------------------------------------------

    def argument_value(
        self, name: str, gql_type: Any, build: readmodel.Filter | None, node_type: str
    ) -> Any:
        """A value of the argument's type, near the data; None for null."""
        required = isinstance(gql_type, GraphQLNonNull)
        inner = gql_type.of_type if required else gql_type
        if not required and self.chance(8):
            return None
        if isinstance(inner, GraphQLList):
            item = (
                inner.of_type.of_type
                if isinstance(inner.of_type, GraphQLNonNull)
                else inner.of_type
            )
            if getattr(get_named_type(item), "name", None) == "ID":
                types = global_id_types(name, build, True)
                return [self.global_id(types) for _ in range(self.draw(st.integers(0, 3)))]
            return [
                self.scalar(name, item, build, node_type)
                for _ in range(self.draw(st.integers(0, 3)))
            ]
        return self.scalar(name, inner, build, node_type)

    def scalar(self, name: str, gql_type: Any, build: readmodel.Filter | None, node: str) -> Any:
        if isinstance(gql_type, GraphQLEnumType):
            return self.pick(list(gql_type.values))
        kind = gql_type.name
        if kind == "Boolean":
            return self.pick([True, False])
        if kind == "String":
            return self.pick(STRING_VALUES.get(name, SEARCHES))
        if kind == "Int":
            return self.pick([*SESSIONS, 1, 81, 0, -1, 2_147_483_647])
        if kind == "Date":
            if self.chance(30):
                return self.pick(OUT_OF_RANGE_DATES)
            return str(self.pick(NEAR_DATES).isoformat())
        if kind == "DateTime":
            if self.chance(30):
                return self.pick(OUT_OF_RANGE_INSTANTS)
            return _instant_text(self.pick(INSTANTS), self.draw(st.integers(0, 2)))
        if kind == "ID":
            return self.global_id(global_id_types(name, build, False))
        raise AssertionError(f"no values for arguments of type {kind} ({name}): add them here")

    def global_id(self, types: list[str]) -> str:
        type_name = self.pick(types)
        if self.chance(30):
            return str(self.pick(["bm90IGFuIGlk", encode("Event", 1), encode(type_name, 2**40)]))
        ids = [r["id"] for r in rows_of(type_name)] if type_name in MODELS else []
        return encode(type_name, self.pick([*ids[:30], MISSING]) if ids else MISSING)

    def literal(self, value: Any, gql_type: Any) -> str:
        if value is None:
            return "null"
        gql_type = gql_type.of_type if isinstance(gql_type, GraphQLNonNull) else gql_type
        if isinstance(gql_type, GraphQLList):
            return "[" + ", ".join(self.literal(v, gql_type.of_type) for v in value) + "]"
        if isinstance(gql_type, GraphQLEnumType):
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return json.dumps(value)

    def arguments(
        self,
        field: GraphQLField,
        filters: Mapping[str, readmodel.Filter],
        node_type: str,
        paged: bool = True,
    ) -> str:
        values: dict[str, Any] = {}
        direction = "none" if not paged else self.pick(["first", "first", "last", "default", "bad"])
        if direction in ("first", "last"):
            values[direction] = self.draw(st.integers(0, 6)) if not self.chance(10) else 100
        elif direction == "bad" and self.chance(6):  # refused by the resolvers, so never planned
            values[self.pick(["first", "last"])] = self.pick([-1, 101])
            if self.chance(3):
                values["first"], values["last"] = 1, 1
        pool = self.cursors.get(node_type) or ["not a cursor"]
        for name, one_in in (("after", 3), ("before", 5)):
            if paged and self.chance(one_in):
                values[name] = self.pick(pool) if not self.chance(30) else "not a cursor"
        for name, arg in field.args.items():
            if name not in PAGE_ARGUMENTS and self.chance(2):
                values[name] = self.argument_value(name, arg.type, filters.get(name), node_type)
        parts = []
        for name, value in values.items():
            arg_type = field.args[name].type
            if self.chance(6):  # as a variable
                variable = f"v{len(self.definitions)}"
                self.definitions.append(f"${variable}: {arg_type}")
                self.variables[variable] = value
                parts.append(f"{name}: ${variable}")
            else:
                parts.append(f"{name}: {self.literal(value, arg_type)}")
        return f"({', '.join(parts)})" if parts else ""

    def computed_arguments(self, field: GraphQLField, type_name: str) -> str:
        """Arguments of a computed field: those it requires always (but now and then, to be
        refused), the others now and then."""
        parts = []
        for name, arg in field.args.items():
            required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
            if (required and not self.chance(20)) or self.chance(3):
                value = self.argument_value(name, arg.type, None, type_name)
                parts.append(f"{name}: {self.literal(value, arg.type)}")
        return f"({', '.join(parts)})" if parts else ""

    # Selections --------------------------------------------------------------------------------

    def aliased(self, name: str, i: int, prefix: str | None) -> str:
        """The field, under an alias sometimes; always under `prefix` when one is given (the
        same name on two types of one selection, which GraphQL requires to agree)."""
        if prefix is not None:
            self.aliases += 1
            return f"{prefix}{name}: {name}"
        if self.aliases < 12 and self.chance(6):
            self.aliases += 1
            return f"a{i}_{name}: {name}"
        return name

    def directive(self) -> str:
        if not self.chance(15):
            return ""
        return str(self.pick([" @include(if: true)", " @skip(if: true)", " @include(if: false)"]))

    def obj(
        self, type_name: str, level: int, prefix: str = "", clash: frozenset[str] = frozenset()
    ) -> str:
        """A selection on an object of a declared type (fields named in `clash` aliased with
        `prefix`)."""
        model = MODELS[type_name]
        gql = self.type(type_name)
        # A name's companions (localizedName, names) are read from the names' record.
        companions = [n for n in names_computed.localized(type_name) if n not in model.fields]
        names = [*model.fields, *companions, "__typename"]
        chosen = self.draw(st.lists(st.sampled_from(names), min_size=1, max_size=6, unique=True))
        computed = [n for n, r in model.fields.items() if isinstance(r, Computed | AnyNode)]
        computed += companions
        # Often: they differ by reader, and cost the most. All of a type's at once, so that
        # each is compared however many types the schema grows.
        if computed and self.chance(2):
            chosen = list(dict.fromkeys([*chosen, *computed]))
        out = []
        self.types.add(type_name)
        for i, name in enumerate(chosen):
            # By the field's GraphQL type, so that a new kind of declaration is drawn too.
            filters = getattr(model.fields.get(name), "filters", {})
            field = gql.fields.get(name)
            target = None if field is None else get_named_type(field.type)
            if isinstance(model.fields.get(name), Computed):
                self.computed.add(f"{type_name}.{name}")
            node = None if field is None else node_of_connection(field)
            if field is None or is_leaf_type(target):
                key = self.aliased(name, i, prefix if name in clash else None)
                read = model.fields.get(name)
                if isinstance(read, Column) and read.localized:
                    self.computed.add(f"{type_name}.{name}")
                    if self.chance(3):  # a name in a language or on a day
                        key += self.pick(LOCALIZED_ARGUMENTS)
                elif isinstance(read, Computed) and read.arguments:  # kindOn(date:)
                    key += self.computed_arguments(field, type_name)
                out.append(key + self.directive())
            elif name in companions:
                self.computed.add(f"{type_name}.{name}")
                key = self.aliased(name, i, prefix if name in clash else None)
                if self.chance(3):
                    key += self.pick(
                        LOCALIZED_ARGUMENTS if "on" in field.args else ["(language: FR)"]
                    )
                out.append(f"{key}{self.directive()} {{ {self.plain(target)} }}")
            elif isinstance(model.fields.get(name), Computed) and target.name not in MODELS:
                # A computed object (availableTransitions): what the document takes from it.
                key = self.aliased(name, i, prefix if name in clash else None)
                out.append(f"{key}{self.directive()} {{ {self.plain(target)} }}")
            elif isinstance(model.fields.get(name), AnyNode):
                if level >= MAX_LEVEL:
                    continue
                key = self.aliased(name, i, prefix if name in clash else None)
                self.any_nodes += 1
                body = self.any_node(self.node_types(), level + 1)
                out.append(f"{key}{self.directive()} {{ {body} }}")
            elif level >= MAX_LEVEL or (node or getattr(target, "name", "")) not in MODELS:
                continue
            elif node is not None:
                key = self.aliased(name, i, prefix if name in clash else None)
                args = self.arguments(field, filters, node)
                body = self.connection(node, field, level + 1)
                out.append(f"{key}{args}{self.directive()} {body}")
            else:
                assert target is not None
                key = self.aliased(name, i, prefix if name in clash else None)
                args = self.arguments(field, filters, target.name, paged=False)
                body = self.obj(target.name, level + 1)
                out.append(f"{key}{args}{self.directive()} {{ {body} }}")
        if not out or self.chance(5):
            out.append(self.pick(["id", "__typename"]))
        if self.chance(5):
            out.append(self.fragment(type_name, prefix, clash))
        return " ".join(out)

    def plain(self, type_: Any, depth: int = 0) -> str:
        """A selection on an object no read model declares (a computed value): some of its
        fields, recursively, sometimes aliased, with __typename."""
        names = [*type_.fields, "__typename"]
        chosen = self.draw(st.lists(st.sampled_from(names), min_size=1, max_size=6, unique=True))
        out = []
        for i, name in enumerate(chosen):
            key = self.aliased(name, i, None)
            target = None if name == "__typename" else get_named_type(type_.fields[name].type)
            if target is None or is_leaf_type(target):
                out.append(key + self.directive())
            elif depth < 2:
                out.append(f"{key} {{ {self.plain(target, depth + 1)} }}")
        return " ".join(out) or "__typename"

    def fragment(self, type_name: str, prefix: str, clash: frozenset[str]) -> str:
        kind = self.draw(st.integers(0, 2))
        if kind == 0:
            return f"... on Node {{ {self.pick(['id', '__typename'])} }}"
        # Plain fields only: a connection here beside the same one outside, with other
        # arguments, would be a conflict the document may not have.
        body = self.obj(type_name, MAX_LEVEL, prefix, clash)
        if kind == 1:
            return f"... on {type_name} {{ {body} }}"
        name = f"F{len(self.fragments)}"
        self.fragments.append(f"fragment {name} on {type_name} {{ {body} }}")
        return f"...{name}"

    def connection(self, type_name: str, field: GraphQLField, level: int) -> str:
        conn = get_named_type(field.type)
        assert isinstance(conn, GraphQLObjectType)
        parts = []
        if not self.chance(5):
            edge = []
            if self.chance(2):
                edge.append("cursor")
            edge.append(f"node {{ {self.obj(type_name, level)} }}")
            if self.chance(5):
                edge.append("__typename")
            parts.append(f"edges {{ {' '.join(edge)} }}")
        if self.chance(2):
            info = self.draw(
                st.lists(st.sampled_from(PAGE_INFO), min_size=1, max_size=5, unique=True)
            )
            parts.append(f"pageInfo {{ {' '.join(info)} }}")
        if self.chance(2):
            parts.append("totalCount")
        if self.chance(5) or not parts:
            parts.append("__typename")
        return "{ " + " ".join(parts) + " }"

    def root(self, i: int) -> str:
        query = self.schema.query_type
        assert query is not None
        kind = self.pick(["connection"] * 6 + ["node", "nodes", "__typename", "value", "lookup"])
        alias = f"r{i}: " if i else ""
        if kind == "__typename":
            return f"{alias}__typename"
        if kind == "lookup":  # document(symbol:), session(number:)
            name = self.pick(sorted(LOOKUPS))
            lookup = LOOKUPS[name]
            stored = [row[lookup.column] for row in rows_of(lookup.type_name)]
            value = self.pick(stored)
            if isinstance(value, str):  # another spelling of it, or text that is no symbol
                value = self.pick([value, value.lower(), f" {value} ", "not a symbol", ""])
            else:
                value = self.pick([value, 0, -1, MISSING])
            self.types.add(lookup.type_name)
            body = self.obj(lookup.type_name, 1)
            return f"{alias}{name}({lookup.argument}: {json.dumps(value)}) {{ {body} }}"
        if kind == "value":  # planSteps, partnership
            name = self.pick(sorted(ROOT_VALUES))
            self.types.add(name)
            target = get_named_type(query.fields[name].type)
            # A list of a declared type (planSteps) is drawn as its declaration says, computed
            # fields and all; anything else as a plain object.
            body = self.obj(target.name, 1) if target.name in MODELS else self.plain(target)
            return f"{alias}{name} {{ {body} }}"
        if kind == "connection":
            name = self.pick(sorted(ROOTS))
            root = ROOTS[name]
            args = self.arguments(query.fields[name], root.filters, root.type_name)
            body = self.connection(root.type_name, query.fields[name], 0)
            return f"{alias}{name}{args} {body}"
        chosen = self.node_types()
        selection = self.any_node(chosen, 1)
        if kind == "node":
            return f"{alias}node(id: {json.dumps(self.global_id(chosen))}) {{ {selection} }}"
        ids = [self.global_id(chosen) for _ in range(self.draw(st.integers(0, 4)))]
        return f"{alias}nodes(ids: {json.dumps(ids)}) {{ {selection} }}"

    def node_types(self) -> list[str]:
        types = sorted(MODELS)
        return list(
            self.draw(st.lists(st.sampled_from(types), min_size=1, max_size=3, unique=True))
        )

    def any_node(self, chosen: list[str], level: int) -> str:
        """A selection on a node of any type (`node`, an event's subject): fields of Node and
        fragments on each chosen type (fields two types share aliased apart)."""
        names = [set(MODELS[t].fields) for t in chosen]
        clash = frozenset(n for i, a in enumerate(names) for b in names[i + 1 :] for n in a & b)
        selection = " ".join(
            f"... on {t} {{ {self.obj(t, level, f'{t}_', clash)} }}" for t in chosen
        )
        return (
            f"{self.pick(['id', '__typename', 'id __typename', '... on Node { id }'])} {selection}"
        )

    def operation(self) -> tuple[str, dict[str, Any] | None]:
        roots = [self.root(i) for i in range(self.draw(st.integers(1, 3)))]
        assume(self.aliases + len(roots) <= 30)
        head = f"query({', '.join(self.definitions)}) " if self.definitions else ""
        document = head + "{ " + " ".join(roots) + " }"
        if self.fragments:
            document += "\n" + "\n".join(self.fragments)
        return document, (self.variables or None)


def first_difference(got: Any, expected: Any, path: str = "") -> str | None:
    """Where two answers first differ, and how (for failure messages)."""
    if isinstance(got, dict) and isinstance(expected, dict):
        if list(got) != list(expected):
            return f"{path}: keys {list(got)} != {list(expected)}"
        for key in got:
            found = first_difference(got[key], expected[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(got, list) and isinstance(expected, list):
        if len(got) != len(expected):
            return f"{path}: {len(got)} items != {len(expected)}"
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if got == expected else f"{path}: compiled {got!r} != resolvers {expected!r}"


async def _both(
    app: Starlette,
    engine: AsyncEngine,
    query: str,
    variables: dict[str, Any] | None = None,
    role: Role | None = None,
    actor_id: int | None = None,
    language: LanguageCode = LanguageCode.EN,
) -> tuple[Any, Any]:
    """(resolvers' result, compiled data or None when not planned), for a reader of `role`
    (None: anonymous) acting for `actor_id` (an EDITOR's actor), asking for `language`."""
    schema = app.state.schema
    sessions = session_factory(engine)
    principal = (
        ANONYMOUS
        if role is None
        else replace(ANONYMOUS, id=f"reader:{role.value}", role=role, actor_id=actor_id)
    )
    context = Context(session=sessions(), principal=principal, language=language)
    try:
        result = await schema.execute(query, variable_values=variables, context_value=context)
    finally:
        await context.close()  # waits for resolvers' work still running (as the HTTP path does)
    static = static_fields(schema._schema)
    compiled = CompiledReads(schema._schema, engine.dialect.name, static=static)
    if not validate(schema._schema, parse(query)):
        # As if answered once without errors (perhaps with other variables): a document that
        # does not validate (a literal out of range in any fragment) never is.
        compiled.admit(query, None)
    prepared = compiled.prepare(query, None, variables, role, language)
    if prepared is None:
        return result, None
    try:
        body = await compiled.execute(engine, prepared, principal, sessions)
    except OperationalError as error:
        # SQLite's parser has a fixed depth; a statement nested past it fails, and the HTTP
        # path then has the resolvers answer (as for any failed compiled read): not planned.
        if "parser stack overflow" not in str(error):
            raise
        return result, None
    return result, json.loads(body)


def _cursors_in(answer: Any, found: dict[str, set[str]]) -> None:
    """Every edge cursor in an answer, by the type of the edge's node (its __typename)."""
    if isinstance(answer, list):
        for item in answer:
            _cursors_in(item, found)
    elif isinstance(answer, dict):
        if "cursor" in answer and isinstance(answer.get("node"), dict):
            found.setdefault(answer["node"]["__typename"], set()).add(answer["cursor"])
        for value in answer.values():
            _cursors_in(value, found)


async def _cursors(app: Starlette, engine: AsyncEngine) -> dict[str, list[str]]:
    """Cursors from answers (every root connection and the connections one level below), and
    cursors built from the seeded rows' sort keys, by node type; with a few that name no row."""
    found: dict[str, set[str]] = {}
    schema = app.state.schema._schema
    for name, root in ROOTS.items():
        graphql_type = schema.get_type(root.type_name)
        nested = " ".join(
            f"{f}(first: 100) {{ edges {{ cursor node {{ __typename }} }} }}"
            for f, field in graphql_type.fields.items()
            if f in MODELS[root.type_name].fields and node_of_connection(field) in MODELS
        )
        query = f"{{ {name}(first: 100) {{ edges {{ cursor node {{ __typename {nested} }} }} }} }}"
        result, _ = await _both(app, engine, query)
        assert not result.errors, (query, result.errors)
        _cursors_in(result.data, found)
    pools: dict[str, list[str]] = {}
    for type_name, model in MODELS.items():
        keys = [c.key for c in model.order]
        built = {encode_cursor([row[k] for k in keys]) for row in rows_of(type_name)}
        first = next(iter(rows_of(type_name)), None)
        odd = []
        if first is not None:  # between rows, and at the ends
            odd.append(encode_cursor([*(first[k] for k in keys[:-1]), 0]))
            odd.append(encode_cursor([*(first[k] for k in keys[:-1]), MISSING]))
        odd.append(encode_cursor([0] * (len(keys) + 1)))  # not this connection's (refused)
        pools[type_name] = sorted(found.get(type_name, set()) | built) + odd
    return pools


async def test_generated_operations_answer_as_the_resolvers_do(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    loop = asyncio.get_running_loop()
    cursors = await _cursors(app, engine)
    schema = app.state.schema._schema
    counts = {"planned": 0, "refused": 0, "resolvers": 0}
    planned_types: set[str] = set()
    computed_fields: set[str] = set()
    any_nodes = [0]
    reasons: Counter[str] = Counter()

    @hypothesis_settings(
        max_examples=int(os.environ.get("GP_TEST_EXAMPLES", "700")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        # The same examples on every run, so CI never flakes on a new one; GP_TEST_RANDOM=1
        # explores others (with GP_TEST_EXAMPLES=2000, say) when hunting for a mismatch.
        derandomize=os.environ.get("GP_TEST_RANDOM") != "1",
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        operations = Operations(schema, cursors, data.draw)
        query, variables = operations.operation()
        # Whose view: events (and their data keys) differ by role, availableTransitions by role
        # and, for an EDITOR, by the actor it acts for (it may move that actor's commitments).
        role = data.draw(st.sampled_from([None, Role.VIEWER, Role.EDITOR, Role.ADMIN]))
        actor_id = data.draw(st.sampled_from(EDITOR_ACTORS)) if role is Role.EDITOR else None
        language = data.draw(st.sampled_from(REQUEST_LANGUAGES))
        result, compiled = asyncio.run_coroutine_threadsafe(
            _both(app, engine, query, variables, role, actor_id, language), loop
        ).result()
        if result.errors:
            # Whatever the resolvers refuse is left to them, so clients see their errors.
            assert compiled is None, (query, variables, result.errors)
            counts["refused"] += 1
            reasons[result.errors[0].message[:40]] += 1
            return
        if compiled is None:  # e.g. a bad argument under an empty page, which never resolves
            counts["resolvers"] += 1
            return
        expected = {"data": json.loads(json.dumps(result.data))}
        assert compiled == expected, (query, variables, first_difference(compiled, expected))
        counts["planned"] += 1
        planned_types.update(operations.types)
        computed_fields.update(operations.computed)
        any_nodes[0] += operations.any_nodes

    await asyncio.to_thread(check)
    total = sum(counts.values())
    print(counts, reasons.most_common(8))  # shown by pytest -s or -rP
    assert counts["planned"] > total * 0.4, (counts, reasons.most_common())
    assert counts["refused"] > 0, counts
    assert planned_types == set(MODELS) | set(ROOT_VALUES), (
        set(MODELS) | set(ROOT_VALUES)
    ) - planned_types
    assert computed_fields == EVERY_COMPUTED, EVERY_COMPUTED - computed_fields
    print("event subjects compared:", any_nodes[0])
    assert any_nodes[0] >= 5, "few event subjects were compared"


@pytest.mark.parametrize("root", sorted(ROOTS))
async def test_every_declared_field_under_each_root_at_once(
    app: Starlette, engine: AsyncEngine, seeded: None, root: str
) -> None:
    """Each root connection with every field of its type, and of the types one step away."""

    schema = app.state.schema._schema

    def every_field(type_: Any) -> str:
        return " ".join(
            ["__typename"]
            + [
                n
                if is_leaf_type(get_named_type(f.type))
                else f"{n} {{ {every_field(get_named_type(f.type))} }}"
                for n, f in type_.fields.items()
            ]
        )

    def leaf(name: str, field: Any) -> str:
        """The leaf field, with a value for each argument it requires (kindOn's date)."""
        required = [
            f"{n}: {REQUIRED_VALUES[str(get_named_type(a.type))]}"
            for n, a in field.args.items()
            if isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined
        ]
        return f"{name}({', '.join(required)})" if required else name

    def every_type() -> list[str]:
        """Fragments on each declared type with its leaf fields, in groups where no field name
        has two types (GraphQL forbids that in one selection; each group is its own alias)."""
        groups: list[dict[str, dict[str, str]]] = []
        for t in MODELS:
            found = {
                leaf(n, f): str(f.type)
                for n, f in schema.get_type(t).fields.items()
                if n in MODELS[t].fields and is_leaf_type(get_named_type(f.type))
            }
            for group in groups:
                kinds = {n: k for other in group.values() for n, k in other.items()}
                if all(kinds.get(n, k) == k for n, k in found.items()):
                    group[t] = found
                    break
            else:
                groups.append({t: found})
        return [
            " ".join(f"... on {t} {{ {' '.join(found)} }}" for t, found in group.items())
            for group in groups
        ]

    def fields(type_name: str, level: int) -> str:
        out = ["__typename"]
        for name, field in schema.get_type(type_name).fields.items():
            target = get_named_type(field.type)
            node = node_of_connection(field)
            if name not in MODELS[type_name].fields:
                continue
            if is_leaf_type(target):
                out.append(leaf(name, field))
            elif isinstance(MODELS[type_name].fields[name], AnyNode):  # every type's leaves
                for i, group in enumerate(every_type()):
                    alias = f"g{i}_{name}: " if i else ""
                    out.append(f"{alias}{name} {{ __typename ... on Node {{ id }} {group} }}")
            elif (
                isinstance(MODELS[type_name].fields[name], Computed) and target.name not in MODELS
            ):  # a computed object: all its fields
                out.append(f"{name} {{ {every_field(target)} }}")
            elif level >= 1:
                continue
            elif node is not None:
                for i, page in enumerate(["first: 100", "last: 3"]):
                    out.append(
                        f"c{i}_{name}: {name}({page}) {{ totalCount"
                        f" pageInfo {{ {' '.join(PAGE_INFO)} }}"
                        f" edges {{ cursor node {{ {fields(node, level + 1)} }} }} }}"
                    )
            else:
                out.append(f"{name} {{ {fields(target.name, level + 1)} }}")
        return " ".join(out)

    type_name = ROOTS[root].type_name
    query = (
        f"{{ {root}(first: 100) {{ totalCount pageInfo {{ {' '.join(PAGE_INFO)} }}"
        f" edges {{ cursor node {{ {fields(type_name, 0)} }} }} }} }}"
    )
    result, compiled = await _both(app, engine, query)
    assert not result.errors, result.errors
    assert compiled == {"data": json.loads(json.dumps(result.data))}
    assert result.data[root]["edges"], "no rows: seed them in tests/graphql/read_data.py"


async def test_every_field_of_the_plan_at_once(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    actor = " ".join(["__typename", *columns_of("Actor")])
    commitment = " ".join(["__typename", *columns_of("Commitment")])
    deliverable = " ".join(["__typename", *columns_of("Deliverable")])
    info = " ".join(PAGE_INFO)
    query = (
        f"{{ __typename actors(first: 30) {{ __typename totalCount pageInfo {{ {info} }}"
        f" edges {{ __typename cursor node {{ {actor} commitments(last: 3) {{ totalCount"
        f" pageInfo {{ {info} }} edges {{ cursor node {{ {commitment}"
        f" actor {{ name }} deliverables {{ totalCount edges {{ cursor node {{ {deliverable}"
        " } } } } } } } } } }"
    )
    result, compiled = await _both(app, engine, query)
    assert not result.errors
    assert compiled == {"data": json.loads(json.dumps(result.data))}
    edges = compiled["data"]["actors"]["edges"]
    assert len(edges) == 25
    assert edges[0]["node"]["name"] == "100% _under/score"


@pytest.mark.parametrize("name", sorted(LOOKUPS))
async def test_root_lookups_are_compiled_for_any_spelling_and_null_when_nothing_matches(
    app: Starlette, engine: AsyncEngine, seeded: None, name: str
) -> None:
    """`document(symbol:)` and `session(number:)`: one statement, as the resolvers answer."""
    lookup = LOOKUPS[name]
    stored = rows_of(lookup.type_name)[0][lookup.column]
    values = (
        [stored, stored.lower(), f"  {stored} ", "A/NO/SUCH/1", "not a symbol"]
        if isinstance(stored, str)
        else [stored, 0, -1, MISSING]
    )
    found = 0
    for value in values:
        query = f"{{ {name}({lookup.argument}: {json.dumps(value)}) {{ __typename id }} }}"
        result, compiled = await _both(app, engine, query, role=Role.VIEWER)
        assert not result.errors, result.errors
        assert compiled == {"data": json.loads(json.dumps(result.data))}, (query, compiled)
        found += compiled["data"][name] is not None
    assert found >= (3 if isinstance(stored, str) else 1)


def _localized_roots() -> list[tuple[str, str]]:
    """(root connection, its type) for every type with a localized name or title."""
    return [
        (n, r.type_name) for n, r in sorted(ROOTS.items()) if names_computed.localized(r.type_name)
    ]


@pytest.mark.parametrize(("root", "type_name"), _localized_roots())
async def test_names_in_every_language_are_compiled_and_answer_as_the_resolvers_do(
    app: Starlette, engine: AsyncEngine, seeded: None, root: str, type_name: str
) -> None:
    """Each name or title, its `localized` form and its list, with and without arguments,
    for a request in each of the six languages: planned, and the resolvers' answer."""
    form = "text shortName language fallback validFrom validUntil sourceUrl confidence derived"
    fields = ["id"]
    for name, read in names_computed.localized(type_name).items():
        if name in MODELS[type_name].fields:  # the field itself
            fields += [
                name,
                f"{name}_fr: {name}(language: FR)",
                f'{name}_old: {name}(on: "2010-07-30")',
            ]
            fields.append(f'{name}_ru: {name}(language: RU, on: "2026-01-01")')
        elif "on" in read.arguments:  # localized<Field>
            fields += [f"{name} {{ {form} }}", f"{name}_zh: {name}(language: ZH) {{ {form} }}"]
            fields.append(f'{name}_old: {name}(on: "2009-12-31") {{ {form} __typename }}')
        else:  # <field>s
            fields += [f"{name} {{ {form} }}", f"{name}_es: {name}(language: ES) {{ text }}"]
    query = f"{{ {root}(first: 100) {{ edges {{ node {{ {' '.join(fields)} }} }} }} }}"
    for language in LanguageCode:
        result, compiled = await _both(app, engine, query, language=language)
        assert not result.errors, result.errors
        assert compiled is not None, (query, language)
        assert compiled == {"data": json.loads(json.dumps(result.data))}, (
            language,
            first_difference(compiled, {"data": json.loads(json.dumps(result.data))}),
        )
    # The record is read: some subject has recorded forms, and one answers in another language.
    edges = compiled["data"][root]["edges"]
    listed = [n for n in names_computed.localized(type_name) if n.endswith("s")]
    assert any(edge["node"][listed[0]] for edge in edges), "seed localized_names (read_data.py)"
    assert any(
        edge["node"][key] != edge["node"][key.rsplit("_", 1)[0]]
        for edge in edges
        for key in edge["node"]
        if key.rsplit("_", 1)[-1] in ("fr", "ru", "old") and isinstance(edge["node"][key], str)
    ), "no name differs from the stored one: seed localized_names (read_data.py)"


WORKFLOWS = """
    query($type: ID!, $diagram: Boolean!) {
      workflows { ...definition }
      again: workflows { name version states @include(if: $diagram) { name } }
      actors(first: 3) { totalCount edges { node { id name __typename } } }
      node(id: $type) { id }
    }
    fragment definition on WorkflowDefinition {
      name subjectType milestones description mermaid transitions { __typename }
    }
"""


@pytest.mark.parametrize("diagram", [True, False])
async def test_static_fields_beside_reads_are_compiled_as_the_resolvers_answer_them(
    app: Starlette, engine: AsyncEngine, seeded: None, diagram: bool
) -> None:
    """`workflows` (fixed while the process runs) read together with connections: one
    statement, its answer computed once when planned, with the document's fragments,
    aliases, directives and variables."""
    variables = {"type": encode("Actor", 1), "diagram": diagram}
    result, compiled = await _both(app, engine, WORKFLOWS, variables, Role.VIEWER)
    assert not result.errors, result.errors
    assert compiled == {"data": json.loads(json.dumps(result.data))}, first_difference(
        compiled, {"data": json.loads(json.dumps(result.data))}
    )
    assert len(compiled["data"]["workflows"]) >= 4
    assert ("states" in compiled["data"]["again"][0]) is diagram


@pytest.mark.parametrize(
    "query",
    [
        "{ viewer { name } }",  # the principal's own
        "{ workflows { name } viewer { role } }",
        '{ node(id: "bm90IGFuIGlk") { id } }',  # the resolvers' error
        "query($n: Int) { actors(first: $n) { totalCount } }",
    ],
)
async def test_what_cannot_be_compiled_goes_to_the_resolvers(
    app: Starlette, engine: AsyncEngine, query: str
) -> None:
    schema = app.state.schema._schema
    compiled = CompiledReads(schema, engine.dialect.name, static=static_fields(schema))
    compiled.admit(query, None)
    variables = {"n": 500} if "$n" in query else None
    assert compiled.prepare(query, None, variables) is None


async def test_unadmitted_documents_are_never_compiled(app: Starlette, engine: AsyncEngine) -> None:
    compiled = CompiledReads(app.state.schema._schema, engine.dialect.name)
    assert compiled.prepare("{ actors { totalCount } }", None, None) is None
    compiled.admit("{ actors { totalCount } }", None)
    assert compiled.prepare("{ actors { totalCount } }", None, None) is not None
    compiled.admit("mutation { __typename }", None)
    assert compiled.prepare("mutation { __typename }", None, None) is None


NESTED = """
query($n: Int, $kinds: [ActorKind!]) {
  actors(first: $n, kinds: $kinds) {
    edges { node { name commitments(first: 20) { edges { node { title state dueOn
      deliverables { edges { node { title status } } } } } } } }
  }
}
"""


async def test_over_http_the_second_request_is_one_statement_and_never_stale(
    gql: GraphQLClient, engine: AsyncEngine, seeded: None, app: Starlette
) -> None:
    statements: list[str] = []

    def count(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        statements.append(statement)

    variables = {"n": 50, "kinds": KINDS}
    first = await gql.data(NESTED, variables)  # the resolvers: admits the document
    app.state.endpoint.cache.entries.clear()  # so that the second is not a cache hit
    executed = app.state.endpoint.compiled.executed
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        second = await gql.data(NESTED, variables)
        # No resolver ran (their statements select actors.id ...): one statement built the JSON
        # (on PostgreSQL it goes to asyncpg directly, unseen by SQLAlchemy's events).
        assert not [s for s in statements if "actors.id" in s or "commitments.id" in s]
        assert app.state.endpoint.compiled.executed == executed + 1
        json_statements = [s for s in statements if "json" in s.lower()]
        assert len(json_statements) == (1 if engine.dialect.name == "sqlite" else 0), statements
        plans = app.state.endpoint.compiled.prepared
        assert [k for k in plans if k[0] == NESTED and plans.get(k) is not None]
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert second == first
    # A write, then a read: the compiled answer reflects it at once.
    listed = await gql.data("{ actors(first: 1) { edges { node { id } } } }")
    actor = listed["actors"]["edges"][0]["node"]["id"]
    created = await gql.data(
        """mutation($input: CreateCommitmentInput!) {
             createCommitment(input: $input) { commitment { id } userErrors { code } } }""",
        {"input": {"actorId": actor, "determinants": ["PROTECTION"], "title": "A new one"}},
    )
    assert created["createCommitment"]["userErrors"] == []
    third = await gql.data(NESTED, variables)
    titles = [
        c["node"]["title"]
        for a in third["actors"]["edges"]
        for c in a["node"]["commitments"]["edges"]
    ]
    assert "A new one" in titles
    # Bad arguments on an admitted document still get the resolvers' errors.
    refused = await gql.post(NESTED, {"n": 101, "kinds": KINDS})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_over_http_static_fields_beside_reads_are_compiled(
    gql: GraphQLClient, seeded: None, app: Starlette
) -> None:
    """The server plans `workflows` beside a connection (the same answer, one statement)."""
    query = "{ flows: workflows { name } actors(first: 2) { totalCount } __typename }"
    first = await gql.data(query)  # the resolvers: admits the document
    app.state.endpoint.cache.entries.clear()  # so that the second is not a cache hit
    executed = app.state.endpoint.compiled.executed
    second = await gql.data(query)
    assert app.state.endpoint.compiled.executed == executed + 1
    assert second == first
    assert {"name": "commitment"} in first["flows"]


async def test_over_http_a_request_in_another_language_is_compiled_too(
    client: Any, admin_secret: str, seeded: None, app: Starlette
) -> None:
    """Accept-Language picks the names' language on the compiled path as on the resolvers'
    (and the answers of two languages are kept apart)."""
    query = (
        "{ actors(first: 30) { edges { node { id name shortName"
        " localizedName { text language fallback derived } names { text language } } } } }"
    )

    async def ask(accept_language: str) -> dict[str, Any]:
        answer = await client.post(
            "/graphql",
            json={"query": query},
            headers={"authorization": f"Bearer {admin_secret}", "accept-language": accept_language},
        )
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert "errors" not in body, body
        return body["data"]

    endpoint = app.state.endpoint
    french = await ask("fr-CH, fr;q=0.9, en;q=0.5")  # the resolvers: admits the document
    endpoint.cache.entries.clear()
    executed = endpoint.compiled.executed
    assert await ask("fr-CH, fr;q=0.9, en;q=0.5") == french
    assert endpoint.compiled.executed == executed + 1  # one statement, names batched after it
    endpoint.cache.entries.clear()
    english = await ask("en")
    assert endpoint.compiled.executed == executed + 2
    assert english != french
    forms = [e["node"]["localizedName"] for e in french["actors"]["edges"]]
    assert {f["language"] for f in forms} >= {"FR", "EN"}  # recorded or derived, and fallbacks
    assert all(f["fallback"] is (f["language"] != "FR") for f in forms)


async def test_a_revoked_token_is_refused_at_once_on_the_compiled_path(
    gql: GraphQLClient, engine: AsyncEngine, seeded: None, app: Starlette
) -> None:
    secret = await make_token(engine, Role.VIEWER, name="compiled reader")
    viewer = gql.as_(secret)
    cache = app.state.endpoint.cache
    query = "{ actors(first: 3) { edges { node { name } } } }"
    first = await viewer.data(query)  # the resolvers: admits the document, remembers the token
    cache.entries.clear()
    assert await viewer.data(query) == first  # compiled, the token known for this data version

    listed = await gql.data("{ apiTokens { edges { node { id name } } } }")
    [token_id] = [
        e["node"]["id"]
        for e in listed["apiTokens"]["edges"]
        if e["node"]["name"] == "compiled reader"
    ]
    await gql.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": token_id},
    )
    cache.entries.clear()
    refused = await viewer.post(query)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_compiled_statement_that_fails_hands_the_request_to_the_resolvers(
    gql: GraphQLClient, seeded: None, app: Starlette
) -> None:
    endpoint = app.state.endpoint
    query = "{ actors(first: 2) { edges { node { name } } } }"
    expected = await gql.data(query)  # the resolvers: admits the document
    await gql.data(query)  # compiled (the response cache may answer it too)
    [key] = [k for k in endpoint.compiled.prepared if k[0] == query]
    endpoint.compiled.prepared.put(key, Prepared("SELECT no_such_column FROM actors", ()))
    endpoint.cache.entries.clear()

    assert await gql.data(query) == expected  # answered by the resolvers, no 500
    assert key in endpoint.compiled.prepared
    assert endpoint.compiled.prepared.get(key) is None  # and never compiled again


async def test_a_lost_connection_is_no_reason_to_stop_compiling_a_document(
    gql: GraphQLClient, seeded: None, app: Starlette, engine: AsyncEngine
) -> None:
    """The database restarting, or a connection dropped, fails a compiled statement: the
    resolvers answer that request, and the document is compiled again next time (only a
    statement that is itself wrong is given up on)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the compiled statements' own connections are PostgreSQL's")
    endpoint = app.state.endpoint
    query = "{ actors(first: 3) { edges { node { id name } } } }"  # not used elsewhere
    expected = await gql.data(query)  # the resolvers: admits the document
    await gql.data(query)  # compiled, on one of the statements' connections
    statements = endpoint.heads.statements
    executed, runs = endpoint.compiled.executed, statements.runs
    assert runs > 0
    # The connection the next statement takes (the last one returned) is terminated by the
    # server, as a restart or a proxy would.
    await terminate_session(engine, statements.idle[-1].get_server_pid())
    endpoint.cache.entries.clear()

    assert await gql.data(query) == expected  # the resolvers answer it; no 500
    [key] = [k for k in endpoint.compiled.prepared if k[0] == query]
    assert endpoint.compiled.prepared.get(key) is not None  # still planned
    endpoint.cache.entries.clear()
    assert await gql.data(query) == expected
    assert endpoint.compiled.executed == executed + 2  # tried, failed; tried again
    assert statements.runs == runs + 1  # and this time it ran


def test_what_says_nothing_of_a_statement_is_told_from_what_does() -> None:
    assert transient(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert transient(asyncpg.exceptions.QueryCanceledError("statement timeout"))
    assert transient(asyncpg.exceptions.ConnectionDoesNotExistError("closed"))
    assert transient(asyncpg.InterfaceError("connection is closed"))
    assert transient(ConnectionResetError())
    assert transient(sqlite3.OperationalError("database is locked"))
    wrapped = OperationalError("SELECT 1", (), asyncpg.exceptions.AdminShutdownError("x"))
    assert transient(wrapped)
    assert not transient(asyncpg.exceptions.UndefinedColumnError("no such column"))
    assert not transient(asyncpg.exceptions.DataError("invalid input"))
    assert not transient(sqlite3.OperationalError("no such column: x"))
    assert not transient(ValueError("a bug"))


DATES = "{ commitments { edges { node { startsOn dueOn } } } }"
CREATE_COMMITMENT = """mutation($input: CreateCommitmentInput!) {
  createCommitment(input: $input) { commitment { startsOn dueOn } userErrors { code } } }"""


async def test_dates_at_the_ends_of_the_range_read_the_same_on_both_paths(
    gql: GraphQLClient, app: Starlette
) -> None:
    listed = await gql.data(
        'mutation { createActor(input: {name: "A", kind: NGO}) { actor { id } } }'
    )
    actor = listed["createActor"]["actor"]["id"]
    base = {"actorId": actor, "determinants": ["PROTECTION"], "title": "Long"}
    for starts, due in [("0001-01-01", "2030-01-01"), ("2030-01-01", "9999-12-31")]:
        refused = await gql.post(
            CREATE_COMMITMENT, {"input": {**base, "startsOn": starts, "dueOn": due}}
        )
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", refused
        assert "out of range" in refused["errors"][0]["message"]
    ends = {"startsOn": EARLIEST_DATE.isoformat(), "dueOn": LATEST_DATE.isoformat()}
    created = await gql.data(CREATE_COMMITMENT, {"input": {**base, **ends}})
    assert created["createCommitment"] == {"commitment": ends, "userErrors": []}

    by_resolvers = await gql.data(DATES)  # admits the document
    app.state.endpoint.cache.entries.clear()  # so that the second is not a cache hit
    by_statement = await gql.data(DATES)

    plans = app.state.endpoint.compiled.prepared
    assert [k for k in plans if k[0] == DATES and plans.get(k) is not None]
    assert by_resolvers == by_statement == {"commitments": {"edges": [{"node": ends}]}}


@pytest.mark.parametrize("moment", [SHARED_INSTANTS[0], EARLIEST_INSTANT, LATEST_INSTANT])
async def test_a_timestamp_compared_by_the_statement_equals_the_stored_one(
    engine: AsyncEngine, seeded: None, moment: dt.datetime
) -> None:
    """Keyset bounds and filters compare timestamps as stored: on SQLite, text of the same
    form (a timestamp with zero microseconds too)."""
    renderer = Renderer(engine.dialect.name)  # type: ignore[arg-type]
    value = renderer.typed(MODELS["Meeting"], "starts_at", moment)
    statement = f"SELECT CAST(count(*) AS TEXT) FROM meetings t WHERE t.starts_at = {value}"
    found = await run(engine, statement, tuple(renderer.params))
    assert int(found) == len([m for m in ROWS["meetings"] if m["starts_at"] == moment]) > 0


TIMESTAMPS = "{ actors { edges { node { name createdAt updatedAt } } } }"


async def test_timestamps_stored_as_infinity_read_the_same_on_both_paths(
    gql: GraphQLClient, engine: AsyncEngine, app: Starlette
) -> None:
    """A timestamp column holding PostgreSQL's infinity/-infinity (written outside the API):
    asyncpg reads them as Python's last/first datetime, so the resolvers answer those; the
    statement used to answer null (a null in a non-null field)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("infinity timestamps exist on PostgreSQL only")
    await gql.data('mutation { createActor(input: {name: "Inf", kind: NGO}) { actor { id } } }')
    async with engine.begin() as connection:
        await connection.exec_driver_sql(
            "UPDATE actors SET created_at = 'infinity', updated_at = '-infinity'"
        )
    by_resolvers = await gql.data(TIMESTAMPS)  # admits the document
    app.state.endpoint.cache.entries.clear()  # so that the second is not a cache hit
    executed = app.state.endpoint.compiled.executed
    by_statement = await gql.data(TIMESTAMPS)
    assert app.state.endpoint.compiled.executed == executed + 1
    node = {
        "name": "Inf",
        "createdAt": dt.datetime.max.replace(tzinfo=dt.UTC).isoformat(),
        "updatedAt": dt.datetime.min.replace(tzinfo=dt.UTC).isoformat(),
    }
    assert by_resolvers == by_statement == {"actors": {"edges": [{"node": node}]}}


async def test_reads_too_deep_for_sqlites_parser_are_left_to_the_resolvers(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    """SQLite cannot parse the nested subqueries of reads four rows deep; PostgreSQL can."""
    deep = (
        "{ actors { edges { node { commitments { edges { node {"
        " history { edges { node { event { id } } } } } } } } } } }"
    )
    shallow = "{ actors { edges { node { commitments { edges { node { actor { name } } } } } } } }"
    compiled = CompiledReads(app.state.schema._schema, engine.dialect.name)
    for query in (deep, shallow):
        compiled.admit(query, None)
    assert compiled.prepare(shallow, None, None) is not None
    planned = compiled.prepare(deep, None, None)
    assert (planned is None) == (engine.dialect.name == "sqlite")
    if planned is not None:
        result, answer = await _both(app, engine, deep)
        assert answer == {"data": json.loads(json.dumps(result.data))}


SUBJECTS = """
{ events(first: 100) { edges { node { type subjectType subject { __typename ... on Node { id }
  ... on Sponsorship { joinedOn } ... on PlanStep { key status targetType }
  ... on Actor { name commitments(first: 1) { totalCount } } } } } } }
"""


async def test_event_subjects_are_compiled_gone_ones_null(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    """Each subject read from its type's table; null where its row is gone."""
    async with engine.begin() as connection:
        await connection.exec_driver_sql("DELETE FROM sponsorships WHERE id = 1")
    result, compiled = await _both(app, engine, SUBJECTS)
    assert not result.errors, result.errors
    assert compiled == {"data": json.loads(json.dumps(result.data))}
    nodes = [e["node"] for e in compiled["data"]["events"]["edges"]]
    by_type = {n["subjectType"]: n["subject"] for n in nodes}
    assert by_type["Sponsorship"] is None
    assert by_type["PlanStep"]["__typename"] == "PlanStep"
    assert by_type["PlanStep"]["status"] == "ACHIEVED"
    assert set(by_type["Actor"]) == {"__typename", "id", "name", "commitments"}
    assert set(by_type["Meeting"]) == {"__typename", "id"}


def test_the_nodes_the_resolvers_know_are_the_declared_types() -> None:
    """A subject of another type is null on both paths (the statement has no branch for it,
    gp_api.graphql.nodes no entry)."""
    assert set(nodes.registry()) == set(MODELS)


async def test_a_statement_text_seen_before_is_completed_from_memory_per_role(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    """Event data is shaped in Python for the reader's role; the body completed from a
    statement's text is kept per text and role, so a reader of another role never gets it."""
    query = "{ events(first: 50) { edges { node { id type data } } } }"
    schema = app.state.schema
    compiled = CompiledReads(schema._schema, engine.dialect.name)
    compiled.admit(query, None)
    sessions = session_factory(engine)
    bodies: dict[Role | None, bytes] = {}
    for role in (None, Role.VIEWER, Role.ADMIN):
        principal = (
            ANONYMOUS if role is None else replace(ANONYMOUS, id=f"reader:{role.value}", role=role)
        )
        prepared = compiled.prepare(query, None, None, role)
        assert prepared is not None
        assert prepared.shapes
        first = await compiled.execute(engine, prepared, principal, sessions)
        again = await compiled.execute(engine, prepared, principal, sessions)
        assert again is first  # the same body, kept
        bodies[role] = first
        result, _ = await _both(app, engine, query, role=role)
        assert json.loads(first) == {"data": json.loads(json.dumps(result.data))}
    assert sorted(str(role) for _, role, _ in compiled.completed) == sorted(
        str(role) for role in bodies
    )


async def test_a_list_of_text_is_one_parameter_on_postgresql(
    app: Starlette, engine: AsyncEngine, seeded: None
) -> None:
    """The event types a reader may see (dozens) are bound as one array on PostgreSQL, not
    one parameter each, and the answer is the resolvers' for every role."""
    query = "{ events(first: 50) { edges { node { id type subjectId } } } }"
    compiled = CompiledReads(app.state.schema._schema, engine.dialect.name)
    compiled.admit(query, None)
    for role in (None, Role.VIEWER, Role.ADMIN):
        prepared = compiled.prepare(query, None, None, role)
        assert prepared is not None
        texts = [p for p in prepared.params if isinstance(p, str)]
        if engine.dialect.name == "postgresql":
            assert texts == [], prepared.params
            assert sum(isinstance(p, list) for p in prepared.params) == (role is not Role.ADMIN)
        body = await compiled.execute(engine, prepared)
        result, _ = await _both(app, engine, query, role=role)
        assert json.loads(body) == {"data": json.loads(json.dumps(result.data))}


async def test_a_static_field_is_planned_only_when_its_resolver_answers_at_once() -> None:
    async def later(*_: Any) -> str:
        return "later"

    query = GraphQLObjectType(
        "Query",
        {
            "now": GraphQLField(GraphQLString, resolve=lambda *_: "now"),
            "later": GraphQLField(GraphQLString, resolve=later),
        },
    )
    schema = GraphQLSchema(query)
    static = frozenset({"now", "later"})

    def plan(text: str) -> Any:
        document = parse(text)
        operation = document.definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        return Planner(schema, document, operation, static=static).plan(None)

    assert plan("{ at: now }").fields == (("at", Fixed('"now"')),)
    with warnings.catch_warnings():
        # Run at once, graphql-core takes a resolver's coroutine for its value (an error,
        # so not planned) and drops it unawaited; it is collected here.
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            plan("{ now later }")
            refused = False
        except NotPlanned:
            refused = True  # the exception, its frames and the coroutine are let go here
        for _ in range(3):
            await asyncio.sleep(0)
        gc.collect()
    assert refused
