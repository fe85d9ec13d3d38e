"""Drafts: creating one, its sponsors, and the moves that carry data (submission, revision,
action, report), each made through the workflow (gp_api.workflow.service.advance) so that the
guards of workflows/resolution.py decide and the move is recorded with who, when and why.
Amendments are proposed and acted on before the draft (rule 90)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from gp_api import validation
from gp_api.actors.models import Actor, ActorKind
from gp_api.documents import service as documents
from gp_api.documents.models import DocumentKind
from gp_api.errors import DomainError, ErrorCode
from gp_api.events import service as events
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItem,
    Allocation,
    Amendment,
    AmendmentOutcome,
    Ballot,
    DraftAction,
    DraftKind,
    DraftRevision,
    Resolution,
    SponsorKind,
    Sponsorship,
    Submitter,
    Vote,
    VotingMethod,
    amendment_proposers,
    draft_facilitators,
)
from gp_api.lookup import get_or_raise
from gp_api.models_common import Confidence
from gp_api.principal import Principal
from gp_api.workflow import service as workflow
from workflows.resolution import (
    SETTLED,
    ActionTaken,
    Report,
    ResolutionState,
    Revision,
    Submission,
    acting_forum,
    carries,
    open_to_sponsors,
)

# Items under which no new draft can be started.
CLOSED_ITEM_STATES = ("CONCLUDED", "WITHDRAWN", "NOT_INCLUDED")


@dataclass(frozen=True)
class Provenance:
    source_url: str | None = None
    confidence: Confidence | None = None

    def columns(self) -> dict[str, Any]:
        return {
            "source_url": validation.url(self.source_url, "sourceUrl"),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class MoveOptions:
    """What every move takes besides its data."""

    reason: str | None = None
    expected_version: int | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class VoteCast:
    actor_id: int
    ballot: Ballot


def _symbol(value: str | None, field: str, *, required: bool = False) -> str | None:
    """The symbol in its canonical form (gp_api.documents.symbols), or DomainError naming the
    accepted forms."""
    value = validation.text(value, field, max_length=40, required=required)
    return None if value is None else documents.parse_symbol(value, field).text


async def _document(
    session: AsyncSession,
    principal: Principal,
    symbol: str | None,
    kind: DocumentKind,
    field: str,
    title: str | None = None,
    provenance: Provenance = Provenance(),
) -> None:
    """Every symbol in the record is a Document (created when it is not recorded yet)."""
    if symbol is not None:
        await documents.ensure_document(
            session,
            principal=principal,
            symbol=symbol,
            kind=kind,
            title=title,
            source_url=provenance.source_url,
            confidence=provenance.confidence,
            field=field,
        )


def _acting(draft: Resolution) -> Allocation:
    """The forum that acts next on the draft (workflows.resolution.acting_forum)."""
    return Allocation(acting_forum(draft.forum.value, draft.report_symbol is not None))


def _past(day: dt.date, field: str) -> dt.date:
    if day > dt.datetime.now(dt.UTC).date():
        raise DomainError(ErrorCode.INVALID, f"{field} must not be in the future", [field])
    return day


async def _member_states(
    session: AsyncSession, actor_ids: Sequence[int], on: dt.date, field: str, what: str
) -> list[Actor]:
    """The actors, each a Member State on `on`, or DomainError naming those that are not."""
    unique = list(dict.fromkeys(actor_ids))
    if len(unique) != len(actor_ids):
        raise DomainError(ErrorCode.DUPLICATE, f"{field} names an actor twice", [field])
    found = {a.id: a for a in await session.scalars(select(Actor).where(Actor.id.in_(unique)))}
    missing = [i for i in unique if i not in found]
    if missing:
        raise DomainError(ErrorCode.NOT_FOUND, f"{field}: no actor with such an id", [field])
    refused = [
        a.name
        for a in found.values()
        if a.kind is not ActorKind.STATE or a.un_member_since is None or a.un_member_since > on
    ]
    if refused:
        raise DomainError(
            ErrorCode.INVALID,
            f"only Member States {what}: {', '.join(sorted(refused))} "
            f"{'is' if len(refused) == 1 else 'are'} not a Member State on {on.isoformat()}"
            " (a STATE with unMemberSince on or before that day)",
            [field],
        )
    return [found[i] for i in unique]


async def create_draft(
    session: AsyncSession,
    *,
    principal: Principal,
    agenda_item_id: int,
    title: str,
    forum: Allocation,
    kind: DraftKind = DraftKind.RESOLUTION,
    omnibus: bool = False,
    provenance: Provenance = Provenance(),
) -> Resolution:
    """A draft under an item, in DRAFTING: its symbol comes at submission."""
    item = await get_or_raise(session, AgendaItem, agenda_item_id, "agendaItemId")
    if item.state.value in CLOSED_ITEM_STATES:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the agenda item is {item.state.value}: no new drafts under it",
            ["agendaItemId"],
        )
    draft = Resolution(
        agenda_item_id=item.id,
        title=validation.required_text(title, "title", max_length=300),
        omnibus=omnibus,
        kind=kind,
        forum=forum,
        state=ResolutionState.DRAFTING,
        **provenance.columns(),
    )
    session.add(draft)
    await events.append(session, principal=principal, type="resolution.drafted", subject=draft)
    return draft


async def _symbol_free(
    session: AsyncSession, column: Any, value: str, field: str, own_id: int | None = None
) -> None:
    stmt = select(Resolution.id).where(func.upper(column) == value.upper())
    if own_id is not None:
        stmt = stmt.where(Resolution.id != own_id)
    if await session.scalar(stmt.limit(1)) is not None:
        raise DomainError(ErrorCode.DUPLICATE, f"{value} is already used by a draft", [field])


async def submit_draft(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    symbol: str,
    submitter: Submitter,
    submitted_on: dt.date,
    facilitator_ids: Sequence[int] = (),
    options: MoveOptions = MoveOptions(),
) -> Resolution:
    """The `submit` move: the draft gets its symbol and its submitter."""
    clean = _symbol(symbol, "symbol", required=True)
    assert clean is not None
    _past(submitted_on, "submittedOn")
    await _symbol_free(session, Resolution.draft_symbol, clean, "symbol", resolution_id)
    if facilitator_ids and submitter is not Submitter.FACILITATORS:
        raise DomainError(
            ErrorCode.INVALID,
            "facilitators are named for a draft of FACILITATORS",
            ["facilitatorIds"],
        )
    facilitators = await _member_states(
        session, facilitator_ids, submitted_on, "facilitatorIds", "facilitate a draft"
    )

    async def apply(session: AsyncSession, draft: Any, _at: dt.datetime) -> None:
        await _document(session, principal, clean, DocumentKind.DRAFT, "symbol", draft.title)
        draft.draft_symbol = clean
        draft.submitter = submitter
        draft.submitted_on = submitted_on
        if facilitators:
            await session.execute(
                insert(draft_facilitators),
                [{"resolution_id": draft.id, "actor_id": a.id} for a in facilitators],
            )

    done = await _move(
        session,
        principal,
        resolution_id,
        "submit",
        Submission(clean, submitter.value, len(facilitators)),
        apply,
        options,
    )
    return done


async def revise_draft(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    revised_on: dt.date,
    oral: bool = False,
    symbol: str | None = None,
    description: str | None = None,
    options: MoveOptions = MoveOptions(),
    provenance: Provenance = Provenance(),
) -> Resolution:
    """The `revise` move: a written revision (the next Rev.n symbol) or an oral one."""
    _past(revised_on, "revisedOn")
    clean = _symbol(symbol, "symbol")
    if oral and clean is not None:
        raise DomainError(ErrorCode.INVALID, "an oral revision has no symbol", ["symbol"])
    if not oral and clean is None:
        raise DomainError(
            ErrorCode.REQUIRED, "a written revision has its symbol (…/Rev.n)", ["symbol"]
        )
    text = validation.text(description, "description", max_length=4000, required=oral)

    async def apply(session: AsyncSession, draft: Any, _at: dt.datetime) -> DraftRevision:
        await _document(
            session, principal, clean, DocumentKind.DRAFT, "symbol", draft.title, provenance
        )
        revision = DraftRevision(
            resolution_id=draft.id,
            oral=oral,
            symbol=clean,
            revised_on=revised_on,
            description=text,
            **provenance.columns(),
        )
        session.add(revision)
        return revision

    return await _move(
        session, principal, resolution_id, "revise", Revision(oral, clean), apply, options
    )


def _counts(
    method: VotingMethod,
    votes: Sequence[VoteCast],
    counts: tuple[int | None, int | None, int | None],
) -> tuple[tuple[int, int, int] | None, bool]:
    """The counts of a decision, derived from the votes when there are any; and whether the
    record has the counts alone (no vote per Member State)."""
    given = any(c is not None for c in counts)
    if method is VotingMethod.WITHOUT_A_VOTE:
        if votes or given:
            raise DomainError(
                ErrorCode.INVALID, "a decision without a vote has no votes or counts", ["method"]
            )
        return None, False
    if method is VotingMethod.NON_RECORDED_VOTE and votes:
        raise DomainError(
            ErrorCode.INVALID,
            "a non-recorded vote has counts only: use RECORDED_VOTE or ROLL_CALL for the votes"
            " of each Member State",
            ["votes"],
        )
    for name, value in zip(("yesCount", "noCount", "abstainCount"), counts, strict=True):
        validation.int_range(value, name, minimum=0, maximum=193)
    if votes:
        derived = (
            sum(v.ballot is Ballot.YES for v in votes),
            sum(v.ballot is Ballot.NO for v in votes),
            sum(v.ballot is Ballot.ABSTAIN for v in votes),
        )
        if given and counts != derived:
            raise DomainError(
                ErrorCode.INVALID,
                f"the counts given {counts} differ from those of the votes {derived}"
                " (yes, no, abstain)",
                ["votes"],
            )
        return derived, False
    if any(c is None for c in counts):
        raise DomainError(
            ErrorCode.REQUIRED,
            "a vote needs the votes of the Member States or the yes, no and abstain counts",
            ["yesCount"],
        )
    return (counts[0] or 0, counts[1] or 0, counts[2] or 0), True


async def _record_action(
    session: AsyncSession, action: DraftAction, votes: Sequence[VoteCast]
) -> DraftAction:
    """The action and each Member State's vote in it."""
    session.add(action)
    await session.flush()
    if votes:
        await session.execute(
            insert(Vote),
            [{"action_id": action.id, "actor_id": v.actor_id, "ballot": v.ballot} for v in votes],
        )
    return action


