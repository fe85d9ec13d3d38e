"""The rules of names (gp_api.names): which form applies in a language on a day, the fallback
to English, Accept-Language, the ISO 3166 translations, and recording a name (bad periods and
overlaps refused, nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.db import session_factory
from gp_api.errors import DomainError, ErrorCode
from gp_api.names import iso
from gp_api.names import service as names
from gp_api.names.languages import preferred
from gp_api.names.models import LanguageCode, LocalizedName
from gp_api.names.rows import NameRow, choose
from gp_api.principal import SYSTEM

EN, FR = LanguageCode.EN, LanguageCode.FR
RENAMED = dt.date(2011, 9, 16)
OLD = NameRow(EN, "Libyan Arab Jamahiriya", None, None, RENAMED - dt.timedelta(1), None, None)
NEW = NameRow(EN, "Libya", None, RENAMED, None, None, None)
FRENCH = NameRow(FR, "Libye", None, RENAMED, None, None, None, derived=True)


@pytest.mark.parametrize(
    ("language", "on", "text", "answered_in", "fallback"),
    [
        (EN, dt.date(2010, 7, 30), "Libyan Arab Jamahiriya", EN, False),
        (EN, RENAMED - dt.timedelta(1), "Libyan Arab Jamahiriya", EN, False),
        (EN, RENAMED, "Libya", EN, False),
        (FR, RENAMED, "Libye", FR, False),
        (FR, dt.date(2010, 7, 30), "Libyan Arab Jamahiriya", EN, True),
        (LanguageCode.AR, RENAMED, "Libya", EN, True),
    ],
)
def test_the_form_of_the_language_and_day_else_english(
    language: LanguageCode, on: dt.date, text: str, answered_in: LanguageCode, fallback: bool
) -> None:
    chosen = choose([OLD, NEW, FRENCH], "Libya", language, on)

    assert (chosen.row.name, chosen.row.language, chosen.fallback) == (text, answered_in, fallback)


def test_without_any_form_the_subjects_own_column_answers() -> None:
    chosen = choose([], "Group of Friends", FR, None)

    assert (chosen.row.name, chosen.row.language, chosen.fallback) == ("Group of Friends", EN, True)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, EN),
        ("", EN),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", FR),
        ("de-DE, es;q=0.4, ru;q=0.6", LanguageCode.RU),
        ("zh-Hans-CN", LanguageCode.ZH),
        ("ar;q=0, en", EN),  # q=0: not acceptable
        ("ar;q=banana, es", LanguageCode.ES),
        ("xx, yy", EN),
    ],
)
def test_accept_language_picks_the_most_preferred_of_the_six(
    header: str | None, language: LanguageCode
) -> None:
    assert preferred(header) is language


def test_iso_3166_gives_the_states_name_in_the_other_languages() -> None:
    found = iso.translations("BY")

    assert found[FR] == "Bélarus"
    assert found[LanguageCode.RU] == "Беларусь"
    assert found[LanguageCode.ZH] == "白俄罗斯"
    assert EN not in found
    assert iso.translations("XX") == {}
    # An untranslated form is no translation: ISO's Arabic has none for Türkiye.
    assert LanguageCode.AR not in iso.translations("TR")


def test_a_recorded_form_in_a_language_replaces_the_iso_one() -> None:
    recorded = [NameRow(FR, "Bélarus (UN)", None, None, None, None, None), NEW]

    derived = iso.derived_names("BY", recorded)

    assert FR not in {r.language for r in derived}
    assert {r.language for r in derived} == {
        LanguageCode.AR,
        LanguageCode.ZH,
        LanguageCode.RU,
        LanguageCode.ES,
    }
    assert all(r.valid_from == RENAMED and r.derived for r in derived)


async def _actor(engine: AsyncEngine, name: str) -> int:
    """An actor (its English name recorded with it): its id."""
    async with session_factory(engine)() as session, session.begin():
        actor = await actors.create_actor(
            session,
            principal=SYSTEM,
            values={
                "name": name,
                "kind": ActorKind.STATE,
                "iso_alpha2": "LY" if name == "Libya" else "CV",
            },
        )
        return actor.id


async def _count(engine: AsyncEngine) -> int:
    async with session_factory(engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(LocalizedName)) or 0)


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"name": "  "}, ErrorCode.REQUIRED, "name"),
        ({"name": "x" * 301}, ErrorCode.TOO_LONG, "name"),
        (
            {"valid_from": dt.date(2012, 1, 1), "valid_until": dt.date(2011, 1, 1)},
            ErrorCode.INVALID,
            "validUntil",
        ),
        (
            {"valid_from": dt.date(2000, 1, 1), "valid_until": dt.date(2012, 1, 1)},
            ErrorCode.CONFLICT,
            "validFrom",
        ),
        ({"subject": ("Person", 1)}, ErrorCode.INVALID, "subjectId"),
        ({"subject": ("Actor", 999_999)}, ErrorCode.NOT_FOUND, "subjectId"),
        ({"source_url": "not a url"}, ErrorCode.INVALID, "sourceUrl"),
    ],
)
async def test_a_bad_name_is_refused_and_nothing_is_written(
    engine: AsyncEngine, fields: dict[str, object], code: ErrorCode, field: str
) -> None:
    libya = await _actor(engine, "Libya")
    before = await _count(engine)
    arguments: dict[str, object] = {
        "subject": ("Actor", libya),
        "language": EN,
        "name": "Libyan Arab Jamahiriya",
        "valid_until": RENAMED - dt.timedelta(1),
        **fields,
    }

    with pytest.raises(DomainError) as refused:
        async with session_factory(engine)() as session, session.begin():
            await names.record_name(session, principal=SYSTEM, **arguments)  # type: ignore[arg-type]

    assert refused.value.code is code
    assert refused.value.field == [field]
    assert await _count(engine) == before


async def test_recording_the_same_language_and_start_again_corrects_it(engine: AsyncEngine) -> None:
    cabo_verde = await _actor(engine, "Cabo Verde")
    for text in ("Cap Vert", "Cap-Vert"):
        async with session_factory(engine)() as session, session.begin():
            await names.record_name(
                session,
                principal=SYSTEM,
                subject=("Actor", cabo_verde),
                language=FR,
                name=text,
                valid_until=dt.date(2013, 10, 23),
            )

    async with session_factory(engine)() as session:
        found = (await names.names_of(session, [("Actor", cabo_verde)]))[("Actor", cabo_verde)]
    recorded = [(r.name, r.valid_until) for r in found if r.language is FR and not r.derived]
    assert recorded == [("Cap-Vert", dt.date(2013, 10, 23))]
