"""General Assembly agenda items by the rules of procedure: creating, correcting, and the two
moves that carry data (allocating the item, deferring it to a later session)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor
from gp_api.documents import service as documents
from gp_api.documents.models import DocumentKind
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.ga.models import (
    TOPIC_FLAGS,
    AgendaItem,
    AgendaItemAllocation,
    AgendaItemOrigin,
    AgendaList,
    Allocation,
    Resolution,
    Topic,
)
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from gp_api.sessions import service as sessions
from gp_api.workflow import service as workflow
from workflows import agenda_item
from workflows.agenda_item import AllocationPayload, DeferralPayload
from workflows.resolution import SETTLED

SUB_ITEM = re.compile(r"^[a-z]{1,2}$")
# The fields an item is created with and corrected by (model attribute names).
FIELDS = (
    "title",
    "session",
    "item_number",
    "origin",
    "agenda_list",
    "proposer_id",
    "explanatory_memorandum",
    "mandated_by_symbol",
    "continues_id",
    "parent_id",
    "sub_item",
    "topics",
    "source_url",
    "confidence",
)
# The input field each model attribute comes from, for userErrors.
INPUT_NAMES = {
    "session": "session",
    "item_number": "itemNumber",
    "agenda_list": "list",
    "proposer_id": "proposerId",
    "explanatory_memorandum": "explanatoryMemorandum",
    "mandated_by_symbol": "mandatedBySymbol",
    "continues_id": "continuesId",
    "parent_id": "parentId",
    "sub_item": "subItem",
    "source_url": "sourceUrl",
}


def _symbol(value: str | None, field: str) -> str | None:
    """A mandating resolution's (or decision's) symbol, in its canonical form."""
    value = validation.text(value, field, max_length=40, required=False)
    if value is None:
        return None
    parsed = documents.parse_symbol(value, field)
    if parsed.kind not in (DocumentKind.RESOLUTION, DocumentKind.DECISION):
        raise DomainError(
            ErrorCode.INVALID,
            f"{field} {parsed.text} is not the symbol of a resolution or decision"
            " (A/RES/60/1, A/DEC/60/550, E/RES/2006/27 ...)",
            [field],
        )
    return parsed.text


async def _recorded(session: AsyncSession, principal: Principal, item: AgendaItem) -> None:
    """The item's session and the mandating document are in the record (created bare when
    missing: a session by its number, a document by its symbol)."""
    await sessions.ensure_session(session, principal=principal, number=item.session)
    if item.mandated_by_symbol is not None:
        symbol = documents.parse_symbol(item.mandated_by_symbol, "mandatedBySymbol")
        assert symbol.kind is not None  # checked by _symbol
        await documents.ensure_document(
            session,
            principal=principal,
            symbol=symbol.text,
            kind=symbol.kind,
            field="mandatedBySymbol",
        )


async def _validated(
    session: AsyncSession, values: Mapping[str, Any], own_id: int | None
) -> dict[str, Any]:
    """The item's fields checked together (model attribute names; `topics` a list)."""
    number: int = values["session"]
    validation.int_range(number, "session", minimum=1, maximum=999)
    validation.int_range(values.get("item_number"), "itemNumber", minimum=1, maximum=999)
    clean: dict[str, Any] = {
        "title": validation.required_text(values.get("title"), "title", max_length=300),
        "session": number,
        "item_number": values.get("item_number"),
        "origin": values.get("origin") or AgendaItemOrigin.REQUESTED,
        "agenda_list": values.get("agenda_list"),
        "proposer_id": values.get("proposer_id"),
        "explanatory_memorandum": validation.text(
            values.get("explanatory_memorandum"),
            "explanatoryMemorandum",
            max_length=20_000,
            required=False,
        ),
        "mandated_by_symbol": _symbol(values.get("mandated_by_symbol"), "mandatedBySymbol"),
        "continues_id": values.get("continues_id"),
        "parent_id": values.get("parent_id"),
        "sub_item": validation.text(
            values.get("sub_item"), "subItem", max_length=5, required=False
        ),
        "source_url": validation.url(values.get("source_url"), "sourceUrl"),
        "confidence": values.get("confidence"),
    }
    topics: Sequence[Topic] = values.get("topics") or ()
    for topic, column in TOPIC_FLAGS.items():
        clean[column] = topic in topics
    if clean["proposer_id"] is not None:
        await get_or_raise(session, Actor, clean["proposer_id"], "proposerId")
    if clean["continues_id"] is not None:
        if clean["continues_id"] == own_id:
            raise DomainError(ErrorCode.INVALID, "an item cannot continue itself", ["continuesId"])
        earlier = await get_or_raise(session, AgendaItem, clean["continues_id"], "continuesId")
        if earlier.session >= number:
            raise DomainError(
                ErrorCode.INVALID,
                f"continuesId must be an item of an earlier session than {number} (it is of"
                f" session {earlier.session})",
                ["continuesId"],
            )
    if clean["parent_id"] is not None:
        await _check_parent(session, clean, own_id)
    elif clean["sub_item"] is not None:
        raise DomainError(
            ErrorCode.INVALID, "subItem is for a sub-item: give its parentId too", ["subItem"]
        )
    if clean["item_number"] is not None:
        clash = select(AgendaItem.id).where(
            AgendaItem.session == number, AgendaItem.item_number == clean["item_number"]
        )
        if own_id is not None:
            clash = clash.where(AgendaItem.id != own_id)
        if await session.scalar(clash) is not None:
            raise DomainError(
                ErrorCode.DUPLICATE,
                f"session {number} already has an item {clean['item_number']}",
                ["itemNumber"],
            )
    return clean