TRIGGERS = {
    ActionOutcome.REJECTED: "reject",
    ActionOutcome.NO_ACTION: "no_action",
    ActionOutcome.DEFERRED: "defer",
}


async def take_action(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    outcome: ActionOutcome,
    method: VotingMethod,
    taken_on: dt.date,
    votes: Sequence[VoteCast] = (),
    counts: tuple[int | None, int | None, int | None] = (None, None, None),
    important_question: bool = False,
    final_symbol: str | None = None,
    meeting_record_symbol: str | None = None,
    options: MoveOptions = MoveOptions(),
    provenance: Provenance = Provenance(),
) -> tuple[Resolution, DraftAction]:
    """The forum's action on the draft: the committee's while it is INTRODUCED before a Main
    Committee, the plenary's once REPORTED or for a plenary draft."""
    draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    forum = _acting(draft)
    if outcome is ActionOutcome.ADOPTED:
        trigger = "adopt" if forum is Allocation.PLENARY else "adopt_in_committee"
    else:
        trigger = TRIGGERS[outcome]
    if important_question and forum is not Allocation.PLENARY:
        raise DomainError(
            ErrorCode.INVALID,
            "only the plenary decides by two thirds (important questions, Charter art. 18)",
            ["importantQuestion"],
        )
    _past(taken_on, "takenOn")
    if draft.submitted_on is not None and taken_on < draft.submitted_on:
        raise DomainError(
            ErrorCode.INVALID,
            f"takenOn {taken_on} is before the draft was submitted ({draft.submitted_on})",
            ["takenOn"],
        )
    derived, counts_only = _counts(method, votes, counts)
    await _member_states(session, [v.actor_id for v in votes], taken_on, "votes", "vote")
    final = _symbol(final_symbol, "finalSymbol")
    if final is not None:
        await _symbol_free(session, Resolution.symbol, final, "finalSymbol", resolution_id)
    record = _symbol(meeting_record_symbol, "meetingRecordSymbol")
    yes, no, abstain = derived if derived is not None else (None, None, None)
    action_holder: list[DraftAction] = []

    async def apply(session: AsyncSession, subject: Any, _at: dt.datetime) -> DraftAction:
        kind = (
            DocumentKind.DECISION if subject.kind is DraftKind.DECISION else DocumentKind.RESOLUTION
        )
        await _document(session, principal, final, kind, "finalSymbol", subject.title, provenance)
        await _document(
            session, principal, record, DocumentKind.MEETING_RECORD, "meetingRecordSymbol"
        )
        action = await _record_action(
            session,
            DraftAction(
                resolution_id=subject.id,
                forum=forum,
                outcome=outcome,
                method=method,
                important_question=important_question,
                yes_count=yes,
                no_count=no,
                abstain_count=abstain,
                counts_only=counts_only,
                taken_on=taken_on,
                meeting_record_symbol=record,
                **provenance.columns(),
            ),
            votes,
        )
        if final is not None:
            subject.symbol = final
        action_holder.append(action)
        return action

    payload = ActionTaken(forum.value, method.value, yes, no, important_question, final)
    done = await _move(session, principal, resolution_id, trigger, payload, apply, options)
    return done, action_holder[0] if action_holder else await _last_action(session, done.id)


