"""The read models (gp_api.readmodel) against the GraphQL schema: every field of a declared type
is either declared (and so read by the fast path) or listed as computed; every declaration
names a real field of the right shape; every root connection over a declared type is declared.

A failure names the field and the line to add to the domain's `gp_api/<domain>/read.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)

from gp_api import readmodel
from gp_api.config import Settings
from gp_api.graphql.schema import build_schema
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

readmodel.load_all()
MODELS, ROOTS = readmodel.MODELS, readmodel.ROOTS
PAGE_ARGUMENTS = frozenset({"first", "after", "last", "before"})
PACKAGE = Path(readmodel.__file__).parent

# Query connections over a declared type that are deliberately left to the resolvers, with the
# reason. A plain root connection is one line in the domain's read.py.
COMPUTED_ROOTS: dict[str, str] = {
    "auditLog": "ADMIN only, filtered by principal and token: the permission check is the "
    "resolver's",
}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema(Settings.from_env())._schema


def _object(schema: GraphQLSchema, name: str) -> GraphQLObjectType:
    found = schema.get_type(name)
    assert isinstance(found, GraphQLObjectType), f"{name} is declared but is no GraphQL object type"
    return found


def node_of_connection(field: GraphQLField) -> str | None:
    """The node type's name when the field is a Relay connection, else None."""
    conn = get_named_type(field.type)
    if not isinstance(conn, GraphQLObjectType) or "edges" not in conn.fields:
        return None
    edge = get_named_type(conn.fields["edges"].type)
    if not isinstance(edge, GraphQLObjectType) or "node" not in edge.fields:
        return None
    return str(get_named_type(edge.fields["node"].type).name)


def _is_list(field: GraphQLField) -> bool:
    inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    return isinstance(inner, GraphQLList)


def test_every_domain_declaration_is_loaded() -> None:
    found = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for p in PACKAGE.glob("*/read.py")
    )
    missing = [m for m in found if m not in readmodel.DECLARATIONS]
    assert not missing, (
        f"{missing} declare read models but gp_api.readmodel.DECLARATIONS does not list them:"
        " add them there, or nothing reads them"
    )
    assert MODELS
    assert ROOTS


@pytest.mark.parametrize("type_name", sorted(MODELS))
def test_every_field_of_a_declared_type_is_declared_or_computed(
    schema: GraphQLSchema, type_name: str
) -> None:
    model = MODELS[type_name]
    graphql_type = _object(schema, type_name)
    module = f"gp_api/{model.model.__module__.split('.')[1]}/read.py"
    for name in graphql_type.fields:
        assert name in model.fields or name in model.computed, (
            f"{type_name}.{name} is in the schema but in neither the read model's fields nor its"
            f" computed set: add one line for it to {type_name}'s ReadModel in {module} (e.g."
            f' "{name}": Column("<column>", "<kind>"), Parent(...), Children(...)), or add'
            f' "{name}" to its computed=frozenset(...) if the resolvers must answer it'
        )
    for name in [*model.fields, *model.computed]:
        assert name in graphql_type.fields, (
            f"{type_name}'s read model in {module} declares {name!r}, which {type_name} does"
            " not have in the schema: remove it or fix its name (GraphQL's camelCase)"
        )
    both = set(model.fields) & set(model.computed)
    assert not both, f"{type_name}: {sorted(both)} are both declared and computed in {module}"


