"""The demo data set, part 2: General Assembly agenda items and resolutions.

No standalone agenda item "Trafficking in human beings" was ever requested: the resolutions were
taken under the recurring item "Crime prevention and criminal justice", so plan step 4 stays
NOT_STARTED. Where the source gives no item number, the item has none and is UNCONFIRMED. Import
records date an item's recommendation, inclusion and allocation at the opening of its session
(not in the sources: UNCONFIRMED), and a draft's tabling at its adoption (the latest date it can
have had).
"""

from __future__ import annotations

import datetime as dt

from gp_api.demo.data import GLOBAL_PLAN_SOURCE, THIRD_COMMITTEE_2023_SOURCE
from gp_api.demo.records import (
    CONFIRMED,
    UNCONFIRMED,
    ActionRecord,
    AgendaItemRecord,
    AllocationRecord,
    ImportStep,
    ResolutionRecord,
    RevisionRecord,
    SessionRecord,
    SponsorRecord,
)
from gp_api.ga.models import (
    ActionOutcome,
    AgendaItemOrigin,
    Allocation,
    SponsorKind,
    Submitter,
    Topic,
    VotingMethod,
)
from gp_api.models_common import Confidence
from workflows.agenda_item import AgendaItemState
from workflows.resolution import ResolutionState

RES_61_180_SOURCE = "https://www.sb.by/articles/proposal-finds-support.html"
WORLD_DAY_SOURCE = "https://un.org.au/2014/07/30/world-day-against-trafficking-in-persons/"
DECLARATION_SOURCE = (
    "http://sdg.iisd.org/news/unga-adopts-political-declaration-combating-trafficking-in-persons/"
)
RES_76_186_SOURCE = "https://international.vlex.com/vid/res-76-186-resolution-884028988"
RES_76_186_PRESS = "https://press.un.org/en/2021/ga12396.doc.htm"
RES_74_176_SOURCE = (
    "https://eng.belta.by/politics/view/"
    "belarus-sponsored-resolution-against-human-trafficking-adopted-by-un-125887-2019/"
)

CRIME_PREVENTION = "Crime prevention and criminal justice"
COORDINATION = "Improving the coordination of efforts against trafficking in persons"
BELARUS = "Belarus"

# The sessions of the record: the opening day from the UN's own pages where there is one; the
# closing day only where a source gives the last meeting (else unknown).
SESSIONS: tuple[SessionRecord, ...] = (
    SessionRecord(
        61, dt.date(2006, 9, 12), None, "http://www.un.org/ga/president/61/presskit/geninfo.shtml"
    ),
    SessionRecord(
        64, dt.date(2009, 9, 15), None, "http://www.un.org/ga/president/64/presskit/geninfo.shtml"
    ),
    SessionRecord(
        68,
        dt.date(2013, 9, 17),
        None,
        "http://businessdocbox.com/Government/84241909-Part-five-institutional-administrative-"
        "and-budgetary-questions.html",
    ),
    SessionRecord(
        72,
        dt.date(2017, 9, 12),
        None,
        "https://en.wikipedia.org/wiki/Seventy-second_session_of_the_United_Nations_General_Assembly",
        UNCONFIRMED,
    ),
    SessionRecord(
        74,
        dt.date(2019, 9, 17),
        None,
        "https://en.wikipedia.org/wiki/Seventy-fourth_session_of_the_United_Nations_General_Assembly",
        UNCONFIRMED,
    ),
    SessionRecord(
        76,
        dt.date(2021, 9, 14),
        None,
        "https://en.wikipedia.org/wiki/Seventy-sixth_session_of_the_United_Nations_General_Assembly",
        UNCONFIRMED,
    ),
    SessionRecord(
        78,
        dt.date(2023, 9, 5),
        None,
        "https://dig.watch/resource/provisional-schedule-for-the-78th-session-of-the-general-assembly",
    ),
)

# Opening day of each session, when its agenda items are dated as listed, recommended,
# included and allocated.
SESSION_OPENED = {s.number: s.opens_on for s in SESSIONS}
RECURRING = (
    f'"{CRIME_PREVENTION}" is a recurring item of the General Assembly; that it is MANDATED by'
    " an earlier resolution, and by which, is not in the sources (origin UNCONFIRMED, no"
    " mandating symbol recorded)."
)


