"""The fast read path: read-only operations answered by one SQL statement (gp_api.readsql).

An operation is planned only when every field it selects maps plainly onto tables: the
`actors` and `commitments` connections, the fields of Actor, Commitment and Deliverable, their
nested connections and `Commitment.actor`. Anything else (other roots, workflow fields,
permission-guarded fields, an argument the resolvers would refuse) is not planned and goes to
the resolvers, which stay the reference: the differential tests hold both to the same answers.

A document is planned only after the resolvers have answered it once without errors, so it has
passed the schema's validation and every limit (depth, tokens, aliases) on the reference path.
Those are properties of the document alone; argument values are checked here on each request.
Everything here is public data (no field has a permission rule), so the answer is the same for
every principal allowed to read at all, which the HTTP layer checks before.
"""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
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
    get_named_type,
    get_operation_ast,
)
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
    get_variable_values,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import InstrumentedAttribute

from gp_api import readsql
from gp_api.actors import service as actors_service
from gp_api.commitments import service as commitments_service
from gp_api.commitments.models import Deliverable as DeliverableRow
from gp_api.errors import DomainError
from gp_api.global_ids import decode_as
from gp_api.graphql.cache import parse_document
from gp_api.pagination import PageArgs, decode_cursor
from gp_api.readsql import (
    Conn,
    Const,
    Contains,
    DateCompare,
    Edges,
    Entity,
    InInts,
    InText,
    IsTrue,
    Obj,
    PageInfo,
    Root,
    ToOne,
    Value,
)


class NotPlanned(Exception):
    """The operation is answered by the resolvers."""


ACTOR = Entity("Actor", "actors", ("name", "id"))
COMMITMENT = Entity("Commitment", "commitments", ("id",))
DELIVERABLE = Entity("Deliverable", "deliverables", ("id",))
ORDERS: dict[str, list[InstrumentedAttribute[Any]]] = {
    "Actor": list(actors_service.ORDER),
    "Commitment": list(commitments_service.ORDER),
    "Deliverable": [DeliverableRow.id],
}
for _entity in (ACTOR, COMMITMENT, DELIVERABLE):
    assert tuple(c.key for c in ORDERS[_entity.type_name]) == _entity.order, _entity

# GraphQL field -> how to read it, per object type.
SCALARS: dict[str, dict[str, Value]] = {
    "Actor": {
        "id": Value("id"),
        "name": Value("text", "name"),
        "shortName": Value("text", "short_name"),
        "kind": Value("enum", "kind"),
        "isoAlpha2": Value("text", "iso_alpha2"),
        "isoAlpha3": Value("text", "iso_alpha3"),
        "m49": Value("int", "m49"),
        "flowRoles": Value("flow_roles"),
        "flowRolesIllustrative": Value("bool", "flow_roles_illustrative"),
        "website": Value("text", "website"),
        "sourceUrl": Value("text", "source_url"),
        "confidence": Value("enum", "confidence"),
        "createdAt": Value("datetime", "created_at"),
        "updatedAt": Value("datetime", "updated_at"),
    },
    "Commitment": {
        "id": Value("id"),
        "determinant": Value("enum", "determinant"),
        "title": Value("text", "title"),
        "description": Value("text", "description"),
        "startsOn": Value("date", "starts_on"),
        "dueOn": Value("date", "due_on"),
        "state": Value("enum", "state"),
        "version": Value("int", "version"),
        "sourceUrl": Value("text", "source_url"),
        "confidence": Value("enum", "confidence"),
    },
    "Deliverable": {
        "id": Value("id"),
        "title": Value("text", "title"),
        "dueOn": Value("date", "due_on"),
        "status": Value("enum", "status"),
    },
}
FLOW_COLUMNS = {role.value: column.key for role, column in actors_service.FLOW_COLUMNS.items()}

Fields = OrderedDict[str, list[FieldNode]]


@dataclass(frozen=True)
class Prepared:
    sql: str
    params: tuple[Any, ...]


