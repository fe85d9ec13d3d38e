"""Mutations of names: record a form of a subject's name or title, in a language, for a
period, with its source."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.graphql import ids
from gp_api.graphql.common import CONFIDENCE, ERRORS, INPUT, SOURCE_URL, described
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.names.types import LocalizedName
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence
from gp_api.names import service as names_service
from gp_api.names.models import LanguageCode
from gp_api.names.models import LocalizedName as Recorded
from gp_api.names.rows import NameRow


@strawberry.input(
    description="A form of a name or title in one language, for a period (same language and"
    " validFrom as a recorded one: that one is corrected)."
)
class RecordNameInput:
    subject_id: strawberry.ID = strawberry.field(
        description="The actor, coordination body, office, agenda item or resolution."
    )
    language: LanguageCode = strawberry.field(description="The language of the form.")
    name: str = strawberry.field(description="The form, as the source writes it.")
    short_name: str | None = described("Its short form.")
    valid_from: dt.date | None = described("First day it applied (null: not known).")
    valid_until: dt.date | None = described("Last day it applied (null: it still does).")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of recordName.")
class RecordNamePayload:
    name: LocalizedName | None = described("The form as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _shown(row: Recorded) -> LocalizedName:
    return LocalizedName.of(NameRow.of(row))


@strawberry.type(description="Record names and titles.")
class NameMutations:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Record a form of a subject's name or title in a language, for a period"
        " (e.g. a state's former name, or a UN entity's name in French), with its source.",
    )
    async def record_name(
        self, info: Info, input: Annotated[RecordNameInput, INPUT]
    ) -> RecordNamePayload:
        return await mutate(
            info,
            lambda session, principal: names_service.record_name(
                session,
                principal=principal,
                subject=ids.decode(input.subject_id, "subjectId"),
                language=input.language,
                name=input.name,
                short_name=input.short_name,
                valid_from=input.valid_from,
                valid_until=input.valid_until,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            RecordNamePayload,
            name=_shown,
        )