async def vote_on_part(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    part: str,
    method: VotingMethod,
    taken_on: dt.date,
    votes: Sequence[VoteCast] = (),
    counts: tuple[int | None, int | None, int | None] = (None, None, None),
    important_question: bool = False,
    meeting_record_symbol: str | None = None,
    provenance: Provenance = Provenance(),
) -> tuple[Resolution, DraftAction]:
    """A separate vote on a part of the draft (division of the proposal, rules 89 and 129),
    before the forum that acts next decides on the draft: the part stays (ADOPTED) when the
    vote carries, else it is deleted (REJECTED). The draft does not move; its action follows
    (`takeAction`) on the parts that remain."""
    draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    if draft.state not in (ResolutionState.INTRODUCED, ResolutionState.REPORTED):
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the draft is {draft.state.value}: parts are voted on separately before the"
            " forum acts on a draft INTRODUCED (or REPORTED, in plenary)",
            ["resolutionId"],
        )
    clean_part = validation.required_text(part, "part", max_length=200)
    forum = _acting(draft)
    if method is VotingMethod.WITHOUT_A_VOTE:
        raise DomainError(
            ErrorCode.INVALID,
            "a separate vote is a vote: give the method (recorded, non-recorded or roll-call)"
            " and the votes or counts",
            ["method"],
        )
    if important_question and forum is not Allocation.PLENARY:
        raise DomainError(
            ErrorCode.INVALID,
            "only the plenary decides by two thirds (important questions, Charter art. 18)",
            ["importantQuestion"],
        )
    _past(taken_on, "takenOn")
    if draft.submitted_on is not None and taken_on < draft.submitted_on:
        raise DomainError(
            ErrorCode.INVALID,
            f"takenOn {taken_on} is before the draft was submitted ({draft.submitted_on})",
            ["takenOn"],
        )
    derived, counts_only = _counts(method, votes, counts)
    assert derived is not None
    await _member_states(session, [v.actor_id for v in votes], taken_on, "votes", "vote")
    record = _symbol(meeting_record_symbol, "meetingRecordSymbol")
    await _document(session, principal, record, DocumentKind.MEETING_RECORD, "meetingRecordSymbol")
    yes, no, abstain = derived
    two_thirds = important_question and forum is Allocation.PLENARY
    kept = carries(method.value, yes, no, two_thirds=two_thirds)
    action = await _record_action(
        session,
        DraftAction(
            resolution_id=draft.id,
            forum=forum,
            outcome=ActionOutcome.ADOPTED if kept else ActionOutcome.REJECTED,
            method=method,
            important_question=important_question,
            yes_count=yes,
            no_count=no,
            abstain_count=abstain,
            counts_only=counts_only,
            taken_on=taken_on,
            meeting_record_symbol=record,
            part=clean_part,
            **provenance.columns(),
        ),
        votes,
    )
    await events.append(session, principal=principal, type="resolution.part_voted", subject=action)
    return draft, action


