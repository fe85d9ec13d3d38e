"""Root query fields of General Assembly sessions: the Query mixin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gp_api.graphql.context import Info
from gp_api.graphql.relay import After, Before, Connection, First, Last, read_root
from gp_api.graphql.sessions.types import Session
from gp_api.sessions.models import Session as SessionRow


@strawberry.type(description="Read General Assembly sessions.")
class SessionQueries:
    @strawberry.field(description="General Assembly sessions, by number.")
    async def sessions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Session]:
        return await read_root(info, "sessions", {}, Session.from_row, first, after, last, before)

    @strawberry.field(description="The session with this number (null if it is not recorded).")
    async def session(
        self,
        info: Info,
        number: Annotated[int, strawberry.argument(description="e.g. 64")],
    ) -> Session | None:
        if not 1 <= number <= 2**31 - 1:
            return None
        row = await info.context.loaders.rows(SessionRow).load(number)
        return None if row is None else Session.from_row(row)
