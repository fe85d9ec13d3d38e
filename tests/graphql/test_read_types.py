"""The strawberry types' plain fields come from the read models (gp_api.graphql.readtypes):
one line in a declaration makes the field (name, type, nullability, description) and fills it
from the row; every declared type is built that way.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.schema.config import StrawberryConfig

from gp_api import readmodel
from gp_api.actors.models import FLOW_FLAGS, Actor, ActorKind, FlowRole
from gp_api.config import Settings
from gp_api.db import session_factory
from gp_api.global_ids import encode
from gp_api.graphql.readtypes import ReadType, plain, snake
from gp_api.graphql.scalars import SCALARS
from gp_api.graphql.schema import build_schema
from gp_api.pagination import encode_cursor
from gp_api.principal import SYSTEM, Principal
from gp_api.readmodel import Children, Column, Flags, ReadModel, Shaped
from tests.graphql.read_data import seed

readmodel.load_all()
build_schema(Settings.from_env())  # imports every type of the schema
MODELS = readmodel.MODELS


def read_types() -> dict[str, type[ReadType]]:
    """The schema's types built from a read model (not the ones these tests make)."""
    return {
        c.__read_model__.type_name: c
        for c in ReadType.__subclasses__()
        if c.__module__.startswith("gp_api.")
    }


def plain_fields(model: ReadModel) -> dict[str, Column | Flags]:
    return {n: r for n, r in model.fields.items() if isinstance(r, Column | Flags)}


def test_every_declared_type_is_built_from_its_read_model() -> None:
    built = read_types()
    assert sorted(built) == sorted(MODELS), (
        "a declared type's strawberry class must subclass gp_api.graphql.readtypes.ReadType"
    )
    for type_name, cls in built.items():
        assert cls.__plain__ == {snake(n) for n in plain_fields(MODELS[type_name])}, type_name
        assert "from_row" not in cls.__dict__, f"{type_name} spells its own from_row"


# A declaration the tests own, over the actors table: each kind of plain field once.
SKETCH = ReadModel(
    "ActorSketch",
    Actor,
    (Actor.id,),
    {
        "id": Column("id", "id", description="Its global ID."),
        "name": Column("name", "text", description="The name, not null."),
        "shortName": Column("short_name", "text", description="Nullable text."),
        "kind": Column("kind", "enum", description="An enum column."),
        "m49": Column("m49", "int", description="A nullable integer."),
        "flowRolesIllustrative": Column(
            "flow_roles_illustrative", "bool", description="A boolean."
        ),
        "flowRoles": Flags(
            tuple((r.value, c) for r, c in FLOW_FLAGS.items()), FlowRole, "Flags, as a list."
        ),
        "createdAt": Column("created_at", "datetime", description="A timestamp."),
        "badge": Shaped(
            ("name", "m49"),
            lambda role, name, m49: {"name": name, "m49": m49, "role": role and role.value},
            "Shaped from two columns, for the reader's role.",
        ),
        "commitments": Children("Commitment", "actor_id"),  # not plain: not made here
    },
)

SKETCH_SDL = '''"""An actor, sketched."""
type ActorSketch {
  """Its global ID."""
  id: ID!

  """The name, not null."""
  name: String!

  """Nullable text."""
  shortName: String

  """An enum column."""
  kind: ActorKind!

  """A nullable integer."""
  m49: Int

  """A boolean."""
  flowRolesIllustrative: Boolean!

  """Flags, as a list."""
  flowRoles: [FlowRole!]!

  """A timestamp."""
  createdAt: DateTime!

  """Shaped from two columns, for the reader's role."""
  badge: JSON!

  """Hand-written: not a column."""
  shout: String!
}'''


@dataclass
class Reader:
    """The context a Shaped field reads: who reads."""

    principal: Principal


def _sketch_type() -> type[ReadType]:
    @strawberry.type(description="An actor, sketched.")
    class ActorSketch(ReadType):
        @strawberry.field(description="Hand-written: not a column.")
        def shout(self) -> str:
            return str(getattr(self, "name")).upper()  # noqa: B009  (injected: mypy sees none)

    return ActorSketch


