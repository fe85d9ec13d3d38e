"""Names and titles in the six UN languages, on a day (gp_api.names), as GraphQL fields.

gp_api.graphql.readtypes gives every `Column(..., localized=True)` of a read model three
fields made here: the field itself with `language` and `on` (a plain string, as before),
`localized<Field>` (the form that answers, its language and whether it is a fallback) and
`<field>s` (every form, dated and sourced). The request's language (Accept-Language, or the
WebSocket's connection_init payload) is the default of `language`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

import strawberry

from gp_api.graphql.context import Info
from gp_api.models_common import Confidence
from gp_api.names import service as names_service
from gp_api.names.models import LanguageCode
from gp_api.names.rows import NameRow, choose, ordered

strawberry.enum(LanguageCode, description="An official language of the United Nations.")

LanguageArgument = Annotated[
    LanguageCode | None,
    strawberry.argument(
        description="The language wanted (default: the request's Accept-Language, else EN);"
        " where no form in it is recorded for the day, the English one answers."
    ),
]
OnArgument = Annotated[
    dt.date | None,
    strawberry.argument(description="The day the name applied on (default: today)."),
]


@strawberry.type(description="A name or title in one language, for a period, with its source.")
class LocalizedName:
    text: str = strawberry.field(description="The name or title.")
    short_name: str | None = strawberry.field(description="Its short form, where recorded.")
    language: LanguageCode = strawberry.field(description="The language the text is in.")
    fallback: bool = strawberry.field(
        description="True when this is not the language asked for: no form in that language"
        " is recorded for the day, so the English one answers."
    )
    valid_from: dt.date | None = strawberry.field(
        description="First day it applied (null: not known, as far back as the record goes)."
    )
    valid_until: dt.date | None = strawberry.field(
        description="Last day it applied (null: it still does)."
    )
    source_url: str | None = strawberry.field(description="Public source of this form.")
    confidence: Confidence | None = strawberry.field(
        description="How well the source confirms this form."
    )
    derived: bool = strawberry.field(
        description="True for a state's name in a language the record lacks, taken from the"
        " ISO 3166-1 translations (pycountry), which may differ from UN terminology."
    )

    @classmethod
    def of(cls, row: NameRow, requested: LanguageCode | None = None) -> LocalizedName:
        return cls(
            text=row.name,
            short_name=row.short_name,
            language=row.language,
            fallback=requested is not None and requested is not row.language,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            source_url=row.source_url,
            confidence=row.confidence,
            derived=row.derived,
        )


async def _names(info: Info, subject_type: str, pk: int) -> list[NameRow]:
    loader = info.context.loaders.lists("names", names_service.names_of)
    rows: list[NameRow] = await loader.load((subject_type, pk))
    return rows


def text_resolver(subject_type: str, stored: str, returns: Any) -> Callable[..., Any]:
    """The localized field: today's English form from the row unless another language or
    day is asked for (by the arguments or the request's language)."""

    async def resolve(
        root: Any, info: Info, language: LanguageArgument = None, on: OnArgument = None
    ) -> Any:
        value = getattr(root, stored)
        wanted = language or info.context.language
        if value is None or (wanted is LanguageCode.EN and on is None):
            return value
        rows = await _names(info, subject_type, root.pk)
        return choose(rows, value, wanted, on).row.name

    resolve.__annotations__["return"] = returns
    return resolve


def localized_resolver(subject_type: str, stored: str, returns: Any) -> Callable[..., Any]:
    """`localized<Field>`: which form answers `language` on `on`, and whether it falls back."""

    async def resolve(
        root: Any, info: Info, language: LanguageArgument = None, on: OnArgument = None
    ) -> LocalizedName | None:
        value = getattr(root, stored)
        if value is None:
            return None
        wanted = language or info.context.language
        chosen = choose(await _names(info, subject_type, root.pk), value, wanted, on)
        return LocalizedName.of(chosen.row, wanted)

    resolve.__annotations__["return"] = returns
    return resolve


def list_resolver(subject_type: str) -> Callable[..., Any]:
    """`<field>s`: every form, by language (AR, ZH, EN, FR, RU, ES), then oldest first."""

    async def resolve(
        root: Any,
        info: Info,
        language: Annotated[
            LanguageCode | None, strawberry.argument(description="Only the forms in this language.")
        ] = None,
    ) -> list[LocalizedName]:
        rows = await _names(info, subject_type, root.pk)
        return [
            LocalizedName.of(r) for r in ordered(rows) if language is None or r.language is language
        ]

    return resolve
