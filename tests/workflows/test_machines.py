"""Every (state, trigger) pair of every machine, valid and invalid, against tables written
from DESIGN section 4 (not from the definitions), plus each guard's blocking reasons."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace
from typing import Any

import pytest

from workflows.agenda_item import (
    AgendaItemFacts,
    AgendaItemState,
    AllocationPayload,
    DeferralPayload,
)
from workflows.base import Definition, Guard, Transition, WorkflowError
from workflows.commitment import CommitmentFacts, CommitmentState
from workflows.coordination_body import BodyFacts, BodyState
from workflows.registry import DEFINITIONS
from workflows.resolution import (
    ActionTaken,
    ResolutionFacts,
    ResolutionState,
    Revision,
    Submission,
    carries,
)

B, A, R, C = BodyState, AgendaItemState, ResolutionState, CommitmentState
BODY_STAGES = (B.CORE_GROUP, B.TASK_FORCE, B.INTERAGENCY_WORKING_GROUP)

# (state, trigger) -> destination, for every move the design allows.
VALID: dict[str, dict[tuple[enum.Enum, str], enum.Enum]] = {
    "coordination_body": {
        (B.PROPOSED, "convene_core_group"): B.CORE_GROUP,
        (B.CORE_GROUP, "establish_task_force"): B.TASK_FORCE,
        (B.TASK_FORCE, "constitute_working_group"): B.INTERAGENCY_WORKING_GROUP,
        **{(s, "suspend"): B.SUSPENDED for s in BODY_STAGES},
        (B.SUSPENDED, "resume"): B.TASK_FORCE,  # the facts say it left TASK_FORCE
        **{(s, "dissolve"): B.DISSOLVED for s in B if s is not B.DISSOLVED},
    },
    # DESIGN 4.2: LISTED -recommend-> RECOMMENDED -include-> INCLUDED -allocate-> ALLOCATED
    # (again and again) -conclude-> CONCLUDED; not_recommend / not_include; defer and withdraw
    # from every open state.
    "agenda_item": {
        (A.LISTED, "recommend"): A.RECOMMENDED,
        (A.LISTED, "not_recommend"): A.NOT_RECOMMENDED,
        (A.RECOMMENDED, "include"): A.INCLUDED,
        (A.NOT_RECOMMENDED, "include"): A.INCLUDED,
        (A.RECOMMENDED, "not_include"): A.NOT_INCLUDED,
        (A.NOT_RECOMMENDED, "not_include"): A.NOT_INCLUDED,
        (A.INCLUDED, "allocate"): A.ALLOCATED,
        (A.ALLOCATED, "allocate"): A.ALLOCATED,
        (A.ALLOCATED, "conclude"): A.CONCLUDED,
        **{
            (s, trigger): dest
            for s in (A.LISTED, A.RECOMMENDED, A.NOT_RECOMMENDED, A.INCLUDED, A.ALLOCATED)
            for trigger, dest in (("defer", A.DEFERRED), ("withdraw", A.WITHDRAWN))
        },
    },
    "resolution": {
        (R.DRAFTING, "submit"): R.SUBMITTED,
        (R.SUBMITTED, "introduce"): R.INTRODUCED,
        (R.SUBMITTED, "revise"): R.SUBMITTED,
        (R.INTRODUCED, "revise"): R.INTRODUCED,
        (R.INTRODUCED, "adopt_in_committee"): R.ADOPTED_IN_COMMITTEE,
        (R.ADOPTED_IN_COMMITTEE, "report"): R.REPORTED,
        (R.REPORTED, "adopt"): R.ADOPTED,
        (R.INTRODUCED, "reject"): R.REJECTED,
        (R.REPORTED, "reject"): R.REJECTED,
        (R.INTRODUCED, "no_action"): R.NO_ACTION,
        (R.REPORTED, "no_action"): R.NO_ACTION,
        (R.INTRODUCED, "defer"): R.DEFERRED,
        (R.REPORTED, "defer"): R.DEFERRED,
        (R.DEFERRED, "take_up"): R.INTRODUCED,
        **{
            (s, "withdraw"): R.WITHDRAWN
            for s in (R.DRAFTING, R.SUBMITTED, R.INTRODUCED, R.DEFERRED)
        },
    },
    "commitment": {
        (C.PLEDGED, "start"): C.IN_PROGRESS,
        (C.IN_PROGRESS, "deliver"): C.DELIVERED,
        (C.IN_PROGRESS, "suspend"): C.SUSPENDED,
        (C.SUSPENDED, "resume"): C.IN_PROGRESS,
        (C.PLEDGED, "lapse"): C.LAPSED,
        (C.IN_PROGRESS, "lapse"): C.LAPSED,
        (C.LAPSED, "revive"): C.IN_PROGRESS,
        **{(s, "withdraw"): C.WITHDRAWN for s in (C.PLEDGED, C.IN_PROGRESS, C.SUSPENDED)},
    },
}

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
COMMITTEE_DRAFT = ResolutionFacts(
    kind="RESOLUTION",
    forum="THIRD_COMMITTEE",
    session=61,
    item_state="ALLOCATED",
    item_forums=frozenset({"THIRD_COMMITTEE"}),
    draft_symbol="A/C.3/61/L.17",
    revisions=0,
    member_state_main_sponsors=1,
    open_amendments=0,
)
# Facts under which every guard passes.
PASSING: dict[str, Any] = {
    "coordination_body": BodyFacts(
        state_members=3,
        un_entity_members=2,
        ngo_members=1,
        held_meetings=1,
        held_meetings_with_outcome=1,
        has_mandate=True,
        chairs=("A. Adviser",),
        special_adviser_chairs=("A. Adviser",),
        suspended_from=B.TASK_FORCE,
    ),
    "agenda_item": AgendaItemFacts("REQUESTED", True, True, False, False, 64, 1, 0),
    # A Third Committee draft: `adopt` from INTRODUCED is then blocked, checked separately.
    "resolution": COMMITTEE_DRAFT,
    "commitment": CommitmentFacts(NOW.date(), NOW.date() - dt.timedelta(days=1), 0, NOW, None, 1),
}


def pairs() -> list[tuple[str, enum.Enum, str]]:
    return [
        (name, state, trigger)
        for name, definition in DEFINITIONS.items()
        for state in definition.states
        for trigger in definition.triggers
    ]


@pytest.mark.parametrize(("name", "state", "trigger"), pairs())
def test_every_state_and_trigger(name: str, state: enum.Enum, trigger: str) -> None:
    definition: Definition[Any] = DEFINITIONS[name]
    expected = VALID[name].get((state, trigger))
    plenary_only = name == "resolution" and (state, trigger) == (R.INTRODUCED, "adopt")

    if expected is None:
        with pytest.raises(WorkflowError) as refused:
            definition.fire(state, trigger, PASSING[name], reason="because")
        # INTRODUCED -adopt-> ADOPTED exists for plenary drafts only (test_plenary_adoption).
        assert refused.value.code == ("GUARD_FAILED" if plenary_only else "INVALID_TRANSITION")
    else:
        taken = definition.fire(state, trigger, PASSING[name], reason="because")
        assert definition.dest_of(taken, PASSING[name]) == expected


def test_unknown_trigger_lists_the_real_ones() -> None:
    with pytest.raises(WorkflowError, match=r"has no trigger 'fly'.*convene_core_group"):
        DEFINITIONS["coordination_body"].fire(
            B.PROPOSED, "fly", PASSING["coordination_body"], reason=None
        )


@pytest.mark.parametrize(
    ("name", "state", "trigger"),
    [
        ("coordination_body", B.CORE_GROUP, "suspend"),
        ("coordination_body", B.SUSPENDED, "resume"),
        ("coordination_body", B.PROPOSED, "dissolve"),
        ("agenda_item", A.INCLUDED, "defer"),
        ("agenda_item", A.LISTED, "not_recommend"),
        ("agenda_item", A.RECOMMENDED, "not_include"),
        ("agenda_item", A.ALLOCATED, "withdraw"),
        ("resolution", R.INTRODUCED, "defer"),
        ("resolution", R.SUBMITTED, "withdraw"),
        ("commitment", C.PLEDGED, "withdraw"),
    ],
)
def test_reason_is_required(name: str, state: enum.Enum, trigger: str) -> None:
    for reason in (None, "  "):
        with pytest.raises(WorkflowError) as refused:
            DEFINITIONS[name].fire(state, trigger, PASSING[name], reason=reason)
        assert refused.value.code == "REASON_REQUIRED"


def test_plenary_adoption() -> None:
    definition = DEFINITIONS["resolution"]
    plenary = replace(
        COMMITTEE_DRAFT,
        forum="PLENARY",
        session=64,
        item_forums=frozenset({"THIRD_COMMITTEE", "PLENARY"}),
        payload=ActionTaken("PLENARY", "WITHOUT_A_VOTE", final_symbol="A/RES/64/293"),
    )

    taken = definition.fire(R.INTRODUCED, "adopt", plenary, reason=None)

    assert taken.dest is R.ADOPTED
    with pytest.raises(WorkflowError, match="before the plenary, not a Main Committee"):
        definition.fire(R.INTRODUCED, "adopt_in_committee", plenary, reason=None)


@pytest.mark.parametrize(
    ("yes", "no", "two_thirds", "passes"),
    [
        (2, 1, False, True),
        (1, 1, False, False),  # an equally divided vote rejects (rules 95, 133)
        (0, 0, False, False),
        (100, 50, True, True),  # exactly two thirds
        (100, 51, True, False),
        (121, 1, True, True),
    ],
)
def test_majorities(yes: int, no: int, two_thirds: bool, passes: bool) -> None:
    assert carries("RECORDED_VOTE", yes, no, two_thirds=two_thirds) is passes
    assert carries("WITHOUT_A_VOTE", None, None) is True


BLOCKED: list[tuple[str, enum.Enum, str, Any, list[str]]] = [
    (
        "coordination_body",
        B.PROPOSED,
        "convene_core_group",
        replace(PASSING["coordination_body"], un_entity_members=0, ngo_members=0),
        [
            "needs a UN entity among its members (the seed: 'a core group of states, UN"
            " agencies and NGOs'): add an actor of kind UN_ENTITY with addMembership",
            "needs an NGO among its members (the seed: 'a core group of states, UN agencies"
            " and NGOs'): add an actor of kind NGO with addMembership",
        ],
    ),
    (
        "coordination_body",
        B.PROPOSED,
        "convene_core_group",
        replace(PASSING["coordination_body"], state_members=0),
        [
            "needs a state among its members (the seed: 'a core group of states, UN agencies"
            " and NGOs'): add an actor of kind STATE with addMembership",
        ],
    ),
    (
        "coordination_body",
        B.CORE_GROUP,
        "establish_task_force",
        replace(
            PASSING["coordination_body"],
            held_meetings=0,
            held_meetings_with_outcome=0,
            has_mandate=False,
        ),
        [
            "needs a meeting of the body recorded as HELD, on or before this date, whose"
            " outcome records the decision: scheduleMeeting with bodyId, then"
            " recordMeetingHeld with the outcome",
            "needs a mandate: set the mandate text, or the symbol of the document or"
            " resolution that gave it (mandateSymbol), with updateCoordinationBody",
        ],
    ),
    (
        "coordination_body",
        B.CORE_GROUP,
        "establish_task_force",
        replace(PASSING["coordination_body"], held_meetings=2, held_meetings_with_outcome=0),
        [
            "none of the body's HELD meetings records an outcome: the decision to establish"
            " the task force must be recorded as the outcome of a meeting of the body"
            " (schedule one with scheduleMeeting and bodyId, then recordMeetingHeld with the"
            " outcome)",
        ],
    ),
    (
        "coordination_body",
        B.TASK_FORCE,
        "constitute_working_group",
        replace(
            PASSING["coordination_body"], un_entity_members=1, chairs=(), special_adviser_chairs=()
        ),
        [
            "an interagency group needs at least 2 UN entities among its members (has 1):"
            " add actors of kind UN_ENTITY with addMembership",
            "has no chair on this date; the seed asks for a working group 'chaired by a"
            " special adviser of the Secretary-General': appoint a person to an office of"
            " kind SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL (appointPerson), then make that"
            " appointment the body's chair (appointBodyChair)",
        ],
    ),
    (
        "coordination_body",
        B.TASK_FORCE,
        "constitute_working_group",
        replace(PASSING["coordination_body"], chairs=("B. Envoy",), special_adviser_chairs=()),
        [
            "its chair on this date (B. Envoy) holds no office of kind"
            " SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL on this date; the seed asks for a"
            " working group 'chaired by a special adviser of the Secretary-General': appoint"
            " as chair (appointBodyChair) a person appointed to such an office"
            " (appointPerson)",
        ],
    ),
    (
        "agenda_item",
        A.RECOMMENDED,
        "include",
        AgendaItemFacts("REQUESTED", False, False, False, False, 64, 0, 0),
        [
            "a REQUESTED item needs its proposer (rule 13-15): set proposerId with"
            " updateAgendaItem",
            "a REQUESTED item needs an explanatory memorandum (rule 20): set"
            " explanatoryMemorandum with updateAgendaItem",
        ],
    ),
    (
        "agenda_item",
        A.NOT_RECOMMENDED,
        "include",
        AgendaItemFacts("MANDATED", True, True, False, False, 64, 0, 0),
        [
            "a MANDATED item needs the symbol of the resolution that mandates it: set"
            " mandatedBySymbol (e.g. A/RES/60/1) with updateAgendaItem"
        ],
    ),
    (
        "agenda_item",
        A.RECOMMENDED,
        "include",
        AgendaItemFacts("CARRIED_OVER", False, False, True, False, 64, 0, 0),
        ["a CARRIED_OVER item needs the item it continues: set continuesId with updateAgendaItem"],
    ),
    (
        "agenda_item",
        A.INCLUDED,
        "allocate",
        AgendaItemFacts(
            "MANDATED",
            False,
            False,
            True,
            False,
            64,
            0,
            0,
            AllocationPayload(
                "THIRD_COMMITTEE", for_draft=True, draft_under_item=False, already_recorded=True
            ),
        ),
        [
            "a draft taken directly in plenary is allocated to PLENARY: give forum PLENARY"
            " with resolutionId, or leave resolutionId out to allocate the whole item",
            "resolutionId must be a draft under this agenda item",
            "this allocation is already recorded: choose another forum or draft (or correct"
            " the recorded one)",
        ],
    ),
    (
        "agenda_item",
        A.ALLOCATED,
        "allocate",
        AgendaItemFacts(
            "MANDATED",
            False,
            False,
            True,
            False,
            64,
            1,
            0,
            AllocationPayload("PLENARY", for_draft=True, draft_settled=True),
        ),
        ["the draft given in resolutionId has already been acted on or withdrawn"],
    ),
    (
        "agenda_item",
        A.INCLUDED,
        "defer",
        AgendaItemFacts("MANDATED", False, False, True, False, 64, 0, 0, DeferralPayload(64, True)),
        [
            "toSession must be a session after 64 (the item's own): give a later one",
            "session 64 already has an item continuing this one: defer to another session",
        ],
    ),
    (
        "agenda_item",
        A.ALLOCATED,
        "conclude",
        AgendaItemFacts("MANDATED", False, False, True, False, 64, 1, 2),
        [
            "2 draft(s) under it are not yet acted on or withdrawn: take action on each (or"
            " withdraw it) first"
        ],
    ),
    (
        "resolution",
        R.DRAFTING,
        "submit",
        replace(
            COMMITTEE_DRAFT,
            item_state="INCLUDED",
            item_forums=frozenset(),
            member_state_main_sponsors=0,
            payload=Submission("A/61/L.1", "SPONSORS"),
        ),
        [
            "its agenda item is not allocated to the Third Committee: allocate it"
            " (allocateAgendaItem; for the plenary, a decision to consider this draft directly"
            " in plenary names the draft)",
            "the symbol A/61/L.1 does not have the form of a draft before the Third Committee"
            " at session 61 (A/C.3/61/L.<n>)",
            "a draft of SPONSORS needs a Member State as MAIN sponsor (addSponsor), or another"
            " submitter (PRESIDENT, FACILITATORS, CHAIR, BUREAU)",
        ],
    ),
    (
        "resolution",
        R.DRAFTING,
        "submit",
        replace(
            COMMITTEE_DRAFT, item_state="LISTED", payload=Submission("A/C.3/61/L.1", "FACILITATORS")
        ),
        [
            "its agenda item must be INCLUDED in the agenda or ALLOCATED (is LISTED)",
            "a draft of FACILITATORS names at least one facilitator",
        ],
    ),
    (
        "resolution",
        R.INTRODUCED,
        "revise",
        replace(COMMITTEE_DRAFT, revisions=1, payload=Revision(False, "A/C.3/61/L.17/Rev.1")),
        [
            "the next written revision of A/C.3/61/L.17 is A/C.3/61/L.17/Rev.2 (got A/C.3/61/L.17/Rev.1)"
        ],
    ),
    (
        "resolution",
        R.INTRODUCED,
        "adopt_in_committee",
        replace(
            COMMITTEE_DRAFT,
            open_amendments=1,
            payload=ActionTaken("THIRD_COMMITTEE", "RECORDED_VOTE", 50, 50),
        ),
        [
            "1 amendment(s) to it are not yet acted on: act on them first (actOnAmendment) or"
            " have them withdrawn",
            "the vote (50 in favour, 50 against) does not reach a majority of the members"
            " present and voting",
        ],
    ),
    (
        "resolution",
        R.REPORTED,
        "adopt",
        replace(
            COMMITTEE_DRAFT,
            payload=ActionTaken("PLENARY", "RECORDED_VOTE", 90, 50, True, "A/RES/62/1"),
        ),
        [
            "the vote (90 in favour, 50 against) does not reach two thirds of the members"
            " present and voting (an important question)",
            "the final symbol A/RES/62/1 does not have the form of a resolution of session 61"
            " (A/RES/61/<n>)",
        ],
    ),
    (
        "resolution",
        R.REPORTED,
        "reject",
        replace(COMMITTEE_DRAFT, payload=ActionTaken("PLENARY", "WITHOUT_A_VOTE")),
        ["a draft is rejected by a vote: give the method and the votes"],
    ),
    (
        "commitment",
        C.IN_PROGRESS,
        "deliver",
        CommitmentFacts(NOW.date(), None, 1, NOW, None, 0),
        ["1 deliverable(s) are neither DELIVERED nor DROPPED"],
    ),
    (
        "commitment",
        C.IN_PROGRESS,
        "lapse",
        CommitmentFacts(NOW.date(), dt.date(2027, 1, 1), 0, NOW - dt.timedelta(days=100), None, 0),
        [
            "neither overdue (due on 2027-01-01) nor without a progress report for 24 months"
            f" (last progress report on {(NOW - dt.timedelta(days=100)).date().isoformat()})"
        ],
    ),
    (
        "commitment",
        C.LAPSED,
        "revive",
        CommitmentFacts(NOW.date(), None, 0, NOW, None, 0),
        ["needs a progress report submitted since it lapsed"],
    ),
]


@pytest.mark.parametrize(("name", "state", "trigger", "facts", "blockers"), BLOCKED)
def test_guards_explain_what_blocks(
    name: str, state: enum.Enum, trigger: str, facts: Any, blockers: list[str]
) -> None:
    definition = DEFINITIONS[name]

    with pytest.raises(WorkflowError) as refused:
        definition.fire(state, trigger, facts, reason="because")
    option = next(o for o in definition.options(state, facts) if o.trigger == trigger)

    assert refused.value.code == "GUARD_FAILED"
    assert refused.value.blockers == blockers
    assert option.allowed is False
    assert option.blockers == blockers


def test_silence_of_24_months_lets_a_commitment_lapse() -> None:
    silent = CommitmentFacts(NOW.date(), None, 0, NOW - dt.timedelta(days=731), None, 0)

    taken = DEFINITIONS["commitment"].fire(C.IN_PROGRESS, "lapse", silent, reason=None)

    assert taken.dest is C.LAPSED


def test_silence_counts_from_the_last_report_else_the_start_never_from_nothing() -> None:
    commitment = DEFINITIONS["commitment"]
    long_ago = NOW.date() - dt.timedelta(days=3000)
    # Started long ago, but reported 100 days ago: not silent.
    reported = CommitmentFacts(NOW.date(), None, 0, NOW - dt.timedelta(days=100), long_ago, 0)
    # No report, started 731 days ago: silent since the start.
    started = CommitmentFacts(NOW.date(), None, 0, None, NOW.date() - dt.timedelta(days=731), 0)
    # No report, started 100 days ago: not yet.
    fresh = CommitmentFacts(NOW.date(), None, 0, None, NOW.date() - dt.timedelta(days=100), 0)
    # Neither a report nor a start: there is nothing to count silence from.
    unknown = CommitmentFacts(NOW.date(), None, 0, None, None, 0)

    assert commitment.fire(C.IN_PROGRESS, "lapse", started, reason=None).dest is C.LAPSED
    for facts, why in (
        (reported, "last progress report on"),
        (fresh, "no progress report yet, started on"),
        (unknown, "no progress report and no start date"),
    ):
        with pytest.raises(WorkflowError) as refused:
            commitment.fire(C.IN_PROGRESS, "lapse", facts, reason=None)
        assert why in refused.value.blockers[0]


def test_diagrams_show_every_transition_and_the_milestones() -> None:
    for definition in DEFINITIONS.values():
        diagram = definition.mermaid()
        assert diagram.startswith("stateDiagram-v2")
        for t in definition.transitions:
            assert f": {t.trigger}" in diagram
        for state in definition.milestones:
            assert state.value in diagram.splitlines()[-1]


class _Door(enum.Enum):
    SHUT = "SHUT"
    OPEN = "OPEN"


@dataclass(frozen=True)
class _DoorFacts:
    payload: str | None = None


def _key_fits(f: _DoorFacts) -> list[str]:
    # A guard on the move's data passes when there is none (only asking whether it is open).
    return [] if f.payload in (None, "brass") else [f"the {f.payload} key does not fit"]


DOOR: Definition[_DoorFacts] = Definition(
    name="door",
    version=1,
    description="A door opened with a key (the move's data).",
    states=_Door,
    initial=_Door.SHUT,
    guards={"key_fits": Guard("key_fits", "The key fits.", _key_fits)},
    transitions=(
        Transition("unlock", (_Door.SHUT,), _Door.OPEN, ("key_fits",), payload="unlockDoor"),
        Transition("shut", (_Door.OPEN,), _Door.SHUT),
    ),
    milestones=frozenset(),
)


def test_a_move_with_data_names_its_mutation_and_checks_the_data() -> None:
    (unlock,) = DOOR.options(_Door.SHUT, _DoorFacts())
    assert (unlock.allowed, unlock.mutation) == (True, "unlockDoor")
    (shut,) = DOOR.options(_Door.OPEN, _DoorFacts())
    assert shut.mutation == "advanceWorkflow"
    assert DOOR.fire(_Door.SHUT, "unlock", _DoorFacts("brass"), reason=None).dest is _Door.OPEN
    with pytest.raises(WorkflowError) as refused:
        DOOR.fire(_Door.SHUT, "unlock", _DoorFacts("iron"), reason=None)
    assert refused.value.blockers == ["the iron key does not fit"]
    assert "SHUT --> OPEN: unlock [key_fits] (unlockDoor)" in DOOR.mermaid()
