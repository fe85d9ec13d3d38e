"""API tokens: create (the secret is returned once), list, revoke, and authenticate."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Select, Update, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.auth.models import ApiToken
from gp_api.db import WRITE
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise
from gp_api.pagination import Page, PageArgs, count, paginate
from gp_api.principal import Principal, Role

PREFIX = "gpa_"
# Refresh last_used_at at most this often: a write on every request would cost too much.
LAST_USED_RESOLUTION = dt.timedelta(seconds=60)
MAX_DAYS = 3650


class AuthenticationError(Exception):
    """The credentials are malformed, unknown, expired or revoked: the request must fail."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str


async def create_token(
    session: AsyncSession,
    *,
    principal: Principal,
    name: str,
    role: Role,
    actor_id: int | None = None,
    expires_in_days: int | None = None,
    now: dt.datetime | None = None,
) -> CreatedToken:
    now = now or dt.datetime.now(dt.UTC)
    clean_name = validation.required_text(name, "name", max_length=100)
    if role is Role.EDITOR and actor_id is None:
        raise DomainError(ErrorCode.REQUIRED, "an EDITOR token acts for one actor", ["actorId"])
    if role is not Role.EDITOR and actor_id is not None:
        raise DomainError(
            ErrorCode.INVALID, "only an EDITOR token is scoped to an actor", ["actorId"]
        )
    if actor_id is not None:
        await get_or_raise(session, Actor, actor_id, "actorId")
    validation.int_range(expires_in_days, "expiresInDays", minimum=1, maximum=MAX_DAYS)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=clean_name,
        role=role,
        actor_id=actor_id,
        token_hash=hash_secret(secret),
        prefix=secret[: len(PREFIX) + 4],
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(token)
    await events.append(
        session,
        principal=principal,
        type="api_token.created",
        subject=token,
        data=_public(token),
    )
    return CreatedToken(token, secret)


def _public(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.id,
        "name": token.name,
        "role": token.role.value,
        "actorId": token.actor_id,
        "prefix": token.prefix,
        "expiresAt": token.expires_at.isoformat() if token.expires_at else None,
        "revokedAt": token.revoked_at.isoformat() if token.revoked_at else None,
    }


def _tokens(include_revoked: bool) -> Select[ApiToken]:
    stmt = select(ApiToken)
    return stmt if include_revoked else stmt.where(ApiToken.revoked_at.is_(None))


async def list_tokens(
    session: AsyncSession, args: PageArgs, *, include_revoked: bool = True
) -> Page[ApiToken]:
    return await paginate(session, _tokens(include_revoked), [ApiToken.id], args)


async def count_tokens(session: AsyncSession, *, include_revoked: bool = True) -> int:
    return await count(session, _tokens(include_revoked))


async def revoke_token(
    session: AsyncSession, *, principal: Principal, token_id: int, now: dt.datetime | None = None
) -> ApiToken:
    token = await get_or_raise(session, ApiToken, token_id, "id")
    if token.revoked_at is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the token was already revoked at {token.revoked_at.isoformat()}",
            ["id"],
        )
    token.revoked_at = now or dt.datetime.now(dt.UTC)
    await events.append(
        session, principal=principal, type="api_token.revoked", subject=token, data=_public(token)
    )
    return token


def principal_of(token: ApiToken) -> Principal:
    return Principal(
        id=f"token:{token.id}",
        name=token.name,
        role=token.role,
        actor_id=token.actor_id,
        token_id=token.id,
        expires_at=token.expires_at,
    )


async def authenticate(
    session: AsyncSession, secret: str, now: dt.datetime | None = None
) -> Principal:
    """The principal a secret stands for. Raises AuthenticationError; never logs the secret."""
    now = now or dt.datetime.now(dt.UTC)
    if not secret.startswith(PREFIX) or len(secret) > 200:
        raise AuthenticationError("the API token is malformed")
    digest = hash_secret(secret)
    token = await session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        raise AuthenticationError("the API token is not valid")
    if token.revoked_at is not None:
        raise AuthenticationError("the API token was revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise AuthenticationError("the API token has expired")
    if _stale(token.last_used_at, now):
        # A write of its own, begun as one: on SQLite a read transaction that turns into a
        # write fails at once ("database is locked") when another connection wrote meanwhile.
        await session.commit()
        await session.connection(execution_options=WRITE)
        await session.execute(_record_use(token.id, now))
        await session.commit()
    return principal_of(token)


def _stale(last_used_at: dt.datetime | None, now: dt.datetime) -> bool:
    return last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION


def _record_use(token_id: int, now: dt.datetime) -> Update:
    """The token's last use, once per LAST_USED_RESOLUTION whatever the concurrency. Every
    request of a burst with one token finds the same stale `last_used_at`: the row is written
    by the first only. The others skip it, whether that write is still running (its row is
    locked: waiting would queue each behind the one before, commit after commit, and a
    mutation's own commit behind them all) or has committed (the row read here is fresh, and
    nothing is written, so the data version and every cached answer stay as they are)."""
    threshold = now - LAST_USED_RESOLUTION
    claimed = (
        select(ApiToken.id)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < threshold),
        )
        .with_for_update(skip_locked=True)  # SQLite: no row locks; it has one writer at a time
    )
    return update(ApiToken).where(ApiToken.id.in_(claimed)).values(last_used_at=now)


async def still_valid(session: AsyncSession, token_id: int, now: dt.datetime | None = None) -> bool:
    token = await session.get(ApiToken, token_id, populate_existing=True)
    return token is not None and token.usable(now or dt.datetime.now(dt.UTC))
