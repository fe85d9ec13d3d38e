"""The demo data set, part 1: actors, coordination bodies, meetings, commitments.

Every record is real history from shared/domain/history.md and cites its source. A record is
UNCONFIRMED where history.md marks it "(u)", or where one of its values is not stated by the
source (a day filled in for a month-only date, a membership inferred from a meeting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from gp_api.actors.models import ActorKind, FlowRole
from gp_api.bodies.models import Hub, MembershipRole
from gp_api.commitments.models import Determinant, Pillar, Scope
from gp_api.demo.records import (
    CONFIRMED,
    UNCONFIRMED,
    ActorRecord,
    BodyRecord,
    CommitmentRecord,
    ImportStep,
    MeetingRecord,
    MembershipRecord,
    ReportRecord,
)
from workflows.commitment import CommitmentState
from workflows.coordination_body import BodyState

GROUP_OF_FRIENDS_SOURCE = "https://mfa.gov.by/en/press/news_mfa/f6b5ec478767eb9a.html"
BELARUS_TRANSIT_SOURCE = (
    "https://president.gov.by/en/events/"
    "alexander-lukashenko-meets-with-un-under-secretary-general-yuri-fedotov-5704"
)
ICAT_SOURCE = "https://icat.un.org/about"
ICAT_WORKING_GROUP_SOURCE = (
    "http://www.ungift.org/knowledgehub/en/stories/january2012/"
    "un.gift-welcomes-icat-in-the-un.gift.hub.html"
)
# The World Summit Outcome opens with the Summit's place and days (14 to 16 September 2005).
WORLD_SUMMIT_OUTCOME_SOURCE = "https://undocs.org/A/RES/60/1"
VIENNA_FORUM_SOURCE = (
    "https://www.unodc.org/unodc/en/frontpage/"
    "united-nations-general-assembly-urges-stronger-action-against-human-trafficking-.html"
)
# The 60th session's dates as the Secretariat gave them to delegations: the general debate ran
# 17-23 and 26-28 September 2005, after the World Summit (14-16 September).
GENERAL_DEBATE_60_SOURCE = "http://www.un.org/ga/60/booklet/faq.htm"
THEMATIC_DEBATE_SOURCE = "http://www.un.org/ga/president/62/statements/humantrafficking030608.shtml"
GLOBAL_REPORT_SOURCE = "http://unodc.org/unodc/en/data-and-analysis/glotip_2009.html"
GLOBAL_PLAN_SOURCE = "http://www.un.org/ga/president/64/statements/ht300710.shtml"
# The Trafficking in Persons Protocol's status (depositary: the Secretary-General), and a copy
# of it that lists each party's dates (Belarus: signed 14 Dec 2000, ratified 25 Jun 2003).
PROTOCOL_STATUS_SOURCE = (
    "https://treaties.un.org/Pages/ShowMTDSGDetails.aspx?src=UNTSONLINE&tabid=2"
    "&mtdsg_no=XVIII-12-a&chapter=18&lang=en"
)
PROTOCOL_PARTIES_SOURCE = "http://www.paclii.org/pits/en/status_pages/2000-20.html"
TRUST_FUND_SOURCE = "https://www.unodc.org/unodc/en/human-trafficking-fund/unvtf-about.html"
APPRAISAL_SOURCE = "https://acrath.org.au/global-plan-of-action-to-combat-trafficking-in-persons/"
THIRD_COMMITTEE_2023_SOURCE = "https://www.azernews.az/region/217305.html"

GROUP_OF_FRIENDS = "Group of Friends united against Human Trafficking"
ICAT = "Inter-Agency Coordination Group against Trafficking in Persons (ICAT)"
GROUP_OF_FRIENDS_FORMED = dt.date(2010, 3, 10)

# The founders, by the letter of 10 March 2010, with their ISO 3166-1 alpha-2 codes, under
# the UN's own names (un.org's list of Member States: "Bolivia (Plurinational State of)",
# "Venezuela (Bolivarian Republic of)"; docs/record/un-members.md, N8).
FOUNDERS: tuple[tuple[str, str], ...] = (
    ("Belarus", "BY"),
    ("Bangladesh", "BD"),
    ("Bahrain", "BH"),
    ("Bolivia (Plurinational State of)", "BO"),
    ("Ecuador", "EC"),
    ("Egypt", "EG"),
    ("India", "IN"),
    ("Kazakhstan", "KZ"),
    ("Kyrgyzstan", "KG"),
    ("Nicaragua", "NI"),
    ("Nigeria", "NG"),
    ("Philippines", "PH"),
    ("Qatar", "QA"),
    ("Russian Federation", "RU"),
    ("Tajikistan", "TJ"),
    ("Turkmenistan", "TM"),
    ("United Arab Emirates", "AE"),
    ("Uzbekistan", "UZ"),
    ("Venezuela (Bolivarian Republic of)", "VE"),
)


# Admission to the United Nations, as the UN lists it (press release ORG/1469 of 3 July 2006,
# "United Nations Member States"; https://www.un.org/en/about-us/member-states). An original
# Member has its own day in 1945 (Bolivia 14 Nov, India 30 Oct ...), not always 24 October;
# the Byelorussian SSR was an original Member (renamed Belarus in 1991); the Russian
# Federation continues the USSR's membership; Libya was admitted as Libya in 1955.
UN_ADMISSION = {
    "BY": dt.date(1945, 10, 24),
    "BD": dt.date(1974, 9, 17),
    "BH": dt.date(1971, 9, 21),
    "BO": dt.date(1945, 11, 14),
    "EC": dt.date(1945, 12, 21),
    "EG": dt.date(1945, 10, 24),
    "IN": dt.date(1945, 10, 30),
    "KZ": dt.date(1992, 3, 2),
    "KG": dt.date(1992, 3, 2),
    "NI": dt.date(1945, 10, 24),
    "NG": dt.date(1960, 10, 7),
    "PH": dt.date(1945, 10, 24),
    "QA": dt.date(1971, 9, 21),
    "RU": dt.date(1945, 10, 24),
    "TJ": dt.date(1992, 3, 2),
    "TM": dt.date(1992, 3, 2),
    "AE": dt.date(1971, 12, 9),
    "UZ": dt.date(1992, 3, 2),
    "VE": dt.date(1945, 11, 15),
    "LY": dt.date(1955, 12, 14),
    "PT": dt.date(1955, 12, 14),
    "CV": dt.date(1975, 9, 16),
    "JP": dt.date(1956, 12, 18),
}


def _founder(name: str, alpha2: str) -> ActorRecord:
    if name == "Belarus":
        # history.md: no licensed data set of flow roles exists, so every flow role in the demo
        # is marked illustrative, even this one, which Belarus states about itself.
        return ActorRecord(
            name,
            ActorKind.STATE,
            BELARUS_TRANSIT_SOURCE,
            iso_alpha2=alpha2,
            flow_roles=(FlowRole.TRANSIT,),
            flow_roles_illustrative=True,
        )
    return ActorRecord(name, ActorKind.STATE, GROUP_OF_FRIENDS_SOURCE, iso_alpha2=alpha2)


def _un(name: str, short_name: str, website: str, source_url: str | None = None) -> ActorRecord:
    """A UN entity; without a history.md source, its own website is the source of its name."""
    return ActorRecord(
        name, ActorKind.UN_ENTITY, source_url or website, short_name=short_name, website=website
    )


def _org(kind: ActorKind, name: str, short_name: str | None, website: str) -> ActorRecord:
    return ActorRecord(name, kind, website, short_name=short_name, website=website)


IGO = ActorKind.INTERGOVERNMENTAL_ORGANIZATION

_ACTORS: tuple[ActorRecord, ...] = (
    *(_founder(name, alpha2) for name, alpha2 in FOUNDERS),
    ActorRecord("Libya", ActorKind.STATE, GROUP_OF_FRIENDS_SOURCE, iso_alpha2="LY"),
    ActorRecord("Portugal", ActorKind.STATE, GLOBAL_PLAN_SOURCE, iso_alpha2="PT"),
    ActorRecord("Cabo Verde", ActorKind.STATE, GLOBAL_PLAN_SOURCE, iso_alpha2="CV"),
    ActorRecord("Japan", ActorKind.STATE, ICAT_SOURCE, iso_alpha2="JP"),
    _un("United Nations Office on Drugs and Crime", "UNODC", "https://www.unodc.org", ICAT_SOURCE),
    _un("International Labour Organization", "ILO", "https://www.ilo.org", ICAT_SOURCE),
    _un("International Organization for Migration", "IOM", "https://www.iom.int", ICAT_SOURCE),
    _un("United Nations Children's Fund", "UNICEF", "https://www.unicef.org", ICAT_SOURCE),
    _un(
        "Office of the United Nations High Commissioner for Refugees",
        "UNHCR",
        "https://www.unhcr.org",
        ICAT_SOURCE,
    ),
    _un(
        # The successor of UNIFEM and UNDAW, which attended the Tokyo meeting of 2006.
        "United Nations Entity for Gender Equality and the Empowerment of Women",
        "UN Women",
        "https://www.unwomen.org",
        ICAT_SOURCE,
    ),
    _un(
        "Office of the United Nations High Commissioner for Human Rights",
        "OHCHR",
        "https://www.ohchr.org",
    ),
    _un("United Nations Development Programme", "UNDP", "https://www.undp.org"),
    _un("United Nations Population Fund", "UNFPA", "https://www.unfpa.org"),
    ActorRecord(
        "Organization for Security and Co-operation in Europe",
        IGO,
        THIRD_COMMITTEE_2023_SOURCE,
        short_name="OSCE",
        website="https://www.osce.org",
    ),
    _org(
        IGO,
        "International Centre for Migration Policy Development",
        "ICMPD",
        "https://www.icmpd.org",
    ),
    _org(IGO, "Council of Europe", "CoE", "https://www.coe.int"),
    _org(ActorKind.NGO, "La Strada International", None, "https://www.lastradainternational.org"),
    _org(ActorKind.NGO, "Equality Now", None, "https://www.equalitynow.org"),
)

# Each state with its admission to the United Nations.
ACTORS: tuple[ActorRecord, ...] = tuple(
    replace(a, un_member_since=UN_ADMISSION[a.iso_alpha2 or ""]) if a.kind is ActorKind.STATE else a
    for a in _ACTORS
)

UNODC = "United Nations Office on Drugs and Crime"
UN_WOMEN = "United Nations Entity for Gender Equality and the Empowerment of Women"
# The Tokyo meeting of September 2006; UNIFEM and UNDAW are recorded as UN Women.
TOKYO_PARTICIPANTS = (
    "International Labour Organization",
    "International Organization for Migration",
    "United Nations Children's Fund",
    "Office of the United Nations High Commissioner for Refugees",
    UNODC,
    UN_WOMEN,
)


def _icat_member(actor: str) -> MembershipRecord:
    # history.md names these entities as the Tokyo meeting's participants; that they are ICAT
    # members, and since when, it does not say.
    return MembershipRecord(actor, MembershipRole.MEMBER, None, ICAT_SOURCE, UNCONFIRMED)


BODIES: tuple[BodyRecord, ...] = (
    BodyRecord(
        name=GROUP_OF_FRIENDS,
        hubs=(Hub.NEW_YORK,),
        founded_on=GROUP_OF_FRIENDS_FORMED,
        source_url=GROUP_OF_FRIENDS_SOURCE,
        confidence=CONFIRMED,
        members=(
            *(
                MembershipRecord(
                    name,
                    MembershipRole.FOUNDING_MEMBER,
                    GROUP_OF_FRIENDS_FORMED,
                    GROUP_OF_FRIENDS_SOURCE,
                )
                for name, _ in FOUNDERS
            ),
            # "Libya joined later": the date is not in the source.
            MembershipRecord(
                "Libya", MembershipRole.MEMBER, None, GROUP_OF_FRIENDS_SOURCE, UNCONFIRMED
            ),
        ),
        history=(
            ImportStep(
                BodyState.CORE_GROUP,
                GROUP_OF_FRIENDS_FORMED,
                "Historical import: the Group of Friends united against Human Trafficking was"
                " formed in New York on 10 March 2010 by a letter to the Secretary-General and"
                " the President of the General Assembly.",
                GROUP_OF_FRIENDS_SOURCE,
            ),
        ),
    ),
    BodyRecord(
        name=ICAT,
        hubs=(),
        # Established in March 2007; the day is not in the source.
        founded_on=dt.date(2007, 3, 1),
        source_url=ICAT_SOURCE,
        confidence=UNCONFIRMED,
        # "formally established in March 2007, pursuant to ... Resolution 61/180" (ICAT).
        mandate="A policy forum mandated by the General Assembly to improve coordination among"
        " UN agencies and other relevant international organizations on preventing and"
        " combating trafficking in persons, formally established in March 2007 pursuant to"
        " resolution 61/180, with UNODC in a coordinating role.",
        mandate_symbol="A/RES/61/180",
        members=(
            MembershipRecord(
                UNODC, MembershipRole.COORDINATOR, dt.date(2007, 3, 1), ICAT_SOURCE, UNCONFIRMED
            ),
            *(_icat_member(name) for name in TOKYO_PARTICIPANTS if name != UNODC),
        ),
        history=(
            ImportStep(
                BodyState.TASK_FORCE,
                dt.date(2007, 3, 1),
                "Historical import: ICAT was established in March 2007 with UNODC as"
                " coordinator, after an informal inter-agency meeting in Tokyo in September"
                " 2006. The source gives the month only: the day is UNCONFIRMED.",
                ICAT_SOURCE,
            ),
            ImportStep(
                BodyState.INTERAGENCY_WORKING_GROUP,
                dt.date(2010, 10, 1),
                "Historical import: ICAT became a Working Group with a rotating chair in"
                " October 2010. The source gives the month only: the day is UNCONFIRMED. The"
                " chair rotates among the member organisations (UNICEF in January 2012, per the"
                " same source); no Special Adviser of the Secretary-General has chaired ICAT,"
                " so the seed's working group 'chaired by a special adviser' did not happen as"
                " planned.",
                ICAT_WORKING_GROUP_SOURCE,
            ),
        ),
    ),
)

# Month-only dates are given as the first of the month and marked UNCONFIRMED.
MEETINGS: tuple[MeetingRecord, ...] = (
    MeetingRecord(
        title="2005 World Summit",
        body=None,
        hub=Hub.NEW_YORK,
        location="New York",
        # 14-16 September 2005, as the World Summit Outcome (A/RES/60/1) itself says.
        starts_on=dt.date(2005, 9, 14),
        ends_on=dt.date(2005, 9, 16),
        source_url=WORLD_SUMMIT_OUTCOME_SOURCE,
        confidence=CONFIRMED,
        participants=("Belarus",),
        outcome="Held 14-16 September 2005. The President of Belarus spoke of addressing human"
        " trafficking comprehensively and of steps to eradicate the demand for trafficked"
        " victims. The Global Partnership itself was proposed later, by the Minister for Foreign"
        " Affairs in the 60th session's general debate (the seed's words); that statement's day"
        " is not recorded here.",
    ),
    MeetingRecord(
        title="General debate of the sixtieth session of the General Assembly",
        body=None,
        hub=Hub.NEW_YORK,
        location="New York",
        starts_on=dt.date(2005, 9, 17),
        ends_on=dt.date(2005, 9, 28),
        source_url=GENERAL_DEBATE_60_SOURCE,
        confidence=CONFIRMED,
        participants=("Belarus",),
        outcome="Held 17-23 and 26-28 September 2005. In this debate, per the seed, the Minister"
        " for Foreign Affairs of Belarus proposed to consider establishing a Global Partnership"
        " against Slavery and Trafficking in Human Beings in the 21st century. The day of"
        " Belarus's statement is not recorded here.",
    ),
    MeetingRecord(
        title="First inter-agency coordination meeting on trafficking in persons",
        body=ICAT,
        hub=Hub.OTHER,
        location="Tokyo",
        starts_on=dt.date(2006, 9, 1),
        source_url=ICAT_SOURCE,
        confidence=UNCONFIRMED,
        participants=TOKYO_PARTICIPANTS,
        # Hosted by the Government of Japan, as the domain review (history.md) records; no
        # source found here states it, and the meeting stays UNCONFIRMED.
        host="Japan",
        outcome="Informal meeting of ILO, IOM, UNICEF, UNIFEM, UNDAW, UNHCR and UNODC, which"
        " led to ICAT in March 2007; UNIFEM and UNDAW are listed as their successor, UN Women."
        " The source gives the month only.",
    ),
    MeetingRecord(
        title="UN.GIFT Vienna Forum",
        body=None,
        hub=Hub.VIENNA,
        location="Vienna",
        starts_on=dt.date(2008, 2, 13),
        ends_on=dt.date(2008, 2, 15),
        source_url=VIENNA_FORUM_SOURCE,
        confidence=UNCONFIRMED,
        outcome="The Vienna Forum to Fight Human Trafficking, 13-15 February 2008 (the domain"
        " review's reading of UNODC's press release of 15 February 2008; the cited page gives"
        " the month).",
    ),
    MeetingRecord(
        title="General Assembly thematic debate on human trafficking",
        body=None,
        hub=Hub.NEW_YORK,
        location="New York",
        starts_on=dt.date(2008, 6, 3),
        source_url=THEMATIC_DEBATE_SOURCE,
        confidence=CONFIRMED,
    ),
    MeetingRecord(
        title="First high-level appraisal of the United Nations Global Plan of Action to Combat"
        " Trafficking in Persons",
        body=None,
        hub=Hub.NEW_YORK,
        location="New York",
        starts_on=dt.date(2013, 5, 13),
        source_url=APPRAISAL_SOURCE,
        confidence=CONFIRMED,
    ),
)

# Sources of the commitments' progress reports (each checked on the page it cites).
GLOTIP_2012_SOURCE = "https://astra.rs/en/global-report-on-trafficking-in-persons/"
GLOTIP_2014_SOURCE = "https://www.unodc.org/unodc/en/speeches/2014/glotip-241114.html"
GLOTIP_2016_SOURCE = "http://hesp-news.org/2016/12/23/global-report-on-trafficking-in-persons-2016/"
GLOTIP_2018_SOURCE = "https://unis.unvienna.org/unis/en/pressrels/2019/uniscp1068.html"
GLOTIP_2020_SOURCE = (
    "https://delta87.org/2021/02/unodc-releases-2020-global-report-trafficking-persons/"
)
GLOTIP_2022_SOURCE = (
    "https://www.unodc.org/unodc/en/commissions/CCPCJ/session/32_Session_2023/"
    "special_event_tip-2022_webstory.html"
)
GLOTIP_2024_SOURCE = (
    "https://www.lastradainternational.org/news/unodc-global-report-on-trafficking-in-persons-2024/"
)
# Indicator 16.2.2 of SDG target 16.2 counts detected victims of trafficking in persons.
SDG_16_2_SOURCE = "https://sdg.humanrights.dk/en/goals-and-targets?page=4"
UNVTF_2019_SOURCE = (
    "http://unodc.org/unodc/en/frontpage/2019/April/belgium-announces-eur-2-million-"
    "contribution-to-united-nations-trust-fund-for-victims-of-human-trafficking--managed-by-"
    "unodc.html"
)
UNVTF_2020_AUG_SOURCE = (
    "http://unodc.org/unodc/en/frontpage/2020/August/4th-grant-cycle-medium-term-aid-window.html"
)
UNVTF_2020_DEC_SOURCE = (
    "https://www.unodc.org/unodc/frontpage/2020/December/"
    "unvtf-awards-grants-to-six-additional-ngos-under-fourth-grant-cycle.html"
)
UNVTF_2021_SOURCE = "https://www.unodc.org/unodc/en/speeches/2021/cc-unvtf-080321.html"
UNVTF_2022_SOURCE = (
    "http://unodc.org/unodc/en/frontpage/2022/November/"
    "unvtf-selects-five-ngo-projects-for-comprehensive-support-to-human-trafficking-victims.html"
)
UNVTF_2023_MAY_SOURCE = (
    "https://unodc.org/unodc/frontpage/2023/May/"
    "un-trust-fund-for-victims-of-human-trafficking-announces-10-new-projects-selected-for-"
    "emergency-grants.html"
)
UNVTF_2023_NOV_SOURCE = (
    "https://www.unodc.org/unodc/en/news/2023/November/"
    "un-voluntary-trust-fund-for-victims-of-human-trafficking-awards-7-civil-society-"
    "organizations-for-grants.html"
)
UNVTF_2026_SOURCE = "https://www.unodc.org/unodc/en/human-trafficking-fund/unvtf-funding.html"
UNVTF_2024_SOURCE = (
    "http://unodc.org/unodc/en/frontpage/2024/February/"
    "new-board-members-for-un-voluntary-trust-fund-for-victims-of-trafficking-in-persons-"
    "announced.html"
)

GLOBAL_REPORT_EDITIONS = (
    ReportRecord(
        dt.date(2009, 2, 1),
        "First Global Report on Trafficking in Persons, published by UNODC and UN.GIFT in"
        " February 2009. The source gives the month only: the day is UNCONFIRMED.",
        GLOBAL_REPORT_SOURCE,
        UNCONFIRMED,
    ),
    ReportRecord(
        dt.date(2012, 12, 12),
        "Global Report on Trafficking in Persons 2012, released on 12 December 2012: the first"
        " of the biennial series the Global Plan of Action (64/293) mandated, 132 countries."
        " It came 46 months after the 2009 report.",
        GLOTIP_2012_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2014, 11, 24),
        "Global Report on Trafficking in Persons 2014, launched in Vienna on 24 November 2014"
        " (the second under the General Assembly's mandate).",
        GLOTIP_2014_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2016, 12, 21),
        "Global Report on Trafficking in Persons 2016, released on 21 December 2016 (the third"
        " under the mandate; 136 countries), 758 days after the 2014 one.",
        GLOTIP_2016_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2019, 1, 7),
        "Global Report on Trafficking in Persons 2018, launched in Vienna on 7 January 2019"
        " (142 countries): the 2018 edition appeared in the following year, 747 days after"
        " the 2016 one.",
        GLOTIP_2018_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2021, 2, 2),
        "Global Report on Trafficking in Persons 2020, released on 2 February 2021 (the fifth"
        " under the mandate; 148 countries): the 2020 edition appeared in 2021, 757 days"
        " after the 2018 one.",
        GLOTIP_2020_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2023, 1, 24),
        "Global Report on Trafficking in Persons 2022, launched at a special event of the"
        " Commission on Crime Prevention and Criminal Justice in Vienna on 24 January 2023: the"
        " 2022 edition appeared in 2023.",
        GLOTIP_2022_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2024, 12, 11),
        "Global Report on Trafficking in Persons 2024, launched on 11 December 2024 (the eighth"
        " mandated by the General Assembly; 156 countries). UNODC presented it in New York on"
        " 12 December 2024.",
        GLOTIP_2024_SOURCE,
        CONFIRMED,
    ),
)
TRUST_FUND_REPORTS = (
    ReportRecord(
        dt.date(2019, 4, 5),
        "UNODC announced the results of the Trust Fund's third grant cycle, as Belgium"
        " announced a EUR 2 million contribution to the Fund.",
        UNVTF_2019_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2020, 8, 28),
        "Fourth call for proposals, sub-grant programme two: 16 NGO projects in 14 countries"
        " selected, US$ 0.9 million in grants.",
        UNVTF_2020_AUG_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2020, 12, 11),
        "Six more NGO projects selected under the fourth grant cycle: in 2020 the Fund awarded"
        " grants to 32 projects from 24 countries, USD 1.4 million in total.",
        UNVTF_2020_DEC_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2021, 3, 8),
        "Ten years since inception (14th Crime Congress): 4.8 million dollars in grants to more"
        " than 90 NGO projects, assisting more than 3,500 victims a year.",
        UNVTF_2021_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2022, 11, 22),
        "Sixth grant cycle, sub-grant programme two: five projects selected out of 95"
        " proposals, USD 281,871 (24th board meeting, Vienna).",
        UNVTF_2022_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2023, 5, 23),
        "Seventh call for proposals, sub-grant programme one: 10 projects from nine countries"
        " selected; over USD 6.9 million to more than 155 projects since 2011.",
        UNVTF_2023_MAY_SOURCE,
        CONFIRMED,
    ),
    ReportRecord(
        dt.date(2023, 11, 1),
        "Seventh call for proposals, sub-grant programme two: 7 projects selected, close to"
        " USD 470,000; 162 projects supported since 2011. The source gives the month only"
        " (November 2023): the day is UNCONFIRMED.",
        UNVTF_2023_NOV_SOURCE,
        UNCONFIRMED,
    ),
    ReportRecord(
        dt.date(2024, 2, 1),
        "A new Board of Trustees appointed by the Secretary-General for three years; for the"
        " first time a survivor of trafficking sits on it. The source gives February 2024"
        " only: the day is UNCONFIRMED.",
        UNVTF_2024_SOURCE,
        UNCONFIRMED,
    ),
    ReportRecord(
        dt.date(2026, 2, 28),
        "Global Call for Proposals, cycle 10.2: short-term victims' assistance projects"
        " worldwide, grants up to USD 20,000, applications until 28 February 2026 (the day"
        " the source states; the call was open until then).",
        UNVTF_2026_SOURCE,
        CONFIRMED,
    ),
)

# UNODC's two are under way, so they enter IN_PROGRESS through an import record at their start,
# and carry their real progress reports: the silence the lapse sweep measures runs from the last
# one. Belarus's is a treaty undertaking (the Protocol adopted by 55/25 obliges each party to
# criminalise trafficking, article 5), delivered when Belarus became a party. No other state
# commitment is recorded: the review's sources name contributions by states that are not
# actors here (e.g. Belgium's EUR 2 million to the Trust Fund in 2019).
COMMITMENTS: tuple[CommitmentRecord, ...] = (
    CommitmentRecord(
        actor="Belarus",
        determinants=(Determinant.CRIMINALISATION,),
        title="Become a party to the Trafficking in Persons Protocol, which obliges its parties"
        " to criminalise trafficking in persons",
        description="The Protocol to Prevent, Suppress and Punish Trafficking in Persons,"
        " Especially Women and Children, adopted by General Assembly resolution 55/25 on"
        " 15 November 2000, obliges each State party to establish trafficking in persons as a"
        " criminal offence (article 5). Belarus signed it on 14 December 2000 and ratified it on"
        " 25 June 2003; it entered into force on 25 December 2003.",
        starts_on=dt.date(2000, 12, 14),
        source_url=PROTOCOL_STATUS_SOURCE,
        confidence=CONFIRMED,
        pillars=(Pillar.PROSECUTION,),
        scope=Scope.NATIONAL,
        countries=("BY",),
        evidence=(PROTOCOL_STATUS_SOURCE, PROTOCOL_PARTIES_SOURCE),
        history=(
            ImportStep(
                CommitmentState.IN_PROGRESS,
                dt.date(2000, 12, 14),
                "Historical import: Belarus signed the Trafficking in Persons Protocol on"
                " 14 December 2000.",
                PROTOCOL_PARTIES_SOURCE,
            ),
            ImportStep(
                CommitmentState.DELIVERED,
                dt.date(2003, 6, 25),
                "Historical import: Belarus ratified the Trafficking in Persons Protocol on"
                " 25 June 2003 and became a party to it.",
                PROTOCOL_PARTIES_SOURCE,
            ),
        ),
    ),
    CommitmentRecord(
        actor=UNODC,
        determinants=(Determinant.PROTECTION, Determinant.REINTEGRATION),
        title="Manage the UN Voluntary Trust Fund for Victims of Trafficking",
        description="The United Nations Voluntary Trust Fund for Victims of Trafficking in"
        " Persons, Especially Women and Children, established by the Global Plan of Action"
        " (A/RES/64/293), was launched on 4 November 2010 and is managed by UNODC in Vienna."
        " Its grants fund civil society organisations that give victims shelter,"
        " health services, psycho-social support, education, vocational training and access"
        " to financial inclusion.",
        starts_on=dt.date(2010, 11, 4),
        source_url=TRUST_FUND_SOURCE,
        confidence=CONFIRMED,
        pillars=(Pillar.PROTECTION,),
        scope=Scope.GLOBAL,
        evidence=(TRUST_FUND_SOURCE,),
        mandate_symbol="A/RES/64/293",
        reports=TRUST_FUND_REPORTS,
        history=(
            ImportStep(
                CommitmentState.IN_PROGRESS,
                dt.date(2010, 11, 4),
                "Historical import: the UN Voluntary Trust Fund for Victims of Trafficking was"
                " launched on 4 November 2010, managed by UNODC.",
                TRUST_FUND_SOURCE,
            ),
        ),
    ),
    CommitmentRecord(
        actor=UNODC,
        determinants=(Determinant.CAPACITY_BUILDING,),
        title="Publish the Global Report on Trafficking in Persons",
        description="UNODC published the first Global Report on Trafficking in Persons in"
        " February 2009; the Global Plan of Action (64/293) then mandated a report every two"
        " years. The editions are its progress reports; four came more than 24 months (730"
        " days) after the one before: 2009 to 2012, 2014 to 2016, 2016 to 2019, 2019 to 2021.",
        starts_on=dt.date(2009, 2, 1),
        source_url=GLOBAL_REPORT_SOURCE,
        confidence=UNCONFIRMED,
        sdg_targets=("16.2",),
        scope=Scope.GLOBAL,
        evidence=(GLOBAL_REPORT_SOURCE, SDG_16_2_SOURCE),
        reports=GLOBAL_REPORT_EDITIONS,
        history=(
            ImportStep(
                CommitmentState.IN_PROGRESS,
                dt.date(2009, 2, 1),
                "Historical import: UNODC published the first Global Report on Trafficking in"
                " Persons in February 2009. The source gives the month only: the day is"
                " UNCONFIRMED.",
                GLOBAL_REPORT_SOURCE,
            ),
        ),
    ),
)
