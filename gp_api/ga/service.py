"""General Assembly agenda items, draft resolutions, sponsors and adoptions."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.ga.models import (
    Adoption,
    AdoptionForum,
    AdoptionMethod,
    AgendaItem,
    Resolution,
    SponsorKind,
    Sponsorship,
)
from gp_api.lookup import get_or_raise
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from workflows.agenda_item import AgendaItemState
from workflows.resolution import ResolutionState

# UN document symbols: A/RES/61/180, A/C.3/61/L.17, A/64/L.64 ...
SYMBOL = re.compile(r"^[A-Z][A-Z0-9.\-]*(/[A-Za-z0-9.\-]+)+$")
FINAL_RESOLUTION_STATES = (
    ResolutionState.ADOPTED,
    ResolutionState.REJECTED,
    ResolutionState.WITHDRAWN,
)


def _symbol(value: str | None, field: str) -> str | None:
    value = validation.text(value, field, max_length=40, required=False)
    if value is not None and not SYMBOL.match(value):
        raise DomainError(
            ErrorCode.INVALID,
            f"{field} {value!r} is not a UN document symbol (e.g. A/RES/61/180)",
            [field],
        )
    return value


async def _check_symbol_free(
    session: AsyncSession, column: str, value: str | None, field: str, own_id: int | None
) -> None:
    if value is None:
        return
    col = getattr(Resolution, column)
    stmt = select(Resolution.id).where(func.upper(col) == value.upper())
    if own_id is not None:
        stmt = stmt.where(Resolution.id != own_id)
    if await session.scalar(stmt) is not None:
        raise DomainError(ErrorCode.DUPLICATE, f"{value} is already used by a resolution", [field])


async def create_draft_resolution(
    session: AsyncSession,
    *,
    principal: Principal,
    agenda_item_id: int,
    title: str,
    omnibus: bool = False,
    draft_symbol: str | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Resolution:
    item = await get_or_raise(session, AgendaItem, agenda_item_id, "agendaItemId")
    if item.state in (AgendaItemState.CONCLUDED, AgendaItemState.WITHDRAWN):
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the agenda item is {item.state.value}: no new drafts under it",
            ["agendaItemId"],
        )
    symbol = _symbol(draft_symbol, "draftSymbol")
    await _check_symbol_free(session, "draft_symbol", symbol, "draftSymbol", None)
    resolution = Resolution(
        agenda_item_id=item.id,
        title=validation.required_text(title, "title", max_length=300),
        omnibus=omnibus,
        draft_symbol=symbol,
        state=ResolutionState.DRAFTING,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(resolution)
    await events.append(session, principal=principal, type="resolution.drafted", subject=resolution)
    return resolution


async def add_sponsor(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    actor_id: int,
    kind: SponsorKind,
    joined_on: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Sponsorship:
    resolution = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    actor = await get_or_raise(session, Actor, actor_id, "actorId")
    if resolution.state in FINAL_RESOLUTION_STATES:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the resolution is {resolution.state.value}: sponsors can no longer join",
            ["resolutionId"],
        )
    existing = await session.scalar(
        select(Sponsorship.id).where(
            Sponsorship.resolution_id == resolution.id, Sponsorship.actor_id == actor.id
        )
    )
    if existing is not None:
        raise DomainError(
            ErrorCode.DUPLICATE, f"{actor.name} already sponsors this resolution", ["actorId"]
        )
    sponsorship = Sponsorship(
        resolution_id=resolution.id,
        actor_id=actor.id,
        kind=kind,
        joined_on=joined_on,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(sponsorship)
    await events.append(
        session, principal=principal, type="resolution.sponsor_added", subject=sponsorship
    )
    return sponsorship


async def record_adoption(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    forum: AdoptionForum,
    method: AdoptionMethod,
    adopted_on: dt.date,
    yes_count: int | None = None,
    no_count: int | None = None,
    abstain_count: int | None = None,
    document_symbol: str | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Adoption:
    """Record how a forum took the draft. In the plenary, the document symbol is the final
    resolution symbol (A/RES/...), which the resolution then carries."""
    resolution = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    if resolution.state in (ResolutionState.REJECTED, ResolutionState.WITHDRAWN):
        raise DomainError(
            ErrorCode.CONFLICT, f"the resolution is {resolution.state.value}", ["resolutionId"]
        )
    counts = {"yes": yes_count, "no": no_count, "abstain": abstain_count}
    if method is AdoptionMethod.RECORDED:
        for name, value in counts.items():
            if value is None:
                raise DomainError(
                    ErrorCode.REQUIRED, f"a recorded vote needs the {name} count", [f"{name}Count"]
                )
            validation.int_range(value, f"{name}Count", minimum=0, maximum=1000)
    elif any(v is not None for v in counts.values()):
        raise DomainError(
            ErrorCode.INVALID, "an adoption without a vote has no vote counts", ["method"]
        )
    if adopted_on > dt.datetime.now(dt.UTC).date():
        raise DomainError(ErrorCode.INVALID, "adoptedOn must not be in the future", ["adoptedOn"])
    symbol = _symbol(document_symbol, "documentSymbol")
    existing = await session.scalar(
        select(Adoption.id).where(Adoption.resolution_id == resolution.id, Adoption.forum == forum)
    )
    if existing is not None:
        raise DomainError(
            ErrorCode.DUPLICATE, f"an adoption in the {forum.value} is already recorded", ["forum"]
        )
    if forum is AdoptionForum.PLENARY and symbol is not None:
        await _check_symbol_free(session, "symbol", symbol, "documentSymbol", resolution.id)
        resolution.symbol = symbol
    adoption = Adoption(
        resolution_id=resolution.id,
        forum=forum,
        method=method,
        yes_count=yes_count,
        no_count=no_count,
        abstain_count=abstain_count,
        adopted_on=adopted_on,
        document_symbol=symbol,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(adoption)
    await events.append(
        session, principal=principal, type="resolution.adoption_recorded", subject=adoption
    )
    return adoption


async def resolution_of(session: AsyncSession, adoption: Adoption) -> Resolution:
    """The resolution an adoption is about (with its symbol once adopted in plenary)."""
    resolution = await session.get(Resolution, adoption.resolution_id)
    assert resolution is not None  # the foreign key
    return resolution
