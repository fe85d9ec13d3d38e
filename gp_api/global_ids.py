"""Relay global IDs: base64 of "TypeName:pk". Decoding failures say what is wrong."""

from __future__ import annotations

import base64
import binascii

from gp_api.errors import DomainError, ErrorCode


def encode(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode(global_id: str, field: str = "id") -> tuple[str, int]:
    """(type name, primary key) of a global ID; INVALID when it is not one of ours."""
    try:
        raw = base64.b64decode(global_id.encode("ascii"), validate=True).decode()
        type_name, _, pk = raw.partition(":")
        if not type_name or not pk.isdigit() or len(pk) > 18:
            raise ValueError
        return type_name, int(pk)
    except (binascii.Error, ValueError, UnicodeError):
        raise DomainError(
            ErrorCode.INVALID, f"{field}: {global_id!r} is not a valid global ID", [field]
        ) from None


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
