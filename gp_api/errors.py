"""Errors the domain raises. No GraphQL here: gp_api/graphql/errors.py maps them."""

from __future__ import annotations

import enum
from collections.abc import Sequence


class ErrorCode(enum.Enum):
    """What went wrong, for clients to branch on."""

    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    DUPLICATE = "DUPLICATE"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    GUARD_FAILED = "GUARD_FAILED"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    REASON_REQUIRED = "REASON_REQUIRED"


class DomainError(Exception):
    """An expected failure of a use case; nothing it touched is to be committed."""

    def __init__(self, code: ErrorCode, message: str, field: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = list(field) if field is not None else None


class ConfigError(Exception):
    """A setting or command-line value that cannot be used; shown as one line."""


class CliError(Exception):
    """A failure of a command-line task, reported as one line."""