async def _check_parent(session: AsyncSession, clean: dict[str, Any], own_id: int | None) -> None:
    if clean["parent_id"] == own_id:
        raise DomainError(ErrorCode.INVALID, "an item cannot be its own sub-item", ["parentId"])
    parent = await get_or_raise(session, AgendaItem, clean["parent_id"], "parentId")
    if parent.parent_id is not None:
        raise DomainError(
            ErrorCode.INVALID, "parentId is itself a sub-item: give the main item", ["parentId"]
        )
    if parent.session != clean["session"]:
        raise DomainError(
            ErrorCode.INVALID,
            f"the parent item is of session {parent.session}, not {clean['session']}",
            ["parentId"],
        )
    if clean["item_number"] is not None:
        raise DomainError(
            ErrorCode.INVALID,
            "a sub-item takes its number from its parent: leave itemNumber out",
            ["itemNumber"],
        )
    if clean["sub_item"] is None or not SUB_ITEM.match(clean["sub_item"]):
        raise DomainError(
            ErrorCode.REQUIRED if clean["sub_item"] is None else ErrorCode.INVALID,
            "a sub-item needs its letter in subItem, e.g. a for 104 (a)",
            ["subItem"],
        )
    if own_id is not None and await session.scalar(
        select(AgendaItem.id).where(AgendaItem.parent_id == own_id).limit(1)
    ):
        raise DomainError(
            ErrorCode.INVALID, "the item has sub-items of its own: it cannot be one", ["parentId"]
        )
    clash = select(AgendaItem.id).where(
        AgendaItem.parent_id == clean["parent_id"], AgendaItem.sub_item == clean["sub_item"]
    )
    if own_id is not None:
        clash = clash.where(AgendaItem.id != own_id)
    if await session.scalar(clash) is not None:
        raise DomainError(
            ErrorCode.DUPLICATE,
            f"the parent item already has a sub-item ({clean['sub_item']})",
            ["subItem"],
        )


