"""The demo data set, part 2: General Assembly agenda items and resolutions.

No standalone agenda item "Trafficking in human beings" was ever requested: the resolutions were
taken under the recurring item "Crime prevention and criminal justice", so plan step 4 stays
NOT_STARTED. Where the source gives no item number, the item has none and is UNCONFIRMED. Import
records date an item's recommendation, inclusion and allocation at the opening of its session
(not in the sources: UNCONFIRMED), and a draft's tabling at its adoption (the latest date it can
have had). Where no found source dates a plenary adoption, the day a sibling resolution of the
same session's Third Committee texts was adopted is used and the action is UNCONFIRMED; the
record review (docs/record/ga-record.md) lists what was verified and what could not be.
"""

from __future__ import annotations

import datetime as dt

from gp_api.actors.models import ActorKind
from gp_api.demo.data import GLOBAL_PLAN_SOURCE, THIRD_COMMITTEE_2023_SOURCE
from gp_api.demo.records import (
    CONFIRMED,
    UNCONFIRMED,
    ActionRecord,
    ActorRecord,
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

# The rest of the series and the instruments around it (docs/record/ga-record.md, sources S1-S83).
RES_55_25_SOURCE = "https://www.girlsrightsplatform.org/en/entity/p0x22zbxogg"
RES_55_25_PRESS = "https://unis.unvienna.org/unis/en/pressrels/2000/cp378.html"
A_55_383_SOURCE = "https://vdocuments.net/convencao-historico.html"
RES_55_255_SOURCE = "https://international.vlex.com/vid/res-55-255-resolution-861185682"
RES_61_180_TEXT = "https://www.girlsrightsplatform.org/en/entity/g8hjfwizsg6"
RES_63_194_SOURCE = "https://www.girlsrightsplatform.org/en/entity/ze63002njth?page=2"
RES_63_194_TABLING = "http://mfa.gov.by/en/press/statements/eee938d7433ad121.html"
RES_63_163_SOURCE = "https://www.girlsrightsplatform.org/en/entity/unqvk6y9hy"
RES_64_178_SOURCE = "https://www.girlsrightsplatform.org/en/entity/gplhm3cx5lq?page=2"
RES_64_SIBLINGS = "https://adattar.minorityforum.info/en/entity/xh5huqg7ltd?page=5"
THIRD_COMMITTEE_2012_PRESS = "https://press.un.org/en/2012/gashc4057.doc.htm"
RES_70_179_SOURCE = "https://www.girlsrightsplatform.org/en/entity/3m72s7b8tlp?page=2"
RES_70_SIBLINGS = "https://international.vlex.com/vid/res-70-174-resolution-861178509"
THIRD_COMMITTEE_2017_PRESS = "https://press.un.org/en/2017/gashc4218.doc.htm"
RES_72_SIBLINGS = "https://international.vlex.com/vid/res-73-186-resolution-861191617"
RES_74_176_MISSION = "https://un.mfa.gov.by/en/mission/news2/f3ccc45c5fd630e3.html"
DECLARATION_2021_PRESS = "https://press.un.org/en/2021/ga12388.doc.htm"
RES_78_228_SOURCE = "https://www.girlsrightsplatform.org/en/entity/pxozlldfgxk?page=2"
RES_80_SOURCE = (
    "https://asil.org/print/ILIB/un-general-assembly-acts-improve-coordination-against-human-"
    "trafficking"
)
PLENARY_2025_PRESS = "https://www.pubt.io/view/629081C4E27036EED942209B36C7337B4EEB7E1E"

CRIME_PREVENTION = "Crime prevention and criminal justice"
COORDINATION = "Improving the coordination of efforts against trafficking in persons"
BELARUS = "Belarus"

# The sessions of the record: the opening day from the UN's own pages where there is one; the
# closing day only where a source gives the last meeting (else unknown).
SESSIONS: tuple[SessionRecord, ...] = (
    # A Wikipedia copy; people.cn (6 Sept 2000) says the session opened "Tuesday", 5 September.
    SessionRecord(
        55,
        dt.date(2000, 9, 5),
        None,
        "https://ok-techbrokedad.xyz/content/wikipedia_en_all_mini_2025-06/"
        "Fifty-fifth_session_of_the_United_Nations_General_Assembly",
        UNCONFIRMED,
    ),
    SessionRecord(
        61, dt.date(2006, 9, 12), None, "http://www.un.org/ga/president/61/presskit/geninfo.shtml"
    ),
    SessionRecord(
        63,
        dt.date(2008, 9, 16),
        None,
        "https://en.wikipedia.org/wiki/Sixty-third_session_of_the_United_Nations_General_Assembly",
        UNCONFIRMED,
    ),
    SessionRecord(
        64, dt.date(2009, 9, 15), None, "http://www.un.org/ga/president/64/presskit/geninfo.shtml"
    ),
    SessionRecord(
        67,
        dt.date(2012, 9, 18),
        None,
        "http://sd.iisd.org/news/opening-unga-67-incoming-president-outlines-plans/",
    ),
    SessionRecord(
        68,
        dt.date(2013, 9, 17),
        None,
        "http://businessdocbox.com/Government/84241909-Part-five-institutional-administrative-"
        "and-budgetary-questions.html",
    ),
    SessionRecord(
        70,
        dt.date(2015, 9, 15),
        None,
        "https://unis.unvienna.org/unis/en/pressrels/2015/unisinf514.html",
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
    SessionRecord(
        80,
        dt.date(2025, 9, 9),
        None,
        "https://www.wam.ae/en/article/15rhzke-general-assembly-opens-80th-session-new-york",
    ),
)

# The states the record names that the rest of the demo does not: 15 of the 80 co-sponsors of
# A/RES/74/176 (Egypt and the Russian Federation are founders of the Group of Friends). Their
# admission to the United Nations as docs/record/un-members.md has it (Lithuania: medium).
CO_SPONSORS_74_176 = (
    ("Australia", "AU", dt.date(1945, 11, 1)),
    ("Austria", "AT", dt.date(1955, 12, 14)),
    ("Germany", "DE", dt.date(1973, 9, 18)),
    ("Georgia", "GE", dt.date(1992, 7, 31)),
    ("Egypt", "EG", None),
    ("Israel", "IL", dt.date(1949, 5, 11)),
    ("Italy", "IT", dt.date(1955, 12, 14)),
    ("Ireland", "IE", dt.date(1955, 12, 14)),
    ("Canada", "CA", dt.date(1945, 11, 9)),
    ("China", "CN", dt.date(1945, 10, 24)),
    ("France", "FR", dt.date(1945, 10, 24)),
    ("Poland", "PL", dt.date(1945, 10, 24)),
    ("Lithuania", "LT", dt.date(1991, 9, 17)),
    ("Russian Federation", "RU", None),
    ("United States of America", "US", dt.date(1945, 10, 24)),
)
GA_ACTORS: tuple[ActorRecord, ...] = tuple(
    ActorRecord(
        name, ActorKind.STATE, RES_74_176_SOURCE, iso_alpha2=alpha2, un_member_since=admitted
    )
    for name, alpha2, admitted in CO_SPONSORS_74_176
    if admitted is not None
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
    # Item 105 of the 55th session: the header of the Ad Hoc Committee's report A/55/383 and of
    # A/RES/55/255 (taken "without reference to a Main Committee"). How the item was allocated,
    # and so how 55/25 reached the plenary, is not in the sources: no allocation is recorded.
    _item(55, 105, (), None, A_55_383_SOURCE, None),
    _item(
        61,
        98,
        (_third(RES_61_180_SOURCE),),
        "resolution 61/180 was adopted on the report of the Third Committee (A/61/444).",
        RES_61_180_SOURCE,
        (55, 105),
    ),
    _item(
        63,
        None,
        # Belarus announced in the Third Committee (9 Oct 2008) that it would table its text.
        (_third(RES_63_194_TABLING, UNCONFIRMED),),
        "Belarus announced in the Third Committee on 9 October 2008 that it would table the"
        " resolution there (the allocation is inferred from that: UNCONFIRMED).",
        RES_63_194_SOURCE,
        (61, 98),
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
        (63, None),
    ),
    _item(
        67,
        None,
        (_third(THIRD_COMMITTEE_2012_PRESS),),
        "the Third Committee approved the Belarus draft on 16 November 2012 (GA/SHC/4057).",
        THIRD_COMMITTEE_2012_PRESS,
        (64, 104),
    ),
    # The allocation of the items of sessions 68 and 70 is not in the sources.
    _item(68, None, (), None, WORLD_DAY_SOURCE, (67, None)),
    _item(70, None, (), None, RES_70_179_SOURCE, (68, None)),
    _item(
        72,
        None,
        (_third(THIRD_COMMITTEE_2017_PRESS),),
        "the Third Committee approved the Belarus draft without a vote (GA/SHC/4218).",
        DECLARATION_SOURCE,
        (70, None),
    ),
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
    _item(
        80,
        None,
        # The UN press release of 18 Dec 2025 reports 35 Third Committee texts adopted; the
        # stored excerpt does not name this one.
        (_third(PLENARY_2025_PRESS, UNCONFIRMED),),
        "the resolution is taken to have come through the Third Committee, as the recurring"
        " resolutions did (UNCONFIRMED: the plenary adopted 35 Third Committee texts that day).",
        RES_80_SOURCE,
        (78, None),
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


def _inferred_adoption(adopted_on: dt.date, symbol: str, source_url: str) -> ActionRecord:
    """A plenary adoption whose day no found source states for this text: the day a sibling
    resolution of the same session's Third Committee texts was adopted (named in the record's
    reason), without a vote as the series was where a source says; UNCONFIRMED, both."""
    return _plenary_adoption(adopted_on, symbol, source_url, UNCONFIRMED)


def _inferred_history(
    adopted_on: dt.date,
    symbol: str,
    source_url: str,
    sibling: str,
    extra: str = "",
    reported: str = "taken to have come through the Third Committee, as the recurring"
    " resolutions did (UNCONFIRMED)",
) -> tuple[ImportStep, ...]:
    return (
        _before_plenary(adopted_on, source_url, ResolutionState.REPORTED, reported),
        _adopted(
            adopted_on,
            f"{symbol} was adopted in plenary. No found source gives its day: the date is that"
            f" of {sibling}, adopted with the same session's Third Committee resolutions"
            " (UNCONFIRMED), and that it was adopted without a vote is UNCONFIRMED." + extra,
            source_url,
        ),
    )


def _co_sponsor(name: str) -> SponsorRecord:
    return SponsorRecord(name, SponsorKind.CO_SPONSOR, RES_74_176_SOURCE)


PLENARY_64_293_PRESS = "https://www.un.org/press/en/2010/ga10968.doc.htm"
DECLARATION_PRESS = "http://www.un.org/press/en/2017/ga11955.doc.htm"
RES_74_176_DRAFT_SOURCE = (
    "https://fscmd.org/eu-welcomes-adoption-of-un-resolution-on-improving-the-coordination-"
    "efforts-against-trafficking-in-human-beings/"
)

RESOLUTIONS: tuple[ResolutionRecord, ...] = (
    ResolutionRecord(
        agenda_item=(55, 105),
        title="United Nations Convention against Transnational Organized Crime",
        omnibus=False,
        # Taken to have been adopted in plenary on the Ad Hoc Committee's report, as 55/255 under
        # the same item was, "without reference to a Main Committee" (UNCONFIRMED for 55/25).
        forum=Allocation.PLENARY,
        draft_symbol=None,
        source_url=RES_55_25_SOURCE,
        confidence=UNCONFIRMED,
        sponsors=(),
        actions=(
            _plenary_adoption(dt.date(2000, 11, 15), "A/RES/55/25", RES_55_25_SOURCE, UNCONFIRMED),
        ),
        history=(
            _before_plenary(
                dt.date(2000, 11, 15),
                RES_55_255_SOURCE,
                ResolutionState.INTRODUCED,
                "the draft adopting the Convention and its Protocols, elaborated by the Ad Hoc"
                " Committee (report A/55/383, item 105), was before the plenary; that it was taken"
                " without reference to a Main Committee, as 55/255 was, is UNCONFIRMED",
            ),
            _adopted(
                dt.date(2000, 11, 15),
                "by resolution 55/25 of 15 November 2000 the General Assembly adopted the United"
                " Nations Convention against Transnational Organized Crime, the Protocol to"
                " Prevent, Suppress and Punish Trafficking in Persons, Especially Women and"
                " Children, and the Protocol against the Smuggling of Migrants (A/RES/56/120;"
                " UNIS CP/378). That it was adopted without a vote is UNCONFIRMED.",
                RES_55_25_PRESS,
            ),
        ),
    ),
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
                " sponsor, on the report of the Third Committee (A/61/444). It recalls resolution"
                " 55/25 and Economic and Social Council resolution 2006/27 of 27 July 2006"
                " (text: " + RES_61_180_TEXT + ").",
                RES_61_180_SOURCE,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(63, None),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=RES_63_194_SOURCE,
        confidence=UNCONFIRMED,
        submitter=Submitter.SPONSORS,
        # Belarus announced it would table the text (9 Oct 2008); its co-sponsors are unnamed.
        sponsors=(SponsorRecord(BELARUS, SponsorKind.MAIN, RES_63_194_TABLING, UNCONFIRMED),),
        actions=(_inferred_adoption(dt.date(2008, 12, 18), "A/RES/63/194", RES_63_194_SOURCE),),
        history=_inferred_history(
            dt.date(2008, 12, 18), "A/RES/63/194", RES_63_163_SOURCE, "A/RES/63/163"
        ),
    ),
    ResolutionRecord(
        agenda_item=(64, 104),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=RES_64_178_SOURCE,
        confidence=UNCONFIRMED,
        # No found source names its sponsors.
        sponsors=(),
        actions=(_inferred_adoption(dt.date(2009, 12, 18), "A/RES/64/178", RES_64_178_SOURCE),),
        history=_inferred_history(
            dt.date(2009, 12, 18),
            "A/RES/64/178",
            RES_64_SIBLINGS,
            "A/RES/64/182",
            " It came under item 104 (domain review, UNCONFIRMED).",
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
        agenda_item=(67, None),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=THIRD_COMMITTEE_2012_PRESS,
        # The symbol 67/190 is the domain review's; no found source states it.
        confidence=UNCONFIRMED,
        submitter=Submitter.SPONSORS,
        # Introduced by Belarus; "more than 50" co-sponsors, unnamed.
        sponsors=(SponsorRecord(BELARUS, SponsorKind.MAIN, THIRD_COMMITTEE_2012_PRESS),),
        actions=(
            ActionRecord(
                Allocation.THIRD_COMMITTEE,
                ActionOutcome.ADOPTED,
                VotingMethod.WITHOUT_A_VOTE,
                dt.date(2012, 11, 16),
                THIRD_COMMITTEE_2012_PRESS,
            ),
            _inferred_adoption(dt.date(2012, 12, 20), "A/RES/67/190", RES_64_SIBLINGS),
        ),
        history=(
            ImportStep(
                ResolutionState.ADOPTED_IN_COMMITTEE,
                dt.date(2012, 11, 16),
                "Historical import: the Third Committee approved the Belarus draft by consensus"
                " on 16 November 2012 (39th meeting, GA/SHC/4057); by it the Assembly would"
                " convene a high-level meeting no later than July 2013 to appraise the Global"
                " Plan of Action.",
                THIRD_COMMITTEE_2012_PRESS,
            ),
            _before_plenary(
                dt.date(2012, 12, 20),
                THIRD_COMMITTEE_2012_PRESS,
                ResolutionState.REPORTED,
                "the Third Committee reported it to the plenary (report symbol not found)",
            ),
            _inferred_history(
                dt.date(2012, 12, 20),
                "A/RES/67/190",
                RES_64_SIBLINGS,
                "A/RES/67/193",
                " The symbol 67/190 is the domain review's (UNCONFIRMED).",
            )[-1],
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
        agenda_item=(70, None),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=RES_70_179_SOURCE,
        confidence=UNCONFIRMED,
        sponsors=(),
        actions=(_inferred_adoption(dt.date(2015, 12, 17), "A/RES/70/179", RES_70_179_SOURCE),),
        history=_inferred_history(
            dt.date(2015, 12, 17),
            "A/RES/70/179",
            RES_70_SIBLINGS,
            "A/RES/70/174",
            " The Secretary-General's report A/71/119 (1 July 2016) was prepared pursuant to it.",
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
        agenda_item=(72, None),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=THIRD_COMMITTEE_2017_PRESS,
        confidence=UNCONFIRMED,
        submitter=Submitter.SPONSORS,
        # Introduced by Belarus (GA/SHC/4218); its co-sponsors are unnamed. The day of the
        # Committee's approval is not in the stored text, so that action is not imported.
        sponsors=(SponsorRecord(BELARUS, SponsorKind.MAIN, THIRD_COMMITTEE_2017_PRESS),),
        actions=(
            _inferred_adoption(dt.date(2017, 12, 19), "A/RES/72/195", THIRD_COMMITTEE_2017_PRESS),
        ),
        history=_inferred_history(
            dt.date(2017, 12, 19),
            "A/RES/72/195",
            RES_72_SIBLINGS,
            "A/RES/72/196",
            " The Third Committee had approved the Belarus draft without a vote (GA/SHC/4218).",
            reported="the Third Committee approved the Belarus draft without a vote"
            " (GA/SHC/4218, which the stored text does not date) and reported it to the plenary",
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
        # The 80 co-sponsors are named only in part (15 of them) by the source (and by the
        # Belarus mission, RES_74_176_MISSION).
        sponsors=(
            SponsorRecord(BELARUS, SponsorKind.MAIN, RES_74_176_SOURCE),
            *(_co_sponsor(name) for name, _alpha2, _admitted in CO_SPONSORS_74_176),
        ),
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
        agenda_item=(76, 108),
        # The official title was not found: the sources call it the Political Declaration
        # adopted at the 2021 high-level meeting on the Global Plan of Action.
        title="Political Declaration of the high-level meeting of the General Assembly on the"
        " Global Plan of Action to Combat Trafficking in Persons (2021)",
        omnibus=False,
        forum=Allocation.PLENARY,
        draft_symbol=None,
        source_url=DECLARATION_2021_PRESS,
        # The symbol 76/7 and the item are the domain review's; no found source states them.
        confidence=UNCONFIRMED,
        sponsors=(),
        actions=(_plenary_adoption(dt.date(2021, 11, 22), "A/RES/76/7", DECLARATION_2021_PRESS),),
        history=(
            _before_plenary(
                dt.date(2021, 11, 22),
                DECLARATION_2021_PRESS,
                ResolutionState.INTRODUCED,
                "the draft political declaration was before the plenary's high-level meeting of"
                " 22-23 November 2021",
            ),
            _adopted(
                dt.date(2021, 11, 22),
                "the Assembly adopted the Political Declaration without a vote on 22 November"
                " 2021, as the high-level meeting opened (press releases GA/12387, GA/12388)."
                " Its symbol A/RES/76/7 and its item (108) are UNCONFIRMED.",
                DECLARATION_2021_PRESS,
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
            _plenary_adoption(
                dt.date(2023, 12, 19), "A/RES/78/228", RES_78_228_SOURCE, UNCONFIRMED
            ),
        ),
        history=(
            ImportStep(
                ResolutionState.ADOPTED_IN_COMMITTEE,
                dt.date(2023, 11, 10),
                "Historical import: the Third Committee approved the draft by consensus on 10"
                " November 2023, with more than 40 co-sponsors.",
                THIRD_COMMITTEE_2023_SOURCE,
            ),
            _before_plenary(
                dt.date(2023, 12, 19),
                RES_78_228_SOURCE,
                ResolutionState.REPORTED,
                "the Third Committee reported it to the plenary (report symbol not found)",
            ),
            _adopted(
                dt.date(2023, 12, 19),
                "the plenary adopted it as A/RES/78/228 (symbol and title: the resolution's"
                " text). The day, 19 December 2023, is the domain review's (medium) and no found"
                " source states it; that it was adopted without a vote is UNCONFIRMED.",
                RES_78_228_SOURCE,
            ),
        ),
    ),
    ResolutionRecord(
        agenda_item=(80, None),
        title=COORDINATION,
        omnibus=True,
        forum=Allocation.THIRD_COMMITTEE,
        draft_symbol=None,
        source_url=RES_80_SOURCE,
        confidence=UNCONFIRMED,
        # No found source names its symbol, sponsors, draft or report.
        sponsors=(),
        actions=(
            ActionRecord(
                Allocation.PLENARY,
                ActionOutcome.ADOPTED,
                VotingMethod.WITHOUT_A_VOTE,
                dt.date(2025, 12, 18),
                RES_80_SOURCE,
                UNCONFIRMED,
            ),
        ),
        history=(
            _before_plenary(
                dt.date(2025, 12, 18),
                RES_80_SOURCE,
                ResolutionState.REPORTED,
                "taken to have come through the Third Committee, as the recurring resolutions"
                " did (UNCONFIRMED)",
            ),
            _adopted(
                dt.date(2025, 12, 18),
                "the 80th session adopted the resolution on 18 December 2025; it requests a"
                " report of the Secretary-General to the 82nd session (ASIL). Its symbol is not"
                " in the sources, and that it was adopted without a vote is UNCONFIRMED.",
                RES_80_SOURCE,
            ),
        ),
    ),
)