def _names(values: list[Any]) -> tuple[str, ...]:
    """Enum argument values as stored (strawberry hands over its enum members or their names)."""
    return tuple(v.value if isinstance(v, enum.Enum) else str(v) for v in values)


class Planner:
    """Turns one operation with its variables into a readsql plan (or NotPlanned)."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = VariableValues({}, {})

    def plan(self, inputs: dict[str, Any] | None) -> Root:
        coerced = get_variable_values(
            self.schema, self.operation.variable_definitions or (), inputs or {}
        )
        if isinstance(coerced, list):
            raise NotPlanned("variables do not coerce")
        self.variables = coerced
        query = self.schema.query_type
        assert query is not None
        fields: list[tuple[str, Conn | Const]] = []
        for key, nodes in self.collect(query, [self.operation.selection_set]).items():
            name = nodes[0].name.value
            if name == "__typename":
                fields.append((key, Const(query.name)))
            elif name == "actors":
                fields.append((key, self.connection(query, nodes, ACTOR, None)))
            elif name == "commitments":
                fields.append((key, self.connection(query, nodes, COMMITMENT, None)))
            else:
                raise NotPlanned(name)
        return Root(tuple(fields))

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

    def obj(self, entity: Entity, type_: GraphQLObjectType, fields: Fields) -> Obj:
        scalars = SCALARS[entity.type_name]
        planned: list[tuple[str, Any]] = []
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if name == "__typename":
                planned.append((key, Const(type_.name)))
            elif name in scalars:
                planned.append((key, scalars[name]))
            elif (entity, name) == (ACTOR, "commitments"):
                planned.append((key, self.connection(type_, nodes, COMMITMENT, "actor_id")))
            elif (entity, name) == (COMMITMENT, "deliverables"):
                planned.append((key, self.connection(type_, nodes, DELIVERABLE, "commitment_id")))
            elif (entity, name) == (COMMITMENT, "actor"):
                _, actor_type = self._field(type_, nodes)
                planned.append(
                    (
                        key,
                        ToOne(
                            "actor_id", self.obj(ACTOR, actor_type, self._sub(actor_type, nodes))
                        ),
                    )
                )
            else:
                raise NotPlanned(f"{type_.name}.{name}")
        return Obj(entity, tuple(planned))

    def connection(
        self, parent: GraphQLObjectType, nodes: list[FieldNode], entity: Entity, fk: str | None
    ) -> Conn:
        args, conn_type = self._field(parent, nodes)
        conditions = self.conditions(entity, fk, args)
        try:
            page = PageArgs(
                first=args.get("first"),
                after=args.get("after"),
                last=args.get("last"),
                before=args.get("before"),
            ).checked()
            order = ORDERS[entity.type_name]
            after = None if page.after is None else tuple(decode_cursor(page.after, order, "after"))
            before = (
                None if page.before is None else tuple(decode_cursor(page.before, order, "before"))
            )
        except DomainError:
            raise NotPlanned("page arguments") from None
        parts: list[tuple[str, Any]] = []
        for key, sub in self._sub(conn_type, nodes).items():
            name = sub[0].name.value
            if name == "__typename":
                parts.append((key, Const(conn_type.name)))
            elif name == "totalCount":
                parts.append((key, "totalCount"))
            elif name == "edges":
                parts.append((key, self.edges(conn_type, sub, entity)))
            elif name == "pageInfo":
                _, info_type = self._field(conn_type, sub)
                info: list[tuple[str, Any]] = []
                for k, n in self._sub(info_type, sub).items():
                    f = n[0].name.value
                    info.append((k, Const(info_type.name) if f == "__typename" else f))
                parts.append((key, PageInfo(tuple(info))))
            else:
                raise NotPlanned(name)
        return Conn(entity, fk, conditions, page, after, before, tuple(parts))

    def edges(self, conn_type: GraphQLObjectType, nodes: list[FieldNode], entity: Entity) -> Edges:
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
                parts.append((key, self.obj(entity, node_type, self._sub(node_type, sub))))
            else:
                raise NotPlanned(name)
        return Edges(tuple(parts))

    def conditions(self, entity: Entity, fk: str | None, args: dict[str, Any]) -> tuple[Any, ...]:
        """The filters, as the services' filter dataclasses apply them."""
        known = {"first", "after", "last", "before"}
        found: list[Any] = []
        if entity is ACTOR and fk is None:
            known |= {"kinds", "flowRole", "search"}
            if args.get("kinds"):
                found.append(InText("kind", _names(args["kinds"])))
            if args.get("flowRole") is not None:
                found.append(IsTrue(FLOW_COLUMNS[_names([args["flowRole"]])[0]]))
            search = args.get("search")
            if search and search.strip():
                found.append(Contains(("name", "short_name"), search.strip().lower()))
        elif entity is COMMITMENT:
            known |= {"determinants", "states"}
            if fk is None:
                known |= {"actorIds", "dueBefore", "dueAfter"}
                if args.get("actorIds") is not None:
                    try:
                        pks = tuple(decode_as(v, "Actor", "actorIds") for v in args["actorIds"])
                    except DomainError:
                        raise NotPlanned("actorIds") from None
                    found.append(InInts("actor_id", pks))
            if args.get("determinants"):
                found.append(InText("determinant", _names(args["determinants"])))
            if args.get("states"):
                found.append(InText("state", _names(args["states"])))
            if args.get("dueBefore") is not None:
                found.append(DateCompare("due_on", "<", args["dueBefore"]))
            if args.get("dueAfter") is not None:
                found.append(DateCompare("due_on", ">", args["dueAfter"]))
        if set(args) - known:
            raise NotPlanned(f"arguments {sorted(set(args) - known)}")
        return tuple(found)


