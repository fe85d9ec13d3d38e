"""Drafts through the workflow, as an administrator replays the General Assembly's record
with the API alone: submission with its symbol, revisions, actions whose data the guards
check (forum, majority, amendments first, final symbol), reports, sponsors who must be Member
States, and votes per Member State. Every wrong step is refused with what would clear it, and
writes nothing."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.graphql.test_actors import create_actor
from tests.graphql.test_writes import events, mutate, ok, refused

DRAFT = (
    "resolution { id state version kind forum submitter submittedOn draftSymbol reportSymbol"
    " symbol adoptedOn revisions { oral symbol revisedOn document { kind } }"
    " facilitators { name } draftDocument { symbol kind } reportDocument { kind }"
    " document { symbol kind officialUrl }"
    " actions { forum outcome method yesCount noCount abstainCount countsOnly takenOn"
    " votes { ballot actor { name } } } }"
)


async def member(gql: GraphQLClient, name: str, alpha2: str, since: str = "1945-10-24") -> str:
    actor = await create_actor(gql, name=name, kind="STATE", isoAlpha2=alpha2, unMemberSince=since)
    return str(actor["id"])


async def allocated_item(gql: GraphQLClient, session: int, number: int, forum: str) -> str:
    """A recurring item (mandated by an earlier resolution), included and allocated."""
    item = (
        await ok(
            gql,
            "createAgendaItem",
            "agendaItem { id }",
            {
                "title": "Crime prevention and criminal justice",
                "session": session,
                "itemNumber": number,
                "origin": "MANDATED",
                "mandatedBySymbol": "A/RES/46/152",
            },
        )
    )["agendaItem"]["id"]
    for trigger in ("recommend", "include"):
        await advance(gql, item, trigger)
    await ok(
        gql,
        "allocateAgendaItem",
        "agendaItem { state }",
        {"agendaItemId": item, "forum": forum, "decidedOn": "2006-09-15"},
    )
    return str(item)


async def advance(gql: GraphQLClient, subject: str, trigger: str, **more: Any) -> dict[str, Any]:
    data = await gql.data(
        "mutation($input: AdvanceWorkflowInput!) { advanceWorkflow(input: $input) {"
        " subject { id } userErrors { code message field } } }",
        {"input": {"subjectId": subject, "trigger": trigger, **more}},
    )
    payload: dict[str, Any] = data["advanceWorkflow"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def blocked(gql: GraphQLClient, name: str, fields: dict[str, Any], *needles: str) -> str:
    """The move is refused by its guards (GUARD_FAILED), saying each of `needles`; nothing is
    written."""
    before = await events(gql)
    payload = await mutate(gql, name, "__typename", fields)
    (error,) = payload["userErrors"]
    assert error["code"] == "GUARD_FAILED", error
    for needle in needles:
        assert needle in error["message"], error["message"]
    assert await events(gql) == before
    message: str = error["message"]
    return message


async def new_draft(gql: GraphQLClient, item: str, forum: str, title: str = "Coordination") -> str:
    draft = await ok(
        gql,
        "createDraftResolution",
        "resolution { id state }",
        {"agendaItemId": item, "title": title, "forum": forum, "omnibus": True},
    )
    assert draft["resolution"]["state"] == "DRAFTING"
    return str(draft["resolution"]["id"])


async def test_a_third_committee_draft_revised_voted_reported_and_adopted(
    gql: GraphQLClient,
) -> None:
    belarus = await member(gql, "Belarus", "BY")
    russia = await member(gql, "Russian Federation", "RU")
    japan = await member(gql, "Japan", "JP", "1956-12-18")
    later = await member(gql, "Cabo Verde", "CV", "1975-09-16")
    ngo = await create_actor(gql, name="La Strada International", kind="NGO")
    unodc = await create_actor(gql, name="UNODC", kind="UN_ENTITY")
    item = await allocated_item(gql, 61, 98, "THIRD_COMMITTEE")
    draft = await new_draft(gql, item, "THIRD_COMMITTEE")

    # Only Member States sponsor, on the day they join.
    for actor in (ngo["id"], unodc["id"]):
        await refused(
            gql,
            "addSponsor",
            {"resolutionId": draft, "actorId": actor, "kind": "MAIN"},
            "INVALID",
            ["input", "actorId"],
        )
    await refused(
        gql,
        "addSponsor",
        {"resolutionId": draft, "actorId": later, "joinedOn": "1970-01-01"},
        "INVALID",
        ["input", "actorId"],
    )
    # Without a main sponsor a draft of SPONSORS cannot be submitted.
    await blocked(
        gql,
        "submitDraft",
        {
            "resolutionId": draft,
            "symbol": "A/C.3/61/L.17",
            "submitter": "SPONSORS",
            "submittedOn": "2006-10-20",
        },
        "MAIN sponsor",
    )
    await ok(
        gql,
        "addSponsor",
        "sponsorship { kind joinedOn }",
        {"resolutionId": draft, "actorId": belarus, "kind": "MAIN", "joinedOn": "2006-10-01"},
    )
    await ok(gql, "addSponsor", "sponsorship { kind }", {"resolutionId": draft, "actorId": russia})
    # The symbol must be a draft of that committee and session.
    await blocked(
        gql,
        "submitDraft",
        {
            "resolutionId": draft,
            "symbol": "A/61/L.17",
            "submitter": "SPONSORS",
            "submittedOn": "2006-10-20",
        },
        "A/C.3/61/L.<n>",
    )
    submitted = await ok(
        gql,
        "submitDraft",
        DRAFT,
        {
            "resolutionId": draft,
            "symbol": "A/C.3/61/L.17",
            "submitter": "SPONSORS",
            "submittedOn": "2006-10-20",
        },
    )
    assert submitted["resolution"]["state"] == "SUBMITTED"
    assert submitted["resolution"]["draftSymbol"] == "A/C.3/61/L.17"
    # An action is a move with data: advanceWorkflow names the mutation to use.
    payload = await mutate(
        gql, "advanceWorkflow", "__typename", {"subjectId": draft, "trigger": "submit"}
    )
    assert payload["userErrors"][0]["code"] == "INVALID_TRANSITION", payload
    await advance(gql, draft, "introduce")
    bare = await mutate(
        gql, "advanceWorkflow", "__typename", {"subjectId": draft, "trigger": "adopt_in_committee"}
    )
    assert bare["userErrors"][0]["code"] == "INVALID", bare
    assert "takeAction" in bare["userErrors"][0]["message"]

    # Revisions: the next Rev.n, or oral.
    await blocked(
        gql,
        "reviseDraft",
        {"resolutionId": draft, "revisedOn": "2006-11-01", "symbol": "A/C.3/61/L.17/Rev.2"},
        "A/C.3/61/L.17/Rev.1",
    )
    await ok(
        gql,
        "reviseDraft",
        "resolution { state }",
        {"resolutionId": draft, "revisedOn": "2006-11-01", "symbol": "A/C.3/61/L.17/Rev.1"},
    )
    await ok(
        gql,
        "reviseDraft",
        "resolution { state }",
        {
            "resolutionId": draft,
            "revisedOn": "2006-11-02",
            "oral": True,
            "description": "Paragraph 3 orally revised.",
        },
    )

    # Action in committee by a recorded vote: the counts follow from each State's vote.
    votes = [
        {"actorId": belarus, "ballot": "YES"},
        {"actorId": russia, "ballot": "YES"},
        {"actorId": japan, "ballot": "ABSTAIN"},
    ]
    await refused(
        gql,
        "takeAction",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "RECORDED_VOTE",
            "takenOn": "2006-11-03",
            "votes": [*votes, {"actorId": ngo["id"], "ballot": "NO"}],
        },
        "INVALID",
        ["input", "votes"],
    )
    acted = await ok(
        gql,
        "takeAction",
        DRAFT + " action { outcome yesCount noCount abstainCount }",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "RECORDED_VOTE",
            "takenOn": "2006-11-03",
            "votes": votes,
        },
    )
    assert acted["resolution"]["state"] == "ADOPTED_IN_COMMITTEE"
    assert acted["action"] == {
        "outcome": "ADOPTED",
        "yesCount": 2,
        "noCount": 0,
        "abstainCount": 1,
    }
    # Sponsors join only until the forum acts.
    await refused(
        gql,
        "addSponsor",
        {"resolutionId": draft, "actorId": japan},
        "CONFLICT",
        ["input", "resolutionId"],
    )
    # The plenary acts on the committee's report, not before.
    payload = await mutate(
        gql,
        "takeAction",
        "__typename",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2006-12-20",
            "finalSymbol": "A/RES/61/180",
        },
    )
    assert payload["userErrors"][0]["code"] == "INVALID_TRANSITION", payload
    await ok(
        gql,
        "reportDraft",
        "resolution { state reportSymbol }",
        {"resolutionId": draft, "reportSymbol": "A/61/444"},
    )
    await blocked(
        gql,
        "takeAction",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2006-12-20",
            "finalSymbol": "A/RES/62/180",
        },
        "A/RES/61/",
    )
    adopted = await ok(
        gql,
        "takeAction",
        DRAFT,
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2006-12-20",
            "finalSymbol": "A/RES/61/180",
        },
    )
    resolution = adopted["resolution"]
    assert resolution["state"] == "ADOPTED"
    assert resolution["symbol"] == "A/RES/61/180"
    assert resolution["reportSymbol"] == "A/61/444"
    assert resolution["adoptedOn"] == "2006-12-20"
    # Every symbol of its path is a Document.
    assert resolution["draftDocument"] == {"symbol": "A/C.3/61/L.17", "kind": "DRAFT"}
    assert resolution["reportDocument"] == {"kind": "COMMITTEE_REPORT"}
    assert resolution["document"]["kind"] == "RESOLUTION"
    assert resolution["document"]["officialUrl"].endswith("A/RES/61/180")
    assert [r["document"] for r in resolution["revisions"]] == [{"kind": "DRAFT"}, None]
    assert [r["symbol"] for r in resolution["revisions"]] == ["A/C.3/61/L.17/Rev.1", None]
    assert [(a["forum"], a["outcome"], a["countsOnly"]) for a in resolution["actions"]] == [
        ("THIRD_COMMITTEE", "ADOPTED", False),
        ("PLENARY", "ADOPTED", False),
    ]
    assert sorted((v["actor"]["name"], v["ballot"]) for v in resolution["actions"][0]["votes"]) == [
        ("Belarus", "YES"),
        ("Japan", "ABSTAIN"),
        ("Russian Federation", "YES"),
    ]

    # How a State voted across drafts.
    voted = await gql.data(
        "query($a: ID) { votes(actorId: $a) { edges { node { ballot action { resolution {"
        " symbol } } } } } }",
        {"a": japan},
    )
    assert [e["node"]["ballot"] for e in voted["votes"]["edges"]] == ["ABSTAIN"]
    # The move's event names the action that carried its data.
    moved = await gql.data(
        '{ events(types: ["workflow.transitioned"], last: 1) { edges { node { data } } } }'
    )
    data = moved["events"]["edges"][0]["node"]["data"]
    assert data["toState"] == "ADOPTED"
    assert data["dataType"] == "DraftAction"


async def test_a_draft_of_co_facilitators_taken_directly_in_plenary(gql: GraphQLClient) -> None:
    portugal = await member(gql, "Portugal", "PT", "1955-12-14")
    cabo_verde = await member(gql, "Cabo Verde", "CV", "1975-09-16")
    item = await allocated_item(gql, 64, 104, "THIRD_COMMITTEE")
    draft = await new_draft(gql, item, "PLENARY", "Global Plan of Action")
    submit = {
        "resolutionId": draft,
        "symbol": "A/64/L.64",
        "submitter": "FACILITATORS",
        "submittedOn": "2010-07-20",
        "facilitatorIds": [portugal, cabo_verde],
    }
    # The item is with the Third Committee: the plenary must decide to take this draft.
    await blocked(gql, "submitDraft", submit, "not allocated to the plenary")
    await ok(
        gql,
        "allocateAgendaItem",
        "agendaItem { state }",
        {
            "agendaItemId": item,
            "forum": "PLENARY",
            "decidedOn": "2010-07-20",
            "resolutionId": draft,
        },
    )
    done = await ok(gql, "submitDraft", DRAFT, submit)
    assert done["resolution"]["submitter"] == "FACILITATORS"
    assert sorted(f["name"] for f in done["resolution"]["facilitators"]) == [
        "Cabo Verde",
        "Portugal",
    ]
    await advance(gql, draft, "introduce")
    await ok(
        gql,
        "reviseDraft",
        "resolution { state }",
        {
            "resolutionId": draft,
            "revisedOn": "2010-07-30",
            "oral": True,
            "description": "As orally revised.",
        },
    )
    adopted = await ok(
        gql,
        "takeAction",
        DRAFT,
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2010-07-30",
            "finalSymbol": "A/RES/64/293",
            "meetingRecordSymbol": "A/64/PV.109",
        },
    )
    assert adopted["resolution"]["state"] == "ADOPTED"
    assert adopted["resolution"]["symbol"] == "A/RES/64/293"


async def test_majorities_amendments_rejection_and_withdrawal(gql: GraphQLClient) -> None:
    belarus = await member(gql, "Belarus", "BY")
    japan = await member(gql, "Japan", "JP", "1956-12-18")
    item = await allocated_item(gql, 70, 106, "PLENARY")
    draft = await new_draft(gql, item, "PLENARY")
    await ok(
        gql,
        "addSponsor",
        "sponsorship { kind }",
        {"resolutionId": draft, "actorId": belarus, "kind": "MAIN"},
    )
    await ok(
        gql,
        "submitDraft",
        "resolution { state }",
        {
            "resolutionId": draft,
            "symbol": "A/70/L.5",
            "submitter": "SPONSORS",
            "submittedOn": "2015-11-01",
        },
    )
    await advance(gql, draft, "introduce")
    amendment = (
        await ok(
            gql,
            "proposeAmendment",
            "amendment { id outcome forum }",
            {
                "resolutionId": draft,
                "text": "Delete operative paragraph 4.",
                "proposedOn": "2015-12-01",
                "proposerIds": [japan],
                "symbol": "A/70/L.60",
            },
        )
    )["amendment"]
    assert (amendment["outcome"], amendment["forum"]) == ("PENDING", "PLENARY")
    vote = {"method": "NON_RECORDED_VOTE", "takenOn": "2015-12-17"}
    # Rule 90: the amendment is voted on first.
    await blocked(
        gql,
        "takeAction",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "finalSymbol": "A/RES/70/1",
            "yesCount": 150,
            "noCount": 2,
            "abstainCount": 10,
            **vote,
        },
        "amendment",
    )
    acted = await ok(
        gql,
        "actOnAmendment",
        "amendment { outcome } action { outcome countsOnly }",
        {"amendmentId": amendment["id"], "yesCount": 40, "noCount": 90, "abstainCount": 20, **vote},
    )
    assert acted["amendment"]["outcome"] == "REJECTED"
    assert acted["action"] == {"outcome": "REJECTED", "countsOnly": True}
    # An important question needs two thirds of those present and voting: 100 to 60 is not.
    counts = {"yesCount": 100, "noCount": 60, "abstainCount": 5}
    await blocked(
        gql,
        "takeAction",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "finalSymbol": "A/RES/70/1",
            "importantQuestion": True,
            **counts,
            **vote,
        },
        "two thirds",
    )
    # ... and a vote that adopts cannot be recorded as a rejection.
    await blocked(
        gql,
        "takeAction",
        {"resolutionId": draft, "outcome": "REJECTED", **counts, **vote},
        "adopts the draft",
    )
    rejected = await ok(
        gql,
        "takeAction",
        "resolution { state symbol }",
        {"resolutionId": draft, "outcome": "REJECTED", "importantQuestion": True, **counts, **vote},
    )
    assert rejected["resolution"] == {"state": "REJECTED", "symbol": None}

    # A second draft withdrawn by its sponsors, and a sponsor that withdrew.
    other = await new_draft(gql, item, "PLENARY", "Another text")
    await ok(
        gql,
        "addSponsor",
        "sponsorship { kind }",
        {"resolutionId": other, "actorId": japan, "joinedOn": "2015-10-01"},
    )
    withdrawn = await ok(
        gql,
        "withdrawSponsor",
        "sponsorship { withdrawnOn }",
        {"resolutionId": other, "actorId": japan, "withdrawnOn": "2015-10-05"},
    )
    assert withdrawn["sponsorship"] == {"withdrawnOn": "2015-10-05"}
    await advance(gql, other, "withdraw", reason="The sponsors withdrew the draft.")
    current = await gql.data(
        "query($d: ID!) { node(id: $d) { ... on Resolution { state sponsors(current: true) {"
        " totalCount } } } }",
        {"d": other},
    )
    assert current["node"] == {"state": "WITHDRAWN", "sponsors": {"totalCount": 0}}


async def committee_draft_introduced(gql: GraphQLClient, session: int = 64) -> tuple[str, str]:
    """A Third Committee draft of a Member State, submitted and introduced; (draft, sponsor)."""
    belarus = await member(gql, "Belarus", "BY")
    item = await allocated_item(gql, session, 104, "THIRD_COMMITTEE")
    draft = await new_draft(gql, item, "THIRD_COMMITTEE")
    await ok(
        gql,
        "addSponsor",
        "sponsorship { kind }",
        {"resolutionId": draft, "actorId": belarus, "kind": "MAIN"},
    )
    await ok(
        gql,
        "submitDraft",
        "resolution { state }",
        {
            "resolutionId": draft,
            "symbol": f"A/C.3/{session}/L.17",
            "submitter": "SPONSORS",
            "submittedOn": f"{1945 + session}-10-20",
        },
    )
    await advance(gql, draft, "introduce")
    return draft, belarus


BUDGET = (
    "resolution { state involvesExpenditure budgetStatementSymbol fifthCommitteeSymbol"
    " budgetStatement { symbol kind } fifthCommitteeReport { symbol kind } }"
)


async def test_a_draft_involving_expenditure_waits_for_its_budget_statements(
    gql: GraphQLClient,
) -> None:
    """Rule 153: a committee recommends a draft involving expenditure only with the
    Secretary-General's estimate; the plenary votes on it only once the Fifth Committee has
    stated the effect on the budget."""
    draft, _ = await committee_draft_introduced(gql)
    adopt = {
        "resolutionId": draft,
        "outcome": "ADOPTED",
        "method": "WITHOUT_A_VOTE",
        "takenOn": "2009-11-20",
    }
    # Bad input writes nothing.
    for fields, code, path in (
        (
            {
                "resolutionId": draft,
                "involvesExpenditure": False,
                "statementSymbol": "A/C.3/64/L.60",
            },
            "INVALID",
            ["input", "involvesExpenditure"],
        ),
        (
            {
                "resolutionId": draft,
                "involvesExpenditure": True,
                "fifthCommitteeSymbol": "A/64/600",
            },
            "REQUIRED",
            ["input", "statementSymbol"],
        ),
        (
            {"resolutionId": draft, "involvesExpenditure": True, "statementSymbol": "not a symbol"},
            "INVALID",
            ["input", "statementSymbol"],
        ),
        ({"resolutionId": draft, "involvesExpenditure": False}, "INVALID", ["input"]),
        (
            {"resolutionId": "UmVzb2x1dGlvbjo5OTk=", "involvesExpenditure": True},
            "NOT_FOUND",
            ["input", "resolutionId"],
        ),
    ):
        await refused(gql, "recordBudgetImplications", fields, code, path)
    marked = await ok(
        gql,
        "recordBudgetImplications",
        BUDGET,
        {"resolutionId": draft, "involvesExpenditure": True},
    )
    assert marked["resolution"]["involvesExpenditure"] is True
    assert marked["resolution"]["budgetStatement"] is None
    # The committee cannot adopt it without the estimate; availableTransitions says so too.
    await blocked(gql, "takeAction", adopt, "rule 153", "statementSymbol")
    shown = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Resolution { availableTransitions {"
        " trigger allowed blockers } } } }",
        {"id": draft},
    )
    options = {o["trigger"]: o for o in shown["node"]["availableTransitions"]}
    assert options["adopt_in_committee"]["allowed"] is False
    assert any("rule 153" in b for b in options["adopt_in_committee"]["blockers"])
    stated = await ok(
        gql,
        "recordBudgetImplications",
        BUDGET,
        {"resolutionId": draft, "involvesExpenditure": True, "statementSymbol": "A/C.3/64/L.60"},
    )
    assert stated["resolution"]["budgetStatement"] == {"symbol": "A/C.3/64/L.60", "kind": "DRAFT"}
    await ok(gql, "takeAction", "resolution { state }", adopt)
    await ok(
        gql,
        "reportDraft",
        "resolution { state }",
        {"resolutionId": draft, "reportSymbol": "A/64/439"},
    )
    plenary = {**adopt, "takenOn": "2009-12-18", "finalSymbol": "A/RES/64/178"}
    await blocked(gql, "takeAction", plenary, "Fifth Committee", "fifthCommitteeSymbol")
    # Rejecting it is a vote too.
    await blocked(
        gql,
        "takeAction",
        {
            **plenary,
            "outcome": "REJECTED",
            "method": "RECORDED_VOTE",
            "finalSymbol": None,
            "yesCount": 10,
            "noCount": 90,
            "abstainCount": 5,
        },
        "Fifth Committee",
    )
    both = await ok(
        gql,
        "recordBudgetImplications",
        BUDGET,
        {
            "resolutionId": draft,
            "involvesExpenditure": True,
            "statementSymbol": "A/C.3/64/L.60",
            "fifthCommitteeSymbol": "A/64/600",
        },
    )
    assert both["resolution"]["fifthCommitteeReport"] == {
        "symbol": "A/64/600",
        "kind": "COMMITTEE_REPORT",
    }
    adopted = await ok(gql, "takeAction", "resolution { state symbol }", plenary)
    assert adopted["resolution"] == {"state": "ADOPTED", "symbol": "A/RES/64/178"}
    # Once acted on, nothing more to record.
    await refused(
        gql,
        "recordBudgetImplications",
        {"resolutionId": draft, "involvesExpenditure": False},
        "CONFLICT",
        ["input", "resolutionId"],
    )
    recorded = await gql.data(
        '{ events(types: ["resolution.budget_implications_recorded"]) { edges { node { data } } } }'
    )
    assert [e["node"]["data"]["fifthCommitteeSymbol"] for e in recorded["events"]["edges"]] == [
        None,
        None,
        "A/64/600",
    ]


async def test_the_plenary_defers_a_reported_draft_and_takes_it_up_again(
    gql: GraphQLClient,
) -> None:
    draft, belarus = await committee_draft_introduced(gql)
    japan = await member(gql, "Japan", "JP", "1956-12-18")
    await ok(
        gql,
        "takeAction",
        "resolution { state }",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2009-11-20",
        },
    )
    await ok(
        gql,
        "reportDraft",
        "resolution { state }",
        {"resolutionId": draft, "reportSymbol": "A/64/439"},
    )
    deferred = await ok(
        gql,
        "takeAction",
        "resolution { state } action { forum outcome }",
        {
            "resolutionId": draft,
            "outcome": "DEFERRED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2009-12-18",
            "reason": "Action postponed to a later date to allow for consultations.",
        },
    )
    assert deferred["resolution"]["state"] == "DEFERRED"
    # The plenary deferred it: its action is the plenary's.
    assert deferred["action"] == {"forum": "PLENARY", "outcome": "DEFERRED"}
    # The committee's recommendation: sponsors no longer join, withdraw, or withdraw it.
    await refused(
        gql,
        "addSponsor",
        {"resolutionId": draft, "actorId": japan},
        "CONFLICT",
        ["input", "resolutionId"],
    )
    await refused(
        gql,
        "withdrawSponsor",
        {"resolutionId": draft, "actorId": belarus, "withdrawnOn": "2009-12-19"},
        "CONFLICT",
        ["input", "resolutionId"],
    )
    before = await events(gql)
    payload = await mutate(
        gql,
        "advanceWorkflow",
        "__typename",
        {"subjectId": draft, "trigger": "withdraw", "reason": "The sponsors withdraw it."},
    )
    (error,) = payload["userErrors"]
    assert error["code"] == "GUARD_FAILED", error
    assert "reported" in error["message"], error
    assert await events(gql) == before
    # Taken up again, it is back before the plenary (REPORTED), not before the committee.
    shown = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Resolution { availableTransitions {"
        " trigger toState allowed } } } }",
        {"id": draft},
    )
    options = {o["trigger"]: o for o in shown["node"]["availableTransitions"]}
    assert options["take_up"] == {"trigger": "take_up", "toState": "REPORTED", "allowed": True}
    await advance(gql, draft, "take_up")
    adopted = await ok(
        gql,
        "takeAction",
        "resolution { state symbol actions { forum outcome } }",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2009-12-21",
            "finalSymbol": "A/RES/64/178",
        },
    )
    assert adopted["resolution"]["state"] == "ADOPTED"
    assert [(a["forum"], a["outcome"]) for a in adopted["resolution"]["actions"]] == [
        ("THIRD_COMMITTEE", "ADOPTED"),
        ("PLENARY", "DEFERRED"),
        ("PLENARY", "ADOPTED"),
    ]


async def test_a_draft_deferred_in_committee_returns_to_the_committee(gql: GraphQLClient) -> None:
    draft, belarus = await committee_draft_introduced(gql)
    await ok(
        gql,
        "takeAction",
        "resolution { state }",
        {
            "resolutionId": draft,
            "outcome": "DEFERRED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2009-11-20",
            "reason": "Deferred to allow for consultations.",
        },
    )
    # Still its sponsors' draft: they may withdraw from it.
    await ok(
        gql,
        "withdrawSponsor",
        "sponsorship { withdrawnOn }",
        {"resolutionId": draft, "actorId": belarus, "withdrawnOn": "2009-11-21"},
    )
    await advance(gql, draft, "take_up")
    state = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Resolution { state } } }", {"id": draft}
    )
    assert state["node"]["state"] == "INTRODUCED"


async def test_separate_votes_on_parts_before_the_draft(gql: GraphQLClient) -> None:
    """Division (rules 89 and 129): parts voted on separately are kept or deleted, each with
    its votes; the draft stays before its forum and is acted on afterwards."""
    draft, belarus = await committee_draft_introduced(gql)
    japan = await member(gql, "Japan", "JP", "1956-12-18")
    part = {
        "resolutionId": draft,
        "part": "operative paragraph 5",
        "method": "RECORDED_VOTE",
        "takenOn": "2009-11-20",
    }
    # A separate vote is a vote; bad input writes nothing.
    for fields, code, path in (
        ({**part, "method": "WITHOUT_A_VOTE"}, "INVALID", ["input", "method"]),
        ({**part, "part": " "}, "REQUIRED", ["input", "part"]),
        ({**part, "importantQuestion": True, "votes": []}, "INVALID", ["input"]),
        ({**part}, "REQUIRED", ["input", "yesCount"]),
    ):
        payload = await mutate(gql, "voteOnPart", "__typename", fields)
        (error,) = payload["userErrors"]
        assert error["code"] == code, error
        assert error["field"][: len(path)] == path, error
    kept = await ok(
        gql,
        "voteOnPart",
        "resolution { state } action { part outcome forum yesCount noCount abstainCount"
        " votes { ballot } }",
        {
            **part,
            "votes": [
                {"actorId": belarus, "ballot": "YES"},
                {"actorId": japan, "ballot": "ABSTAIN"},
            ],
        },
    )
    assert kept["resolution"]["state"] == "INTRODUCED"
    assert kept["action"]["part"] == "operative paragraph 5"
    assert (kept["action"]["outcome"], kept["action"]["forum"]) == ("ADOPTED", "THIRD_COMMITTEE")
    assert (kept["action"]["yesCount"], kept["action"]["abstainCount"]) == (1, 1)
    deleted = await ok(
        gql,
        "voteOnPart",
        "action { part outcome countsOnly }",
        {
            **part,
            "part": "operative paragraph 7",
            "method": "NON_RECORDED_VOTE",
            "yesCount": 40,
            "noCount": 60,
            "abstainCount": 20,
        },
    )
    assert deleted["action"] == {
        "part": "operative paragraph 7",
        "outcome": "REJECTED",
        "countsOnly": True,
    }
    # The draft is adopted afterwards; the parts are not its adoption.
    adopted = await ok(
        gql,
        "takeAction",
        "resolution { state adoptedOn actions { part outcome } }",
        {
            "resolutionId": draft,
            "outcome": "ADOPTED",
            "method": "WITHOUT_A_VOTE",
            "takenOn": "2009-11-21",
        },
    )
    assert adopted["resolution"]["state"] == "ADOPTED_IN_COMMITTEE"
    assert adopted["resolution"]["adoptedOn"] is None
    assert [(a["part"], a["outcome"]) for a in adopted["resolution"]["actions"]] == [
        ("operative paragraph 5", "ADOPTED"),
        ("operative paragraph 7", "REJECTED"),
        (None, "ADOPTED"),
    ]
    # Once the committee has acted, its parts can no longer be voted on there.
    await refused(
        gql,
        "voteOnPart",
        {**part, "yesCount": 1, "noCount": 0, "abstainCount": 0},
        "CONFLICT",
        ["input", "resolutionId"],
    )
    voted = await gql.data(
        '{ events(types: ["resolution.part_voted"]) { edges { node { data } } } }'
    )
    assert len(voted["events"]["edges"]) == 2
