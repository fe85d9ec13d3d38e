"""The lapse sweep: fires `lapse` on every overdue or silent commitment, as the system
principal, through the same guarded service as any administrator's move.

Each commitment moves in its own transaction; running the sweep again (or in several server
processes at once) lapses nothing twice, since a lapsed commitment offers no `lapse`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gp_api.commitments.models import Commitment, ProgressReport
from gp_api.db import WRITE
from gp_api.errors import DomainError
from gp_api.principal import SYSTEM
from gp_api.workflow.service import advance
from workflows.commitment import SILENCE, CommitmentState

log = logging.getLogger("gp_api.sweep")


@dataclass
class SweepResult:
    lapsed: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


async def _candidates(session: AsyncSession, now: dt.datetime) -> list[int]:
    last_report = (
        select(func.max(ProgressReport.submitted_at))
        .where(ProgressReport.commitment_id == Commitment.id)
        .scalar_subquery()
    )
    # Silence counts from the last report, else from the start; never from created_at.
    silent = or_(
        last_report <= now - SILENCE,
        and_(last_report.is_(None), Commitment.starts_on <= (now - SILENCE).date()),
    )
    stmt = (
        select(Commitment.id)
        .where(
            Commitment.state.in_((CommitmentState.PLEDGED, CommitmentState.IN_PROGRESS)),
            or_(Commitment.due_on < now.date(), silent),
        )
        .order_by(Commitment.id)
    )
    return list((await session.scalars(stmt)).all())


async def sweep_lapsed(
    sessions: async_sessionmaker[AsyncSession], now: dt.datetime | None = None
) -> SweepResult:
    now = now or dt.datetime.now(dt.UTC)
    result = SweepResult()
    async with sessions() as session:
        candidates = await _candidates(session, now)
    for commitment_id in candidates:
        async with sessions() as session:
            try:
                async with session.begin():
                    await session.connection(execution_options=WRITE)
                    await advance(
                        session,
                        principal=SYSTEM,
                        subject_type="Commitment",
                        subject_id=commitment_id,
                        trigger="lapse",
                        reason="Lapse sweep: overdue, or no progress report for 24 months",
                        now=now,
                    )
                result.lapsed.append(commitment_id)
            except DomainError as error:
                # Moved meanwhile (another sweep, an administrator): nothing to do.
                result.skipped[commitment_id] = error.message
    return result


async def sweep_forever(sessions: async_sessionmaker[AsyncSession], interval: float) -> None:
    """The periodic sweep inside `serve`: runs at start, then every `interval` seconds."""
    while True:
        try:
            result = await sweep_lapsed(sessions)
            if result.lapsed:
                log.info("lapse sweep: %d commitment(s) lapsed", len(result.lapsed))
        except Exception:
            log.exception("lapse sweep failed; trying again in %s s", interval)
        await asyncio.sleep(interval)
