"""GraphQL types of General Assembly sessions and their parts."""

from __future__ import annotations

import strawberry

from gp_api.graphql.context import Info
from gp_api.graphql.ga.types import AgendaItem
from gp_api.graphql.readtypes import ReadType
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    page_args,
    read_children,
)
from gp_api.sessions.models import SessionPartKind

strawberry.enum(SessionPartKind, description="The main part of a session, or a resumed part.")


@strawberry.type(description="A part of a General Assembly session: the main or a resumed part.")
class SessionPart(Node, ReadType, extra={"session_pk": "session_id"}):
    session_pk: strawberry.Private[int]

    @strawberry.field(description="The session.")
    async def session(self, info: Info) -> Session:
        row = await info.context.loaders.parent("Session").load(self.session_pk)
        assert row is not None
        return Session.from_row(row)


@strawberry.type(description="A regular session of the General Assembly, by its number.")
class Session(Node, ReadType):
    @strawberry.field(description="Its main and resumed parts, earliest first.")
    async def parts(self, info: Info) -> list[SessionPart]:
        rows = await info.context.loaders.linked("Session", "parts").load(self.pk)
        return [SessionPart.from_row(r) for r in rows]

    @strawberry.field(description="Agenda items of the session.")
    async def agenda_items(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AgendaItem]:
        return await read_children(
            info,
            "Session",
            "agendaItems",
            self.pk,
            {},
            page_args(first, after, last, before),
            AgendaItem.from_row,
        )
