"""Strawberry types whose plain fields come from their read model (gp_api.readmodel).

A type read from a table subclasses `ReadType`; its read model is the one named like the class
(or `model=`). Before `@strawberry.type` processes the class, every plain field of the
declaration (a `Column` or `Flags`) becomes a strawberry field: GraphQL name and description
from the declaration, Python type from the declaration's kind and the SQLAlchemy column
(nullable column: nullable field; enum column: its enum; date/datetime: the Date/DateTime
scalars; "id": ID). A `Shaped` field becomes a field (JSON unless it says what it returns)
whose resolver shapes the row's
columns (kept by from_row) for the reader's role. The class also gets `from_row(row)`, which
fills `pk`, every plain field and the `extra` constructor arguments named in the class header
(Private attributes, fields computed from the row), so no type copies columns by hand:

    @strawberry.type(description="...")
    class Commitment(WorkflowSubject, ReadType, extra={"actor_pk": "actor_id"}):
        actor_pk: strawberry.Private[int]
        # connections, parents and computed fields only

Written by hand stays what is not a plain column. A plain field the class also spells is
refused (it would be spelled twice), and so is one without a description. Fields a base type
already has (`id` of Node, `version` of WorkflowSubject) are filled but not redeclared.

Injected fields are invisible to mypy's strawberry plugin: code that reads a plain field of a
strawberry object reads the row, or `plain(obj, "attribute")` (typed Any, honestly).
"""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
import re
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any, ClassVar, Self, cast

import strawberry
from strawberry.scalars import JSON

from gp_api import readmodel
from gp_api.graphql import common as _common  # noqa: F401  (registers the enums)
from gp_api.graphql import ids
from gp_api.graphql.names import types as names
from gp_api.pagination import encode_cursor
from gp_api.readmodel import Column, Flags, ReadModel, Shaped, localized_fields

# Another constructor argument of from_row: the row's attribute of that name, or a function
# of the row.
Extra = str | Callable[[Any], Any]
Read = Callable[[Any], Any]

SCALARS: dict[str, type] = {
    "text": str,
    "int": int,
    "bool": bool,
    "date": dt.date,
    "datetime": dt.datetime,
    "cursor": str,
    "decimal": decimal.Decimal,  # kept as its canonical text; strawberry's Decimal is a string
}


def snake(graphql_name: str) -> str:
    """The Python attribute of a camelCase GraphQL field name (`isoAlpha2` -> `iso_alpha2`)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", graphql_name).lower()


def _attribute(model: ReadModel, column: str) -> str:
    """The ORM attribute that maps `column` (named like it, unless the model renames it)."""
    mapper = cast(Any, model.model).__mapper__
    return str(mapper.get_property_by_column(model.model.__table__.c[column]).key)


def python_type(model: ReadModel, read: Column | Flags) -> Any:
    """The annotation of a plain field, as strawberry reads it."""
    where = f"{model.type_name}: {read!r}"
    if isinstance(read, Flags):
        if read.enum_class is None:
            raise TypeError(f"{where}: Flags need enum_class= (the GraphQL list's enum)")
        return list[read.enum_class]  # type: ignore[name-defined]
    column = model.model.__table__.c[read.column]
    base: Any
    if read.kind == "id":
        base = strawberry.ID
    elif read.kind == "enum":
        base = getattr(column.type, "enum_class", None)
        if base is None:
            raise TypeError(f"{where}: an enum column is an Enum of a Python enum class")
    elif read.kind == "enum_list":
        if read.enum_class is None:
            raise TypeError(f"{where}: an enum_list needs enum_class= (its values' enum)")
        base = list[read.enum_class]  # type: ignore[name-defined]
    elif read.kind == "text_list":
        base = list[str]
    else:
        base = SCALARS[read.kind]
    return base | None if column.nullable else base


def reader(model: ReadModel, read: Column | Flags) -> Read:
    """How from_row reads the field's value from the row."""
    if isinstance(read, Flags):
        enum_class = read.enum_class
        if enum_class is None:
            raise TypeError(f"{model.type_name}: {read!r} needs enum_class= (the list's enum)")
        members = [(enum_class(value), _attribute(model, c)) for value, c in read.flags]
        return lambda row: [member for member, a in members if getattr(row, a)]
    attribute = _attribute(model, read.column)
    if read.kind == "id":
        if read.type_column is None:
            type_name = model.type_name
            return lambda row: strawberry.ID(ids.encode(type_name, getattr(row, attribute)))
        of = _attribute(model, read.type_column)
        return lambda row: strawberry.ID(ids.encode(getattr(row, of), getattr(row, attribute)))
    if read.kind == "cursor":
        return lambda row: encode_cursor([getattr(row, attribute)])
    if read.kind == "enum_list":
        enum_class = read.enum_class
        assert enum_class is not None
        return lambda row: [enum_class(v) for v in getattr(row, attribute)]
    if read.kind == "text_list":
        return lambda row: list(getattr(row, attribute) or ())
    if read.kind == "decimal":

        def exact(row: Any) -> decimal.Decimal | None:
            value = getattr(row, attribute)
            return None if value is None else decimal.Decimal(value)

        return exact
    return attrgetter(attribute)


def _inherited(cls: type, attribute: str) -> bool:
    """Whether a base type (not ReadType) already has the attribute (e.g. Node's id)."""
    return any(
        attribute in getattr(base, "__annotations__", {})
        for base in cls.__mro__[1:]
        if base is not ReadType
    )


