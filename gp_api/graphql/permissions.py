"""Who may do what, declared in one place and attached to the fields.

ADMIN may do everything. VIEWER reads everything and changes nothing. An EDITOR acts for one
actor: it may change that actor's commitments, their deliverables and progress reports, and
move those commitments along their workflow. Anonymous clients read public data (unless
GP_PUBLIC_READ=false, which the HTTP layer enforces) and change nothing. What
`availableTransitions` says a principal may not move, and why, is the same rule
(gp_api.workflow.service.may_advance), kept with the moves it explains so that the compiled
reads apply it too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.permission import BasePermission

from gp_api.commitments import service as commitments
from gp_api.errors import DomainError
from gp_api.graphql import ids
from gp_api.graphql.context import Info
from gp_api.graphql.errors import PublicError
from gp_api.principal import Principal, Role, at_least

# The actor owning what an input targets; None when it cannot be told (the mutation will then
# refuse the input itself and write nothing).
Owner = Callable[[AsyncSession, Any], Awaitable[int | None]]


@dataclass(frozen=True)
class Rule:
    minimum: Role
    editor_owner: Owner | None = None


def _actor_in(field: str) -> Owner:
    async def owner(_session: AsyncSession, input: Any) -> int | None:
        return _decode(getattr(input, field), "Actor")

    return owner


def _via(
    field: str, type_name: str, lookup: Callable[[AsyncSession, int], Awaitable[int | None]]
) -> Owner:
    async def owner(session: AsyncSession, input: Any) -> int | None:
        pk = _decode(getattr(input, field), type_name)
        return None if pk is None else await lookup(session, pk)

    return owner


NO_OWNER = 0  # no actor has this id: an editor may never act on it


async def _advanced_subject_owner(session: AsyncSession, input: Any) -> int | None:
    """Editors move commitments only; any other subject has no owner to act for."""
    try:
        type_name, pk = ids.decode(input.subject_id)
    except DomainError:
        return None
    if type_name != "Commitment":
        return NO_OWNER
    return await commitments.owner_of_commitment(session, pk)


def _decode(value: str, type_name: str) -> int | None:
    try:
        return ids.decode_as(value, type_name)
    except DomainError:
        return None


ADMIN = Rule(Role.ADMIN)

RULES: dict[str, Rule] = {
    # reads beyond public data
    "apiTokens": ADMIN,
    "auditLog": ADMIN,
    "webhookEndpoints": ADMIN,
    "webhookDeliveries": ADMIN,
    # writes
    "createActor": ADMIN,
    "updateActor": ADMIN,
    "createCoordinationBody": ADMIN,
    "addMembership": ADMIN,
    "removeMembership": ADMIN,
    "scheduleMeeting": ADMIN,
    "updateMeeting": ADMIN,
    "recordMeetingHeld": ADMIN,
    "updateCoordinationBody": ADMIN,
    "appointBodyChair": ADMIN,
    "endBodyChair": ADMIN,
    "createPerson": ADMIN,
    "updatePerson": ADMIN,
    "createOffice": ADMIN,
    "updateOffice": ADMIN,
    "appointPerson": ADMIN,
    "endAppointment": ADMIN,
    "createAgendaItem": ADMIN,
    "updateAgendaItem": ADMIN,
    "allocateAgendaItem": ADMIN,
    "deferAgendaItem": ADMIN,
    "createDraftResolution": ADMIN,
    "addSponsor": ADMIN,
    "withdrawSponsor": ADMIN,
    "submitDraft": ADMIN,
    "reviseDraft": ADMIN,
    "takeAction": ADMIN,
    "reportDraft": ADMIN,
    "recordBudgetImplications": ADMIN,
    "voteOnPart": ADMIN,
    "proposeAmendment": ADMIN,
    "actOnAmendment": ADMIN,
    "withdrawAmendment": ADMIN,
    "createSession": ADMIN,
    "updateSession": ADMIN,
    "addSessionPart": ADMIN,
    "recordMandate": ADMIN,
    "updateMandate": ADMIN,
    "fulfilMandate": ADMIN,
    "createDocument": ADMIN,
    "updateDocument": ADMIN,
    "createApiToken": ADMIN,
    "revokeApiToken": ADMIN,
    "createWebhookEndpoint": ADMIN,
    "updateWebhookEndpoint": ADMIN,
    "deleteWebhookEndpoint": ADMIN,
    "redeliverWebhook": ADMIN,
    "createCommitment": Rule(Role.ADMIN, _actor_in("actor_id")),
    "updateCommitment": Rule(Role.ADMIN, _via("id", "Commitment", commitments.owner_of_commitment)),
    "addDeliverable": Rule(
        Role.ADMIN, _via("commitment_id", "Commitment", commitments.owner_of_commitment)
    ),
    "setDeliverableStatus": Rule(
        Role.ADMIN, _via("deliverable_id", "Deliverable", commitments.owner_of_deliverable)
    ),
    "submitProgressReport": Rule(
        Role.ADMIN, _via("commitment_id", "Commitment", commitments.owner_of_commitment)
    ),
    "advanceWorkflow": Rule(Role.ADMIN, _advanced_subject_owner),
    "importWorkflowState": ADMIN,
    "recordName": ADMIN,
    "recordActorKind": ADMIN,
}


def unauthenticated() -> PublicError:
    return PublicError(
        "this needs an API token: send Authorization: Bearer <token>", "UNAUTHENTICATED"
    )


async def check(session: AsyncSession, principal: Principal, rule: Rule, input: Any) -> None:
    """Raise UNAUTHENTICATED or FORBIDDEN unless `principal` may do what `rule` guards."""
    if principal.role is None:
        raise unauthenticated()
    if at_least(principal.role, rule.minimum):
        return
    if principal.role is Role.EDITOR and rule.editor_owner is not None:
        owner = await rule.editor_owner(session, input)
        if owner is None or owner == principal.actor_id:
            return
        raise PublicError(
            "an EDITOR token acts only for its own actor", "FORBIDDEN", requiredRole="ADMIN"
        )
    raise PublicError(
        f"this needs the {rule.minimum.value} role", "FORBIDDEN", requiredRole=rule.minimum.value
    )


class Allowed(BasePermission):
    """Applies RULES[field name] to the field it is attached to."""

    message = "not allowed"

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        rule = RULES[info.field_name]
        context = info.context
        await context.run(
            lambda session: check(session, context.principal, rule, kwargs.get("input"))
        )
        return True
