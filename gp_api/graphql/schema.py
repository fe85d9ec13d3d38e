"""The schema: the Query and Mutation roots composed from the domains' mixins, limits, caches
and error masking."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gp_api.config import Settings
from gp_api.db import unavailable
from gp_api.graphql.actors import types as actors
from gp_api.graphql.actors.mutations import ActorMutations
from gp_api.graphql.actors.queries import ActorQueries
from gp_api.graphql.auth.mutations import AuthMutations
from gp_api.graphql.auth.queries import AuthQueries
from gp_api.graphql.bodies import types as bodies
from gp_api.graphql.bodies.mutations import BodyMutations
from gp_api.graphql.bodies.queries import BodyQueries
from gp_api.graphql.commitments import types as commitments
from gp_api.graphql.commitments.mutations import CommitmentMutations
from gp_api.graphql.commitments.queries import CommitmentQueries
from gp_api.graphql.documents import types as documents
from gp_api.graphql.documents.mutations import DocumentMutations
from gp_api.graphql.documents.queries import DocumentQueries
from gp_api.graphql.errors import PublicCode, should_mask
from gp_api.graphql.events import types as events
from gp_api.graphql.events.queries import EventQueries
from gp_api.graphql.ga import types as ga
from gp_api.graphql.ga.mutations import GeneralAssemblyMutations
from gp_api.graphql.ga.queries import GeneralAssemblyQueries
from gp_api.graphql.limits import mark_parser_limits, validation_limits
from gp_api.graphql.names.mutations import NameMutations
from gp_api.graphql.nodes import NodeQueries
from gp_api.graphql.people import types as people
from gp_api.graphql.people.mutations import PeopleMutations
from gp_api.graphql.people.queries import PeopleQueries
from gp_api.graphql.plan import types as plan
from gp_api.graphql.plan.queries import PlanQueries
from gp_api.graphql.scalars import SCALARS, strict_text
from gp_api.graphql.sessions import types as sessions
from gp_api.graphql.sessions.mutations import SessionMutations
from gp_api.graphql.sessions.queries import SessionQueries
from gp_api.graphql.shared_events import SharedEventExecution
from gp_api.graphql.subscriptions import Subscription
from gp_api.graphql.webhooks.mutations import WebhookMutations
from gp_api.graphql.webhooks.queries import WebhookQueries
from gp_api.graphql.workflow import types as workflow
from gp_api.graphql.workflow.mutations import WorkflowMutations
from gp_api.graphql.workflow.queries import WorkflowQueries

# Every Node implementation, so that fragments on any of them validate.
NODE_TYPES = [
    actors.Actor,
    bodies.CoordinationBody,
    bodies.Membership,
    bodies.Meeting,
    bodies.BodyChair,
    people.Person,
    people.Office,
    people.Appointment,
    commitments.Commitment,
    commitments.Deliverable,
    commitments.ProgressReport,
    ga.AgendaItem,
    ga.AgendaItemAllocation,
    ga.Resolution,
    ga.Sponsorship,
    ga.DraftRevision,
    ga.Amendment,
    ga.DraftAction,
    ga.Vote,
    ga.Mandate,
    sessions.Session,
    sessions.SessionPart,
    documents.Document,
    plan.PlanStep,
    events.Event,
    workflow.TransitionRecord,
    workflow.TransitionDeviation,
]


# The roots, composed from each domain's mixin. Strawberry lists the mixins' fields in the order
# the mixins are named here: that is the order of the fields in schema.graphql.
@strawberry.type(description="Read the partnership's record.")
class Query(
    WorkflowQueries,
    AuthQueries,
    WebhookQueries,
    NodeQueries,
    ActorQueries,
    BodyQueries,
    PeopleQueries,
    CommitmentQueries,
    GeneralAssemblyQueries,
    SessionQueries,
    DocumentQueries,
    EventQueries,
    PlanQueries,
):
    pass


@strawberry.type(description="Change the partnership's record.")
class Mutation(
    WorkflowMutations,
    AuthMutations,
    WebhookMutations,
    ActorMutations,
    NameMutations,
    BodyMutations,
    PeopleMutations,
    CommitmentMutations,
    GeneralAssemblyMutations,
    SessionMutations,
    DocumentMutations,
):
    """Each mutation takes one `input` and returns its subject and userErrors."""


log = logging.getLogger("gp_api.graphql")
SEVERAL_OPERATIONS = "the document has several operations: say which one in operationName"


class SingleOperation(SchemaExtension):
    """A document with several operations needs operationName (GraphQL spec, GetOperation)."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        # ctx.operation_name falls back to the first operation's name; we need what was sent.
        if document is not None and ctx._provided_operation_name is None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1:
                # Reported as a validation error: raised instead, it escaped the WebSocket
                # transports as a server error.
                error = GraphQLError(SEVERAL_OPERATIONS)
                ctx.pre_execution_errors = [*(ctx.pre_execution_errors or []), error]
        yield


class QuickMaskErrors(MaskErrors):
    """MaskErrors, without its isinstance check against a runtime Protocol on every result
    (typing's Protocol checks are slow: 8% of the CPU of a 1,000-subscriber fan-out)."""

    def _process_result(self, result: object) -> None:
        if getattr(result, "errors", None):
            super()._process_result(result)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """A field that found no free database connection, or whose database failed for a
        reason of its own (`transient`: a restart, a lost connection), says so: not a bug to
        hide, and the client may retry."""
        original = error.original_error
        if original is not None and (message := unavailable(original)) is not None:
            return GraphQLError(
                message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": PublicCode.SERVICE_UNAVAILABLE.value},
            )
        return super().anonymise_error(error)


class ReportingParserCache(ParserCache):
    """ParserCache, leaving a document that fails to parse to strawberry's own parse step, which
    reports the error as a request error. Raised from this hook, the error escapes a
    subscription: a bare `complete` over WebSocket, and a traceback in the log. Only failures
    are parsed twice, and the token limit keeps that cheap."""

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        with contextlib.suppress(GraphQLError):
            ctx.graphql_document = self.cached_parse_document(ctx.query, **ctx.parse_options)
        yield


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what clients will see masked, with its trace; client mistakes are not logged."""
        mark_parser_limits(errors)
        for error in errors:
            if should_mask(error):
                original = error.original_error
                log.error(
                    "unexpected error in %s: %s",
                    ".".join(str(p) for p in error.path or []) or "operation",
                    original,
                    exc_info=(type(original), original, original.__traceback__)
                    if original is not None
                    else None,
                )


def build_schema(settings: Settings) -> Schema:
    limits = validation_limits(settings)
    strict_text()
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALARS),
        execution_context_class=SharedEventExecution,
        # Factories: a fresh extension per request; the parser and validation caches live at
        # module level in strawberry, so they are shared all the same.
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: ReportingParserCache(maxsize=1000),
            lambda: AddValidationRules(limits),
            lambda: ValidationCache(maxsize=1000),
            SingleOperation,  # after ValidationCache, which replaces the validation errors
            lambda: QuickMaskErrors(
                should_mask_error=should_mask, error_message="Internal server error."
            ),
        ],
    )
