"""Query cost: what a document may cost before it runs (requested), and what its answer did
cost (actual), as Shopify and GitHub report it in `extensions.cost`.

The rules (README, "Query cost and trusted documents"):
- a field of a scalar or enum type costs 0, and so do `__typename` and introspection;
- any other field (an object, a plain list of objects, `pageInfo`, `node`) costs 1 plus the
  cost of its selection;
- a connection field (a type with `edges` and `pageInfo`) costs 1 plus its selection, where
  `edges` and `nodes` count once per page element: `first` or `last` (a literal or a
  variable), else the default page size (20), at most the largest page (100). An edge costs
  nothing of its own: its `node` is the object. Nested connections multiply;
- `nodes(ids:)` counts once per id; other plain lists count as one object (their length is
  not known before they run; the actual cost counts every element);
- each root field of a mutation costs 10 more (a write), plus its selection;
- on an interface or union, the costliest of its possible types counts; fields selected twice
  under one response key count once; `@skip`/`@include` are applied.

The actual cost applies the same rules to the answer: each object returned counts 1 (edges
0, mutation root fields 11), so a page shorter than asked costs less.

Both are computed once per document, operation and variables (an LRU beside the parse
cache), and the actual cost once per answer body (cached answers share theirs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
    is_leaf_type,
)

from gp_api.fastpath.documents import parse_document
from gp_api.fastpath.lru import LRU
from gp_api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MUTATION_COST = 10  # what a write costs beyond its selection
COSTED = 1000  # (document, operation, variables) whose cost is kept

# The kinds of a response key in a shape: how its value counts in the actual cost.
OBJECT, EDGE, WRITE = "object", "edge", "write"


@dataclass(frozen=True)
class Shape:
    """What the answer of an operation looks like: per response key, how it counts (OBJECT
    1, EDGE 0, WRITE 1 + MUTATION_COST per object) and the shape below it. Leaves are absent."""

    keys: dict[str, tuple[str, Shape]]

    def actual(self, value: Any) -> int:
        if not isinstance(value, dict):
            return 0
        total = 0
        for key, (kind, below) in self.keys.items():
            item = value.get(key)
            if item is None:
                continue
            each = 0 if kind == EDGE else MUTATION_COST + 1 if kind == WRITE else 1
            for element in item if isinstance(item, list) else (item,):
                if isinstance(element, dict):
                    total += each + below.actual(element)
        return total


EMPTY = Shape({})


@dataclass(frozen=True)
class Costed:
    """A document's requested cost and the shape its actual cost is counted on."""

    requested: int
    shape: Shape

    def actual(self, data: Any) -> int:
        return self.shape.actual(data)


FREE = Costed(0, EMPTY)


