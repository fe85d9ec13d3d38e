"""Access control: every mutation tried by every kind of principal; refused attempts write
nothing. Tokens that are bad in any way fail the whole request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.auth.models import ApiToken
from gp_api.bodies import service as bodies
from gp_api.bodies.models import Hub, MembershipRole
from gp_api.commitments import service as commitments
from gp_api.commitments.models import Determinant
from gp_api.db import session_factory
from gp_api.documents import service as documents
from gp_api.events.models import Event
from gp_api.ga import drafts, mandates
from gp_api.ga import items as ga_items
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItem,
    AgendaItemAllocation,
    AgendaItemOrigin,
    Allocation,
    Resolution,
    SponsorKind,
    Submitter,
    VotingMethod,
)
from gp_api.graphql.ids import encode
from gp_api.people import service as people
from gp_api.people.models import OfficeKind
from gp_api.principal import SYSTEM, Role
from gp_api.webhooks import service as webhooks
from gp_api.webhooks.models import DeliveryStatus, WebhookDelivery
from gp_api.workflow import service as workflow
from tests.conftest import GraphQLClient, make_token
from workflows.agenda_item import AgendaItemState


@dataclass
class World:
    ids: dict[str, str]
    admin: GraphQLClient
    viewer: GraphQLClient
    own_editor: GraphQLClient
    foreign_editor: GraphQLClient
    anonymous: GraphQLClient


async def _drafts(s: AsyncSession, item: AgendaItem) -> dict[str, str]:
    """Member States and drafts at each stage a mutation acts on, under `item` (allocated to
    the plenary and the Third Committee)."""
    member, member2 = [
        await actors.create_actor(
            s,
            principal=SYSTEM,
            values={
                "name": name,
                "kind": ActorKind.STATE,
                "iso_alpha2": code,
                "un_member_since": dt.date(1945, 10, 24),
            },
        )
        for name, code in (("Member", "FR"), ("Member two", "CN"))
    ]
    item.state = AgendaItemState.ALLOCATED
    for forum in (Allocation.PLENARY, Allocation.THIRD_COMMITTEE):
        s.add(AgendaItemAllocation(agenda_item_id=item.id, forum=forum))
    await s.flush()

    async def draft(forum: Allocation, symbol: str | None) -> Resolution:
        made = await drafts.create_draft(
            s, principal=SYSTEM, agenda_item_id=item.id, title="Draft", forum=forum
        )
        await s.flush()
        await drafts.add_sponsor(
            s, principal=SYSTEM, resolution_id=made.id, actor_id=member.id, kind=SponsorKind.MAIN
        )
        if symbol is not None:
            await drafts.submit_draft(
                s,
                principal=SYSTEM,
                resolution_id=made.id,
                symbol=symbol,
                submitter=Submitter.SPONSORS,
                submitted_on=dt.date(2025, 9, 15),
            )
            await workflow.advance(
                s,
                principal=SYSTEM,
                subject_type="Resolution",
                subject_id=made.id,
                trigger="introduce",
            )
        return made

    resolution = await draft(Allocation.PLENARY, None)
    introduced = await draft(Allocation.PLENARY, "A/80/L.1")
    amended = await draft(Allocation.PLENARY, "A/80/L.2")
    committee = await draft(Allocation.THIRD_COMMITTEE, "A/C.3/80/L.1")
    await drafts.take_action(
        s,
        principal=SYSTEM,
        resolution_id=committee.id,
        outcome=ActionOutcome.ADOPTED,
        method=VotingMethod.WITHOUT_A_VOTE,
        taken_on=dt.date(2025, 10, 1),
    )
    adopted = await draft(Allocation.PLENARY, "A/80/L.3")
    await drafts.take_action(
        s,
        principal=SYSTEM,
        resolution_id=adopted.id,
        outcome=ActionOutcome.ADOPTED,
        method=VotingMethod.WITHOUT_A_VOTE,
        taken_on=dt.date(2025, 10, 2),
        final_symbol="A/RES/80/1",
    )
    mandate = await mandates.record_mandate(
        s,
        principal=SYSTEM,
        resolution_id=adopted.id,
        addressee="Secretary-General",
        request="A report",
        due_session=82,
    )
    amendment = await drafts.propose_amendment(
        s,
        principal=SYSTEM,
        resolution_id=amended.id,
        text="Delete paragraph 2.",
        proposed_on=dt.date(2025, 10, 1),
        proposer_ids=[member.id],
    )
    return {
        "member": encode("Actor", member.id),
        "member2": encode("Actor", member2.id),
        "resolution": encode("Resolution", resolution.id),
        "introduced": encode("Resolution", introduced.id),
        "committee": encode("Resolution", committee.id),
        "amendment": encode("Amendment", amendment.id),
        "adopted": encode("Resolution", adopted.id),
        "mandate": encode("Mandate", mandate.id),
    }


@pytest.fixture
async def world(engine: AsyncEngine, gql: GraphQLClient) -> World:
    async with session_factory(engine)() as s, s.begin():
        own = await actors.create_actor(
            s, principal=SYSTEM, values={"name": "Own NGO", "kind": ActorKind.NGO}
        )
        other = await actors.create_actor(
            s, principal=SYSTEM, values={"name": "Other NGO", "kind": ActorKind.NGO}
        )
        own_c = await commitments.create_commitment(
            s, principal=SYSTEM, actor_id=own.id, determinants=[Determinant.PROTECTION], title="Own"
        )
        other_c = await commitments.create_commitment(
            s,
            principal=SYSTEM,
            actor_id=other.id,
            determinants=[Determinant.PROTECTION],
            title="Other",
        )
        own_d = await commitments.add_deliverable(
            s, principal=SYSTEM, commitment_id=own_c.id, title="D"
        )
        other_d = await commitments.add_deliverable(
            s, principal=SYSTEM, commitment_id=other_c.id, title="D"
        )
        body = await bodies.create_body(s, principal=SYSTEM, name="Body")
        membership = await bodies.add_membership(
            s, principal=SYSTEM, body_id=body.id, actor_id=own.id, role=MembershipRole.MEMBER
        )
        meeting = await bodies.schedule_meeting(
            s,
            principal=SYSTEM,
            body_id=body.id,
            title="M",
            hub=Hub.GENEVA,
            starts_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        )
        person = await people.create_person(s, principal=SYSTEM, name="A. Person")
        office = await people.create_office(
            s, principal=SYSTEM, title="Office", kind=OfficeKind.OTHER
        )
        office2 = await people.create_office(
            s, principal=SYSTEM, title="Second office", kind=OfficeKind.OTHER
        )
        appointment = await people.appoint(
            s,
            principal=SYSTEM,
            person_id=person.id,
            office_id=office.id,
            since=dt.date(2024, 1, 1),
        )
        chaired = await bodies.create_body(s, principal=SYSTEM, name="Chaired body")
        chair = await bodies.appoint_chair(
            s,
            principal=SYSTEM,
            body_id=chaired.id,
            appointment_id=appointment.id,
            since=dt.date(2024, 6, 1),
        )
        item = await ga_items.create_agenda_item(
            s, principal=SYSTEM, title="Item", session_number=80
        )
        drafts_world = await _drafts(s, item)
        doc = await documents.create_document(s, principal=SYSTEM, symbol="A/RES/64/293")
        included = await ga_items.create_agenda_item(
            s,
            principal=SYSTEM,
            title="Recurring",
            session_number=80,
            origin=AgendaItemOrigin.MANDATED,
            mandated_by_symbol="A/RES/60/1",
        )
        for trigger in ("recommend", "include"):
            await workflow.advance(
                s,
                principal=SYSTEM,
                subject_type="AgendaItem",
                subject_id=included.id,
                trigger=trigger,
            )
    async with session_factory(engine)() as s, s.begin():
        endpoint = (
            await webhooks.create_endpoint(
                s, principal=SYSTEM, url="http://127.0.0.1:9/a", allow_private=True
            )
        ).endpoint
        doomed = (
            await webhooks.create_endpoint(
                s, principal=SYSTEM, url="http://127.0.0.1:9/b", allow_private=True
            )
        ).endpoint
        event_id = await s.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
        assert event_id is not None
        delivery = WebhookDelivery(
            endpoint_id=endpoint.id,
            event_id=event_id,
            subject_type="Actor",
            subject_id=own.id,
            status=DeliveryStatus.DEAD,
        )
        s.add(delivery)
    token = await make_token(engine, Role.VIEWER, name="to revoke")
    async with session_factory(engine)() as s:
        token_id = await s.scalar(select(ApiToken.id).where(ApiToken.name == "to revoke"))
    assert token is not None
    assert token_id is not None
    return World(
        ids={
            "own": encode("Actor", own.id),
            "other": encode("Actor", other.id),
            "own_c": encode("Commitment", own_c.id),
            "other_c": encode("Commitment", other_c.id),
            "own_d": encode("Deliverable", own_d.id),
            "other_d": encode("Deliverable", other_d.id),
            "body": encode("CoordinationBody", body.id),
            "membership": encode("Membership", membership.id),
            "meeting": encode("Meeting", meeting.id),
            "person": encode("Person", person.id),
            "office": encode("Office", office.id),
            "office2": encode("Office", office2.id),
            "appointment": encode("Appointment", appointment.id),
            "chair": encode("BodyChair", chair.id),
            "item": encode("AgendaItem", item.id),
            **drafts_world,
            "document": encode("Document", doc.id),
            "included": encode("AgendaItem", included.id),
            "token": encode("ApiToken", token_id),
            "endpoint": encode("WebhookEndpoint", endpoint.id),
            "doomed": encode("WebhookEndpoint", doomed.id),
            "delivery": encode("WebhookDelivery", delivery.id),
        },
        admin=gql,
        viewer=gql.as_(await make_token(engine, Role.VIEWER)),
        own_editor=gql.as_(await make_token(engine, Role.EDITOR, actor_id=own.id)),
        foreign_editor=gql.as_(
            await make_token(engine, Role.EDITOR, name="other editor", actor_id=other.id)
        ),
        anonymous=gql.as_(None),
    )


# mutation, input (with {placeholders} for ids), target owned by the "own" actor?
CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("createActor", {"name": "New", "kind": "NGO"}, False),
    ("updateActor", {"id": "{own}", "shortName": "ON"}, False),
    ("createCoordinationBody", {"name": "New body"}, False),
    ("addMembership", {"bodyId": "{body}", "actorId": "{other}"}, False),
    ("removeMembership", {"membershipId": "{membership}"}, False),
    ("scheduleMeeting", {"title": "T", "hub": "VIENNA", "startsAt": "2025-01-01T10:00:00Z"}, False),
    ("recordMeetingHeld", {"meetingId": "{meeting}"}, False),
    ("updateCoordinationBody", {"id": "{body}", "mandate": "A mandate."}, False),
    ("updateMeeting", {"id": "{meeting}", "location": "Vienna"}, False),
    (
        "appointBodyChair",
        {"bodyId": "{body}", "appointmentId": "{appointment}", "since": "2025-01-01"},
        False,
    ),
    ("endBodyChair", {"chairId": "{chair}", "until": "2025-06-01"}, False),
    ("createPerson", {"name": "New person"}, False),
    ("updatePerson", {"id": "{person}", "name": "Renamed"}, False),
    ("createOffice", {"title": "New office", "kind": "OTHER"}, False),
    ("updateOffice", {"id": "{office}", "description": "What it is for."}, False),
    (
        "appointPerson",
        {"personId": "{person}", "officeId": "{office2}", "since": "2025-01-01"},
        False,
    ),
    ("endAppointment", {"appointmentId": "{appointment}", "until": "2025-12-31"}, False),
    ("createAgendaItem", {"title": "T", "session": 81}, False),
    ("updateAgendaItem", {"id": "{item}", "title": "Corrected"}, False),
    ("allocateAgendaItem", {"agendaItemId": "{included}", "forum": "THIRD_COMMITTEE"}, False),
    ("deferAgendaItem", {"agendaItemId": "{item}", "toSession": 81, "reason": "r"}, False),
    ("createDraftResolution", {"agendaItemId": "{item}", "title": "T", "forum": "PLENARY"}, False),
    ("addSponsor", {"resolutionId": "{resolution}", "actorId": "{member2}"}, False),
    (
        "withdrawSponsor",
        {"resolutionId": "{resolution}", "actorId": "{member}", "withdrawnOn": "2025-09-20"},
        False,
    ),
    (
        "submitDraft",
        {
            "resolutionId": "{resolution}",
            "symbol": "A/80/L.9",
            "submitter": "SPONSORS",
            "submittedOn": "2025-10-01",
        },
        False,
    ),
    (
        "reviseDraft",
        {
            "resolutionId": "{introduced}",
            "revisedOn": "2025-10-02",
            "oral": True,
            "description": "d",
        },
        False,
    ),
    (
        "takeAction",
        {
            "resolutionId": "{introduced}",
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2025-10-03",
            "finalSymbol": "A/RES/80/9",
        },
        False,
    ),
    ("reportDraft", {"resolutionId": "{committee}", "reportSymbol": "A/80/400"}, False),
    (
        "voteOnPart",
        {
            "resolutionId": "{introduced}",
            "part": "operative paragraph 2",
            "method": "RECORDED_VOTE",
            "takenOn": "2025-10-03",
            "yesCount": 100,
            "noCount": 5,
            "abstainCount": 3,
        },
        False,
    ),
    (
        "recordBudgetImplications",
        {"resolutionId": "{resolution}", "involvesExpenditure": True},
        False,
    ),
    (
        "proposeAmendment",
        {
            "resolutionId": "{introduced}",
            "text": "Add a paragraph.",
            "proposedOn": "2025-10-02",
            "proposerIds": ["{member}"],
        },
        False,
    ),
    (
        "actOnAmendment",
        {"amendmentId": "{amendment}", "method": "WITHOUT_A_VOTE", "takenOn": "2025-10-03"},
        False,
    ),
    ("withdrawAmendment", {"amendmentId": "{amendment}"}, False),
    (
        "recordMandate",
        {"resolutionId": "{adopted}", "addressee": "Secretary-General", "request": "A report"},
        False,
    ),
    ("updateMandate", {"id": "{mandate}", "paragraph": 3}, False),
    (
        "fulfilMandate",
        {
            "mandateId": "{mandate}",
            "symbol": "A/82/1",
            "documentKind": "SG_REPORT",
            "fulfilledOn": "2027-07-01",
        },
        False,
    ),
    ("createSession", {"number": 90}, False),
    ("updateSession", {"number": 80, "closesOn": "2026-09-08"}, False),
    ("addSessionPart", {"sessionNumber": 80, "part": "RESUMED", "opensOn": "2026-03-01"}, False),
    ("createDocument", {"symbol": "a/c.3/64/l.17/rev.1"}, False),
    ("updateDocument", {"id": "{document}", "title": "T"}, False),
    ("createApiToken", {"name": "T", "role": "VIEWER"}, False),
    ("revokeApiToken", {"id": "{token}"}, False),
    ("advanceWorkflow", {"subjectId": "{body}", "trigger": "dissolve", "reason": "r"}, False),
    ("recordName", {"subjectId": "{body}", "language": "FR", "name": "Le groupe"}, False),
    ("recordActorKind", {"actorId": "{own}", "kind": "OTHER", "validUntil": "2000-01-01"}, False),
    (
        "importWorkflowState",
        {
            "subjectId": "{body}",
            "toState": "CORE_GROUP",
            "on": "2010-03-10",
            "sourceUrl": "https://example.org/source",
        },
        False,
    ),
    ("createWebhookEndpoint", {"url": "https://example.org/hook"}, False),
    ("updateWebhookEndpoint", {"id": "{endpoint}", "enabled": False}, False),
    ("deleteWebhookEndpoint", {"id": "{doomed}"}, False),
    ("redeliverWebhook", {"deliveryId": "{delivery}"}, False),
    (
        "createCommitment",
        {"actorId": "{own}", "determinants": ["DEMAND_REDUCTION"], "title": "T"},
        True,
    ),
    ("updateCommitment", {"id": "{own_c}", "title": "T2"}, True),
    ("addDeliverable", {"commitmentId": "{own_c}", "title": "T"}, True),
    ("setDeliverableStatus", {"deliverableId": "{own_d}", "status": "DELIVERED"}, True),
    (
        "submitProgressReport",
        {"commitmentId": "{own_c}", "summary": "S", "percentComplete": 5},
        True,
    ),
    ("advanceWorkflow", {"subjectId": "{own_c}", "trigger": "start"}, True),
]
FOREIGN = {"{own}": "{other}", "{own_c}": "{other_c}", "{own_d}": "{other_d}"}


def fill(values: dict[str, Any], ids: dict[str, str], *, foreign: bool = False) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, list):
            return [one(v) for v in value]
        if isinstance(value, str) and value.startswith("{"):
            return ids[(FOREIGN.get(value, value) if foreign else value).strip("{}")]
        return value

    return {key: one(value) for key, value in values.items()}


def document(mutation: str) -> str:
    return (
        f"mutation($input: {mutation[0].upper()}{mutation[1:]}Input!) "
        f"{{ {mutation}(input: $input) {{ userErrors {{ code message }} }} }}"
    )


async def log_state(engine: AsyncEngine) -> tuple[int, str | None]:
    async with session_factory(engine)() as s:
        last = (
            await s.execute(select(Event.id, Event.hash).order_by(Event.id.desc()).limit(1))
        ).first()
    return (last[0], last[1]) if last else (0, None)


async def refused(
    client: GraphQLClient, engine: AsyncEngine, mutation: str, input: dict[str, Any], code: str
) -> None:
    before = await log_state(engine)
    body = await client.post(document(mutation), {"input": input})
    assert body.get("data") in (None, {mutation: None}) or body["data"] is None, body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code], (mutation, body)
    assert await log_state(engine) == before, f"{mutation} wrote despite {code}"


@pytest.mark.parametrize(
    ("mutation", "values", "editor_scoped"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
async def test_role_by_operation(
    world: World, engine: AsyncEngine, mutation: str, values: dict[str, Any], editor_scoped: bool
) -> None:
    own = fill(values, world.ids)
    await refused(world.anonymous, engine, mutation, own, "UNAUTHENTICATED")
    await refused(world.viewer, engine, mutation, own, "FORBIDDEN")
    await refused(world.foreign_editor, engine, mutation, own, "FORBIDDEN")
    if editor_scoped:
        await refused(
            world.own_editor, engine, mutation, fill(values, world.ids, foreign=True), "FORBIDDEN"
        )
        allowed = world.own_editor
    else:
        await refused(world.own_editor, engine, mutation, own, "FORBIDDEN")
        allowed = world.admin

    before = await log_state(engine)
    body = await allowed.post(document(mutation), {"input": own})

    assert "errors" not in body, body
    assert body["data"][mutation]["userErrors"] == []
    assert (await log_state(engine))[0] > before[0]


async def test_every_mutation_is_in_the_matrix_and_has_a_rule(gql: GraphQLClient) -> None:
    from gp_api.graphql.permissions import RULES

    fields = await gql.data('{ __type(name: "Mutation") { fields { name } } }')
    names = {f["name"] for f in fields["__type"]["fields"]}

    assert names == {c[0] for c in CASES}
    assert names <= set(RULES)


async def test_admin_reads_need_admin(world: World) -> None:
    query = "{ apiTokens { totalCount } auditLog { totalCount } webhookEndpoints { totalCount } webhookDeliveries { totalCount } }"
    for client, code in (
        (world.anonymous, "UNAUTHENTICATED"),
        (world.viewer, "FORBIDDEN"),
        (world.own_editor, "FORBIDDEN"),
    ):
        body = await client.post(query)
        assert {e["extensions"]["code"] for e in body["errors"]} == {code}
    data = await world.admin.data(query)
    assert data["apiTokens"]["totalCount"] == 5


async def test_viewer_says_who_is_asking(world: World) -> None:
    query = "{ viewer { name role actor { name } } }"

    assert (await world.anonymous.data(query))["viewer"] == {
        "name": "anonymous",
        "role": None,
        "actor": None,
    }
    assert (await world.own_editor.data(query))["viewer"] == {
        "name": "test editor",
        "role": "EDITOR",
        "actor": {"name": "Own NGO"},
    }


async def test_available_transitions_name_the_role_needed(world: World) -> None:
    query = "query($id: ID!) { node(id: $id) { ... on WorkflowSubject { availableTransitions { trigger allowed blockers requiredRole } } } }"

    as_viewer = await world.viewer.data(query, {"id": world.ids["own_c"]})
    as_owner = await world.own_editor.data(query, {"id": world.ids["own_c"]})
    body_as_editor = await world.own_editor.data(query, {"id": world.ids["body"]})

    start = next(o for o in as_viewer["node"]["availableTransitions"] if o["trigger"] == "start")
    assert start == {
        "trigger": "start",
        "allowed": False,
        "blockers": ["needs the ADMIN role (or an EDITOR token for this commitment's actor)"],
        "requiredRole": "EDITOR",
    }
    assert {o["requiredRole"] for o in body_as_editor["node"]["availableTransitions"]} == {"ADMIN"}
    assert (
        next(o for o in as_owner["node"]["availableTransitions"] if o["trigger"] == "start")[
            "allowed"
        ]
        is True
    )
    assert all(not o["allowed"] for o in body_as_editor["node"]["availableTransitions"])


async def test_bad_tokens_fail_the_whole_request(
    world: World, engine: AsyncEngine, client: Any
) -> None:
    secret = await make_token(engine, Role.ADMIN, name="short-lived")
    reader = world.admin.as_(secret)
    assert (await reader.data("{ viewer { name } }"))["viewer"]["name"] == "short-lived"

    await world.admin.data(
        "mutation($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }",
        {"id": encode("ApiToken", await token_id(engine, "short-lived"))},
    )
    async with session_factory(engine)() as s, s.begin():
        await s.execute(
            update(ApiToken)
            .where(ApiToken.role == Role.VIEWER)
            .values(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        )

    cases = {
        "revoked": {"authorization": f"Bearer {secret}"},
        "expired": {"authorization": f"Bearer {world.viewer.secret}"},
        "unknown": {"authorization": "Bearer gpa_doesnotexist"},
        "malformed": {"authorization": "Bearer not-our-format"},
        "wrong scheme": {"authorization": f"Basic {secret}"},
        "empty": {"authorization": "Bearer "},
    }
    for name, headers in cases.items():
        response = await client.post(
            "/graphql", json={"query": "{ actors { totalCount } }"}, headers=headers
        )
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", name
        assert "data" not in response.json()
        assert secret not in response.text


async def token_id(engine: AsyncEngine, name: str) -> int:
    async with session_factory(engine)() as s:
        found = await s.scalar(select(ApiToken.id).where(ApiToken.name == name))
    assert found is not None
    return found


async def test_secrets_are_stored_only_as_hashes(world: World, engine: AsyncEngine) -> None:
    data = await world.admin.data(
        'mutation($a: ID!) { createApiToken(input: {name: "script", role: EDITOR, actorId: $a, expiresInDays: 30}) {'
        " secret apiToken { name role prefix expiresAt actor { name } } userErrors { code } } }",
        {"a": world.ids["own"]},
    )
    created = data["createApiToken"]
    secret = created["secret"]
    async with session_factory(engine)() as s:
        rows = list(await s.execute(select(ApiToken.token_hash, ApiToken.prefix)))
        log = list(await s.scalars(select(Event.data)))

    assert secret.startswith("gpa_")
    assert len(secret) > 40
    assert created["apiToken"]["prefix"] == secret[:8]
    assert created["apiToken"]["actor"] == {"name": "Own NGO"}
    assert all(secret not in str(row) for row in rows)
    assert all(secret not in str(data) for data in log)
    assert (await world.admin.as_(secret).data("{ viewer { role } }"))["viewer"]["role"] == "EDITOR"


async def test_editor_token_needs_an_actor_and_only_editors_have_one(world: World) -> None:
    mutation = "mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret userErrors { code field } } }"

    no_actor = await world.admin.data(mutation, {"input": {"name": "e", "role": "EDITOR"}})
    admin_actor = await world.admin.data(
        mutation, {"input": {"name": "a", "role": "ADMIN", "actorId": world.ids["own"]}}
    )

    assert no_actor["createApiToken"] == {
        "secret": None,
        "userErrors": [{"code": "REQUIRED", "field": ["input", "actorId"]}],
    }
    assert admin_actor["createApiToken"]["userErrors"][0]["code"] == "INVALID"


async def test_audit_log_filters_by_principal_and_subject(
    world: World, engine: AsyncEngine
) -> None:
    await world.own_editor.data(
        'mutation($id: ID!) { updateCommitment(input: {id: $id, title: "Renamed"}) { userErrors { code } } }',
        {"id": world.ids["own_c"]},
    )
    editor_id = await token_id(engine, "test editor")

    by_editor = await world.admin.data(
        "query($t: ID!) { auditLog(tokenId: $t) { edges { node { type principalId by onBehalfOf { name } } } } }",
        {"t": encode("ApiToken", editor_id)},
    )
    about = await world.admin.data(
        "query($s: ID!) { auditLog(subjectId: $s) { edges { node { type } } } }",
        {"s": world.ids["own_c"]},
    )

    assert [e["node"] for e in by_editor["auditLog"]["edges"]] == [
        {
            "type": "commitment.updated",
            "principalId": f"token:{editor_id}",
            "by": "test editor",
            "onBehalfOf": {"name": "Own NGO"},
        }
    ]
    assert [e["node"]["type"] for e in about["auditLog"]["edges"]] == [
        "commitment.created",
        "commitment.updated",
    ]
