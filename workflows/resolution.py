"""A draft resolution or decision of the General Assembly, from drafting to action.

The path of DESIGN.md §4.3 and the rules of procedure: a draft is submitted to a forum (the
plenary or a Main Committee) with a symbol, introduced, revised (Rev.n or orally), and acted
on: in committee (adopted, rejected, no action, deferred), then reported to the plenary, which
acts on it in turn; a plenary draft is acted on directly. Every action is a move carrying its
data (the method, the vote, the final symbol), checked here: the draft is in the right state,
the item is allocated to that forum, amendments were acted on first (rule 90), the vote passes
under the majority that applies (a simple majority of those present and voting, two thirds for
an important question in the plenary: Charter art. 18, rules 83-87 and 125; an equally divided
vote rejects, rules 95 and 133) and the final symbol has the form A/RES/<session>/<n>.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from workflows.base import Definition, Guard, Transition

NAME = "resolution"
VERSION = 3


class ResolutionState(enum.Enum):
    DRAFTING = "DRAFTING"
    SUBMITTED = "SUBMITTED"
    INTRODUCED = "INTRODUCED"
    ADOPTED_IN_COMMITTEE = "ADOPTED_IN_COMMITTEE"
    REPORTED = "REPORTED"
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    NO_ACTION = "NO_ACTION"
    DEFERRED = "DEFERRED"
    WITHDRAWN = "WITHDRAWN"


INITIAL = ResolutionState.DRAFTING

# A draft in one of these states needs no further action.
SETTLED = (
    ResolutionState.ADOPTED,
    ResolutionState.REJECTED,
    ResolutionState.NO_ACTION,
    ResolutionState.WITHDRAWN,
)
# Sponsors may join or withdraw until the forum of the draft acts on it.
OPEN_TO_SPONSORS = (
    ResolutionState.DRAFTING,
    ResolutionState.SUBMITTED,
    ResolutionState.INTRODUCED,
    ResolutionState.DEFERRED,
)

PLENARY = "PLENARY"


def acting_forum(forum: str, reported: bool) -> str:
    """The forum that acts next on a draft submitted to `forum`: the plenary once a Main
    Committee has reported it (and while the plenary defers it)."""
    return PLENARY if reported else forum


def open_to_sponsors(state: ResolutionState, reported: bool) -> bool:
    """Sponsors join or withdraw until the forum of the draft acts on it: never once a
    committee has adopted and reported it (it is then the committee's recommendation)."""
    return state in OPEN_TO_SPONSORS and not reported


COMMITTEES = {
    "FIRST_COMMITTEE": 1,
    "SECOND_COMMITTEE": 2,
    "THIRD_COMMITTEE": 3,
    "FOURTH_COMMITTEE": 4,
    "FIFTH_COMMITTEE": 5,
    "SIXTH_COMMITTEE": 6,
}
# Who puts a draft before the forum.
SUBMITTERS = ("SPONSORS", "PRESIDENT", "FACILITATORS", "CHAIR", "BUREAU")
WITHOUT_A_VOTE = "WITHOUT_A_VOTE"
VOTING_METHODS = ("RECORDED_VOTE", "NON_RECORDED_VOTE", "ROLL_CALL")


@dataclass(frozen=True)
class Submission:
    """`submitDraft`: the symbol the Secretariat gives the draft and who submits it."""

    symbol: str
    submitter: str
    facilitators: int = 0


@dataclass(frozen=True)
class Revision:
    """`reviseDraft`: a revised text (its symbol ends /Rev.n) or an oral revision."""

    oral: bool
    symbol: str | None


@dataclass(frozen=True)
class ActionTaken:
    """`takeAction`: what the forum decided, how, and for a plenary adoption the final symbol."""

    forum: str
    method: str
    yes: int | None = None
    no: int | None = None
    important_question: bool = False
    final_symbol: str | None = None


@dataclass(frozen=True)
class Report:
    """`reportDraft`: the committee's report to the plenary that carries the draft."""

    symbol: str


@dataclass(frozen=True)
class ResolutionFacts:
    kind: str  # RESOLUTION or DECISION
    forum: str  # where the draft was submitted: PLENARY or a Main Committee
    session: int
    item_state: str
    # Where the item is allocated; PLENARY too when this draft is taken directly in plenary.
    item_forums: frozenset[str]
    draft_symbol: str | None
    revisions: int  # written revisions so far
    member_state_main_sponsors: int
    open_amendments: int  # amendments before the forum that acts next, not yet acted on
    # A Main Committee reported it to the plenary (its report is recorded).
    reported: bool = False
    # Rule 153: the Secretary-General anticipates expenditure; his statement of programme budget
    # implications; the Fifth Committee's statement of the effect on the budget estimates.
    involves_expenditure: bool = False
    budget_statement: str | None = None
    fifth_committee_statement: str | None = None
    payload: Submission | Revision | ActionTaken | Report | None = None


def carries(method: str, yes: int | None, no: int | None, *, two_thirds: bool = False) -> bool:
    """Whether a decision passes: taken without a vote, or by a majority of the members present
    and voting (yes against no; abstentions do not count), two thirds for an important question.
    An equally divided vote rejects."""
    if method == WITHOUT_A_VOTE:
        return True
    if yes is None or no is None:
        return False
    if two_thirds:
        return yes > 0 and 3 * yes >= 2 * (yes + no)
    return yes > no


def draft_symbol_pattern(forum: str, session: int) -> re.Pattern[str]:
    """A/C.3/64/L.17 in the Third Committee, A/64/L.64 in the plenary."""
    organ = "A" if forum == PLENARY else f"A/C\\.{COMMITTEES[forum]}"
    return re.compile(rf"^{organ}/{session}/L\.[1-9][0-9]*$")


def draft_symbol_form(forum: str, session: int) -> str:
    """As the blockers spell it: A/C.3/64/L.<n>."""
    organ = "A" if forum == PLENARY else f"A/C.{COMMITTEES[forum]}"
    return f"{organ}/{session}/L.<n>"


def final_symbol_form(kind: str, session: int) -> str:
    return f"A/{'DEC' if kind == 'DECISION' else 'RES'}/{session}/<n>"


def final_symbol_pattern(kind: str, session: int) -> re.Pattern[str]:
    return re.compile(rf"^A/{'DEC' if kind == 'DECISION' else 'RES'}/{session}/[1-9][0-9]*$")


def _forum_name(forum: str) -> str:
    return "the plenary" if forum == PLENARY else f"the {forum.replace('_', ' ').title()}"


def _payload(f: ResolutionFacts, kind: type) -> object | None:
    return f.payload if isinstance(f.payload, kind) else None


def _item_open(f: ResolutionFacts) -> list[str]:
    if f.item_state in ("INCLUDED", "ALLOCATED"):
        return []
    return [f"its agenda item must be INCLUDED in the agenda or ALLOCATED (is {f.item_state})"]


def _allocated_to_forum(f: ResolutionFacts) -> list[str]:
    if f.forum in f.item_forums:
        return []
    return [
        f"its agenda item is not allocated to {_forum_name(f.forum)}: allocate it"
        " (allocateAgendaItem; for the plenary, a decision to consider this draft directly"
        " in plenary names the draft)"
    ]


def _submission(f: ResolutionFacts) -> list[str]:
    p = _payload(f, Submission)
    blockers = []
    if isinstance(p, Submission):
        if not draft_symbol_pattern(f.forum, f.session).match(p.symbol):
            blockers.append(
                f"the symbol {p.symbol} does not have the form of a draft before"
                f" {_forum_name(f.forum)} at session {f.session}"
                f" ({draft_symbol_form(f.forum, f.session)})"
            )
        submitter = p.submitter
        if submitter == "FACILITATORS" and p.facilitators < 1:
            blockers.append("a draft of FACILITATORS names at least one facilitator")
    else:
        submitter = "SPONSORS"
    if submitter == "SPONSORS" and f.member_state_main_sponsors < 1:
        blockers.append(
            "a draft of SPONSORS needs a Member State as MAIN sponsor (addSponsor), or another"
            " submitter (PRESIDENT, FACILITATORS, CHAIR, BUREAU)"
        )
    return blockers


def _revision(f: ResolutionFacts) -> list[str]:
    p = _payload(f, Revision)
    if not isinstance(p, Revision) or p.oral:
        return []
    expected = f"{f.draft_symbol}/Rev.{f.revisions + 1}"
    if p.symbol != expected:
        return [f"the next written revision of {f.draft_symbol} is {expected} (got {p.symbol})"]
    return []


def _in_committee(f: ResolutionFacts) -> list[str]:
    if f.forum == PLENARY:
        return ["the draft is before the plenary, not a Main Committee: use adopt"]
    return []


def _in_plenary(f: ResolutionFacts) -> list[str]:
    if f.forum != PLENARY:
        return [f"the draft is before {_forum_name(f.forum)}: it acts first (adopt_in_committee)"]
    return []


def _amendments_settled(f: ResolutionFacts) -> list[str]:
    if not f.open_amendments:
        return []
    return [
        f"{f.open_amendments} amendment(s) to it are not yet acted on: act on them first"
        " (actOnAmendment) or have them withdrawn"
    ]


def _action(f: ResolutionFacts) -> ActionTaken | None:
    p = _payload(f, ActionTaken)
    return p if isinstance(p, ActionTaken) else None


def _majority(a: ActionTaken) -> str:
    if a.important_question:
        return "two thirds of the members present and voting (an important question)"
    return "a majority of the members present and voting"


def _two_thirds(a: ActionTaken) -> bool:
    return a.important_question and a.forum == PLENARY


def _vote_carries(f: ResolutionFacts) -> list[str]:
    a = _action(f)
    if a is None or carries(a.method, a.yes, a.no, two_thirds=_two_thirds(a)):
        return []
    return [f"the vote ({a.yes} in favour, {a.no} against) does not reach {_majority(a)}"]


def _vote_fails(f: ResolutionFacts) -> list[str]:
    a = _action(f)
    if a is None:
        return []
    if a.method == WITHOUT_A_VOTE:
        return ["a draft is rejected by a vote: give the method and the votes"]
    if carries(a.method, a.yes, a.no, two_thirds=_two_thirds(a)):
        return [f"the vote ({a.yes} in favour, {a.no} against) adopts the draft: use adopt"]
    return []


def _final_symbol(f: ResolutionFacts) -> list[str]:
    a = _action(f)
    if a is None:
        return []
    form = final_symbol_form(f.kind, f.session)
    if a.final_symbol is None:
        return [f"needs the final symbol ({form})"]
    if not final_symbol_pattern(f.kind, f.session).match(a.final_symbol):
        return [
            f"the final symbol {a.final_symbol} does not have the form of a"
            f" {f.kind.lower()} of session {f.session} ({form})"
        ]
    return []


def _no_final_symbol(f: ResolutionFacts) -> list[str]:
    a = _action(f)
    if a is not None and a.final_symbol is not None:
        return ["only an adoption in plenary gives a final symbol"]
    return []


def _report(f: ResolutionFacts) -> list[str]:
    p = _payload(f, Report)
    if isinstance(p, Report) and not re.match(
        rf"^A/{f.session}/[1-9][0-9]*(/Add\.[1-9][0-9]*)?$", p.symbol
    ):
        return [
            f"the committee's report {p.symbol} does not have the form A/{f.session}/<n>"
            " (or /Add.<n>)"
        ]
    return []


def _budget_estimate(f: ResolutionFacts) -> list[str]:
    if not f.involves_expenditure or f.budget_statement is not None:
        return []
    return [
        "the draft involves expenditure: a committee recommends it only with the"
        " Secretary-General's statement of programme budget implications (rule 153): record it"
        " (recordBudgetImplications with statementSymbol)"
    ]


def _budget_effect(f: ResolutionFacts) -> list[str]:
    a = _action(f)
    forum = a.forum if a is not None else acting_forum(f.forum, f.reported)
    if forum != PLENARY or not f.involves_expenditure or f.fifth_committee_statement:
        return []
    return [
        "the draft involves expenditure: the plenary votes on it only once the Fifth Committee"
        " has stated its effect on the budget estimates (rule 153): record that statement"
        " (recordBudgetImplications with fifthCommitteeSymbol)"
    ]


def _not_reported(f: ResolutionFacts) -> list[str]:
    if not f.reported:
        return []
    return [
        "a Main Committee adopted and reported the draft: it is the committee's recommendation"
        " now, and its sponsors can no longer withdraw it (the plenary acts on it)"
    ]


def _back_to_stage(_t: Transition, f: ResolutionFacts) -> ResolutionState:
    return ResolutionState.REPORTED if f.reported else ResolutionState.INTRODUCED


_ACTION = "takeAction"
BEFORE_ACTION = (ResolutionState.INTRODUCED, ResolutionState.REPORTED)

DEFINITION: Definition[ResolutionFacts] = Definition(
    name=NAME,
    version=VERSION,
    description=(
        "A draft resolution or decision: submitted to the plenary or a Main Committee,"
        " introduced, revised, acted on (in committee, reported, then in plenary)."
    ),
    states=ResolutionState,
    initial=INITIAL,
    guards={
        "item_open": Guard(
            "item_open", "The agenda item is INCLUDED in the agenda or ALLOCATED.", _item_open
        ),
        "allocated_to_forum": Guard(
            "allocated_to_forum",
            "The agenda item is allocated to the draft's forum (for the plenary: or this draft"
            " is to be considered directly in plenary).",
            _allocated_to_forum,
        ),
        "submission": Guard(
            "submission",
            "The symbol has the form of a draft of that forum and session; a draft of SPONSORS"
            " has a Member State as MAIN sponsor, one of FACILITATORS names them.",
            _submission,
        ),
        "revision": Guard(
            "revision", "A written revision has the next Rev.n symbol of the draft.", _revision
        ),
        "in_committee": Guard(
            "in_committee", "The draft is before a Main Committee.", _in_committee
        ),
        "in_plenary": Guard("in_plenary", "The draft is before the plenary.", _in_plenary),
        "amendments_settled": Guard(
            "amendments_settled",
            "Every amendment before the forum was acted on or withdrawn (rule 90).",
            _amendments_settled,
        ),
        "vote_carries": Guard(
            "vote_carries",
            "Adopted without a vote, or the vote reaches the majority that applies.",
            _vote_carries,
        ),
        "vote_fails": Guard(
            "vote_fails", "The vote does not reach the majority that applies.", _vote_fails
        ),
        "final_symbol": Guard(
            "final_symbol",
            "The final symbol is A/RES/<session>/<n> (A/DEC/<session>/<n> for a decision).",
            _final_symbol,
        ),
        "no_final_symbol": Guard(
            "no_final_symbol", "No final symbol unless adopted in plenary.", _no_final_symbol
        ),
        "report": Guard("report", "The committee's report is A/<session>/<n>.", _report),
        "budget_estimate": Guard(
            "budget_estimate",
            "A draft involving expenditure has the Secretary-General's statement of programme"
            " budget implications (rule 153).",
            _budget_estimate,
        ),
        "budget_effect_stated": Guard(
            "budget_effect_stated",
            "The plenary votes on a draft involving expenditure only after the Fifth Committee"
            " stated its effect on the budget estimates (rule 153).",
            _budget_effect,
        ),
        "not_reported": Guard(
            "not_reported",
            "The draft is its sponsors' still: no committee has reported it to the plenary.",
            _not_reported,
        ),
    },
    transitions=(
        Transition(
            "submit",
            (ResolutionState.DRAFTING,),
            ResolutionState.SUBMITTED,
            ("item_open", "allocated_to_forum", "submission"),
            payload="submitDraft",
        ),
        Transition("introduce", (ResolutionState.SUBMITTED,), ResolutionState.INTRODUCED),
        Transition(
            "revise",
            (ResolutionState.SUBMITTED,),
            ResolutionState.SUBMITTED,
            ("revision",),
            payload="reviseDraft",
        ),
        Transition(
            "revise",
            (ResolutionState.INTRODUCED,),
            ResolutionState.INTRODUCED,
            ("revision",),
            payload="reviseDraft",
        ),
        Transition(
            "adopt_in_committee",
            (ResolutionState.INTRODUCED,),
            ResolutionState.ADOPTED_IN_COMMITTEE,
            (
                "in_committee",
                "allocated_to_forum",
                "amendments_settled",
                "budget_estimate",
                "vote_carries",
                "no_final_symbol",
            ),
            payload=_ACTION,
        ),
        Transition(
            "report",
            (ResolutionState.ADOPTED_IN_COMMITTEE,),
            ResolutionState.REPORTED,
            ("report",),
            payload="reportDraft",
        ),
        Transition(
            "adopt",
            (ResolutionState.INTRODUCED,),
            ResolutionState.ADOPTED,
            (
                "in_plenary",
                "allocated_to_forum",
                "amendments_settled",
                "budget_effect_stated",
                "vote_carries",
                "final_symbol",
            ),
            payload=_ACTION,
        ),
        Transition(
            "adopt",
            (ResolutionState.REPORTED,),
            ResolutionState.ADOPTED,
            ("amendments_settled", "budget_effect_stated", "vote_carries", "final_symbol"),
            payload=_ACTION,
        ),
        Transition(
            "reject",
            BEFORE_ACTION,
            ResolutionState.REJECTED,
            ("budget_effect_stated", "vote_fails", "no_final_symbol"),
            payload=_ACTION,
        ),
        Transition(
            "no_action",
            BEFORE_ACTION,
            ResolutionState.NO_ACTION,
            ("vote_carries", "no_final_symbol"),
            payload=_ACTION,
        ),
        Transition(
            "defer",
            BEFORE_ACTION,
            ResolutionState.DEFERRED,
            ("vote_carries", "no_final_symbol"),
            reason_required=True,
            payload=_ACTION,
        ),
        # Taken up again where it was deferred: before its committee, or before the plenary.
        Transition(
            "take_up",
            (ResolutionState.DEFERRED,),
            None,
            returns_to=(ResolutionState.INTRODUCED, ResolutionState.REPORTED),
        ),
        Transition(
            "withdraw",
            OPEN_TO_SPONSORS,
            ResolutionState.WITHDRAWN,
            ("not_reported",),
            reason_required=True,
        ),
    ),
    resolve_dest=_back_to_stage,
    milestones=frozenset(
        {
            ResolutionState.SUBMITTED,
            ResolutionState.ADOPTED_IN_COMMITTEE,
            ResolutionState.ADOPTED,
            ResolutionState.REJECTED,
        }
    ),
)
