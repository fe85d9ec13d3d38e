"""Root query fields of identity, tokens and the audit log: the Query mixin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api.auth import service
from gp_api.graphql import nodes
from gp_api.graphql.auth.types import ApiToken, Viewer
from gp_api.graphql.context import Info
from gp_api.graphql.errors import PublicError
from gp_api.graphql.events.types import Event
from gp_api.graphql.permissions import Allowed
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    decode_ids,
    page_args,
    read_rows,
    root_connection,
)
from gp_api.readmodel import ROOTS, InText, conditions


@strawberry.type(description="Identity, tokens and audit.")
class AuthQueries:
    @strawberry.field(description="Who this request acts as.")
    def viewer(self, info: Info) -> Viewer:
        p = info.context.principal
        return Viewer(name=p.name, role=p.role, actor_pk=p.actor_id)

    @strawberry.field(permission_classes=[Allowed], description="API tokens, oldest first (ADMIN).")
    async def api_tokens(
        self,
        info: Info,
        include_revoked: Annotated[
            bool, strawberry.argument(description="Also list revoked tokens.")
        ] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ApiToken]:
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: service.list_tokens(s, a, include_revoked=include_revoked),
            lambda s: service.count_tokens(s, include_revoked=include_revoked),
            ApiToken.from_row,
        )

    @strawberry.field(
        permission_classes=[Allowed],
        description="Every change, with who made it, oldest first (ADMIN).",
    )
    async def audit_log(
        self,
        info: Info,
        principal_id: Annotated[
            str | None,
            strawberry.argument(description="Only by this principal, e.g. `token:3`, `system`."),
        ] = None,
        token_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only by this API token.")
        ] = None,
        subject_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only about this object.")
        ] = None,
        types: Annotated[
            list[str] | None, strawberry.argument(description="Only these event types.")
        ] = None,
        since: Annotated[
            dt.datetime | None, strawberry.argument(description="Recorded at or after this time.")
        ] = None,
        until: Annotated[
            dt.datetime | None, strawberry.argument(description="Recorded before this time.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Event]:
        if token_id is not None:
            token_pk = decode_ids([token_id], "ApiToken", "tokenId")
            assert token_pk is not None
            if principal_id is not None and principal_id != f"token:{token_pk[0]}":
                raise PublicError(
                    "principalId and tokenId name different principals", "BAD_USER_INPUT"
                )
            principal_id = f"token:{token_pk[0]}"
        if subject_id is not None:
            nodes.decode_node_id(subject_id)
        # The events connection's filters; every event is the admin's to read.
        arguments = {
            "types": types,
            "subjectIds": None if subject_id is None else [subject_id],
            "since": since,
            "until": until,
        }
        found = conditions(ROOTS["events"].filters, arguments)
        if principal_id is not None:
            found.append(InText("principal_id", (principal_id,)))
        return await read_rows(
            info, "Event", found, Event.from_row, page_args(first, after, last, before)
        )
