"""Relay global IDs: base64 of "TypeName:pk". Decoding failures say what is wrong.

A number is accepted only if the id column of the model it names can hold it (a 32-bit
INTEGER, or a 64-bit BIGINT for events; read from the models, where the columns are declared),
so a database never sees a value it cannot compare with.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import Integer

from gp_api import models
from gp_api.db import largest_int
from gp_api.errors import DomainError, ErrorCode

# Largest id per model name; a type not in it is held to the narrowest column.
MAX_ID: dict[str, int] = {
    mapper.class_.__name__: largest_int(mapper.primary_key[0].type)
    for mapper in models.Base.registry.mappers
    if len(mapper.primary_key) == 1
}
NARROWEST = largest_int(Integer())


def encode(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode(global_id: str, field: str = "id") -> tuple[str, int]:
    """(type name, primary key) of a global ID; INVALID when it is not one of ours."""
    try:
        raw = base64.b64decode(global_id.encode("ascii"), validate=True).decode()
        type_name, _, pk = raw.partition(":")
        if not type_name or not pk.isascii() or not pk.isdigit() or len(pk) > 19:
            raise ValueError
    except (binascii.Error, ValueError, UnicodeError):
        raise DomainError(
            ErrorCode.INVALID, f"{field}: {global_id!r} is not a valid global ID", [field]
        ) from None
    number, largest = int(pk), MAX_ID.get(type_name, NARROWEST)
    if number > largest:
        raise DomainError(
            ErrorCode.INVALID,
            f"{field}: {global_id!r} is not a valid global ID ({type_name} numbers go up to"
            f" {largest})",
            [field],
        )
    return type_name, number


def decode_as(global_id: str, expected: str, field: str = "id") -> int:
    """The primary key of a global ID that must name an object of type `expected`."""
    type_name, pk = decode(global_id, field)
    if type_name != expected:
        raise DomainError(
            ErrorCode.INVALID,
            f"{field}: expected the ID of a {expected}, got the ID of a {type_name}",
            [field],
        )
    return pk
