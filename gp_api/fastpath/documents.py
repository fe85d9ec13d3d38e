"""Documents as the fast path sees them: parsed once per process, their operation's type and
name, and whether their answer is a constant (the same for every principal and every state of
the database), which the constant lane serves without touching the database."""

from __future__ import annotations

from functools import lru_cache

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    get_operation_ast,
    parse,
)

PARSED = 1000  # documents kept parsed


@lru_cache(maxsize=PARSED)
def parse_document(document: str) -> DocumentNode:
    """Parsed once per process for the HTTP layer's own needs (strawberry keeps its own)."""
    return parse(document)


@lru_cache(maxsize=PARSED)
def operation_of(document: str, operation_name: str | None) -> tuple[str, str | None]:
    """The type (`query`, `mutation`, `subscription`; `unknown` when the document does not
    parse or names no such operation) and the name of the operation a request runs."""
    try:
        operation = get_operation_ast(parse_document(document), operation_name)
    except GraphQLError:
        return "unknown", operation_name
    if operation is None:
        return "unknown", operation_name
    return operation.operation.value, operation.name.value if operation.name else None


def is_query(document: str, operation_name: str | None) -> bool:
    return operation_of(document, operation_name)[0] == OperationType.QUERY.value


@lru_cache(maxsize=PARSED)
def is_constant(
    document: str, operation_name: str | None, root: str, static: frozenset[str] = frozenset()
) -> bool:
    """Whether the query `operation_name` of `document` selects, on the query type `root`, only
    `__typename`, introspection (`__schema`, `__type`) and the `static` fields (whose answer is
    fixed when the process starts, e.g. the workflows' definitions), however aliased, repeated,
    put in fragments or switched by `@skip`/`@include` with literal conditions, and declares no
    variables: its answer then depends neither on who asks nor on the data. The document must
    also have been validated (this only looks at its shape): callers ask once the reference
    path answered it without errors."""
    try:
        parsed = parse_document(document)
        operation = get_operation_ast(parsed, operation_name)
    except GraphQLError:
        return False
    if (
        operation is None
        or operation.operation is not OperationType.QUERY
        or operation.variable_definitions
    ):
        return False
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return _constant(operation.selection_set, fragments, root, static, set())


def _included(node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool | None:
    """Whether @skip/@include keep `node`; None when that is not known from the document."""
    kept = True
    for directive in node.directives or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            return None
        condition = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
        if not isinstance(condition, BooleanValueNode):
            return None
        if condition.value == (name == "skip"):
            kept = False
    return kept


def _constant(
    selections: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    root: str,
    static: frozenset[str],
    seen: set[str],
) -> bool:
    for selection in selections.selections:
        assert isinstance(selection, FieldNode | FragmentSpreadNode | InlineFragmentNode)
        included = _included(selection)
        if included is None:
            return False
        if not included:
            continue
        if isinstance(selection, FieldNode):
            name = selection.name.value
            if not (name.startswith("__") or name in static):
                return False
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            if condition is not None and condition.name.value != root:
                return False
            if not _constant(selection.selection_set, fragments, root, static, seen):
                return False
        else:
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen or fragment.type_condition.name.value != root:
                return False
            if not _constant(fragment.selection_set, fragments, root, static, seen | {name}):
                return False
    return True
