"""The Query root: node lookups, top-level connections, the plan and the summary."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from gp_api import summary
from gp_api.actors import service as actors_service
from gp_api.actors.models import ActorKind, FlowRole
from gp_api.bodies import service as bodies_service
from gp_api.bodies.models import Hub, MeetingStatus
from gp_api.commitments import service as commitments_service
from gp_api.commitments.models import Determinant
from gp_api.events import service as events_service
from gp_api.ga import service as ga_service
from gp_api.graphql import nodes
from gp_api.graphql.actors.types import Actor
from gp_api.graphql.auth.types import AuthQueries
from gp_api.graphql.bodies.types import CoordinationBody, Meeting
from gp_api.graphql.commitments.types import Commitment
from gp_api.graphql.context import Info
from gp_api.graphql.errors import PublicError
from gp_api.graphql.events.types import Event
from gp_api.graphql.ga.types import AgendaItem, Resolution
from gp_api.graphql.plan.types import Partnership, PlanStep, plan_step_from_row
from gp_api.graphql.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    decode_ids,
    page_args,
    root_connection,
)
from gp_api.graphql.webhooks.types import WebhookQueries
from gp_api.graphql.workflow.mutations import WorkflowQueries
from gp_api.plan import service as plan_service
from workflows.agenda_item import AgendaItemState
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState
from workflows.resolution import ResolutionState

MAX_NODES = 100


@strawberry.type(description="Read the partnership's record.")
class Query(WorkflowQueries, AuthQueries, WebhookQueries):
    @strawberry.field(description="Fetch any object by its global ID (null if it does not exist).")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global ID.")],
    ) -> Node | None:
        return await nodes.resolve(info, *nodes.decode_node_id(id))

    @strawberry.field(description="Fetch up to 100 objects by global ID, in the order given.")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global IDs.")],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise PublicError(f"at most {MAX_NODES} ids at once, got {len(ids)}", "BAD_USER_INPUT")
        decoded = [nodes.decode_node_id(i) for i in ids]
        return [await nodes.resolve(info, t, pk) for t, pk in decoded]

    @strawberry.field(description="Actors, by name.")
    async def actors(
        self,
        info: Info,
        kinds: Annotated[
            list[ActorKind] | None, strawberry.argument(description="Only these kinds.")
        ] = None,
        flow_role: Annotated[
            FlowRole | None, strawberry.argument(description="Only states with this flow role.")
        ] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Text in the name or short name.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Actor]:
        f = actors_service.ActorFilter(kinds=kinds, flow_role=flow_role, search=search)
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: actors_service.list_actors(s, f, a),
            lambda s: actors_service.count_actors(s, f),
            Actor.from_row,
        )

    @strawberry.field(description="Coordination bodies, by name.")
    async def coordination_bodies(
        self,
        info: Info,
        states: Annotated[
            list[BodyState] | None, strawberry.argument(description="Only bodies at these stages.")
        ] = None,
        search: Annotated[str | None, strawberry.argument(description="Text in the name.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[CoordinationBody]:
        f = bodies_service.BodyFilter(states=states, search=search)
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: bodies_service.list_bodies(s, f, a),
            lambda s: bodies_service.count_bodies(s, f),
            CoordinationBody.from_row,
        )

    @strawberry.field(description="Commitments, oldest first.")
    async def commitments(
        self,
        info: Info,
        actor_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only these actors'.")
        ] = None,
        determinants: Annotated[
            list[Determinant] | None, strawberry.argument(description="Only these determinants.")
        ] = None,
        states: Annotated[
            list[CommitmentState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        due_before: Annotated[
            dt.date | None, strawberry.argument(description="Due strictly before this date.")
        ] = None,
        due_after: Annotated[
            dt.date | None, strawberry.argument(description="Due strictly after this date.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Commitment]:
        f = commitments_service.CommitmentFilter(
            actor_ids=decode_ids(actor_ids, "Actor", "actorIds"),
            determinants=determinants,
            states=states,
            due_before=due_before,
            due_after=due_after,
        )
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: commitments_service.list_commitments(s, f, a),
            lambda s: commitments_service.count_commitments(s, f),
            Commitment.from_row,
        )

    @strawberry.field(description="Meetings, earliest first.")
    async def meetings(
        self,
        info: Info,
        body_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this body's meetings.")
        ] = None,
        statuses: Annotated[
            list[MeetingStatus] | None, strawberry.argument(description="Only these statuses.")
        ] = None,
        hubs: Annotated[
            list[Hub] | None, strawberry.argument(description="Only at these hubs.")
        ] = None,
        starts_after: Annotated[
            dt.datetime | None, strawberry.argument(description="Starting at or after this time.")
        ] = None,
        starts_before: Annotated[
            dt.datetime | None, strawberry.argument(description="Starting before this time.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Meeting]:
        body_ids = decode_ids(
            [body_id] if body_id is not None else None, "CoordinationBody", "bodyId"
        )
        f = bodies_service.MeetingFilter(
            body_id=body_ids[0] if body_ids else None,
            statuses=statuses,
            hubs=hubs,
            starts_after=starts_after,
            starts_before=starts_before,
        )
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: bodies_service.list_meetings(s, f, a),
            lambda s: bodies_service.count_meetings(s, f),
            Meeting.from_row,
        )

    @strawberry.field(description="General Assembly agenda items, by session.")
    async def agenda_items(
        self,
        info: Info,
        sessions: Annotated[
            list[int] | None, strawberry.argument(description="Only these sessions.")
        ] = None,
        states: Annotated[
            list[AgendaItemState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AgendaItem]:
        f = ga_service.AgendaItemFilter(sessions=sessions, states=states)
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: ga_service.list_agenda_items(s, f, a),
            lambda s: ga_service.count_agenda_items(s, f),
            AgendaItem.from_row,
        )

    @strawberry.field(description="Draft and adopted resolutions, oldest first.")
    async def resolutions(
        self,
        info: Info,
        states: Annotated[
            list[ResolutionState] | None, strawberry.argument(description="Only these states.")
        ] = None,
        omnibus: Annotated[
            bool | None, strawberry.argument(description="Only omnibus (or only other) drafts.")
        ] = None,
        agenda_item_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only under this agenda item.")
        ] = None,
        sponsor_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only those this actor sponsors.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Resolution]:
        item_ids = decode_ids(
            [agenda_item_id] if agenda_item_id is not None else None, "AgendaItem", "agendaItemId"
        )
        sponsor_ids = decode_ids(
            [sponsor_id] if sponsor_id is not None else None, "Actor", "sponsorId"
        )
        f = ga_service.ResolutionFilter(
            states=states,
            omnibus=omnibus,
            agenda_item_id=item_ids[0] if item_ids else None,
            sponsor_id=sponsor_ids[0] if sponsor_ids else None,
        )
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: ga_service.list_resolutions(s, f, a),
            lambda s: ga_service.count_resolutions(s, f),
            Resolution.from_row,
        )

    @strawberry.field(description="The event log, oldest first; `after` takes an Event.cursor.")
    async def events(
        self,
        info: Info,
        types: Annotated[
            list[str] | None, strawberry.argument(description="Only these event types.")
        ] = None,
        subject_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Only about these objects.")
        ] = None,
        milestone: Annotated[
            bool | None, strawberry.argument(description="Only milestones (or only others).")
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
        subject_type = None
        subject_pks = None
        if subject_ids is not None:
            decoded = [nodes.decode_node_id(i) for i in subject_ids]
            if len({t for t, _ in decoded}) > 1:
                raise PublicError("subjectIds must all be of one type", "BAD_USER_INPUT")
            subject_type = decoded[0][0] if decoded else None
            subject_pks = [pk for _, pk in decoded]
        f = events_service.EventFilter(
            reader=info.context.principal.role,
            types=types,
            subject_type=subject_type,
            subject_ids=subject_pks,
            milestone=milestone,
            since=since,
            until=until,
        )
        return await root_connection(
            info.context,
            page_args(first, after, last, before),
            lambda s, a: events_service.list_events(s, f, a),
            lambda s: events_service.count_events(s, f),
            Event.from_row,
        )

    @strawberry.field(description="The seed's plan of action, step by step, with derived status.")
    async def plan_steps(self, info: Info) -> list[PlanStep]:
        rows = await info.context.run(plan_service.list_steps)
        return [plan_step_from_row(r) for r in rows]

    @strawberry.field(description="The partnership at a glance, for a dashboard's first screen.")
    async def partnership(self, info: Info) -> Partnership:
        return Partnership.from_summary(await info.context.run(summary.partnership))