def _check_field(schema: GraphQLSchema, model: ReadModel, name: str) -> None:
    where = f"{model.type_name}.{name}"
    read = model.fields[name]
    field = _object(schema, model.type_name).fields[name]
    target = get_named_type(field.type)
    if isinstance(read, Column):
        assert is_leaf_type(target), f"{where} is declared a Column but is a {target}"
        assert read.column in model.model.__table__.c, (
            f"{where}: {model.table} has no column {read.column!r}"
        )
        return
    if isinstance(read, Children):
        node = node_of_connection(field)
        assert node == read.type_name, (
            f"{where} is declared Children of {read.type_name} but is a connection of {node}"
        )
        assert read.fk in MODELS[read.type_name].model.__table__.c, (
            f"{where}: {MODELS[read.type_name].table} has no column {read.fk!r}"
        )
        unknown = set(read.filters) - set(field.args)
        assert not unknown, f"{where} declares filters for arguments it lacks: {sorted(unknown)}"
        undeclared = set(field.args) - PAGE_ARGUMENTS - set(read.filters)
        assert not undeclared, (
            f"{where} takes {sorted(undeclared)} with no filter declared: add them to its"
            " Children(...) (or the fast path never answers them)"
        )
        return
    if isinstance(read, Flags | Shaped):
        columns = [c for _, c in read.flags] if isinstance(read, Flags) else list(read.columns)
        assert is_leaf_type(target), (
            f"{where} is declared a {type(read).__name__} but is a {target}"
        )
        for column in columns:
            assert column in model.model.__table__.c, f"{where}: {model.table} has no {column!r}"
        if isinstance(read, Flags):
            assert _is_list(field), f"{where}: Flags read a list"
            values = set(getattr(target, "values", {}))
            assert {v for v, _ in read.flags} <= values, f"{where}: flags not in {target}"
        return
    if isinstance(read, Computed):
        for column in read.columns:
            assert column in model.model.__table__.c, f"{where}: {model.table} has no {column!r}"
        assert read.name == where, f"{where}: name the batch {where!r} (one batch per field)"
        return
    if isinstance(read, AnyNode):
        assert target.name == "Node", f"{where} is declared AnyNode but returns {target}"
        for column in (read.type_column, read.fk):
            assert column in model.model.__table__.c, f"{where}: {model.table} has no {column!r}"
        return
    assert isinstance(read, Parent | Through | Rows), f"{where}: unknown kind of field {read!r}"
    assert target.name == read.type_name, (
        f"{where} is declared as rows of {read.type_name} but returns {target}"
    )
    assert read.type_name in MODELS, f"{where} reads {read.type_name}, which has no read model"
    assert _is_list(field) == isinstance(read, Through | Rows), (
        f"{where}: a list is declared Through or Rows, a single object Parent"
    )
    if isinstance(read, Parent):
        assert read.fk in model.model.__table__.c, f"{where}: {model.table} has no {read.fk!r}"
    if isinstance(read, Rows):
        table = MODELS[read.type_name].model.__table__
        assert read.fk in table.c, f"{where}: {table.name} has no {read.fk!r}"


@pytest.mark.parametrize("type_name", sorted(MODELS))
def test_every_declared_field_has_the_shape_of_its_graphql_field(
    schema: GraphQLSchema, type_name: str
) -> None:
    model = MODELS[type_name]
    for name in model.fields:
        if name in _object(schema, type_name).fields:  # else the test above says so
            _check_field(schema, model, name)
    assert model.order[-1].key == "id", f"{type_name}: a keyset order ends with the unique id"


def test_every_root_connection_over_a_declared_type_is_declared(schema: GraphQLSchema) -> None:
    query = schema.query_type
    assert query is not None
    for name, field in query.fields.items():
        node = node_of_connection(field)
        if node not in MODELS:
            continue
        assert name in ROOTS or name in COMPUTED_ROOTS, (
            f"Query.{name} is a connection of {node}, which has a read model, but is not in its"
            f' roots: add "{name}": RootConnection("{node}", {{<filters>}}) to the roots of'
            f" declare(...) in {node}'s read.py (each argument a filter), or list it in"
            " COMPUTED_ROOTS here with the reason"
        )
    for name, root in ROOTS.items():
        assert name in query.fields, f"ROOTS declares Query.{name}, which the schema lacks"
        field = query.fields[name]
        assert node_of_connection(field) == root.type_name, (
            f"Query.{name} is declared over {root.type_name} but is a connection of"
            f" {node_of_connection(field)}"
        )
        undeclared = set(field.args) - PAGE_ARGUMENTS - set(root.filters)
        assert not undeclared, (
            f"Query.{name} takes {sorted(undeclared)} with no filter declared: add them to its"
            " RootConnection (or the fast path never answers them)"
        )
        unknown = set(root.filters) - set(field.args)
        assert not unknown, f"Query.{name} declares filters for arguments it lacks: {unknown}"


def test_every_root_value_is_a_field_of_query_without_arguments(schema: GraphQLSchema) -> None:
    query = schema.query_type
    assert query is not None
    assert readmodel.ROOT_VALUES
    for name, value in readmodel.ROOT_VALUES.items():
        assert name in query.fields, f"ROOT_VALUES declares Query.{name}, which the schema lacks"
        assert not query.fields[name].args, f"Query.{name} takes arguments no batch is given"
        assert value.columns == (), f"Query.{name}: a root value reads no row"
        assert value.name == f"Query.{name}"
