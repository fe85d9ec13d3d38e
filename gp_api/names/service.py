"""Names per language and period: which one applies, and recording them.

A subject's names are the rows of `localized_names` for it and, for a state, the ISO 3166-1
translations of its current name (`gp_api.names.iso`), which fill the languages the record
has no form in. `choose` picks the name for a language on a day and falls back to English,
saying so; `names_of` reads the names of many subjects in one statement (two for states).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor, ActorKind
from gp_api.errors import DomainError, ErrorCode
from gp_api.models_common import Confidence
from gp_api.names import iso
from gp_api.names.models import NAMED_SUBJECTS, LanguageCode, LocalizedName
from gp_api.names.rows import NameRow

Key = tuple[str, int]  # (subject type, subject id)


def _row(found: LocalizedName) -> NameRow:
    return NameRow(
        found.language,
        found.name,
        found.short_name,
        found.valid_from,
        found.valid_until,
        found.source_url,
        found.confidence,
    )


async def names_of(session: AsyncSession, keys: Sequence[Key]) -> dict[Key, list[NameRow]]:
    """Every name of each subject, recorded and (for states) derived from ISO 3166."""
    found: dict[Key, list[NameRow]] = defaultdict(list)
    if not keys:
        return found
    for recorded in await session.scalars(
        select(LocalizedName).where(
            tuple_(LocalizedName.subject_type, LocalizedName.subject_id).in_(list(set(keys)))
        )
    ):
        found[(recorded.subject_type, recorded.subject_id)].append(_row(recorded))
    actor_ids = [pk for subject_type, pk in keys if subject_type == "Actor"]
    if actor_ids:
        states = await session.execute(
            select(Actor.id, Actor.iso_alpha2).where(
                Actor.id.in_(actor_ids),
                Actor.kind == ActorKind.STATE,
                Actor.iso_alpha2.is_not(None),
            )
        )
        for pk, alpha2 in states:
            rows = found[("Actor", pk)]
            rows.extend(iso.derived_names(str(alpha2), rows))
    return found


async def record_name(
    session: AsyncSession,
    *,
    subject_type: str,
    subject_id: int,
    language: LanguageCode,
    name: str,
    short_name: str | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> LocalizedName:
    """Record a name for a period, or correct the one recorded for the same language and
    start (DomainError INVALID: an unknown subject type, a period ending before it starts, or
    one that overlaps another of the same language)."""
    if subject_type not in NAMED_SUBJECTS:
        raise DomainError(ErrorCode.INVALID, f"{subject_type} has no names", ["subjectId"])
    clean_name = validation.required_text(name, "name", max_length=300)
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise DomainError(
            ErrorCode.INVALID,
            f"validUntil {valid_until} is before validFrom {valid_from}",
            ["validUntil"],
        )
    same_language = list(
        await session.scalars(
            select(LocalizedName).where(
                LocalizedName.subject_type == subject_type,
                LocalizedName.subject_id == subject_id,
                LocalizedName.language == language,
            )
        )
    )
    existing = next((r for r in same_language if r.valid_from == valid_from), None)
    for other in same_language:
        if other is existing:
            continue
        if _overlap((valid_from, valid_until), (other.valid_from, other.valid_until)):
            raise DomainError(
                ErrorCode.CONFLICT,
                f"{language.value} name {other.name!r} already applies from"
                f" {other.valid_from or 'the start'} to {other.valid_until or 'today'}:"
                " end it first (validUntil) or choose a period that does not overlap",
                ["validFrom"],
            )
    row = existing or LocalizedName(
        subject_type=subject_type, subject_id=subject_id, language=language
    )
    row.name = clean_name
    row.short_name = validation.text(short_name, "shortName", max_length=60, required=False)
    row.valid_from, row.valid_until = valid_from, valid_until
    row.source_url = validation.url(source_url, "sourceUrl")
    row.confidence = confidence
    if existing is None:
        session.add(row)
    await session.flush()
    return row


def _overlap(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
) -> bool:
    start = max(a[0] or dt.date.min, b[0] or dt.date.min)
    end = min(a[1] or dt.date.max, b[1] or dt.date.max)
    return start <= end


async def sync_current_name(
    session: AsyncSession,
    *,
    subject_type: str,
    subject_id: int,
    name: str,
    short_name: str | None,
    source_url: str | None,
    confidence: Confidence | None,
) -> None:
    """Today's English name (the subject's own column) as the open English name: the one
    with no end date is renamed, or one is recorded when there is none."""
    current = await session.scalar(
        select(LocalizedName).where(
            LocalizedName.subject_type == subject_type,
            LocalizedName.subject_id == subject_id,
            LocalizedName.language == LanguageCode.EN,
            LocalizedName.valid_until.is_(None),
        )
    )
    if current is None:
        session.add(
            LocalizedName(
                subject_type=subject_type,
                subject_id=subject_id,
                language=LanguageCode.EN,
                name=name,
                short_name=short_name,
                source_url=source_url,
                confidence=confidence,
            )
        )
    elif (current.name, current.short_name) != (name, short_name):
        current.name, current.short_name = name, short_name
