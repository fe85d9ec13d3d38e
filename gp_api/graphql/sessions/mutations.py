"""Mutations of General Assembly sessions and their parts: inputs, payloads, the mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.graphql.common import CONFIDENCE, ERRORS, INPUT, SOURCE_URL, described, given
from gp_api.graphql.context import Info
from gp_api.graphql.errors import UserError
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.sessions.types import Session, SessionPart
from gp_api.graphql.write import mutate
from gp_api.models_common import Confidence
from gp_api.sessions import service as sessions_service
from gp_api.sessions.models import SessionPartKind


@strawberry.input(description="A General Assembly session to record.")
class CreateSessionInput:
    number: int = strawberry.field(description="Its number, e.g. 64.")
    opens_on: dt.date | None = described("Opening day.")
    closes_on: dt.date | None = described("Closing day.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.input(description="Changes to a session (its number stays).")
class UpdateSessionInput:
    number: int = strawberry.field(description="The session to change.")
    opens_on: dt.date | None = described("Opening day.", strawberry.UNSET)
    closes_on: dt.date | None = described("Closing day.", strawberry.UNSET)
    source_url: str | None = described(SOURCE_URL, strawberry.UNSET)
    confidence: Confidence | None = described(CONFIDENCE, strawberry.UNSET)


@strawberry.type(description="Result of createSession / updateSession.")
class SessionPayload:
    session: Session | None = described("The session as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="A part of a session: its main part, or the next resumed part.")
class AddSessionPartInput:
    session_number: int = strawberry.field(description="The session, by number.")
    part: SessionPartKind = strawberry.field(description="MAIN (once) or RESUMED.")
    opens_on: dt.date = strawberry.field(description="First day of the part.")
    closes_on: dt.date | None = described("Last day of the part.")
    source_url: str | None = described(SOURCE_URL)
    confidence: Confidence | None = described(CONFIDENCE)


@strawberry.type(description="Result of addSessionPart.")
class SessionPartPayload:
    session_part: SessionPart | None = described("The part as saved; null when refused.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Change General Assembly sessions.")
class SessionMutations:
    @strawberry.mutation(
        permission_classes=[Allowed], description="Record a General Assembly session."
    )
    async def create_session(
        self, info: Info, input: Annotated[CreateSessionInput, INPUT]
    ) -> SessionPayload:
        return await mutate(
            info,
            lambda session, principal: sessions_service.create_session(
                session,
                principal=principal,
                number=input.number,
                opens_on=input.opens_on,
                closes_on=input.closes_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            SessionPayload,
            session=Session.from_row,
        )

    @strawberry.mutation(
        permission_classes=[Allowed], description="Change a General Assembly session."
    )
    async def update_session(
        self, info: Info, input: Annotated[UpdateSessionInput, INPUT]
    ) -> SessionPayload:
        return await mutate(
            info,
            lambda session, principal: sessions_service.update_session(
                session,
                principal=principal,
                number=input.number,
                changes=given(input, but=("number",)),
            ),
            SessionPayload,
            session=Session.from_row,
        )

    @strawberry.mutation(permission_classes=[Allowed], description="Add a part to a session.")
    async def add_session_part(
        self, info: Info, input: Annotated[AddSessionPartInput, INPUT]
    ) -> SessionPartPayload:
        return await mutate(
            info,
            lambda session, principal: sessions_service.add_session_part(
                session,
                principal=principal,
                number=input.session_number,
                part=input.part,
                opens_on=input.opens_on,
                closes_on=input.closes_on,
                source_url=input.source_url,
                confidence=input.confidence,
            ),
            SessionPartPayload,
            session_part=SessionPart.from_row,
        )
