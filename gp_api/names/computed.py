"""The localized fields of the read models, as `Computed` reads for the fast path.

Every `Column(..., localized=True)` of a read model (a name or a title) is three GraphQL
fields (gp_api.graphql.readtypes makes them for the resolvers): the field itself with
`language` and `on`, `localized<Field>` and `<field>s`. The fast path reads the field from the
row when it asks for today's English form; otherwise each of the three is computed here, for
all the rows of a request at once, by the same rules as the resolvers (gp_api.names.rows):
one `names_of` read per field and arguments, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import readmodel
from gp_api.names.models import LanguageCode
from gp_api.names.rows import Chosen, NameRow, choose, ordered
from gp_api.names.service import names_of
from gp_api.principal import Principal
from gp_api.readmodel import Column, Computed, localized_fields

Keys = Sequence[tuple[Any, ...]]
NAMES_READ = "gp_api.names.read"  # the session's names read so far (session.info)


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def as_json(row: NameRow, requested: LanguageCode | None = None) -> dict[str, Any]:
    """A name as the GraphQL `LocalizedName` answers it (fields by their GraphQL names)."""
    return {
        "text": row.name,
        "shortName": row.short_name,
        "language": row.language.value,
        "fallback": requested is not None and requested is not row.language,
        "validFrom": _day(row.valid_from),
        "validUntil": _day(row.valid_until),
        "sourceUrl": row.source_url,
        "confidence": None if row.confidence is None else row.confidence.value,
        "derived": row.derived,
    }


async def _names(
    session: AsyncSession, subject_type: str, keys: Keys
) -> Mapping[tuple[str, int], list[NameRow]]:
    """The names of the subjects keyed, read once per request: a field and its companions
    (`name`, `localizedName`, `names`) in one document share one read. The session is the
    request's (a read: nothing it writes could make them stale)."""
    known: dict[tuple[str, int], list[NameRow]] = session.info.setdefault(NAMES_READ, {})
    missing = [(subject_type, key[0]) for key in keys if (subject_type, key[0]) not in known]
    if missing:
        found = await names_of(session, missing)
        for subject in missing:
            known[subject] = found.get(subject, [])
    return known


def _choosing(
    subject_type: str, answer: Callable[[Chosen], Any], *, stored_in_english: bool
) -> readmodel.Batch:
    """A batch answering, for each row (keys: id, today's English form from the row), what
    `answer` makes of the form chosen for the language and day asked (`rows.choose`); None
    where the row has no form. `stored_in_english`: today's English form is the row's own, as
    the field itself answers it (its `localized` companion says which form of the record)."""

    async def batch(
        session: AsyncSession,
        principal: Principal,
        keys: Keys,
        *,
        requested: LanguageCode,
        language: LanguageCode | None = None,
        on: dt.date | None = None,
    ) -> dict[tuple[Any, ...], Any]:
        wanted = language or requested
        if stored_in_english and wanted is LanguageCode.EN and on is None:
            return {key: key[1] for key in keys}
        found = await _names(session, subject_type, [k for k in keys if k[1] is not None])
        return {
            (pk, stored): None
            if stored is None
            else answer(choose(found.get((subject_type, pk), []), stored, wanted, on))
            for pk, stored in keys
        }

    return batch


def _text(subject_type: str) -> readmodel.Batch:
    """The field in a language on a day."""
    return _choosing(subject_type, lambda chosen: chosen.row.name, stored_in_english=True)


def _localized(subject_type: str) -> readmodel.Batch:
    """`localized<Field>`: the form that answers, its language, and whether it falls back."""
    return _choosing(
        subject_type,
        lambda chosen: as_json(chosen.row, chosen.requested),
        stored_in_english=False,
    )


def _listed(subject_type: str) -> readmodel.Batch:
    """`<field>s`: every form, by language (AR, ZH, EN, FR, RU, ES), then oldest first."""

    async def batch(
        session: AsyncSession,
        principal: Principal,
        keys: Keys,
        *,
        language: LanguageCode | None = None,
    ) -> dict[tuple[Any, ...], Any]:
        found = await _names(session, subject_type, keys)
        return {
            key: [
                as_json(row)
                for row in ordered(found.get((subject_type, key[0]), []))
                if language is None or row.language is language
            ]
            for key in keys
        }

    return batch


@functools.cache
def localized(type_name: str) -> Mapping[str, Computed]:
    """The localized reads of a declared type, by GraphQL field name: for each localized
    column `f`, `f` (read when another language or day is asked for), `localizedF` and `fs`."""
    model = readmodel.MODELS[type_name]
    found: dict[str, Computed] = {}
    for name, read in model.fields.items():
        if not (isinstance(read, Column) and read.localized):
            continue
        companion, listed = localized_fields(name)
        row = ("id", read.column)
        found[name] = Computed(
            f"{type_name}.{name}", row, _text(type_name), ("language", "on"), requested=True
        )
        found[companion] = Computed(
            f"{type_name}.{companion}",
            row,
            _localized(type_name),
            ("language", "on"),
            requested=True,
        )
        found[listed] = Computed(
            f"{type_name}.{listed}", ("id",), _listed(type_name), ("language",)
        )
    return found