def _variables_key(variables: dict[str, Any] | None) -> str | None:
    if not variables:
        return None
    try:
        return json.dumps(variables, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return repr(variables)


class Costs:
    """The cost of operations against one schema, cached."""

    def __init__(self, schema: GraphQLSchema, size: int = COSTED) -> None:
        self.schema = schema
        self.cached: LRU[tuple[str, str | None, str | None], Costed] = LRU(size)
        # Keyed by a digest of the answer, not the answer: the bodies are not kept.
        self.actuals: LRU[tuple[int, int, int], int] = LRU(size)

    def of(
        self, document: str, operation_name: str | None, variables: dict[str, Any] | None
    ) -> Costed:
        key = (document, operation_name, _variables_key(variables))
        costed = self.cached.get(key)
        if costed is None:
            costed = self._compute(document, operation_name, variables or {})
            self.cached.put(key, costed)
        return costed

    def actual_of_body(self, costed: Costed, body: bytes) -> int:
        """The actual cost of a JSON answer `body` (`data` counted by `costed`'s shape)."""
        if costed.requested == 0:
            return 0
        # Python's hash of the bytes: keyed per process (SipHash), so nobody can aim at a
        # collision, computed once per bytes object (a cached or completed answer served
        # again costs nothing), and six times cheaper than a 16-byte BLAKE2 digest.
        key = (hash(body), len(body), costed.requested)
        known = self.actuals.get(key)
        if known is None:
            try:
                data = json.loads(body).get("data")
            except (ValueError, AttributeError):
                data = None
            known = costed.actual(data)
            self.actuals.put(key, known)
        return known

    def _compute(
        self, document: str, operation_name: str | None, variables: dict[str, Any]
    ) -> Costed:
        try:
            parsed = parse_document(document)
            operation = get_operation_ast(parsed, operation_name)
        except GraphQLError:
            return FREE  # refused later, by the parser
        if operation is None:
            return FREE
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return FREE
        walk = _Walk(self.schema, parsed, variables)
        cost, shape = walk.selection(root, [operation.selection_set], root=operation)
        return Costed(cost, shape)


class _Walk:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def value(self, node: ValueNode | None) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, BooleanValueNode):
            return node.value
        if isinstance(node, ListValueNode):
            return [self.value(v) for v in node.values]
        return None

    def included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            argument = next(
                (a.value for a in directive.arguments or () if a.name.value == "if"), None
            )
            condition = self.value(argument)
            if isinstance(condition, bool) and condition == (name == "skip"):
                return False
        return True

    def applies(self, condition: str | None, type_: GraphQLObjectType) -> bool:
        if condition is None or condition == type_.name:
            return True
        named = self.schema.get_type(condition)
        return isinstance(named, GraphQLAbstractType) and self.schema.is_sub_type(named, type_)

    def collect(
        self,
        type_: GraphQLObjectType,
        sets: list[SelectionSetNode],
        into: dict[str, list[FieldNode]],
        seen: frozenset[str] = frozenset(),
    ) -> None:
        for selections in sets:
            for selection in selections.selections:
                if not self.included(selection):  # type: ignore[arg-type]
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    into.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if self.applies(condition.name.value if condition else None, type_):
                        self.collect(type_, [selection.selection_set], into, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if (
                        fragment is not None
                        and name not in seen
                        and self.applies(fragment.type_condition.name.value, type_)
                    ):
                        self.collect(type_, [fragment.selection_set], into, seen | {name})

    def selection(
        self,
        type_: GraphQLNamedType,
        sets: list[SelectionSetNode],
        *,
        root: OperationDefinitionNode | None = None,
        connection: int | None = None,
    ) -> tuple[int, Shape]:
        """The cost of `sets` selected on `type_`, and its shape. `connection`: the page size
        when `type_` is a connection (its `edges` and `nodes` count that many times)."""
        if isinstance(type_, GraphQLAbstractType):
            best, keys = 0, {}
            for possible in self.schema.get_possible_types(type_):
                cost, shape = self.selection(possible, sets)
                best = max(best, cost)
                keys.update(shape.keys)
            return best, Shape(keys)
        if not isinstance(type_, GraphQLObjectType):
            return 0, EMPTY
        fields: dict[str, list[FieldNode]] = {}
        self.collect(type_, sets, fields)
        write = root is not None and root.operation is OperationType.MUTATION
        total, keys = 0, {}
        for key, nodes in fields.items():
            name = nodes[0].name.value
            definition = type_.fields.get(name)
            if definition is None or name.startswith("__"):
                continue  # introspection and __typename are free; unknown fields fail validation
            named = get_named_type(definition.type)
            if is_leaf_type(named):
                continue
            below = [n.selection_set for n in nodes if n.selection_set is not None]
            page = self.page_size(nodes[0], named)
            cost, shape = self.selection(named, below, connection=page)
            times = 1
            kind = OBJECT
            if connection is not None and name in ("edges", "nodes"):
                times = connection
                kind = EDGE if name == "edges" else OBJECT
            elif name == "nodes" and _is_list(definition.type):
                ids = self.value(_argument(nodes[0], "ids"))
                times = len(ids) if isinstance(ids, list) else 1
            own = 0 if kind == EDGE else 1
            if write:
                own += MUTATION_COST
                kind = WRITE
            total += times * (own + cost)
            keys[key] = (kind, shape)
        return total, Shape(keys)

    def page_size(self, node: FieldNode, named: GraphQLNamedType) -> int | None:
        """The page size of a connection field; None for any other field."""
        if not (
            isinstance(named, GraphQLObjectType)
            and "edges" in named.fields
            and "pageInfo" in named.fields
        ):
            return None
        for name in ("first", "last"):
            size = self.value(_argument(node, name))
            if isinstance(size, int) and not isinstance(size, bool):
                return max(0, min(size, MAX_PAGE_SIZE))
        return DEFAULT_PAGE_SIZE


def _argument(node: FieldNode, name: str) -> ValueNode | None:
    return next((a.value for a in node.arguments or () if a.name.value == name), None)


def _is_list(type_: GraphQLOutputType) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)