async def create_agenda_item(
    session: AsyncSession,
    *,
    principal: Principal,
    title: str,
    session_number: int,
    item_number: int | None = None,
    origin: AgendaItemOrigin = AgendaItemOrigin.REQUESTED,
    agenda_list: AgendaList | None = None,
    proposer_id: int | None = None,
    explanatory_memorandum: str | None = None,
    mandated_by_symbol: str | None = None,
    continues_id: int | None = None,
    parent_id: int | None = None,
    sub_item: str | None = None,
    topics: Sequence[Topic] = (),
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> AgendaItem:
    """A new item, LISTED; its origin is checked for completeness when it is included."""
    values = {
        "title": title,
        "session": session_number,
        "item_number": item_number,
        "origin": origin,
        "agenda_list": agenda_list,
        "proposer_id": proposer_id,
        "explanatory_memorandum": explanatory_memorandum,
        "mandated_by_symbol": mandated_by_symbol,
        "continues_id": continues_id,
        "parent_id": parent_id,
        "sub_item": sub_item,
        "topics": topics,
        "source_url": source_url,
        "confidence": confidence,
    }
    clean = await _validated(session, values, None)
    await sessions.ensure_session(session, principal=principal, number=session_number)
    item = AgendaItem(
        **clean,
        state=agenda_item.INITIAL,
        workflow_version=agenda_item.VERSION,
    )
    await _recorded(session, principal, item)
    session.add(item)
    await events.append(session, principal=principal, type="agenda_item.created", subject=item)
    return item


def _current(item: AgendaItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "session": item.session,
        "item_number": item.item_number,
        "origin": item.origin,
        "agenda_list": item.agenda_list,
        "proposer_id": item.proposer_id,
        "explanatory_memorandum": item.explanatory_memorandum,
        "mandated_by_symbol": item.mandated_by_symbol,
        "continues_id": item.continues_id,
        "parent_id": item.parent_id,
        "sub_item": item.sub_item,
        "topics": item.topics,
        "source_url": item.source_url,
        "confidence": item.confidence,
    }


async def update_agenda_item(
    session: AsyncSession,
    *,
    principal: Principal,
    item_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> AgendaItem:
    """Correct an item's data: the given fields only (model attribute names), the whole item
    validated again; recorded by an `agenda_item.updated` event. Its state moves only by its
    workflow."""
    item = await get_or_raise(session, AgendaItem, item_id, "id")
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:  # pragma: no cover - the GraphQL input has no other fields
        raise DomainError(ErrorCode.INVALID, f"unknown fields {unknown}", unknown)
    if expected_version is not None and expected_version != item.version:
        raise DomainError(
            ErrorCode.VERSION_CONFLICT,
            f"expectedVersion is {expected_version} but the item is at version {item.version}:"
            " reload it and decide again",
            ["expectedVersion"],
        )
    current = _current(item)
    if "topics" in changes and changes["topics"] is not None:
        changes = {**changes, "topics": list(dict.fromkeys(changes["topics"]))}
    changed = {
        k: v
        for k, v in changes.items()
        if (sorted(t.value for t in v or ()) if k == "topics" else v)
        != (sorted(t.value for t in current[k]) if k == "topics" else current[k])
    }
    if not changed:
        raise DomainError(
            ErrorCode.INVALID,
            "nothing to change: every field given already has that value (give at least one"
            " field with a new value)",
            [],
        )
    if "session" in changed and await session.scalar(
        select(AgendaItem.id).where(AgendaItem.parent_id == item.id).limit(1)
    ):
        raise DomainError(
            ErrorCode.INVALID,
            "the item has sub-items: correct their session with the item's own is not possible"
            " here (move the sub-items first)",
            ["session"],
        )
    clean = await _validated(session, {**current, **changed}, item.id)
    if "session" in changed:
        await sessions.ensure_session(session, principal=principal, number=clean["session"])
    for key, value in clean.items():
        setattr(item, key, value)
    await _recorded(session, principal, item)
    names = sorted({INPUT_NAMES.get(k, k) for k in changed})
    await events.append(
        session,
        principal=principal,
        type="agenda_item.updated",
        subject=item,
        data={"changed": names, "agenda_item": snapshot(item)},
    )
    return item


# ---------------------------------------------------------------------------------------------
# The moves that carry data


async def allocation_payload(
    session: AsyncSession,
    item: AgendaItem,
    forum: Allocation,
    resolution_id: int | None,
) -> AllocationPayload:
    """What the `allocate` guard needs to know of an allocation."""
    draft: Resolution | None = None
    if resolution_id is not None:
        draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    recorded = select(AgendaItemAllocation.id).where(
        AgendaItemAllocation.agenda_item_id == item.id, AgendaItemAllocation.forum == forum
    )
    recorded = recorded.where(
        AgendaItemAllocation.resolution_id.is_(None)
        if resolution_id is None
        else AgendaItemAllocation.resolution_id == resolution_id
    )
    return AllocationPayload(
        forum=forum.value,
        for_draft=draft is not None,
        draft_under_item=draft is None or draft.agenda_item_id == item.id,
        draft_settled=draft is not None and draft.state in SETTLED,
        already_recorded=await session.scalar(recorded.limit(1)) is not None,
    )


async def allocate_agenda_item(
    session: AsyncSession,
    *,
    principal: Principal,
    item_id: int,
    forum: Allocation,
    decided_on: dt.date | None = None,
    resolution_id: int | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> workflow.Advanced:
    """The `allocate` move with its data: one more allocation of the item (to the plenary or
    a Main Committee, or, with `resolution_id`, that one draft taken directly in plenary)."""
    if decided_on is not None:
        if decided_on > dt.datetime.now(dt.UTC).date():
            raise DomainError(
                ErrorCode.INVALID, "decidedOn must not be in the future", ["decidedOn"]
            )
        problem = validation.date_out_of_range(decided_on)
        if problem:
            raise DomainError(ErrorCode.OUT_OF_RANGE, f"decidedOn {problem}", ["decidedOn"])
    url = validation.url(source_url, "sourceUrl")
    item = await get_or_raise(session, AgendaItem, item_id, "agendaItemId")
    payload = await allocation_payload(session, item, forum, resolution_id)

    async def apply(session: AsyncSession, subject: Any, _at: dt.datetime) -> Any:
        allocation = AgendaItemAllocation(
            agenda_item_id=subject.id,
            forum=forum,
            decided_on=decided_on,
            resolution_id=resolution_id,
            source_url=url,
            confidence=confidence,
        )
        session.add(allocation)
        return allocation

    return await _advance_with(
        session,
        principal=principal,
        item_id=item.id,
        trigger="allocate",
        reason=reason,
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        payload=payload,
        apply=apply,
    )


async def defer_agenda_item(
    session: AsyncSession,
    *,
    principal: Principal,
    item_id: int,
    to_session: int,
    reason: str | None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> workflow.Advanced:
    """The `defer` move with its data: the item continues at `to_session` as a new item,
    LISTED there, CARRIED_OVER, continuing this one."""
    validation.int_range(to_session, "toSession", minimum=1, maximum=999)
    url = validation.url(source_url, "sourceUrl")
    item = await get_or_raise(session, AgendaItem, item_id, "agendaItemId")
    continued = await session.scalar(
        select(AgendaItem.id)
        .where(AgendaItem.continues_id == item.id, AgendaItem.session == to_session)
        .limit(1)
    )
    payload = DeferralPayload(to_session=to_session, already_continued=continued is not None)

    async def apply(session: AsyncSession, subject: Any, _at: dt.datetime) -> Any:
        return await create_agenda_item(
            session,
            principal=principal,
            title=subject.title,
            session_number=to_session,
            origin=AgendaItemOrigin.CARRIED_OVER,
            continues_id=subject.id,
            topics=subject.topics,
            source_url=url,
            confidence=confidence,
        )

    return await _advance_with(
        session,
        principal=principal,
        item_id=item.id,
        trigger="defer",
        reason=reason,
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        payload=payload,
        apply=apply,
    )


async def continued_by(session: AsyncSession, item_id: int, to_session: int) -> AgendaItem | None:
    """The item that continues `item_id` at `to_session` (after a deferral)."""
    found: AgendaItem | None = await session.scalar(
        select(AgendaItem).where(
            AgendaItem.continues_id == item_id, AgendaItem.session == to_session
        )
    )
    return found


async def _advance_with(
    session: AsyncSession,
    *,
    principal: Principal,
    item_id: int,
    trigger: str,
    reason: str | None,
    expected_version: int | None,
    idempotency_key: str | None,
    payload: AllocationPayload | DeferralPayload,
    apply: workflow.Apply,
) -> workflow.Advanced:
    """The move with its data, through the workflow engine: version, idempotency key, guards
    (which see the payload), then `apply` writes the data and the move is recorded."""
    return await workflow.advance(
        session,
        principal=principal,
        subject_type="AgendaItem",
        subject_id=item_id,
        trigger=trigger,
        reason=reason,
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        payload=payload,
        apply=apply,
    )