def _item(
    session: int,
    item_number: int | None,
    allocations: tuple[AllocationRecord, ...],
    allocation_reason: str | None,
    source_url: str,
    continues: tuple[int, int | None] | None,
) -> AgendaItemRecord:
    opened = SESSION_OPENED[session]
    if item_number is not None:
        what = f'"{CRIME_PREVENTION}" was item {item_number} of session {session}.'
    else:
        what = (
            f'the resolution of session {session} is taken to come under "{CRIME_PREVENTION}",'
            " as the recurring resolutions did; the source names neither item nor number"
            " (UNCONFIRMED)."
        )
    dated = (
        f"Dated at the session's opening on {opened.isoformat()}; the day is not in the"
        " source (UNCONFIRMED)."
    )
    history = [
        ImportStep(
            AgendaItemState.RECOMMENDED,
            opened,
            f"Historical import: the General Committee's recommendation of the item is not in"
            f" the source and is inferred from its inclusion (UNCONFIRMED). {dated}",
            source_url,
        ),
        ImportStep(
            AgendaItemState.INCLUDED,
            opened,
            f"Historical import: {what} {RECURRING} {dated}",
            source_url,
        ),
    ]
    if allocations and allocation_reason is not None:
        history.append(
            ImportStep(
                AgendaItemState.ALLOCATED,
                opened,
                f"Historical import: {allocation_reason} {dated}",
                source_url,
            )
        )
    return AgendaItemRecord(
        session=session,
        item_number=item_number,
        title=CRIME_PREVENTION,
        origin=AgendaItemOrigin.MANDATED,
        topics=(Topic.CRIME_PREVENTION_AND_CRIMINAL_JUSTICE,),
        allocations=allocations,
        source_url=source_url,
        confidence=CONFIRMED if item_number else UNCONFIRMED,
        history=tuple(history),
        continues=continues,
    )


def _third(source_url: str, confidence: Confidence = CONFIRMED) -> AllocationRecord:
    return AllocationRecord(Allocation.THIRD_COMMITTEE, source_url, confidence)


# Each item continues the same recurring item at the session before it in the record.
AGENDA_ITEMS: tuple[AgendaItemRecord, ...] = (
    _item(
        61,
        98,
        (_third(RES_61_180_SOURCE),),
        "resolution 61/180 was adopted on the report of the Third Committee (A/61/444).",
        RES_61_180_SOURCE,
        None,
    ),
    _item(
        64,
        104,
        (
            # From the domain review (history.md: A/RES/64/178 came under item 104 through the
            # Third Committee); not verified against a cited public source here.
            _third(GLOBAL_PLAN_SOURCE, UNCONFIRMED),
            AllocationRecord(
                Allocation.PLENARY, GLOBAL_PLAN_SOURCE, CONFIRMED, draft_symbol="A/64/L.64"
            ),
        ),
        "item 104 was a Third Committee item (A/RES/64/178 came under it through the Third"
        " Committee: UNCONFIRMED, from the domain review); only draft A/64/L.64 (resolution"
        " 64/293) was taken directly in plenary, without reference to a Main Committee.",
        GLOBAL_PLAN_SOURCE,
        (61, 98),
    ),
    # The allocation of the items of sessions 68 and 72 is not in the sources.
    _item(68, None, (), None, WORLD_DAY_SOURCE, (64, 104)),
    _item(72, None, (), None, DECLARATION_SOURCE, (68, None)),
    _item(
        74,
        106,
        (_third(RES_74_176_SOURCE),),
        "resolution 74/176 was adopted on the report of the Third Committee (A/74/400).",
        RES_74_176_SOURCE,
        (72, None),
    ),
    _item(
        76,
        108,
        (_third(RES_76_186_SOURCE),),
        "resolution 76/186 was adopted on the report of the Third Committee (A/76/463).",
        RES_76_186_SOURCE,
        (74, 106),
    ),
    _item(
        78,
        None,
        (_third(THIRD_COMMITTEE_2023_SOURCE),),
        "the Third Committee approved the draft on 10 November 2023.",
        THIRD_COMMITTEE_2023_SOURCE,
        (76, 108),
    ),
)


def _before_plenary(on: dt.date, source_url: str, state: ResolutionState, what: str) -> ImportStep:
    return ImportStep(
        state,
        on,
        f"Historical import: {what}; the day is not in the source, so the date of the plenary"
        " adoption is used (UNCONFIRMED).",
        source_url,
    )


def _adopted(adopted_on: dt.date, reason: str, source_url: str) -> ImportStep:
    return ImportStep(
        ResolutionState.ADOPTED, adopted_on, f"Historical import: {reason}", source_url
    )


def _plenary_adoption(
    adopted_on: dt.date,
    symbol: str,
    source_url: str,
    confidence: Confidence = CONFIRMED,
) -> ActionRecord:
    return ActionRecord(
        Allocation.PLENARY,
        ActionOutcome.ADOPTED,
        VotingMethod.WITHOUT_A_VOTE,
        adopted_on,
        source_url,
        confidence,
        final_symbol=symbol,
    )


