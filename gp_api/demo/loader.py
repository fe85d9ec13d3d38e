"""Loading the demo data set through the services, idempotently.

Each record is looked up by its natural key first and created (with its event) only when
missing, so a second load creates nothing. The services flush; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api.actors import kinds as actor_kinds
from gp_api.actors import service as actors
from gp_api.actors.models import Actor
from gp_api.bodies import service as bodies
from gp_api.bodies.models import CoordinationBody, Meeting, Membership
from gp_api.commitments import service as commitments
from gp_api.commitments.models import Commitment, ProgressReport
from gp_api.demo.data import ACTORS, BODIES, COMMITMENTS, MEETINGS
from gp_api.demo.data_ga import AGENDA_ITEMS, GA_ACTORS, RESOLUTIONS, SESSIONS
from gp_api.demo.data_mandates import MANDATES, MandateRecord
from gp_api.demo.data_names import CURRENT_SINCE, KINDS, NAMES
from gp_api.demo.data_people import (
    APPOINTMENTS,
    OFFICES,
    PERSON_SOURCES,
    AppointmentRecord,
    OfficeRecord,
)
from gp_api.demo.history import Subject, import_history, midnight_utc
from gp_api.demo.records import (
    ActorRecord,
    AgendaItemRecord,
    BodyRecord,
    CommitmentRecord,
    ImportStep,
    MeetingRecord,
    ResolutionRecord,
    SessionRecord,
)
from gp_api.documents import service as documents
from gp_api.documents.models import DocumentKind
from gp_api.ga import drafts, mandates
from gp_api.ga import items as ga_items
from gp_api.ga.models import (
    AgendaItem,
    AgendaItemAllocation,
    Mandate,
    Resolution,
    Sponsorship,
)
from gp_api.models_common import Confidence
from gp_api.names import service as names
from gp_api.names.models import LanguageCode, LocalizedName
from gp_api.people import service as people
from gp_api.people.models import Appointment, Person
from gp_api.principal import SYSTEM
from gp_api.sessions import service as sessions
from workflows.resolution import open_to_sponsors

COUNTED = (
    "actors",
    "coordination_bodies",
    "memberships",
    "meetings",
    "sessions",
    "agenda_items",
    "agenda_item_allocations",
    "resolutions",
    "sponsorships",
    "commitments",
    "mandates",
    "persons",
    "offices",
    "appointments",
    "progress_reports",
    "transitions",
)


@dataclass
class DemoResult:
    """How many records of each kind one load created; transitions are import records."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))

    @property
    def total(self) -> int:
        return sum(self.created.values())


async def load_demo(session: AsyncSession) -> DemoResult:
    """Load whatever of the demo data set is missing. Flushes, never commits."""
    loader = _Loader(session)
    for actor in (*ACTORS, *GA_ACTORS):
        await loader.actor(actor)
    for office in OFFICES:
        await loader.office(office)
    for appointment in APPOINTMENTS:
        await loader.appointment(appointment)
    for body in BODIES:
        await loader.body(body)
    for meeting in MEETINGS:
        await loader.meeting(meeting)
    for record in SESSIONS:
        await loader.session_record(record)
    for item in AGENDA_ITEMS:
        await loader.agenda_item(item)
    for resolution in RESOLUTIONS:
        await loader.resolution(resolution)
    for item in AGENDA_ITEMS:
        # After the drafts: an allocation may take one of them directly in plenary.
        await loader.allocations(item)
    for commitment in COMMITMENTS:
        await loader.commitment(commitment)
    # Before the history: an import of 2007 judges IOM by its kind of 2007.
    await loader.names_and_kinds()
    # History last, once every record it is judged by (members, meetings, allocations,
    # drafts) is in: an import's guards see the facts of its date, not of the load order.
    for subject, steps in loader.histories:
        loader._count("transitions", await import_history(session, subject, steps))
    for mandate in MANDATES:
        await loader.mandate(mandate)
    return loader.result


