"""The fast read path: read-only operations answered by one SQL statement (gp_api.fastpath.sql).

An operation is planned only when every field it selects is declared in a read model
(gp_api.readmodel): the root connections and lookups, `node`/`nodes` of declared types, and
every field the domains declare as a column, a parent row, a connection of children, a linked
list or a node of any declared type (an event's subject: one branch per type), and the
localized names (gp_api.names.computed). Anything else (a field only the resolvers answer,
permission-guarded types, an argument the resolvers would refuse) is not planned and goes to
the resolvers, which stay the reference: the differential tests hold both to the same answers.
A `Computed` field (availableTransitions, a resolution's adoption, a plan step's status, an
actor's kinds, a name in another language, planSteps, partnership) is rendered as a marker
with the row's key; after the statement each such field is computed by one batch call per
field and arguments for all its rows, for the request's principal and language, and the
document's selection is taken from it (gp_api.fastpath.sql.compute). Plans are kept per
document, variables, role and language.

A document is planned only after the resolvers have answered it once without errors, so it has
passed the schema's validation and every limit (depth, tokens, aliases) on the reference path.
Those are properties of the document alone; argument values are checked here on each request.
The statement reads public data (no field has a permission rule), the same for every principal
of a role allowed to read at all, which the HTTP layer checks before; what depends on the
principal itself (availableTransitions' permission) is computed for it after the statement.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute_sync,
    get_named_type,
    get_operation_ast,
    is_leaf_type,
)
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
    get_variable_values,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from gp_api import readmodel
from gp_api.db import session_factory, transient
from gp_api.errors import DomainError
from gp_api.fastpath import sql
from gp_api.fastpath.documents import parse_document
from gp_api.fastpath.lru import LRU
from gp_api.fastpath.sql import (
    ById,
    Conn,
    Const,
    Edges,
    Fixed,
    ListOf,
    ListThrough,
    Obj,
    OneOf,
    PageInfo,
    Projection,
    Root,
    RootField,
    ToOne,
    Value,
)
from gp_api.global_ids import decode
from gp_api.names import computed as names_computed
from gp_api.names.models import LanguageCode
from gp_api.pagination import PageArgs, decode_cursor
from gp_api.principal import ANONYMOUS, Principal, Role
from gp_api.readmodel import (
    AnyNode,
    Children,
    Column,
    Computed,
    Flags,
    Parent,
    ReadModel,
    Rows,
    Shaped,
    Through,
)

log = logging.getLogger("gp_api.fastpath")


class NotPlanned(Exception):
    """The operation is answered by the resolvers."""


readmodel.load_all()
# SQLite's parser gives up ("parser stack overflow") on the nested JSON subqueries of reads more
# than three rows deep (bodies > members > actor > commitments); the resolvers answer those.
SQLITE_MAX_DEPTH = 3
PAGE_ARGUMENTS = frozenset({"first", "after", "last", "before"})
MAX_NODES = 100

Fields = OrderedDict[str, list[FieldNode]]


@dataclass(frozen=True)
class Prepared:
    sql: str
    params: tuple[Any, ...]
    shapes: tuple[Shaped, ...] = ()  # values computed in Python after the statement
    role: Role | None = None  # whose view (of the rows and values that depend on it)
    # Values computed by the services' batches after the statement, for the request's
    # principal (whose role is `role`).
    values: tuple[Value, ...] = ()


class Planner:
    """Turns one operation with its variables into a plan of gp_api.fastpath.sql (or NotPlanned)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        role: Role | None = None,
        language: LanguageCode = LanguageCode.EN,
        static: frozenset[str] = frozenset(),
    ) -> None:
        self.schema = schema
        self.document = document
        self.operation = operation
        self.static = static  # root fields whose answer is fixed (gp_api.graphql.static)
        self.inputs: dict[str, Any] = {}
        self.language = language  # the request's (Accept-Language): names' default
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = VariableValues({}, {})
        self.role = role

    def plan(self, inputs: dict[str, Any] | None) -> Root:
        coerced = get_variable_values(
            self.schema, self.operation.variable_definitions or (), inputs or {}
        )
        if isinstance(coerced, list):
            raise NotPlanned("variables do not coerce")
        self.variables = coerced
        self.inputs = inputs or {}
        query = self.schema.query_type
        assert query is not None
        fields: list[tuple[str, RootField]] = []
        for key, nodes in self.collect(query, [self.operation.selection_set]).items():
            name = nodes[0].name.value
            root = readmodel.ROOTS.get(name)
            if name == "__typename":
                fields.append((key, Const(query.name)))
            elif root is not None:
                model = readmodel.MODELS[root.type_name]
                fields.append((key, self.connection(query, nodes, model, None, root.filters)))
            elif name in readmodel.ROOT_VALUES:
                fields.append((key, self.value(query, nodes, readmodel.ROOT_VALUES[name])))
            elif name in readmodel.LOOKUPS:
                lookup = readmodel.LOOKUPS[name]
                args, type_ = self._field(query, nodes)
                obj = self.obj(readmodel.MODELS[lookup.type_name], type_, self._sub(type_, nodes))
                value = lookup.key(args[lookup.argument])
                fields.append((key, ById(value, obj, lookup.column, lookup.sql_type)))
            elif name == "node":
                args, _ = self._field(query, nodes)
                fields.append((key, self.by_id(args["id"], nodes)))
            elif name == "nodes":
                args, _ = self._field(query, nodes)
                if len(args["ids"]) > MAX_NODES:
                    raise NotPlanned("too many ids")
                fields.append((key, ListOf(tuple(self.by_id(i, nodes) for i in args["ids"]))))
            elif name in self.static:
                fields.append((key, self.fixed(key, nodes)))
            else:
                raise NotPlanned(name)
        return Root(tuple(fields))

    def fixed(self, key: str, nodes: list[FieldNode]) -> Fixed:
        """A static root field's answer to this selection (its arguments, aliases, fragments
        and directives as the document gives them), computed once, by its own resolver, when
        the plan is made: the same for every reader while the process runs."""
        alone = DocumentNode(
            definitions=(
                OperationDefinitionNode(
                    operation=OperationType.QUERY,
                    variable_definitions=self.operation.variable_definitions,
                    directives=(),
                    selection_set=SelectionSetNode(selections=tuple(nodes)),
                ),
                *self.fragments.values(),
            )
        )
        result = execute_sync(self.schema, alone, variable_values=self.inputs)
        if result.errors or result.data is None:
            raise NotPlanned(f"static field {key}")
        return Fixed(json.dumps(result.data[key], separators=(",", ":")))

    def by_id(self, global_id: str, nodes: list[FieldNode]) -> ById:
        """A node by global ID: only of a declared type (the resolvers refuse unknown types,
        and answer the others, whose readers may differ, themselves)."""
        try:
            type_name, pk = decode(global_id)
        except DomainError:
            raise NotPlanned("node id") from None
        model = readmodel.MODELS.get(type_name)
        type_ = self.schema.get_type(type_name)
        if model is None or not isinstance(type_, GraphQLObjectType):
            raise NotPlanned(f"node of type {type_name}")
        return ById(pk, self.obj(model, type_, self._sub(type_, nodes)))

    # Field collection, as GraphQL execution does it ------------------------------------------

    def _included(self, node: Any) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip is not None and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include is not None and include.get("if") is False)

    def _applies(self, condition: Any, type_: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        name = condition.name.value
        return name == type_.name or any(i.name == name for i in type_.interfaces)

    def collect(
        self,
        type_: GraphQLObjectType,
        selection_sets: list[SelectionSetNode | None],
        fields: Fields | None = None,
    ) -> Fields:
        fields = OrderedDict() if fields is None else fields
        for selection_set in selection_sets:
            if selection_set is None:
                continue
            for selection in selection_set.selections:
                if not self._included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if self._applies(selection.type_condition, type_):
                        self.collect(type_, [selection.selection_set], fields)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is None:
                        raise NotPlanned("unknown fragment")
                    if self._applies(fragment.type_condition, type_):
                        self.collect(type_, [fragment.selection_set], fields)
        return fields

    def _field(self, parent: GraphQLObjectType, nodes: list[FieldNode]) -> tuple[Any, Any]:
        """(arguments, named return type) of the field the nodes select."""
        definition = parent.fields.get(nodes[0].name.value)
        if definition is None:
            raise NotPlanned(nodes[0].name.value)
        try:
            args = get_argument_values(definition, nodes[0], self.variables)
        except GraphQLError:
            raise NotPlanned("arguments") from None
        return args, get_named_type(definition.type)

    def _sub(self, type_: Any, nodes: list[FieldNode]) -> Fields:
        if not isinstance(type_, GraphQLObjectType):
            raise NotPlanned(str(type_))
        return self.collect(type_, [n.selection_set for n in nodes])

    # Objects and connections ----------------------------------------------------------------

    def obj(self, model: ReadModel, type_: GraphQLObjectType, fields: Fields) -> Obj:
        planned: list[tuple[str, Any]] = []
        for key, nodes in fields.items():
            name = nodes[0].name.value
            read = model.fields.get(name)
            if name == "__typename":
                planned.append((key, Const(type_.name)))
            elif name in (localized := names_computed.localized(model.type_name)) and (
                read is None
                or self.language is not LanguageCode.EN
                or any(v is not None for v in self._field(type_, nodes)[0].values())
            ):
                # A name's companions, or a name in another language or on a day: the names'
                # record (gp_api.names.computed).
                planned.append((key, self.value(type_, nodes, localized[name])))
            elif isinstance(read, Column | Flags | Shaped):
                planned.append((key, read))
            elif isinstance(read, Computed):
                planned.append((key, self.value(type_, nodes, read)))
            elif isinstance(read, Parent | Through | Rows):
                target = readmodel.MODELS[read.type_name]
                _, target_type = self._field(type_, nodes)
                sub = self.obj(target, target_type, self._sub(target_type, nodes))
                planned.append(
                    (
                        key,
                        ToOne(read.fk, sub, read.key)
                        if isinstance(read, Parent)
                        else ListThrough(read, sub),
                    )
                )
            elif isinstance(read, AnyNode):
                planned.append((key, self.one_of(read, nodes)))
            elif isinstance(read, Children):
                child = readmodel.MODELS[read.type_name]
                planned.append(
                    (key, self.connection(type_, nodes, child, read.fk, read.filters, read.fixed))
                )
            else:
                raise NotPlanned(f"{type_.name}.{name}")
        return Obj(model, tuple(planned), self.reader(model))

    def one_of(self, read: AnyNode, nodes: list[FieldNode]) -> OneOf:
        """A node of any declared type: for each, what the selection asks of that type (its
        fragments on the type, on Node, and the fields outside fragments)."""
        objs = []
        for model in readmodel.MODELS.values():
            type_ = self.schema.get_type(model.type_name)
            if not isinstance(type_, GraphQLObjectType):
                raise NotPlanned(f"node of type {model.type_name}")
            objs.append(self.obj(model, type_, self._sub(type_, nodes)))
        return OneOf(read.type_column, read.fk, tuple(objs))

    def value(self, parent: GraphQLObjectType, nodes: list[FieldNode], read: Computed) -> Value:
        args, target = self._field(parent, nodes)
        given = {name: value for name, value in args.items() if value is not None}
        if set(given) - set(read.arguments):
            raise NotPlanned("arguments of a computed field")
        if read.requested:
            given["requested"] = self.language
        return Value(read, self.projection(target, nodes), tuple(sorted(given.items())))

    def projection(self, type_: Any, nodes: list[FieldNode]) -> Projection:
        """What the nodes select from a computed value of `type_` (its fields, recursively)."""
        if is_leaf_type(type_):
            return None
        parts: list[tuple[str, tuple[str, Projection] | Const]] = []
        for key, sub in self._sub(type_, nodes).items():
            name = sub[0].name.value
            if name == "__typename":
                parts.append((key, Const(type_.name)))
                continue
            args, target = self._field(type_, sub)
            if args:
                raise NotPlanned("arguments inside a computed value")
            parts.append((key, (name, self.projection(target, sub))))
        return tuple(parts)

    def reader(self, model: ReadModel) -> readmodel.Condition | None:
        return None if model.reader is None else model.reader(self.role)

    def connection(
        self,
        parent: GraphQLObjectType,
        nodes: list[FieldNode],
        model: ReadModel,
        fk: str | None,
        filters: Mapping[str, readmodel.Filter],
        fixed: tuple[readmodel.Condition, ...] = (),
    ) -> Conn:
        args, conn_type = self._field(parent, nodes)
        if set(args) - PAGE_ARGUMENTS - set(filters):
            raise NotPlanned(f"arguments {sorted(set(args) - PAGE_ARGUMENTS - set(filters))}")
        try:
            visible = self.reader(model)
            conditions = (
                tuple(readmodel.conditions(filters, args))
                + fixed
                + (() if visible is None else (visible,))
            )
            page = PageArgs(
                first=args.get("first"),
                after=args.get("after"),
                last=args.get("last"),
                before=args.get("before"),
            ).checked()
            order = list(model.order)
            after = None if page.after is None else tuple(decode_cursor(page.after, order, "after"))
            before = (
                None if page.before is None else tuple(decode_cursor(page.before, order, "before"))
            )
        except DomainError:
            raise NotPlanned("arguments the resolvers refuse") from None
        parts: list[tuple[str, Any]] = []
        for key, sub in self._sub(conn_type, nodes).items():
            name = sub[0].name.value
            if name == "__typename":
                parts.append((key, Const(conn_type.name)))
            elif name == "totalCount":
                parts.append((key, "totalCount"))
            elif name == "edges":
                parts.append((key, self.edges(conn_type, sub, model)))
            elif name == "pageInfo":
                _, info_type = self._field(conn_type, sub)
                info: list[tuple[str, Any]] = []
                for k, n in self._sub(info_type, sub).items():
                    f = n[0].name.value
                    info.append((k, Const(info_type.name) if f == "__typename" else f))
                parts.append((key, PageInfo(tuple(info))))
            else:
                raise NotPlanned(name)
        return Conn(model, fk, conditions, page, after, before, tuple(parts))

    def edges(
        self, conn_type: GraphQLObjectType, nodes: list[FieldNode], model: ReadModel
    ) -> Edges:
        _, edge_type = self._field(conn_type, nodes)
        parts: list[tuple[str, Any]] = []
        for key, sub in self._sub(edge_type, nodes).items():
            name = sub[0].name.value
            if name == "__typename":
                parts.append((key, Const(edge_type.name)))
            elif name == "cursor":
                parts.append((key, "cursor"))
            elif name == "node":
                _, node_type = self._field(edge_type, sub)
                parts.append((key, self.obj(model, node_type, self._sub(node_type, sub))))
            else:
                raise NotPlanned(name)
        return Edges(tuple(parts))


UNKNOWN = Prepared("", ())  # not yet looked at


class CompiledReads:
    """Plans per document and variables (bounded), and runs them."""

    def __init__(
        self,
        schema: GraphQLSchema,
        dialect: str,
        size: int = 1000,
        static: frozenset[str] = frozenset(),
    ) -> None:
        self.schema = schema
        self.dialect = dialect
        self.static = static  # root fields whose answer is fixed (see Planner.fixed)
        self.size = size
        self.admitted: LRU[tuple[str, str | None], bool] = LRU(size)
        self.executed = 0  # statements run (for tests and operators: the path is taken)
        # None: never planned (not plannable, or its statement failed).
        self.prepared: LRU[tuple[str, str | None, str, str, str], Prepared | None] = LRU(size)
        # Bodies completed from statement texts (see `_complete`).
        self.completed: LRU[tuple[str, Role | None, str], bytes] = LRU(COMPLETED)

    def admit(self, query: str, operation_name: str | None) -> None:
        """The resolvers answered this document without errors: it is valid and within limits."""
        self.admitted.put((query, operation_name), True)

    def prepare(
        self,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        role: Role | None = None,
        language: LanguageCode = LanguageCode.EN,
    ) -> Prepared | None:
        """The statement answering this request for a reader of `role` (None: anonymous) who
        asked for answers in `language` (Accept-Language)."""
        if (query, operation_name) not in self.admitted:
            return None
        key = _key(query, operation_name, variables, role, language)
        known = self.prepared.get(key, UNKNOWN)
        if known is not UNKNOWN:
            return known
        prepared = self._prepare(query, operation_name, variables, role, language)
        self.prepared.put(key, prepared)
        return prepared

    def failed(
        self,
        error: Exception,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        role: Role | None = None,
        language: LanguageCode = LanguageCode.EN,
    ) -> None:
        """This request's statement failed with `error`; the resolvers answer it. A failure of
        the database's connection or state (`gp_api.db.transient`: a restart, a lost
        connection, a timeout) says nothing of the statement, which is tried again next time;
        any other means the statement is wrong, and it is never planned again."""
        if transient(error):
            log.warning("compiled read failed (%r); the resolvers answer it this time", error)
            return
        log.error(
            "compiled read failed; the resolvers answer it from now on",
            exc_info=(type(error), error, error.__traceback__),
        )
        self.prepared.put(_key(query, operation_name, variables, role, language), None)

    def _prepare(
        self,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        role: Role | None,
        language: LanguageCode,
    ) -> Prepared | None:
        try:
            document = parse_document(query)
            operation = get_operation_ast(document, operation_name)
            if operation is None or operation.operation is not OperationType.QUERY:
                return None
            planner = Planner(self.schema, document, operation, role, language, self.static)
            plan = planner.plan(variables)
        except (NotPlanned, GraphQLError):
            return None
        if self.dialect == "sqlite" and sql.depth(plan) > SQLITE_MAX_DEPTH:
            return None
        rendered = sql.render(plan, self.dialect)
        return Prepared(rendered.sql, rendered.params, rendered.shapes, role, rendered.values)

    async def execute(
        self,
        engine: AsyncEngine,
        prepared: Prepared,
        principal: Principal = ANONYMOUS,
        sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> bytes:
        """The whole response body: {"data": ...} built by the database (and the shaped and
        computed values, when the plan has any, completed here: each computed field by one
        batch for all its rows, for `principal`, on a session of `sessions`)."""
        self.executed += 1
        data = await sql.run(engine, prepared.sql, prepared.params)
        return await self._complete(engine, prepared, data, principal, sessions)

    async def execute_at_version(
        self,
        engine: AsyncEngine,
        prepared: Prepared,
        principal: Principal = ANONYMOUS,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        fetchrow: Callable[[str, tuple[Any, ...]], Awaitable[Any]] | None = None,
    ) -> tuple[str, bytes]:
        """(the data version, the body) by one statement that reads both (see `execute`;
        `fetchrow`: see `sql.run_at_version`)."""
        self.executed += 1
        version, data = await sql.run_at_version(engine, prepared.sql, prepared.params, fetchrow)
        return version, await self._complete(engine, prepared, data, principal, sessions)

    async def _complete(
        self,
        engine: AsyncEngine,
        prepared: Prepared,
        data: str,
        principal: Principal,
        sessions: async_sessionmaker[AsyncSession] | None,
    ) -> bytes:
        if prepared.shapes and not prepared.values:
            # A pure function of the statement's text for the role: the same text again (the
            # event log's pages do not change) is the same body, kept whole.
            key = (prepared.sql, prepared.role, data)
            body = self.completed.get(key)
            if body is None:
                shaped = sql.reshape(data, prepared.shapes, prepared.role)
                body = b'{"data":' + shaped.encode("utf-8") + b"}"
                if len(data) <= COMPLETED_TEXT:
                    self.completed.put(key, body)
            return body
        if prepared.shapes:
            data = sql.reshape(data, prepared.shapes, prepared.role)
        if prepared.values:
            assert principal.role is prepared.role, "a plan is prepared for the reader's role"
            async with (sessions or session_factory(engine))() as session:
                data = await sql.compute(data, prepared.values, principal, session)
        return b'{"data":' + data.encode("utf-8") + b"}"


COMPLETED = 64  # completed bodies kept, each from a statement text of at most:
COMPLETED_TEXT = 256 * 1024


def _key(
    query: str,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    role: Role | None,
    language: LanguageCode,
) -> tuple[str, str | None, str, str, str]:
    return (
        query,
        operation_name,
        json.dumps(variables or {}, sort_keys=True),
        "" if role is None else role.value,
        language.value,
    )