PLENARY_64_293_PRESS = "https://www.un.org/press/en/2010/ga10968.doc.htm"
DECLARATION_PRESS = "http://www.un.org/press/en/2017/ga11955.doc.htm"
RES_74_176_DRAFT_SOURCE = (
    "https://fscmd.org/eu-welcomes-adoption-of-un-resolution-on-improving-the-coordination-"
    "efforts-against-trafficking-in-human-beings/"
)

RESOLUTIONS: tuple[ResolutionRecord, ...] = (
    ResolutionRecord(
        agenda_item=(61, 98),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=RES_61_180_SOURCE,
        confidence=CONFIRMED,
        submitter=Submitter.SPONSORS,
        report_symbol="A/61/444",
        # Belarus was the main sponsor; the about 20 co-sponsors are not named by the source.
        sponsors=(SponsorRecord(BELARUS, SponsorKind.MAIN, RES_61_180_SOURCE),),
        actions=(_plenary_adoption(dt.date(2006, 12, 20), "A/RES/61/180", RES_61_180_SOURCE),),
        history=(
            _before_plenary(
                dt.date(2006, 12, 20),
                RES_61_180_SOURCE,
                ResolutionState.REPORTED,
                "the Third Committee adopted the draft and reported it to the plenary (A/61/444)",
            ),
            _adopted(
                dt.date(2006, 12, 20),
                "A/RES/61/180 was adopted without a vote on 20 December 2006, Belarus main"
                " sponsor, on the report of the Third Committee (A/61/444).",
                RES_61_180_SOURCE,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(64, 104),
        title="United Nations Global Plan of Action to Combat Trafficking in Persons",
        omnibus=False,
        forum=Allocation.PLENARY,
        draft_symbol="A/64/L.64",
        source_url=GLOBAL_PLAN_SOURCE,
        confidence=CONFIRMED,
        # Portugal and Cabo Verde were the co-facilitators, not sponsors.
        submitter=Submitter.FACILITATORS,
        facilitators=("Portugal", "Cabo Verde"),
        sponsors=(),
        revisions=(
            RevisionRecord(
                dt.date(2010, 7, 30),
                PLENARY_64_293_PRESS,
                oral=True,
                description='Adopted "as orally revised" (press release GA/10968).',
            ),
        ),
        actions=(_plenary_adoption(dt.date(2010, 7, 30), "A/RES/64/293", GLOBAL_PLAN_SOURCE),),
        history=(
            _before_plenary(
                dt.date(2010, 7, 30),
                GLOBAL_PLAN_SOURCE,
                ResolutionState.INTRODUCED,
                "the co-facilitators' draft A/64/L.64 was submitted and introduced in plenary",
            ),
            _adopted(
                dt.date(2010, 7, 30),
                "the Global Plan of Action (draft A/64/L.64, co-facilitated by Portugal and"
                " Cape Verde) was adopted as orally revised, as A/RES/64/293, without a vote"
                " and without reference to a Main Committee on 30 July 2010.",
                GLOBAL_PLAN_SOURCE,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(68, None),
        # The title of this instance of the recurring resolution is confirmed by the record
        # review (House of Lords Library briefing LLN-2018-0086); its path is not.
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=WORLD_DAY_SOURCE,
        confidence=UNCONFIRMED,
        sponsors=(),
        actions=(
            _plenary_adoption(dt.date(2013, 12, 18), "A/RES/68/192", WORLD_DAY_SOURCE, UNCONFIRMED),
        ),
        history=(
            _before_plenary(
                dt.date(2013, 12, 18),
                WORLD_DAY_SOURCE,
                ResolutionState.REPORTED,
                "taken to have come through the Third Committee, as the recurring resolutions"
                " did (UNCONFIRMED)",
            ),
            _adopted(
                dt.date(2013, 12, 18),
                "A/RES/68/192, adopted on 18 December 2013, made 30 July the World Day"
                " against Trafficking in Persons. That it was adopted without a vote is"
                " UNCONFIRMED.",
                WORLD_DAY_SOURCE,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(72, None),
        title="Political declaration on the implementation of the United Nations Global Plan"
        " of Action to Combat Trafficking in Persons",
        omnibus=False,
        forum=Allocation.PLENARY,
        draft_symbol=None,
        source_url=DECLARATION_PRESS,
        confidence=CONFIRMED,
        sponsors=(),
        actions=(_plenary_adoption(dt.date(2017, 9, 27), "A/RES/72/1", DECLARATION_PRESS),),
        history=(
            _before_plenary(
                dt.date(2017, 9, 27),
                DECLARATION_PRESS,
                ResolutionState.INTRODUCED,
                "the draft political declaration was before the plenary's high-level meeting",
            ),
            _adopted(
                dt.date(2017, 9, 27),
                "the Political Declaration A/RES/72/1 was adopted by consensus on 27 September"
                " 2017, at the outset of the high-level meeting (press release GA/11955).",
                DECLARATION_PRESS,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(74, 106),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol="A/C.3/74/L.10",
        source_url=RES_74_176_SOURCE,
        confidence=CONFIRMED,
        submitter=Submitter.SPONSORS,
        report_symbol="A/74/400",
        # The 80 co-sponsors are named only in part (15 of them) by the source.
        sponsors=(SponsorRecord(BELARUS, SponsorKind.MAIN, RES_74_176_SOURCE),),
        revisions=(
            RevisionRecord(
                dt.date(2019, 11, 15),
                RES_74_176_DRAFT_SOURCE,
                symbol="A/C.3/74/L.10/Rev.1",
                confidence=UNCONFIRMED,
            ),
        ),
        actions=(
            ActionRecord(
                Allocation.THIRD_COMMITTEE,
                ActionOutcome.ADOPTED,
                VotingMethod.WITHOUT_A_VOTE,
                dt.date(2019, 11, 15),
                RES_74_176_SOURCE,
            ),
            _plenary_adoption(
                dt.date(2019, 12, 18), "A/RES/74/176", RES_74_176_SOURCE, UNCONFIRMED
            ),
        ),
        history=(
            ImportStep(
                ResolutionState.ADOPTED_IN_COMMITTEE,
                dt.date(2019, 11, 15),
                "Historical import: the Third Committee adopted the draft (A/C.3/74/L.10/Rev.1)"
                " by consensus on 15 November 2019, Belarus main sponsor, 80 co-sponsors.",
                RES_74_176_SOURCE,
            ),
            _before_plenary(
                dt.date(2019, 12, 18),
                RES_74_176_SOURCE,
                ResolutionState.REPORTED,
                "the Third Committee reported it to the plenary (A/74/400)",
            ),
            _adopted(
                dt.date(2019, 12, 18),
                "A/RES/74/176 was adopted on 18 December 2019 on the report of the Third"
                " Committee (A/74/400). That it was adopted without a vote is UNCONFIRMED.",
                RES_74_176_SOURCE,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(76, 108),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=RES_76_186_SOURCE,
        confidence=CONFIRMED,
        report_symbol="A/76/463",
        # No source found names its sponsors, its draft or the committee's date.
        sponsors=(),
        actions=(_plenary_adoption(dt.date(2021, 12, 16), "A/RES/76/186", RES_76_186_PRESS),),
        history=(
            _before_plenary(
                dt.date(2021, 12, 16),
                RES_76_186_SOURCE,
                ResolutionState.REPORTED,
                "the Third Committee adopted the draft and reported it to the plenary (A/76/463)",
            ),
            _adopted(
                dt.date(2021, 12, 16),
                "A/RES/76/186 was adopted by consensus on 16 December 2021 on the report of the"
                " Third Committee (A/76/463, para. 26); it decided to convene a high-level"
                " meeting on the Global Plan of Action at the 80th session (press release"
                " GA/12396).",
                RES_76_186_PRESS,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(78, None),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=THIRD_COMMITTEE_2023_SOURCE,
        confidence=CONFIRMED,
        submitter=Submitter.SPONSORS,
        # The source calls it "the traditional Belarusian resolution"; 40+ co-sponsors unnamed.
        sponsors=(SponsorRecord(BELARUS, SponsorKind.MAIN, THIRD_COMMITTEE_2023_SOURCE),),
        actions=(
            ActionRecord(
                Allocation.THIRD_COMMITTEE,
                ActionOutcome.ADOPTED,
                VotingMethod.WITHOUT_A_VOTE,
                dt.date(2023, 11, 10),
                THIRD_COMMITTEE_2023_SOURCE,
            ),
        ),
        history=(
            ImportStep(
                ResolutionState.ADOPTED_IN_COMMITTEE,
                dt.date(2023, 11, 10),
                "Historical import: the Third Committee approved the draft by consensus on 10"
                " November 2023, with more than 40 co-sponsors. It became A/RES/78/228; the"
                " date of the plenary adoption is not in the source, so it is not imported.",
                THIRD_COMMITTEE_2023_SOURCE,
            ),
        ),
    ),
)