class _Loader:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.histories: list[tuple[Subject, Sequence[ImportStep]]] = []
        self.result = DemoResult()
        self.actors: dict[str, Actor] = {}
        self.bodies: dict[str, CoordinationBody] = {}
        self.items: dict[tuple[int, int | None], AgendaItem] = {}

    def _count(self, kind: str, n: int = 1) -> None:
        self.result.created[kind] += n

    async def actor(self, rec: ActorRecord) -> None:
        found = await actors.find_by_name(self.session, rec.name)
        if found is None and rec.iso_alpha2 is not None:
            found = await self.session.scalar(
                select(Actor).where(Actor.iso_alpha2 == rec.iso_alpha2)
            )
        if found is None:
            found = await actors.create_actor(
                self.session,
                principal=SYSTEM,
                values={
                    "name": rec.name,
                    "short_name": rec.short_name,
                    "kind": rec.kind,
                    "iso_alpha2": rec.iso_alpha2,
                    "flow_roles": list(rec.flow_roles),
                    "flow_roles_illustrative": rec.flow_roles_illustrative,
                    "website": rec.website,
                    "un_member_since": rec.un_member_since,
                    "source_url": rec.source_url,
                    "confidence": rec.confidence,
                },
            )
            self._count("actors")
        elif found.name != rec.name:
            # Loaded under an older form of its name (now the UN's, e.g. "Bolivia
            # (Plurinational State of)").
            found = await actors.update_actor(
                self.session, principal=SYSTEM, actor_id=found.id, changes={"name": rec.name}
            )
        elif found.un_member_since is None and rec.un_member_since is not None:
            # Loaded before admission dates were recorded.
            found = await actors.update_actor(
                self.session,
                principal=SYSTEM,
                actor_id=found.id,
                changes={"un_member_since": rec.un_member_since},
            )
        self.actors[rec.name] = found

    async def _subject_id(self, subject_type: str, key: str) -> int:
        """The id of the demo subject a names record points at."""
        if subject_type == "Actor":
            return self.actors[key].id
        found: int | None
        if subject_type == "CoordinationBody":
            found = await self.session.scalar(
                select(CoordinationBody.id).where(CoordinationBody.name == key)
            )
        else:
            found = await self.session.scalar(select(Resolution.id).where(Resolution.symbol == key))
        assert found is not None, f"the demo has no {subject_type} {key!r}"
        return found

    async def names_and_kinds(self) -> None:
        """Names as of their dates and in other languages, and kinds that changed."""
        for since in CURRENT_SINCE:
            subject_id = await self._subject_id(since.subject_type, since.key)
            current = await self.session.scalar(
                select(LocalizedName).where(
                    LocalizedName.subject_type == since.subject_type,
                    LocalizedName.subject_id == subject_id,
                    LocalizedName.language == LanguageCode.EN,
                    LocalizedName.valid_until.is_(None),
                )
            )
            if current is not None and current.valid_from != since.valid_from:
                current.valid_from = since.valid_from
                current.source_url, current.confidence = since.source_url, since.confidence
        for rec in NAMES:
            subject_id = await self._subject_id(rec.subject_type, rec.key)
            if await self.session.scalar(
                select(LocalizedName.id).where(
                    LocalizedName.subject_type == rec.subject_type,
                    LocalizedName.subject_id == subject_id,
                    LocalizedName.language == rec.language,
                    LocalizedName.name == rec.name,
                    LocalizedName.valid_from.is_(None)
                    if rec.valid_from is None
                    else LocalizedName.valid_from == rec.valid_from,
                )
            ):
                continue  # loaded before
            await names.record_name(
                self.session,
                principal=SYSTEM,
                subject=(rec.subject_type, subject_id),
                language=rec.language,
                name=rec.name,
                short_name=rec.short_name,
                valid_from=rec.valid_from,
                valid_until=rec.valid_until,
                source_url=rec.source_url,
                confidence=rec.confidence,
            )
        for kind in KINDS:
            actor = self.actors[kind.actor]
            today_since = kind.valid_until + dt.timedelta(days=1)
            periods = (await actor_kinds.periods_of(self.session, [actor.id]))[actor.id]
            for open_period in periods:
                if open_period.valid_until is None and open_period.valid_from != today_since:
                    open_period.valid_from = today_since
                    open_period.source_url = kind.today_since_source
                    open_period.confidence = kind.confidence
            await self.session.flush()
            if any(p.kind is kind.kind and p.valid_until == kind.valid_until for p in periods):
                continue  # loaded before
            await actor_kinds.record_kind_period(
                self.session,
                principal=SYSTEM,
                actor=actor,
                kind=kind.kind,
                valid_from=None,
                valid_until=kind.valid_until,
                source_url=kind.source_url,
                confidence=kind.confidence,
            )

    async def body(self, rec: BodyRecord) -> None:
        body = await self.session.scalar(
            select(CoordinationBody).where(func.lower(CoordinationBody.name) == rec.name.lower())
        )
        if rec.mandate_symbol is not None:
            await self._mandate_document(rec.mandate_symbol)
        succeeds_id = None if rec.succeeds is None else self.bodies[rec.succeeds].id
        if body is None:
            body = await bodies.create_body(
                self.session,
                principal=SYSTEM,
                name=rec.name,
                hubs=rec.hubs,
                mandate=rec.mandate,
                mandate_symbol=rec.mandate_symbol,
                founded_on=rec.founded_on,
                succeeds_id=succeeds_id,
                source_url=rec.source_url,
                confidence=rec.confidence,
            )
            self._count("coordination_bodies")
        else:
            # Loaded before bodies recorded their mandate and predecessor.
            missing = {
                key: value
                for key, value, current in (
                    ("mandate", rec.mandate, body.mandate),
                    ("mandate_symbol", rec.mandate_symbol, body.mandate_symbol),
                    ("succeeds_id", succeeds_id, body.succeeds_id),
                )
                if value is not None and current is None
            }
            if missing:
                body = await bodies.update_body(
                    self.session, principal=SYSTEM, body_id=body.id, changes=missing
                )
        self.bodies[rec.name] = body
        for member in rec.members:
            actor = self.actors[member.actor]
            current = await self.session.scalar(
                select(Membership.id).where(
                    Membership.body_id == body.id,
                    Membership.actor_id == actor.id,
                    Membership.until.is_(None),
                )
            )
            if current is None:
                await bodies.add_membership(
                    self.session,
                    principal=SYSTEM,
                    body_id=body.id,
                    actor_id=actor.id,
                    role=member.role,
                    since=member.since,
                    source_url=member.source_url,
                    confidence=member.confidence,
                )
                self._count("memberships")
        self.histories.append((body, rec.history))

    async def _mandate_document(self, symbol: str) -> None:
        """The resolution that gave a mandate, recorded as the demo's draft import records it
        (same title and source), whichever of the two comes first."""
        for resolution in RESOLUTIONS:
            for action in resolution.actions:
                if action.final_symbol == symbol:
                    await documents.ensure_document(
                        self.session,
                        principal=SYSTEM,
                        symbol=symbol,
                        kind=DocumentKind.RESOLUTION,
                        title=resolution.title,
                        source_url=action.source_url,
                        confidence=action.confidence,
                    )
                    return

    async def person(self, name: str) -> Person:
        found = await people.find_person(self.session, name)
        if found is None:
            found = await people.create_person(
                self.session,
                principal=SYSTEM,
                name=name,
                source_url=PERSON_SOURCES[name],
                confidence=Confidence.CONFIRMED,
            )
            self._count("persons")
        return found

    async def office(self, rec: OfficeRecord) -> None:
        if await people.find_office(self.session, rec.title) is not None:
            return
        await people.create_office(
            self.session,
            principal=SYSTEM,
            title=rec.title,
            kind=rec.kind,
            actor_id=None if rec.actor is None else self.actors[rec.actor].id,
            description=rec.description,
            source_url=rec.source_url,
            confidence=rec.confidence,
        )
        self._count("offices")

    async def appointment(self, rec: AppointmentRecord) -> None:
        person = await self.person(rec.person)
        office = await people.find_office(self.session, rec.office)
        assert office is not None, f"no office {rec.office!r} in the demo"
        if await self.session.scalar(
            select(Appointment.id).where(
                Appointment.person_id == person.id, Appointment.office_id == office.id
            )
        ):
            return
        await people.appoint(
            self.session,
            principal=SYSTEM,
            person_id=person.id,
            office_id=office.id,
            since=rec.since,
            until=rec.until,
            source_url=rec.source_url,
            confidence=rec.confidence,
        )
        self._count("appointments")

    async def meeting(self, rec: MeetingRecord) -> None:
        body_id = self.bodies[rec.body].id if rec.body is not None else None
        same_body = Meeting.body_id.is_(None) if body_id is None else Meeting.body_id == body_id
        record: dict[str, Any] = {
            "hub": rec.hub,
            "starts_at": midnight_utc(rec.starts_on),
            "ends_at": None
            if rec.ends_on is None
            else dt.datetime.combine(rec.ends_on, dt.time(23, 59, 59), tzinfo=dt.UTC),
            "location": rec.location,
            "host_id": None if rec.host is None else self.actors[rec.host].id,
            "source_url": rec.source_url,
            "confidence": rec.confidence,
        }
        existing = await self.session.scalar(
            select(Meeting).where(same_body, Meeting.title == rec.title)
        )
        if existing is not None:
            # A database seeded from an earlier record is corrected where the record changed
            # (audited, as an administrator's updateMeeting would be).
            wanted = {**record, "outcome": rec.outcome}
            changes = {k: v for k, v in wanted.items() if getattr(existing, k) != v}
            if changes:
                await bodies.update_meeting(
                    self.session, principal=SYSTEM, meeting_id=existing.id, changes=changes
                )
            return
        meeting = await bodies.schedule_meeting(
            self.session,
            principal=SYSTEM,
            body_id=body_id,
            title=rec.title,
            **record,
        )
        await bodies.record_meeting_held(
            self.session,
            principal=SYSTEM,
            meeting_id=meeting.id,
            participant_ids=[self.actors[name].id for name in rec.participants],
            outcome=rec.outcome,
        )
        self._count("meetings")

    async def agenda_item(self, rec: AgendaItemRecord) -> None:
        stmt = select(AgendaItem).where(AgendaItem.session == rec.session)
        if rec.item_number is None:
            stmt = stmt.where(AgendaItem.item_number.is_(None), AgendaItem.title == rec.title)
        else:
            stmt = stmt.where(AgendaItem.item_number == rec.item_number)
        item = await self.session.scalar(stmt)
        if item is None:
            earlier = None if rec.continues is None else self.items[rec.continues]
            item = await ga_items.create_agenda_item(
                self.session,
                principal=SYSTEM,
                title=rec.title,
                session_number=rec.session,
                item_number=rec.item_number,
                origin=rec.origin,
                topics=rec.topics,
                continues_id=None if earlier is None else earlier.id,
                source_url=rec.source_url,
                confidence=rec.confidence,
            )
            self._count("agenda_items")
        self.items[rec.key] = item
        self.histories.append((item, rec.history))

    async def session_record(self, rec: SessionRecord) -> None:
        """The session with its dates (kept when already recorded with dates)."""
        row = await sessions.ensure_session(self.session, principal=SYSTEM, number=rec.number)
        if row.opens_on is None:
            await sessions.update_session(
                self.session,
                principal=SYSTEM,
                number=rec.number,
                changes={
                    "opens_on": rec.opens_on,
                    "closes_on": rec.closes_on,
                    "source_url": rec.source_url,
                    "confidence": rec.confidence,
                },
            )
            self._count("sessions")

    async def allocations(self, rec: AgendaItemRecord) -> None:
        """The item's allocations (its ALLOCATED import step records the move)."""
        item = self.items[rec.key]
        for allocation in rec.allocations:
            draft_id = None
            if allocation.draft_symbol is not None:
                draft_id = await self.session.scalar(
                    select(Resolution.id).where(
                        func.upper(Resolution.draft_symbol) == allocation.draft_symbol.upper()
                    )
                )
                assert draft_id is not None, f"no draft {allocation.draft_symbol} in the demo"
            same_draft = (
                AgendaItemAllocation.resolution_id.is_(None)
                if draft_id is None
                else AgendaItemAllocation.resolution_id == draft_id
            )
            if await self.session.scalar(
                select(AgendaItemAllocation.id).where(
                    AgendaItemAllocation.agenda_item_id == item.id,
                    AgendaItemAllocation.forum == allocation.forum,
                    same_draft,
                )
            ):
                continue
            self.session.add(
                AgendaItemAllocation(
                    agenda_item_id=item.id,
                    forum=allocation.forum,
                    resolution_id=draft_id,
                    source_url=allocation.source_url,
                    confidence=allocation.confidence,
                )
            )
            await self.session.flush()
            self._count("agenda_item_allocations")

    async def _find_resolution(self, rec: ResolutionRecord, item: AgendaItem) -> Resolution | None:
        keys = []
        if rec.symbol is not None:
            keys.append(func.upper(Resolution.symbol) == rec.symbol.upper())
        if rec.draft_symbol is not None:
            keys.append(func.upper(Resolution.draft_symbol) == rec.draft_symbol.upper())
        # Until the plenary adopts it, a draft without a symbol is known by item and title.
        keys.append((Resolution.agenda_item_id == item.id) & (Resolution.title == rec.title))
        for key in keys:
            found = await self.session.scalar(select(Resolution).where(key))
            if found is not None:
                return found
        return None

    async def resolution(self, rec: ResolutionRecord) -> None:
        item = self.items[rec.agenda_item]
        resolution = await self._find_resolution(rec, item)
        if resolution is None:
            resolution = await drafts.create_draft(
                self.session,
                principal=SYSTEM,
                agenda_item_id=item.id,
                title=rec.title,
                forum=rec.forum,
                kind=rec.kind,
                omnibus=rec.omnibus,
                provenance=drafts.Provenance(rec.source_url, rec.confidence),
            )
            self._count("resolutions")
        for sponsor in rec.sponsors:
            if not open_to_sponsors(resolution.state, resolution.report_symbol is not None):
                # Loaded before the record named this sponsor, and acted on since: sponsors
                # join only until the forum acts, so the gap stays (docs/record/ga-record.md).
                break
            actor = self.actors[sponsor.actor]
            if await self.session.scalar(
                select(Sponsorship.id).where(
                    Sponsorship.resolution_id == resolution.id, Sponsorship.actor_id == actor.id
                )
            ):
                continue
            await drafts.add_sponsor(
                self.session,
                principal=SYSTEM,
                resolution_id=resolution.id,
                actor_id=actor.id,
                kind=sponsor.kind,
                provenance=drafts.Provenance(sponsor.source_url, sponsor.confidence),
            )
            self._count("sponsorships")
        # What the record says of the draft's path, entered with its import (the moves that
        # would carry it are dated today; history is dated by its import records).
        await drafts.import_record(
            self.session,
            principal=SYSTEM,
            draft=resolution,
            record=drafts.ImportedRecord(
                draft_symbol=rec.draft_symbol,
                submitter=rec.submitter,
                report_symbol=rec.report_symbol,
                facilitator_ids=[self.actors[name].id for name in rec.facilitators],
                revisions=[
                    drafts.ImportedRevision(
                        r.revised_on,
                        r.oral,
                        r.symbol,
                        r.description,
                        drafts.Provenance(r.source_url, r.confidence),
                    )
                    for r in rec.revisions
                ],
                actions=[
                    drafts.ImportedAction(
                        a.forum,
                        a.outcome,
                        a.method,
                        a.taken_on,
                        a.final_symbol,
                        drafts.Provenance(a.source_url, a.confidence),
                    )
                    for a in rec.actions
                ],
            ),
        )
        self.histories.append((resolution, rec.history))

    async def commitment(self, rec: CommitmentRecord) -> None:
        actor = self.actors[rec.actor]
        commitment = await self.session.scalar(
            select(Commitment).where(Commitment.actor_id == actor.id, Commitment.title == rec.title)
        )
        if commitment is None:
            commitment = await commitments.create_commitment(
                self.session,
                principal=SYSTEM,
                actor_id=actor.id,
                determinants=rec.determinants,
                title=rec.title,
                description=rec.description,
                pillars=rec.pillars,
                sdg_targets=rec.sdg_targets,
                scope=rec.scope,
                countries=rec.countries,
                evidence=rec.evidence,
                starts_on=rec.starts_on,
                mandate_symbol=rec.mandate_symbol,
                source_url=rec.source_url,
                confidence=rec.confidence,
            )
            self._count("commitments")
        elif (
            rec.mandate_symbol
            and commitment.mandate_symbol is None
            and commitment.state not in commitments.CLOSED
        ):
            # A database seeded before the record named the mandate gains it (audited).
            await commitments.update_commitment(
                self.session,
                principal=SYSTEM,
                commitment_id=commitment.id,
                changes={"mandate_symbol": rec.mandate_symbol},
            )
        self.histories.append((commitment, rec.history))
        # Its progress reports, each once (a report is known by its day).
        await self.session.flush()
        recorded = {
            at.date()
            for at in await self.session.scalars(
                select(ProgressReport.submitted_at).where(
                    ProgressReport.commitment_id == commitment.id
                )
            )
        }
        for report in rec.reports:
            if report.on in recorded:
                continue
            await commitments.submit_progress_report(
                self.session,
                principal=SYSTEM,
                commitment_id=commitment.id,
                summary=report.summary,
                submitted_at=midnight_utc(report.on),
                source_url=report.source_url,
                confidence=report.confidence,
            )
            self._count("progress_reports")

    async def mandate(self, rec: MandateRecord) -> None:
        """A mandate of a demo resolution (known by resolution and request), and the document
        that fulfilled it, recorded with its title and date."""
        resolution = await self.session.scalar(
            select(Resolution).where(Resolution.symbol == rec.resolution)
        )
        assert resolution is not None, f"{rec.resolution} is not in the demo"
        if await self.session.scalar(
            select(Mandate.id).where(
                Mandate.resolution_id == resolution.id, Mandate.request == rec.request
            )
        ):
            return
        made = await mandates.record_mandate(
            self.session,
            principal=SYSTEM,
            resolution_id=resolution.id,
            addressee=rec.addressee,
            request=rec.request,
            kind=rec.kind,
            paragraph=rec.paragraph,
            due_session=rec.due_session,
            source_url=rec.source_url,
            confidence=rec.confidence,
        )
        self._count("mandates")
        done = rec.fulfilled_by
        if done is None:
            return
        if await documents.by_symbol(self.session, done.symbol) is None:
            await documents.create_document(
                self.session,
                principal=SYSTEM,
                symbol=done.symbol,
                kind=done.kind,
                title=done.title,
                published_on=done.published_on,
                source_url=done.source_url,
                confidence=done.confidence,
            )
        await mandates.fulfil_mandate(
            self.session,
            principal=SYSTEM,
            mandate_id=made.id,
            symbol=done.symbol,
            document_kind=done.kind,
            fulfilled_on=done.published_on,
        )