async def _last_action(session: AsyncSession, resolution_id: int) -> DraftAction:
    """The action a replayed move recorded (an idempotent retry)."""
    action = await session.scalar(
        select(DraftAction)
        .where(
            DraftAction.resolution_id == resolution_id,
            DraftAction.amendment_id.is_(None),
            DraftAction.part.is_(None),
        )
        .order_by(DraftAction.id.desc())
        .limit(1)
    )
    assert action is not None
    return action


async def report_draft(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    report_symbol: str,
    options: MoveOptions = MoveOptions(),
) -> Resolution:
    """The `report` move: the committee's report carries the adopted draft to the plenary."""
    clean = _symbol(report_symbol, "reportSymbol", required=True)
    assert clean is not None

    async def apply(session: AsyncSession, draft: Any, _at: dt.datetime) -> None:
        await _document(session, principal, clean, DocumentKind.COMMITTEE_REPORT, "reportSymbol")
        draft.report_symbol = clean

    return await _move(session, principal, resolution_id, "report", Report(clean), apply, options)


async def _move(
    session: AsyncSession,
    principal: Principal,
    resolution_id: int,
    trigger: str,
    payload: Any,
    apply: workflow.Apply | Any,
    options: MoveOptions,
) -> Resolution:
    async def applied(session: AsyncSession, subject: Any, at: dt.datetime) -> Any:
        return await apply(session, subject, at)

    done = await workflow.advance(
        session,
        principal=principal,
        subject_type="Resolution",
        subject_id=resolution_id,
        trigger=trigger,
        reason=options.reason,
        expected_version=options.expected_version,
        idempotency_key=options.idempotency_key,
        payload=payload,
        apply=applied,
    )
    subject: Resolution = done.subject  # type: ignore[assignment]
    return subject