class ReadType:
    """Base of the strawberry types read from a table (see the module's docstring)."""

    pk: int  # the row's primary key (a Private attribute of every subclass)
    __read_model__: ClassVar[ReadModel]
    __readers__: ClassVar[tuple[tuple[str, Read], ...]]
    __plain__: ClassVar[frozenset[str]]  # the attributes of the plain fields
    __stored__: ClassVar[dict[str, str]]  # a localized field's attribute -> its row value's

    def __init_subclass__(
        cls, *, model: str | None = None, extra: Mapping[str, Extra] | None = None, **kw: Any
    ) -> None:
        super().__init_subclass__(**kw)
        readmodel.load_all()
        name = model or cls.__name__
        if name not in readmodel.MODELS:
            raise TypeError(f"{cls.__name__}: no read model {name!r} (gp_api/<domain>/read.py)")
        declared = readmodel.MODELS[name]
        own: dict[str, Any] = dict(inspect.get_annotations(cls))
        injected: dict[str, Any] = {}
        companions: dict[str, Any] = {}  # of localized fields, after the plain ones
        readers: list[tuple[str, Read]] = [("pk", attrgetter("id"))]
        for graphql_name, read in declared.fields.items():
            if not isinstance(read, Column | Flags | Shaped):
                continue  # parents, connections and lists: written by hand
            attribute = snake(graphql_name)
            field: Any
            if isinstance(read, Shaped):
                values = f"{attribute}_values"  # the columns, shaped when the field is read
                readers.append((values, _columns(declared, read.columns)))
                own[values] = strawberry.Private[tuple[Any, ...]]
                annotation: Any = JSON if read.returns is None else read.returns
                field = strawberry.field(
                    resolver=_shaped(values, read.shape, annotation),
                    name=graphql_name,
                    description=read.description,
                )
            elif isinstance(read, Column) and read.localized:
                stored = f"{attribute}_stored"  # today's English form, from the row
                readers.append((stored, reader(declared, read)))
                own[stored] = strawberry.Private[object]
                annotation = python_type(declared, read)
                field = strawberry.field(
                    resolver=names.text_resolver(name, stored, annotation),
                    name=graphql_name,
                    description=read.description,
                )
                companion, listed = localized_fields(graphql_name)
                nullable = declared.model.__table__.c[read.column].nullable
                localized = names.LocalizedName | None if nullable else names.LocalizedName
                companions[snake(companion)] = localized
                setattr(
                    cls,
                    snake(companion),
                    strawberry.field(
                        resolver=names.localized_resolver(name, stored, localized),
                        name=companion,
                        description=f"The {graphql_name} in a language on a day, saying which"
                        " language answers (English when none is recorded in the one asked).",
                    ),
                )
                companions[snake(listed)] = list[names.LocalizedName]
                setattr(
                    cls,
                    snake(listed),
                    strawberry.field(
                        resolver=names.list_resolver(name),
                        name=listed,
                        description=f"Every recorded form of the {graphql_name}: per language"
                        " and period, each with its source.",
                    ),
                )
            else:
                readers.append((attribute, reader(declared, read)))
                if _inherited(cls, attribute):
                    continue  # e.g. Node's id: declared and described by the base type
                annotation = python_type(declared, read)
                field = strawberry.field(name=graphql_name, description=read.description)
            if attribute in own or attribute in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__}.{attribute} is a plain field of {name}'s read model:"
                    " it comes from there, do not spell it in the class too"
                )
            if not read.description:
                raise TypeError(f"{name}.{graphql_name}: give it a description= in its read model")
            injected[attribute] = annotation
            setattr(cls, attribute, field)
        plain = frozenset(
            snake(n) for n, r in declared.fields.items() if isinstance(r, Column | Flags)
        )
        for attribute, get in (extra or {}).items():
            if attribute in plain or attribute not in own:
                raise TypeError(
                    f"{cls.__name__}: extra {attribute!r} must be an attribute the class"
                    " annotates, not a plain field"
                )
            readers.append((attribute, _extra(get)))
        if "pk" not in own and not _inherited(cls, "pk"):
            own["pk"] = strawberry.Private[int]
        # Plain fields first, in declaration order; then what the class writes by hand.
        cls.__annotations__ = {**injected, **companions, **own}
        cls.__read_model__ = declared
        cls.__readers__ = tuple(readers)
        cls.__plain__ = plain
        cls.__stored__ = {
            snake(n): f"{snake(n)}_stored"
            for n, r in declared.fields.items()
            if isinstance(r, Column) and r.localized
        }

    @classmethod
    def from_row(cls, row: Any) -> Self:
        """The object of this row: pk, every plain field, and the class's extra arguments."""
        made: Self = cast(Any, cls)(**{attribute: read(row) for attribute, read in cls.__readers__})
        return made


def plain(obj: ReadType, attribute: str) -> Any:
    """A plain field's value (an injected attribute, which mypy does not see)."""
    if attribute not in type(obj).__plain__:
        raise AttributeError(f"{type(obj).__name__} has no plain field {attribute!r}")
    return getattr(obj, type(obj).__stored__.get(attribute, attribute))


def _columns(model: ReadModel, columns: tuple[str, ...]) -> Read:
    """The values of a Shaped field's columns, as its shape takes them."""
    attributes = [_attribute(model, c) for c in columns]
    if len(attributes) == 1:
        one = attrgetter(attributes[0])
        return lambda row: (one(row),)
    return attrgetter(*attributes)


def _shaped(values: str, shape: Callable[..., Any], returns: Any) -> Callable[..., Any]:
    """The resolver of a Shaped field: its columns, shaped for the reader's role."""

    def resolve(root: Any, info: strawberry.Info) -> Any:
        return shape(info.context.principal.role, *getattr(root, values))

    resolve.__annotations__["return"] = returns  # the field's GraphQL type
    return resolve


def _extra(get: Extra) -> Read:
    return attrgetter(get) if isinstance(get, str) else get
