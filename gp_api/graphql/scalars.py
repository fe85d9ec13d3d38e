"""Input scalars: every string and date a client sends is checked here, once, as GraphQL
coerces it (literals and variables alike, on every transport and on the compiled read path,
which coerces with the same schema). A value no layer below could keep is a BAD_USER_INPUT
error before any resolver runs, so nothing is written.

- String and ID: no NUL character, no lone surrogate (PostgreSQL and UTF-8 refuse both).
- Date and DateTime: inside `validation.DATE_RANGE`, also once a time-zone offset is applied;
  a DateTime must carry its offset (a naive time names no instant to compare or store).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import methodcaller
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLID,
    GraphQLScalarType,
    GraphQLString,
    ValueNode,
    print_ast,
)
from strawberry.types.scalar import ScalarDefinition

from gp_api import validation
from gp_api.graphql.errors import PublicCode


def _refused(message: str, node: ValueNode | None = None) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": PublicCode.BAD_USER_INPUT.value})


def _checked(text: Any, node: ValueNode | None = None) -> Any:
    if isinstance(text, str) and (reason := validation.unstorable_text(text)):
        raise _refused(reason if node is None else f"{print_ast(node)}: {reason}", node)
    return text


def _strict(scalar: GraphQLScalarType) -> None:
    """Check the text of a built-in scalar's input. Strawberry reserves String and ID (they
    cannot be redefined), and introspection shares graphql-core's objects, so these are
    wrapped where they stand; once per process, whichever schema is built first."""
    if getattr(scalar, "_gp_strict", False):
        return
    value, literal = scalar.coerce_input_value, scalar.coerce_input_literal
    assert literal is not None

    def coerce_value(input_value: Any) -> Any:
        return _checked(value(input_value))

    def coerce_literal(node: Any, *args: Any) -> Any:
        return _checked(literal(node, *args), node)

    scalar.coerce_input_value = coerce_value
    scalar.parse_value = coerce_value  # type: ignore[assignment]
    scalar.coerce_input_literal = coerce_literal
    scalar._gp_strict = True  # type: ignore[attr-defined]


def strict_text() -> None:
    _strict(GraphQLString)
    _strict(GraphQLID)


def _in_range(name: str, parse: Callable[[str], dt.date]) -> Callable[[object], dt.date]:
    def parse_value(value: object) -> dt.date:
        if not isinstance(value, str):
            raise _refused(f"{name} must be a string, got {value!r}")
        try:
            parsed = parse(value)
        except (ValueError, OverflowError) as error:
            raise _refused(f"{value!r} is not an ISO 8601 {name}: {error}") from None
        if isinstance(parsed, dt.datetime) and parsed.tzinfo is None:
            raise _refused(f"{value!r} has no time-zone offset: a {name} needs one (e.g. Z)")
        if reason := validation.date_out_of_range(parsed):
            raise _refused(reason)
        return parsed

    return parse_value


DATE = ScalarDefinition(
    name="Date",
    description=f"A calendar date, ISO 8601 (YYYY-MM-DD), {validation.DATE_RANGE}.",
    specified_by_url=None,
    serialize=methodcaller("isoformat"),
    parse_value=_in_range("Date", dt.date.fromisoformat),
    parse_literal=None,
    origin=dt.date,
)

DATETIME = ScalarDefinition(
    name="DateTime",
    description=(
        "A date and time, ISO 8601 with a time-zone offset (e.g. 2026-11-30T12:00:00Z);"
        f" in UTC, {validation.DATE_RANGE}."
    ),
    specified_by_url=None,
    serialize=methodcaller("isoformat"),
    parse_value=_in_range("DateTime", dt.datetime.fromisoformat),
    parse_literal=None,
    origin=dt.datetime,
)

SCALARS: dict[object, ScalarDefinition] = {dt.date: DATE, dt.datetime: DATETIME}