def _open_to_sponsors(draft: Resolution) -> None:
    if not open_to_sponsors(draft.state, draft.report_symbol is not None):
        reported = " (reported by its committee)" if draft.report_symbol is not None else ""
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the draft is {draft.state.value}{reported}: sponsors join or withdraw only until"
            " its forum acts on it",
            ["resolutionId"],
        )


async def record_budget_implications(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    involves_expenditure: bool,
    statement_symbol: str | None = None,
    fifth_committee_symbol: str | None = None,
    expected_version: int | None = None,
) -> Resolution:
    """Rule 153: whether the Secretary-General anticipates expenditure from the draft, his
    statement of programme budget implications, and the Fifth Committee's statement of the
    effect on the budget estimates. Recorded (and corrected) until the plenary acts; the
    guards of the actions read them."""
    draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    if draft.state in SETTLED:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the draft is {draft.state.value}: budget implications are recorded before action",
            ["resolutionId"],
        )
    if expected_version is not None and expected_version != draft.version:
        raise DomainError(
            ErrorCode.VERSION_CONFLICT,
            f"expectedVersion is {expected_version} but the draft is at version"
            f" {draft.version}: reload it and decide again",
            ["expectedVersion"],
        )
    statement = _symbol(statement_symbol, "statementSymbol")
    fifth = _symbol(fifth_committee_symbol, "fifthCommitteeSymbol")
    if not involves_expenditure and (statement is not None or fifth is not None):
        raise DomainError(
            ErrorCode.INVALID,
            "statements of programme budget implications are recorded for a draft that"
            " involves expenditure: set involvesExpenditure",
            ["involvesExpenditure"],
        )
    if fifth is not None and statement is None:
        raise DomainError(
            ErrorCode.REQUIRED,
            "the Fifth Committee states the effect of the Secretary-General's estimate: record"
            " his statement (statementSymbol) too",
            ["statementSymbol"],
        )
    changes = {
        "involves_expenditure": involves_expenditure,
        "budget_statement_symbol": statement,
        "fifth_committee_symbol": fifth,
    }
    if all(getattr(draft, k) == v for k, v in changes.items()):
        raise DomainError(
            ErrorCode.INVALID,
            "nothing to change: the draft already records these budget implications",
            [],
        )
    for symbol, field, default in (
        (statement, "statementSymbol", DocumentKind.OTHER),
        (fifth, "fifthCommitteeSymbol", DocumentKind.COMMITTEE_REPORT),
    ):
        if symbol is not None:
            # The kind the symbol's form implies (an L. document of the committee is issued
            # as a draft-series document), else the usual one.
            kind = documents.parse_symbol(symbol, field).kind or default
            await _document(session, principal, symbol, kind, field)
    for key, value in changes.items():
        setattr(draft, key, value)
    await events.append(
        session,
        principal=principal,
        type="resolution.budget_implications_recorded",
        subject=draft,
    )
    return draft


