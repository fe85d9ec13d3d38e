# ruff: noqa: RUF001  (names in Cyrillic and typographic quotes, as their sources write them)
"""The demo data set: names as of their dates, names in the UN's other languages, and kinds
that changed (shared/domain/history.md, "Names as of the date" and "IOM").

Every form cites the page it was read on. The UN's own forms are the record for English; a
state's forms in the other languages come from ISO 3166 (gp_api.names.iso) unless a UN form
is recorded here. A form no source gave is left out: the answer then falls back to English and
says so. A day the source does not state (it gives the month, or the event the change followed)
makes the form UNCONFIRMED, as elsewhere in the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gp_api.actors.models import ActorKind
from gp_api.demo.data import GROUP_OF_FRIENDS, UNODC
from gp_api.demo.records import CONFIRMED, UNCONFIRMED
from gp_api.models_common import Confidence
from gp_api.names.models import LanguageCode

# UN Information Service, Vienna, 5 October 2011: after resolution 66/1 (16 September 2011),
# Libya notified the UN of the change of "Libyan Arab Jamahiriya" to "Libya".
LIBYA_SOURCE = "https://unis.unvienna.org/unis/en/pressrels/2011/unisvic184.html"
# The UN's list of Member States of 2006 (press release ORG/1469), French transcription.
MEMBERS_2006_FR = "https://fr.m.wikisource.org/wiki/%C3%89tats_Membres_de_l%E2%80%99ONU_(2006)"
MEMBERS_2006_FR_P3 = "http://fr.wikisource.org/wiki/Page:UNITED_NATIONS_MEMBER_STATES.djvu/3"
MEMBERS_2006_EN = "https://en.wikisource.org/wiki/Page:UNITED_NATIONS_MEMBER_STATES.djvu/6"
# Cabo Verde asked the UN in October 2013 to use "Cabo Verde", untranslated, in all six
# languages (the day, 24 October 2013, is not in this source).
CABO_VERDE_SOURCE = (
    "https://www.bostonglobe.com/metro/2014/02/10/cape-verde-asks-world-call-cabo-verde/"
    "LoHX9VhfzljfmnrY9I8xeM/story.html"
)
# un.org (French), the growth of the membership: names the states in the UN's current forms.
UN_MEMBERS_GROWTH = "http://www.un.org/fr/members/growth.shtml"
# IOM: the relationship agreement signed on 19 September 2016 (approved by A/RES/70/296).
IOM_JOINED_SOURCE = (
    "https://nigeria.iom.int/news/world-move-iom-joins-un-summit-refugees-and-migrants"
)
IOM_BEFORE_SOURCE = "https://www.iom.int/news/iom-becomes-related-organization-un"
UNOV_FR_SOURCE = "http://www.unov.org/unov/fr/unodc.html"
BELARUS_MFA_VIENNA_RU = "https://austria.mfa.gov.by/ru/int_org/unpoon"
UN_NEWS_RU_2010 = "https://news.un.org/ru/story/2010/03/1160201"
GPA_ES_SOURCE = "https://www.girlsrightsplatform.org/es/entity/3m72s7b8tlp?page=2"
COORDINATION_FR_SOURCE = "https://database.girlsrightsplatform.org/fr/entity/pxozlldfgxk?page=2"

LIBYA_RENAMED = dt.date(2011, 9, 16)
CABO_VERDE_RENAMED = dt.date(2013, 10, 24)
IOM_JOINED_UN = dt.date(2016, 9, 19)
IOM = "International Organization for Migration"


@dataclass(frozen=True)
class NameRecord:
    """A form of a subject's name (or a resolution's title) in one language, for a period.
    `key`: the actor's or body's current English name, or the resolution's symbol."""

    subject_type: str
    key: str
    language: LanguageCode
    name: str
    source_url: str
    confidence: Confidence
    short_name: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class CurrentSince:
    """The day a subject's current English name started to apply."""

    subject_type: str
    key: str
    valid_from: dt.date
    source_url: str
    confidence: Confidence


@dataclass(frozen=True)
class KindRecord:
    """What an actor was until a day; from the next day it is its kind of today."""

    actor: str
    kind: ActorKind
    valid_until: dt.date
    source_url: str
    confidence: Confidence
    today_since_source: str