async def test_a_plain_field_declared_once_is_in_the_schema_and_read_from_the_row(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(readmodel.MODELS, "ActorSketch", SKETCH)
    sketch_type = _sketch_type()

    @strawberry.type
    class Query:
        sketch: Any = strawberry.field(graphql_type=sketch_type)

    schema = strawberry.Schema(Query, config=StrawberryConfig(scalar_map=SCALARS))
    sdl = schema.as_str()
    start = sdl.index('"""An actor, sketched."""')
    assert sdl[start : sdl.index("\n}", start) + 2] == SKETCH_SDL

    async with session_factory(engine)() as session, session.begin():
        session.add(
            Actor(name="Ruritania", kind=ActorKind.STATE, is_origin=True, is_destination=True)
        )
    async with session_factory(engine)() as session:
        row = (await session.scalars(select(Actor))).one()
    sketch = sketch_type.from_row(row)
    assert sketch.pk == row.id
    result = await schema.execute(
        "{ sketch { id name shortName kind m49 flowRolesIllustrative flowRoles createdAt badge"
        " shout } }",
        root_value=Query(sketch=sketch),
        context_value=Reader(SYSTEM),
    )
    assert result.errors is None
    assert result.data == {
        "sketch": {
            "id": encode("ActorSketch", row.id),
            "name": "Ruritania",
            "shortName": None,
            "kind": "STATE",
            "m49": None,
            "flowRolesIllustrative": False,
            "flowRoles": ["ORIGIN", "DESTINATION"],
            "createdAt": row.created_at.isoformat(),
            "badge": {"name": "Ruritania", "m49": None, "role": "ADMIN"},
            "shout": "RURITANIA",
        }
    }


def test_a_plain_field_without_a_description_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    undescribed = ReadModel("ActorSketch", Actor, (Actor.id,), {"name": Column("name", "text")})
    monkeypatch.setitem(readmodel.MODELS, "ActorSketch", undescribed)
    with pytest.raises(TypeError, match=r"ActorSketch\.name: give it a description="):

        class ActorSketch(ReadType):
            pass


def test_a_plain_field_spelled_in_the_class_too_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(readmodel.MODELS, "ActorSketch", SKETCH)
    with pytest.raises(TypeError, match="do not spell it in the class too"):

        class ActorSketch(ReadType):
            short_name: str | None


def _expected(type_name: str, read: Column | Flags, raw: dict[str, Any]) -> Any:
    """A plain field's value, from the table's raw columns."""
    if isinstance(read, Flags):
        assert read.enum_class is not None
        return [read.enum_class(v) for v, column in read.flags if raw[column]]
    value = raw[read.column]
    if read.kind == "id":
        return encode(raw[read.type_column] if read.type_column else type_name, value)
    if read.kind == "cursor":
        return encode_cursor([value])
    if read.kind == "enum_list":
        assert read.enum_class is not None
        return [read.enum_class(v) for v in value]
    if read.kind == "decimal" and value is not None:
        return decimal.Decimal(value)  # exact: the stored text, as a Decimal
    return value


@pytest.mark.parametrize("type_name", sorted(MODELS))
async def test_from_row_fills_every_plain_field_from_the_row(
    engine: AsyncEngine, type_name: str
) -> None:
    await seed(engine)
    model, cls = MODELS[type_name], read_types()[type_name]
    async with session_factory(engine)() as session:
        table = model.model.__table__
        raws = {r["id"]: dict(r) for r in (await session.execute(select(table))).mappings()}
        rows = (await session.scalars(select(model.model))).all()
    assert rows, f"no {model.table} seeded"
    for row in rows:
        made = cls.from_row(row)
        raw = raws[made.pk]
        for name, read in plain_fields(model).items():
            value = plain(made, snake(name))  # a localized field keeps its row value aside
            assert value == _expected(type_name, read, raw), f"{type_name}.{name} of {made.pk}"
            if isinstance(value, dt.datetime):
                assert value.tzinfo is not None, f"{type_name}.{name}: a naive datetime"


def test_a_shaped_field_written_by_hand_too_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(readmodel.MODELS, "ActorSketch", SKETCH)
    with pytest.raises(TypeError, match=r"ActorSketch\.badge is a plain field"):

        class ActorSketch(ReadType):
            @strawberry.field(description="By hand.")
            def badge(self) -> str:
                return ""