async def add_sponsor(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    actor_id: int,
    kind: SponsorKind,
    joined_on: dt.date | None = None,
    provenance: Provenance = Provenance(),
) -> Sponsorship:
    """A Member State joins the sponsors (until the forum acts on the draft)."""
    draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    await get_or_raise(session, Actor, actor_id, "actorId")
    _open_to_sponsors(draft)
    day = _past(joined_on, "joinedOn") if joined_on else dt.datetime.now(dt.UTC).date()
    (actor,) = await _member_states(session, [actor_id], day, "actorId", "sponsor drafts")
    existing = await session.scalar(
        select(Sponsorship).where(
            Sponsorship.resolution_id == draft.id, Sponsorship.actor_id == actor.id
        )
    )
    if existing is not None:
        raise DomainError(
            ErrorCode.DUPLICATE,
            f"{actor.name} already sponsors this draft"
            + (f" (withdrew on {existing.withdrawn_on})" if existing.withdrawn_on else ""),
            ["actorId"],
        )
    sponsorship = Sponsorship(
        resolution_id=draft.id,
        actor_id=actor.id,
        kind=kind,
        joined_on=joined_on,
        **provenance.columns(),
    )
    session.add(sponsorship)
    await events.append(
        session, principal=principal, type="resolution.sponsor_added", subject=sponsorship
    )
    return sponsorship


async def withdraw_sponsor(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    actor_id: int,
    withdrawn_on: dt.date,
) -> Sponsorship:
    """A sponsor withdraws (kept, with the day)."""
    draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    _open_to_sponsors(draft)
    _past(withdrawn_on, "withdrawnOn")
    sponsorship = await session.scalar(
        select(Sponsorship).where(
            Sponsorship.resolution_id == draft.id, Sponsorship.actor_id == actor_id
        )
    )
    if sponsorship is None or sponsorship.withdrawn_on is not None:
        raise DomainError(
            ErrorCode.NOT_FOUND, "that actor is not a sponsor of this draft", ["actorId"]
        )
    if sponsorship.joined_on is not None and withdrawn_on < sponsorship.joined_on:
        raise DomainError(
            ErrorCode.INVALID,
            f"withdrawnOn is before the sponsor joined ({sponsorship.joined_on})",
            ["withdrawnOn"],
        )
    sponsorship.withdrawn_on = withdrawn_on
    await events.append(
        session, principal=principal, type="resolution.sponsor_withdrawn", subject=sponsorship
    )
    return sponsorship


