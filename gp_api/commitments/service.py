"""Commitments, deliverables and progress reports."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor, ActorKind
from gp_api.commitments import terms
from gp_api.commitments.models import (
    Commitment,
    Deliverable,
    DeliverableStatus,
    Determinant,
    Pillar,
    ProgressReport,
    Scope,
)
from gp_api.documents import service as documents
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.lookup import get_or_raise, snapshot
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from workflows.commitment import CommitmentState

CLOSED = (CommitmentState.DELIVERED, CommitmentState.WITHDRAWN)


async def _open_commitment(session: AsyncSession, commitment_id: int) -> Commitment:
    commitment = await get_or_raise(session, Commitment, commitment_id, "commitmentId")
    if commitment.state in CLOSED:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the commitment is {commitment.state.value} and takes no more changes",
            ["commitmentId"],
        )
    return commitment


async def _countries(
    session: AsyncSession, codes: Sequence[str] | None, actor_ids: Sequence[int] | None
) -> list[str]:
    """ISO 3166-1 alpha-2 codes given as codes and as state actors (their codes), in order,
    without repeats."""
    found = terms.country_codes(codes)
    for actor_id in actor_ids or ():
        actor = await get_or_raise(session, Actor, actor_id, "countryActorIds")
        if actor.kind is not ActorKind.STATE or actor.iso_alpha2 is None:
            raise DomainError(
                ErrorCode.INVALID,
                f"{actor.name} is no state with an ISO 3166-1 code",
                ["countryActorIds"],
            )
        if actor.iso_alpha2 not in found:
            found.append(actor.iso_alpha2)
    return terms.unique(found, "countries")


async def create_commitment(
    session: AsyncSession,
    *,
    principal: Principal,
    actor_id: int,
    determinants: Sequence[Determinant],
    title: str,
    description: str | None = None,
    pillars: Sequence[Pillar] | None = None,
    sdg_targets: Sequence[str] | None = None,
    scope: Scope | None = None,
    countries: Sequence[str] | None = None,
    country_actor_ids: Sequence[int] | None = None,
    pledge_amount: decimal.Decimal | None = None,
    pledge_currency: str | None = None,
    evidence: Sequence[str] | None = None,
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    mandate_symbol: str | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> Commitment:
    """Record a commitment (PLEDGED). Every term is checked before anything is written."""
    actor = await get_or_raise(session, Actor, actor_id, "actorId")
    validation.date_order(starts_on, due_on, "dueOn", "dueOn must not be before startsOn")
    checked_countries = await _countries(session, countries, country_actor_ids)
    terms.scope_and_countries(scope, checked_countries)
    amount, currency = terms.pledge(pledge_amount, pledge_currency)
    commitment = Commitment(
        actor_id=actor.id,
        determinants=terms.enums(determinants, "determinants", required=True),
        pillars=terms.enums(pillars, "pillars", required=False),
        sdg_targets=terms.sdg_targets(sdg_targets),
        scope=scope,
        countries=checked_countries,
        pledge_amount=amount,
        pledge_currency=currency,
        evidence=terms.evidence(evidence),
        title=validation.required_text(title, "title", max_length=300),
        description=validation.text(description, "description", max_length=10_000, required=False),
        starts_on=starts_on,
        due_on=due_on,
        mandate_symbol=await documents.mandate_document(session, principal, mandate_symbol),
        state=CommitmentState.PLEDGED,
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(commitment)
    await events.append(session, principal=principal, type="commitment.created", subject=commitment)
    return commitment


async def add_deliverable(
    session: AsyncSession,
    *,
    principal: Principal,
    commitment_id: int,
    title: str,
    due_on: dt.date | None = None,
) -> Deliverable:
    commitment = await _open_commitment(session, commitment_id)
    deliverable = Deliverable(
        commitment_id=commitment.id,
        title=validation.required_text(title, "title", max_length=300),
        due_on=due_on,
        status=DeliverableStatus.PENDING,
    )
    session.add(deliverable)
    await events.append(session, principal=principal, type="deliverable.added", subject=deliverable)
    return deliverable


async def submit_progress_report(
    session: AsyncSession,
    *,
    principal: Principal,
    commitment_id: int,
    summary: str,
    percent_complete: int | None = None,
    submitted_at: dt.datetime | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> ProgressReport:
    commitment = await _open_commitment(session, commitment_id)
    validation.int_range(percent_complete, "percentComplete", minimum=0, maximum=100)
    at = validation.aware(submitted_at, "submittedAt") if submitted_at else None
    if at is not None and at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
        raise DomainError(
            ErrorCode.INVALID, "submittedAt must not be in the future", ["submittedAt"]
        )
    report = ProgressReport(
        commitment_id=commitment.id,
        summary=validation.required_text(summary, "summary", max_length=10_000),
        percent_complete=percent_complete,
        submitted_at=at or dt.datetime.now(dt.UTC),
        source_url=validation.url(source_url, "sourceUrl"),
        confidence=confidence,
    )
    session.add(report)
    await events.append(
        session, principal=principal, type="progress_report.submitted", subject=report
    )
    return report


async def set_deliverable_status(
    session: AsyncSession, *, principal: Principal, deliverable_id: int, status: DeliverableStatus
) -> Deliverable:
    """Mark a deliverable delivered, dropped, or pending again (the commitment must be open)."""
    deliverable = await get_or_raise(session, Deliverable, deliverable_id, "deliverableId")
    await _open_commitment(session, deliverable.commitment_id)
    if deliverable.status is status:
        raise DomainError(
            ErrorCode.CONFLICT, f"the deliverable is already {status.value}", ["status"]
        )
    deliverable.status = status
    await events.append(
        session, principal=principal, type="deliverable.status_changed", subject=deliverable
    )
    return deliverable


async def owner_of_commitment(session: AsyncSession, commitment_id: int) -> int | None:
    """The actor whose commitment this is (None if there is no such commitment)."""
    return await session.scalar(select(Commitment.actor_id).where(Commitment.id == commitment_id))


async def owner_of_deliverable(session: AsyncSession, deliverable_id: int) -> int | None:
    return await session.scalar(
        select(Commitment.actor_id)
        .join(Deliverable, Deliverable.commitment_id == Commitment.id)
        .where(Deliverable.id == deliverable_id)
    )


async def update_commitment(
    session: AsyncSession,
    *,
    principal: Principal,
    commitment_id: int,
    changes: Mapping[str, Any],
) -> Commitment:
    """Change the given fields (see UPDATABLE) of an open commitment; its state moves only by
    workflow. Every change is checked, and the terms together (scope and countries, pledge
    amount and currency, dates), before the row changes: a refusal writes nothing."""
    commitment = await _open_commitment(session, commitment_id)
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise DomainError(ErrorCode.INVALID, f"cannot change {sorted(unknown)}", None)
    for field in NOT_NULL & set(changes):
        if changes[field] is None:
            name = _graphql_name(field)
            raise DomainError(ErrorCode.REQUIRED, f"{name} cannot be null", [name])
    new: dict[str, Any] = {}
    if "title" in changes:
        new["title"] = validation.required_text(changes["title"], "title", max_length=300)
    if "description" in changes:
        new["description"] = validation.text(
            changes["description"], "description", max_length=10_000, required=False
        )
    if "determinants" in changes:
        new["determinants"] = terms.enums(changes["determinants"], "determinants", required=True)
    if "pillars" in changes:
        new["pillars"] = terms.enums(changes["pillars"], "pillars", required=False)
    if "sdg_targets" in changes:
        new["sdg_targets"] = terms.sdg_targets(changes["sdg_targets"])
    if "countries" in changes or "country_actor_ids" in changes:
        new["countries"] = await _countries(
            session, changes.get("countries"), changes.get("country_actor_ids")
        )
    if "scope" in changes:
        new["scope"] = changes["scope"]
    terms.scope_and_countries(
        new.get("scope", commitment.scope), new.get("countries", commitment.countries)
    )
    if "pledge_amount" in changes or "pledge_currency" in changes:
        amount = changes.get(
            "pledge_amount",
            None if commitment.pledge_amount is None else decimal.Decimal(commitment.pledge_amount),
        )
        currency = changes.get("pledge_currency", commitment.pledge_currency)
        new["pledge_amount"], new["pledge_currency"] = terms.pledge(amount, currency)
    if "evidence" in changes:
        new["evidence"] = terms.evidence(changes["evidence"])
    for field in ("starts_on", "due_on", "confidence"):
        if field in changes:
            new[field] = changes[field]
    if "source_url" in changes:
        new["source_url"] = validation.url(changes["source_url"], "sourceUrl")
    if "mandate_symbol" in changes:
        new["mandate_symbol"] = await documents.mandate_document(
            session, principal, changes["mandate_symbol"]
        )
    validation.date_order(
        new.get("starts_on", commitment.starts_on),
        new.get("due_on", commitment.due_on),
        "dueOn",
        "dueOn must not be before startsOn",
    )
    for field, value in new.items():
        setattr(commitment, field, value)
    await events.append(
        session,
        principal=principal,
        type="commitment.updated",
        subject=commitment,
        data={"changed": sorted(changes), "commitment": snapshot(commitment)},
    )
    return commitment


def _graphql_name(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.capitalize() for part in rest)


UPDATABLE = {
    "title",
    "description",
    "determinants",
    "pillars",
    "sdg_targets",
    "scope",
    "countries",
    "country_actor_ids",
    "pledge_amount",
    "pledge_currency",
    "evidence",
    "starts_on",
    "due_on",
    "mandate_symbol",
    "source_url",
    "confidence",
}
# Lists and the title are never null (an empty list clears a list, but determinants need one).
NOT_NULL = {"title", "determinants", "pillars", "sdg_targets", "countries", "evidence"}
