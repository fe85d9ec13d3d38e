"""DomainError -> UserError (mutations) or a public top-level error (queries), in one place."""

from __future__ import annotations

import enum
import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError

from gp_api.db import UNAVAILABLE_CODE
from gp_api.errors import DomainError, ErrorCode

log = logging.getLogger("gp_api.graphql")

strawberry.enum(ErrorCode, name="UserErrorCode", description="Why an input was refused.")


@strawberry.type(description="An input the server refused, with the path of the input field.")
class UserError:
    code: ErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")
    field: list[str] | None = strawberry.field(
        description='Path of the offending input field, e.g. ["input", "name"].'
    )

    @classmethod
    def from_domain(cls, error: DomainError, *, prefix: str | None = "input") -> UserError:
        path = None
        if error.field is not None:
            path = ([prefix] if prefix else []) + error.field
        return cls(code=error.code, message=error.message, field=path)


class PublicCode(enum.Enum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    # The database failed for reasons not the request's own (gp_api.db.unavailable): retry.
    SERVICE_UNAVAILABLE = UNAVAILABLE_CODE


class PublicError(GraphQLError):
    """A top-level error meant for the client; never masked."""

    def __init__(self, message: str, code: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code, **extensions})


def public(error: DomainError) -> PublicError:
    code = "NOT_FOUND" if error.code is ErrorCode.NOT_FOUND else "BAD_USER_INPUT"
    return PublicError(error.message, code, reason=error.code.value)


# strawberry's refusals of a document's operation (no operation by that name; a query or
# mutation over the older graphql-ws protocol, which carries subscriptions only): client
# mistakes, with messages written for the client.
OPERATION_REFUSALS = (CannotGetOperationTypeError, InvalidOperationTypeError)


def should_mask(error: GraphQLError) -> bool:
    """Mask every error from a resolver that was not raised on purpose for the client."""
    original = error.original_error
    if original is None or isinstance(original, (PublicError, *OPERATION_REFUSALS)):
        return False
    return not isinstance(original, GraphQLError)