async def propose_amendment(
    session: AsyncSession,
    *,
    principal: Principal,
    resolution_id: int,
    text: str,
    proposed_on: dt.date,
    proposer_ids: Sequence[int],
    symbol: str | None = None,
    provenance: Provenance = Provenance(),
) -> Amendment:
    """An amendment before the forum that acts next on the draft."""
    draft = await get_or_raise(session, Resolution, resolution_id, "resolutionId")
    if draft.state not in (ResolutionState.INTRODUCED, ResolutionState.REPORTED):
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the draft is {draft.state.value}: amendments are proposed to a draft INTRODUCED"
            " or REPORTED, before action",
            ["resolutionId"],
        )
    _past(proposed_on, "proposedOn")
    if not proposer_ids:
        raise DomainError(ErrorCode.REQUIRED, "an amendment has its proposers", ["proposerIds"])
    proposers = await _member_states(
        session, proposer_ids, proposed_on, "proposerIds", "propose amendments"
    )
    clean = _symbol(symbol, "symbol")
    if clean is not None and await session.scalar(
        select(Amendment.id).where(func.upper(Amendment.symbol) == clean.upper())
    ):
        raise DomainError(ErrorCode.DUPLICATE, f"{clean} is already an amendment", ["symbol"])
    await _document(session, principal, clean, DocumentKind.DRAFT, "symbol", None, provenance)
    amendment = Amendment(
        resolution_id=draft.id,
        forum=_acting(draft),
        symbol=clean,
        text=validation.required_text(text, "text", max_length=20_000),
        proposed_on=proposed_on,
        outcome=AmendmentOutcome.PENDING,
        **provenance.columns(),
    )
    session.add(amendment)
    await session.flush()
    await session.execute(
        insert(amendment_proposers),
        [{"amendment_id": amendment.id, "actor_id": a.id} for a in proposers],
    )
    await events.append(session, principal=principal, type="amendment.proposed", subject=amendment)
    return amendment


async def act_on_amendment(
    session: AsyncSession,
    *,
    principal: Principal,
    amendment_id: int,
    method: VotingMethod,
    taken_on: dt.date,
    votes: Sequence[VoteCast] = (),
    counts: tuple[int | None, int | None, int | None] = (None, None, None),
    no_action: bool = False,
    provenance: Provenance = Provenance(),
) -> tuple[Amendment, DraftAction]:
    """The forum's decision on an amendment: adopted when it carries, else rejected (or no
    action on it, when a no-action motion carried)."""
    amendment = await get_or_raise(session, Amendment, amendment_id, "amendmentId")
    if amendment.outcome is not AmendmentOutcome.PENDING:
        raise DomainError(
            ErrorCode.CONFLICT, f"the amendment is {amendment.outcome.value}", ["amendmentId"]
        )
    _past(taken_on, "takenOn")
    if taken_on < amendment.proposed_on:
        raise DomainError(
            ErrorCode.INVALID, "takenOn is before the amendment was proposed", ["takenOn"]
        )
    derived, counts_only = _counts(method, votes, counts)
    await _member_states(session, [v.actor_id for v in votes], taken_on, "votes", "vote")
    yes, no, abstain = derived if derived is not None else (None, None, None)
    passed = carries(method.value, yes, no)
    if no_action:
        if not passed:
            raise DomainError(ErrorCode.INVALID, "the no-action motion did not carry", ["noAction"])
        outcome, amendment.outcome = ActionOutcome.NO_ACTION, AmendmentOutcome.NO_ACTION
    elif passed:
        outcome, amendment.outcome = ActionOutcome.ADOPTED, AmendmentOutcome.ADOPTED
    else:
        outcome, amendment.outcome = ActionOutcome.REJECTED, AmendmentOutcome.REJECTED
    action = await _record_action(
        session,
        DraftAction(
            resolution_id=amendment.resolution_id,
            amendment_id=amendment.id,
            forum=amendment.forum,
            outcome=outcome,
            method=method,
            yes_count=yes,
            no_count=no,
            abstain_count=abstain,
            counts_only=counts_only,
            taken_on=taken_on,
            **provenance.columns(),
        ),
        votes,
    )
    await events.append(session, principal=principal, type="amendment.acted_on", subject=action)
    return amendment, action


async def withdraw_amendment(
    session: AsyncSession, *, principal: Principal, amendment_id: int
) -> Amendment:
    amendment = await get_or_raise(session, Amendment, amendment_id, "amendmentId")
    if amendment.outcome is not AmendmentOutcome.PENDING:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"the amendment is {amendment.outcome.value}: only a pending one is withdrawn",
            ["amendmentId"],
        )
    amendment.outcome = AmendmentOutcome.WITHDRAWN
    await events.append(session, principal=principal, type="amendment.withdrawn", subject=amendment)
    return amendment


