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

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor, ActorKind
from gp_api.bodies.models import CoordinationBody
from gp_api.db import Base, among
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.ga.models import AgendaItem, Resolution
from gp_api.lookup import get_or_raise
from gp_api.models_common import Confidence
from gp_api.names import iso
from gp_api.names.models import NAMED_SUBJECTS, LanguageCode, LocalizedName
from gp_api.names.rows import NameRow
from gp_api.people.models import Office
from gp_api.principal import Principal

Key = tuple[str, int]  # (subject type, subject id)
SUBJECT_MODELS: dict[str, type[Base]] = {
    "Actor": Actor,
    "CoordinationBody": CoordinationBody,
    "Office": Office,
    "AgendaItem": AgendaItem,
    "Resolution": Resolution,
}


# The names of some subjects of one type, as plain rows (no ORM object per name: a page in
# another language reads hundreds); built once, so each read reuses its compiled form.
_NAMES = select(
    LocalizedName.subject_id,
    LocalizedName.language,
    LocalizedName.name,
    LocalizedName.short_name,
    LocalizedName.valid_from,
    LocalizedName.valid_until,
    LocalizedName.source_url,
    LocalizedName.confidence,
).where(
    LocalizedName.subject_type == bindparam("type"),
    among(LocalizedName.subject_id),
)


# The states among some actors, with their ISO 3166-1 code (their names in the languages the
# record has no form in come from it).
_STATES = select(Actor.id, Actor.iso_alpha2).where(
    among(Actor.id),
    Actor.kind == ActorKind.STATE,
    Actor.iso_alpha2.is_not(None),
)


async def names_of(session: AsyncSession, keys: Sequence[Key]) -> dict[Key, list[NameRow]]:
    """Every name of each subject, recorded and (for states) derived from ISO 3166. Plain
    rows on the session's connection: no ORM object, no ORM execution."""
    found: dict[Key, list[NameRow]] = defaultdict(list)
    if not keys:
        return found
    by_type: dict[str, set[int]] = defaultdict(set)
    for subject_type, pk in keys:
        by_type[subject_type].add(pk)
    conn = await session.connection()
    for subject_type, ids in by_type.items():
        for row in await conn.execute(_NAMES, {"type": subject_type, "ids": sorted(ids)}):
            found[(subject_type, row.subject_id)].append(NameRow.of(row))
    actor_ids = sorted(by_type.get("Actor", ()))
    if actor_ids:
        for pk, alpha2 in await conn.execute(_STATES, {"ids": actor_ids}):
            rows = found[("Actor", pk)]
            rows.extend(iso.derived_names(str(alpha2), rows))
    return found


async def record_name(
    session: AsyncSession,
    *,
    principal: Principal,
    subject: tuple[str, int],
    language: LanguageCode,
    name: str,
    short_name: str | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    source_url: str | None = None,
    confidence: Confidence | None = None,
) -> LocalizedName:
    """Record a name for a period, or correct the one recorded for the same language and
    start (an open form: the open one), with its event. `subject`: (type, id). DomainError:
    INVALID for a subject type without names, a period ending before it starts, or an open
    English form that is not the subject's name today; NOT_FOUND for no such subject;
    CONFLICT for a period that overlaps another of the same language."""
    subject_type, subject_id = subject
    if subject_type not in NAMED_SUBJECTS:
        raise DomainError(ErrorCode.INVALID, f"a {subject_type} has no names", ["subjectId"])
    named = await get_or_raise(session, SUBJECT_MODELS[subject_type], subject_id, "subjectId")
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
    today = getattr(named, "name", None) or getattr(named, "title", None)
    if language is LanguageCode.EN and valid_until is None and clean_name != today:
        raise DomainError(
            ErrorCode.INVALID,
            f"the English form without an end is today's name, {today!r}: give validUntil for"
            " a former name, or rename the subject itself",
            ["validUntil"],
        )
    # An open form (no end) is the language's current one: recording one corrects it (its
    # start, say), whatever start it had; another form is matched by its start.
    existing = next(
        (
            r
            for r in same_language
            if (r.valid_until is None if valid_until is None else r.valid_from == valid_from)
        ),
        None,
    )
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
    await events.append(
        session,
        principal=principal,
        type=NAMED_SUBJECTS[subject_type],
        subject=named,
        data={
            "language": row.language.value,
            "name": row.name,
            "short_name": row.short_name,
            "valid_from": None if valid_from is None else valid_from.isoformat(),
            "valid_until": None if valid_until is None else valid_until.isoformat(),
            "source_url": row.source_url,
            "confidence": None if confidence is None else confidence.value,
        },
    )
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
