"""What achieved each plan step, read from history: the first subject (by the date history
gives) to reach the step's target, its moves up to and including that one, and every
deviation stored on them. A step whose evidence carries deviations was reached, but not as the
plan or the workflow says: ACHIEVED_WITH_DEVIATIONS."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, literal, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.events.models import TransitionDeviation, TransitionRecord
from gp_api.global_ids import encode
from gp_api.plan.steps import TARGETS_BY_KEY
from gp_api.workflow.deviations import stored_json


@dataclass(frozen=True)
class Evidence:
    """The moves of one subject that achieved a step, oldest first (the last reached the
    target), and the deviations stored on them, in path order."""

    moves: tuple[TransitionRecord, ...]
    deviations: tuple[TransitionDeviation, ...]

    def as_json(self) -> list[dict[str, Any]]:
        """As the GraphQL type `PlanStepEvidence` names its fields, one object per move."""
        by_move: dict[int, list[TransitionDeviation]] = {}
        for d in self.deviations:
            by_move.setdefault(d.transition_record_id, []).append(d)
        return [
            {
                "subjectType": m.subject_type,
                "subjectId": encode(m.subject_type, m.subject_id),
                "transitionId": encode("TransitionRecord", m.id),
                "eventId": encode("Event", m.event_id),
                "fromState": m.from_state,
                "toState": m.to_state,
                "trigger": m.trigger,
                "at": m.at.isoformat(),
                "sourceUrl": m.source_url,
                "deviations": [stored_json(d) for d in by_move.get(m.id, [])],
            }
            for m in self.moves
        ]


@functools.lru_cache(maxsize=64)
def _reaching(keys: tuple[str, ...]) -> CompoundSelect[Any]:
    """The first move that reached each step's target (step key, move id, its subject), built
    once per set of steps (most often all of them)."""
    firsts = []
    for key in keys:
        target = TARGETS_BY_KEY[key]
        model: Any = target.model
        first = (
            select(
                literal(key).label("step"),
                TransitionRecord.id,
                TransitionRecord.subject_type,
                TransitionRecord.subject_id,
            )
            .where(
                TransitionRecord.subject_type == target.subject_type,
                TransitionRecord.to_state == target.state.value,
                TransitionRecord.subject_id.in_(select(model.id).where(*target.conditions())),
            )
            .order_by(TransitionRecord.at, TransitionRecord.id)
            .limit(1)
            .subquery()
        )
        firsts.append(select(first))
    return union_all(*firsts)


async def evidence(session: AsyncSession, keys: Sequence[str]) -> dict[str, Evidence | None]:
    """The evidence of each step (None when its target was never reached): one statement for
    the first move that reached each step's target, then two for the moves and their
    deviations."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    # The last move of each step's chain (by id), and whose moves they are.
    reaching: dict[str, tuple[int, tuple[str, int]]] = {
        step: (pk, (subject_type, subject_id))
        for step, pk, subject_type, subject_id in await session.execute(_reaching(tuple(wanted)))
    }
    subjects = {subject for _, subject in reaching.values()}
    moves: dict[tuple[str, int], list[TransitionRecord]] = {}
    if subjects:
        for record in await session.scalars(
            select(TransitionRecord)
            .where(tuple_(TransitionRecord.subject_type, TransitionRecord.subject_id).in_(subjects))
            .order_by(TransitionRecord.id)
        ):
            moves.setdefault((record.subject_type, record.subject_id), []).append(record)
    chains = {
        key: tuple(m for m in moves[subject] if m.id <= last)
        for key, (last, subject) in reaching.items()
    }
    ids = {m.id for chain in chains.values() for m in chain}
    stored: dict[int, list[TransitionDeviation]] = {}
    if ids:
        for d in await session.scalars(
            select(TransitionDeviation)
            .where(TransitionDeviation.transition_record_id.in_(ids))
            .order_by(TransitionDeviation.id)
        ):
            stored.setdefault(d.transition_record_id, []).append(d)
    return {
        key: None
        if key not in chains
        else Evidence(chains[key], tuple(d for m in chains[key] for d in stored.get(m.id, [])))
        for key in keys
    }