@dataclass(frozen=True)
class ImportedRevision:
    revised_on: dt.date
    oral: bool
    symbol: str | None
    description: str | None
    provenance: Provenance


@dataclass(frozen=True)
class ImportedAction:
    forum: Allocation
    outcome: ActionOutcome
    method: VotingMethod
    taken_on: dt.date
    final_symbol: str | None
    provenance: Provenance


@dataclass(frozen=True)
class ImportedRecord:
    """What the historical record says of a draft's path, entered with its dated import
    records (gp_api.demo.history) rather than by moves, which are dated when they are made."""

    draft_symbol: str | None
    submitter: Submitter | None
    report_symbol: str | None
    facilitator_ids: Sequence[int]
    revisions: Sequence[ImportedRevision]
    actions: Sequence[ImportedAction]


async def import_record(
    session: AsyncSession, *, principal: Principal, draft: Resolution, record: ImportedRecord
) -> bool:
    """Enter what is missing of `record` (idempotent); True when anything was written (then
    with one `resolution.record_imported` event)."""
    changed = False
    for column, value, kind in (
        ("draft_symbol", _symbol(record.draft_symbol, "draftSymbol"), DocumentKind.DRAFT),
        ("submitter", record.submitter, None),
        (
            "report_symbol",
            _symbol(record.report_symbol, "reportSymbol"),
            DocumentKind.COMMITTEE_REPORT,
        ),
    ):
        if value is not None and getattr(draft, column) is None:
            if kind is not None:
                await _document(session, principal, str(value), kind, column, draft.title)
            setattr(draft, column, value)
            changed = True
    present = set(
        await session.scalars(
            select(draft_facilitators.c.actor_id).where(
                draft_facilitators.c.resolution_id == draft.id
            )
        )
    )
    missing = [i for i in record.facilitator_ids if i not in present]
    if missing:
        await session.execute(
            insert(draft_facilitators),
            [{"resolution_id": draft.id, "actor_id": i} for i in missing],
        )
        changed = True
    revisions = {
        (r.oral, r.symbol, r.revised_on)
        for r in await session.scalars(
            select(DraftRevision).where(DraftRevision.resolution_id == draft.id)
        )
    }
    for r in record.revisions:
        if (r.oral, r.symbol, r.revised_on) not in revisions:
            await _document(
                session,
                principal,
                r.symbol,
                DocumentKind.DRAFT,
                "symbol",
                draft.title,
                r.provenance,
            )
            session.add(
                DraftRevision(
                    resolution_id=draft.id,
                    oral=r.oral,
                    symbol=_symbol(r.symbol, "symbol"),
                    revised_on=r.revised_on,
                    description=r.description,
                    **r.provenance.columns(),
                )
            )
            changed = True
    taken = {
        (a.forum, a.outcome)
        for a in await session.scalars(
            select(DraftAction).where(
                DraftAction.resolution_id == draft.id,
                DraftAction.amendment_id.is_(None),
                DraftAction.part.is_(None),
            )
        )
    }
    for a in record.actions:
        if (a.forum, a.outcome) in taken:
            continue
        session.add(
            DraftAction(
                resolution_id=draft.id,
                forum=a.forum,
                outcome=a.outcome,
                method=a.method,
                taken_on=a.taken_on,
                **a.provenance.columns(),
            )
        )
        if a.final_symbol is not None and draft.symbol is None:
            draft.symbol = _symbol(a.final_symbol, "finalSymbol")
            kind = (
                DocumentKind.DECISION
                if draft.kind is DraftKind.DECISION
                else DocumentKind.RESOLUTION
            )
            await _document(
                session, principal, draft.symbol, kind, "finalSymbol", draft.title, a.provenance
            )
        changed = True
    if changed:
        await session.flush()
        await events.append(
            session, principal=principal, type="resolution.record_imported", subject=draft
        )
    return changed
