"""General Assembly agenda items, draft resolutions, sponsors and adoptions."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.ga.models import (
    AgendaItem,
    Allocation,
)
from gp_api.lookup import get_or_raise
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from gp_api.sessions import service as sessions
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


async def create_agenda_item(
    session: AsyncSession,
    *,
    principal: Principal,
    title: str,
    session_number: int,
    item_number: int | None = None,
    proposer_id: int | None = None,
    explanatory_memorandum: str | None = None,
    allocated_to: Allocation | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> AgendaItem:
    validation.int_range(session_number, "session", minimum=1, maximum=999)
    validation.int_range(item_number, "itemNumber", minimum=1, maximum=999)
    if proposer_id is not None:
        await get_or_raise(session, Actor, proposer_id, "proposerId")
    if item_number is not None:
        clash = await session.scalar(
            select(AgendaItem.id).where(
                AgendaItem.session == session_number, AgendaItem.item_number == item_number
            )
        )
        if clash is not None:
            raise DomainError(
                ErrorCode.DUPLICATE,
                f"session {session_number} already has an item {item_number}",
                ["itemNumber"],
            )
    await sessions.ensure_session(session, principal=principal, number=session_number)
    item = AgendaItem(
        title=validation.required_text(title, "title", max_length=300),
        session=session_number,
        item_number=item_number,
        proposer_id=proposer_id,
        explanatory_memorandum=validation.text(
            explanatory_memorandum, "explanatoryMemorandum", max_length=20_000, required=False
        ),
        allocated_to=allocated_to,
        state=AgendaItemState.PROPOSED,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(item)
    await events.append(session, principal=principal, type="agenda_item.created", subject=item)
    return item