CURRENT_SINCE: tuple[CurrentSince, ...] = (
    CurrentSince("Actor", "Libya", LIBYA_RENAMED, LIBYA_SOURCE, UNCONFIRMED),
    CurrentSince("Actor", "Cabo Verde", CABO_VERDE_RENAMED, CABO_VERDE_SOURCE, UNCONFIRMED),
)

NAMES: tuple[NameRecord, ...] = (
    # Libya: the UN's name until 2011 (the 2006 list names it so in English and French).
    NameRecord(
        "Actor",
        "Libya",
        LanguageCode.EN,
        "Libyan Arab Jamahiriya",
        LIBYA_SOURCE,
        UNCONFIRMED,  # the last day, 15 September 2011, is the eve of resolution 66/1
        valid_until=LIBYA_RENAMED - dt.timedelta(days=1),
    ),
    NameRecord(
        "Actor",
        "Libya",
        LanguageCode.FR,
        "Jamahiriya arabe libyenne",
        MEMBERS_2006_FR_P3,
        UNCONFIRMED,  # the 2006 list gives the name, not the day it stopped applying
        valid_until=LIBYA_RENAMED - dt.timedelta(days=1),
    ),
    # Cabo Verde: "Cape Verde" at the UN until October 2013.
    NameRecord(
        "Actor",
        "Cabo Verde",
        LanguageCode.EN,
        "Cape Verde",
        CABO_VERDE_SOURCE,
        UNCONFIRMED,
        valid_until=CABO_VERDE_RENAMED - dt.timedelta(days=1),
    ),
    NameRecord(
        "Actor",
        "Cabo Verde",
        LanguageCode.FR,
        "Cap-Vert",
        MEMBERS_2006_FR,
        UNCONFIRMED,
        valid_until=CABO_VERDE_RENAMED - dt.timedelta(days=1),
    ),
    # "Cabo Verde", untranslated, in every official language from the change.
    *(
        NameRecord(
            "Actor",
            "Cabo Verde",
            language,
            "Cabo Verde",
            CABO_VERDE_SOURCE,
            UNCONFIRMED,
            valid_from=CABO_VERDE_RENAMED,
        )
        for language in (LanguageCode.FR, LanguageCode.ES)
    ),
    # UNODC, as the UN's own offices write it.
    NameRecord(
        "Actor",
        UNODC,
        LanguageCode.FR,
        "Office des Nations Unies contre la drogue et le crime",
        UNOV_FR_SOURCE,
        CONFIRMED,
        short_name="ONUDC",
    ),
    NameRecord(
        "Actor",
        UNODC,
        LanguageCode.RU,
        "Управление ООН по наркотикам и преступности",
        BELARUS_MFA_VIENNA_RU,
        CONFIRMED,
        short_name="УНП ООН",
    ),
    NameRecord(
        "CoordinationBody",
        GROUP_OF_FRIENDS,
        LanguageCode.RU,
        "Группа друзей, объединившихся в борьбе с торговлей людьми",
        UN_NEWS_RU_2010,
        CONFIRMED,
    ),
    # Titles of resolutions, as other resolutions quote them (third-party transcriptions).
    NameRecord(
        "Resolution",
        "A/RES/64/293",
        LanguageCode.ES,
        "Plan de Acción Mundial de las Naciones Unidas para Combatir la Trata de Personas",
        GPA_ES_SOURCE,
        UNCONFIRMED,
    ),
    NameRecord(
        "Resolution",
        "A/RES/78/228",
        LanguageCode.FR,
        "Amélioration de la coordination de l’action contre la traite des personnes",
        COORDINATION_FR_SOURCE,
        UNCONFIRMED,
    ),
    NameRecord(
        "Resolution",
        "A/RES/70/179",
        LanguageCode.ES,
        "Medidas para mejorar la coordinación de la lucha contra la trata de personas",
        GPA_ES_SOURCE,
        UNCONFIRMED,
    ),
)

KINDS: tuple[KindRecord, ...] = (
    # IOM joined the UN system as a related organisation by the agreement signed on
    # 19 September 2016; before, an intergovernmental organisation outside it.
    KindRecord(
        IOM,
        ActorKind.INTERGOVERNMENTAL_ORGANIZATION,
        IOM_JOINED_UN - dt.timedelta(days=1),
        IOM_BEFORE_SOURCE,
        CONFIRMED,
        IOM_JOINED_SOURCE,
    ),
)
