"""Running one mutation as one transaction: commit on success, nothing written on error.
A committed write is logged by `gp_api.logs` (one line per event); a refused one here.

Every mutation is `mutate(info, <service call>, <Payload>, <field>=<how to show it>)`: the
permission is the resolver's `permission_classes`, the service call runs in its own unit of
work as the request's principal, and the payload is built from what it returned (or carries
the userErrors, its other fields null, when the service refused)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.db import WRITE
from gp_api.errors import DomainError, ErrorCode
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.principal import Principal

T = TypeVar("T")
P = TypeVar("P")
log = structlog.stdlib.get_logger("gp_api.writes")


async def mutate(
    info: Info,
    call: Callable[[AsyncSession, Principal], Awaitable[T]],
    payload: Callable[..., P],
    **fields: Callable[[T], Any],
) -> P:
    """One mutation: `call(session, principal)` in its own transaction, then
    `payload(<field>=fields[<field>](result), user_errors=[])`; when refused,
    `payload(<field>=None, user_errors=[why])`."""
    principal = info.context.principal
    result, errors = await write(info, lambda session: call(session, principal))
    if errors or result is None:
        return payload(**dict.fromkeys(fields), user_errors=errors)
    built = {name: show(result) for name, show in fields.items()}
    return payload(**built, user_errors=errors)


async def write(
    info: Info, op: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    """Run `op` in its own transaction. A DomainError (or a constraint the database enforces
    against a concurrent write) rolls everything back and becomes a UserError."""
    ctx = info.context

    async def transaction(session: AsyncSession) -> tuple[T | None, list[UserError]]:
        if session.in_transaction():
            # Only reads can have happened: start the write from a fresh snapshot.
            await session.rollback()
        try:
            async with session.begin():
                await session.connection(execution_options=WRITE)
                return await op(session), []
        except DomainError as error:
            log.info("write.refused", code=error.code.value, field=error.field)
            return None, [UserError.from_domain(error)]
        except IntegrityError as error:
            log.info("write.refused", code=ErrorCode.CONFLICT.value, constraint=str(error.orig))
            return None, [
                UserError(
                    code=ErrorCode.CONFLICT,
                    message="the change conflicts with data saved at the same time; "
                    "reload and try again",
                    field=None,
                )
            ]

    result = await ctx.run(transaction)
    ctx.forget_loaded()
    return result
