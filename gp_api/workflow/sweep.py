"""The periodic sweep: appends the deadline notices owed today (commitments due in 30 days,
today or overdue; meetings tomorrow: gp_api.deadlines), then fires `lapse` on every overdue or
silent commitment, as the system principal, through the same guarded service as any
administrator's move; and moves the mandates of resolutions to DUE and OVERDUE with their
events (gp_api.ga.mandates, deadline notices too).

Notices come first, so an open commitment past its due date reads `commitment.overdue` (the
deadline passed) and then its lapse (`workflow.transitioned` to LAPSED, the state change).

Each commitment (each mandate) moves in its own transaction; running the sweep again (or in
several server processes at once) lapses nothing twice, since a lapsed commitment offers no
`lapse`, and announces no mandate twice, since it is checked again under its row lock; a deadline
notice is sent once per subject, kind and due date (a unique row written with its event).
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
from gp_api.deadlines.service import sweep_deadlines
from gp_api.errors import DomainError
from gp_api.ga.mandates import sweep_mandates
from gp_api.principal import SYSTEM
from gp_api.workflow.service import advance
from workflows.commitment import SILENCE, CommitmentState

log = logging.getLogger("gp_api.sweep")


@dataclass
class SweepResult:
    lapsed: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)
    mandates_due: list[int] = field(default_factory=list)
    mandates_overdue: list[int] = field(default_factory=list)
    # (event type, subject id) of the commitments' and meetings' deadline notices sent.
    notices: list[tuple[str, int]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"lapse sweep: {len(self.lapsed)} commitment(s) lapsed, {len(self.skipped)} skipped;"
            f" mandates: {len(self.mandates_due)} fell due, {len(self.mandates_overdue)}"
            f" became overdue; deadline notices: {len(self.notices)}"
        )


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


async def sweep(
    sessions: async_sessionmaker[AsyncSession], now: dt.datetime | None = None
) -> SweepResult:
    """The whole sweep: deadline notices, commitments that lapse, then mandates that fall due
    or overdue."""
    now = now or dt.datetime.now(dt.UTC)
    notices = await sweep_deadlines(sessions, now)
    result = await sweep_lapsed(sessions, now)
    result.notices = notices.sent
    moved = await sweep_mandates(sessions, now)
    result.mandates_due, result.mandates_overdue = moved.due, moved.overdue
    return result


async def sweep_forever(sessions: async_sessionmaker[AsyncSession], interval: float) -> None:
    """The periodic sweep inside `serve`: runs at start, then every `interval` seconds."""
    while True:
        try:
            result = await sweep(sessions)
            if result.lapsed or result.mandates_due or result.mandates_overdue or result.notices:
                log.info("%s", result.summary())
        except Exception:
            log.exception("sweep failed; trying again in %s s", interval)
        await asyncio.sleep(interval)