class CompiledReads:
    """Plans per document and variables (bounded), and runs them."""

    def __init__(self, schema: GraphQLSchema, dialect: str, size: int = 1000) -> None:
        self.schema = schema
        self.dialect = dialect
        self.size = size
        self.admitted: OrderedDict[tuple[str, str | None], None] = OrderedDict()
        self.prepared: OrderedDict[tuple[str, str | None, str], Prepared | None] = OrderedDict()

    def admit(self, query: str, operation_name: str | None) -> None:
        """The resolvers answered this document without errors: it is valid and within limits."""
        key = (query, operation_name)
        self.admitted[key] = None
        self.admitted.move_to_end(key)
        while len(self.admitted) > self.size:
            self.admitted.popitem(last=False)

    def prepare(
        self, query: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> Prepared | None:
        if (query, operation_name) not in self.admitted:
            return None
        key = (query, operation_name, json.dumps(variables or {}, sort_keys=True))
        if key in self.prepared:
            self.prepared.move_to_end(key)
            return self.prepared[key]
        prepared = self._prepare(query, operation_name, variables)
        self.prepared[key] = prepared
        while len(self.prepared) > self.size:
            self.prepared.popitem(last=False)
        return prepared

    def refuse(
        self, query: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> None:
        """Never plan this request again (its statement failed)."""
        key = (query, operation_name, json.dumps(variables or {}, sort_keys=True))
        self.prepared[key] = None
        self.prepared.move_to_end(key)

    def _prepare(
        self, query: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> Prepared | None:
        try:
            document = parse_document(query)
            operation = get_operation_ast(document, operation_name)
            if operation is None or operation.operation is not OperationType.QUERY:
                return None
            plan = Planner(self.schema, document, operation).plan(variables)
        except (NotPlanned, GraphQLError):
            return None
        sql, params = readsql.render(plan, self.dialect)
        return Prepared(sql, params)

    @staticmethod
    async def execute(engine: AsyncEngine, prepared: Prepared) -> bytes:
        """The whole response body: {"data": ...} built by the database."""
        data = await readsql.run(engine, prepared.sql, prepared.params)
        return b'{"data":' + data.encode("utf-8") + b"}"
