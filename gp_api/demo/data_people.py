"""Persons, offices and appointments of the demo: the public officials the sources name.

Only public roles, each with the public source that states it. Dates: a day the source gives
is CONFIRMED with it. Where a source gives only the month or the year of a change, the
appointment runs from the first day (or to the last day) of that month or year and is
UNCONFIRMED: whoever asks who held the office on a day of that period sees every holder the
sources cannot tell apart, never a single guessed one. A predecessor's last day derived from
the successor's first is UNCONFIRMED too. A start the sources do not give stays null.

No Special Adviser of the Secretary-General ever chaired ICAT (domain review, 2026-11-30): none
is recorded, so constitute_working_group's chair guard fails for ICAT, as history was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gp_api.demo.records import CONFIRMED, UNCONFIRMED
from gp_api.models_common import Confidence
from gp_api.people.models import OfficeKind


@dataclass(frozen=True)
class OfficeRecord:
    title: str
    kind: OfficeKind
    actor: str | None  # the actor's name in gp_api.demo.data, or None
    description: str
    source_url: str
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class AppointmentRecord:
    person: str
    office: str  # the office's title
    since: dt.date | None
    until: dt.date | None
    source_url: str
    confidence: Confidence


SPECIAL_RAPPORTEUR = "Special Rapporteur on trafficking in persons, especially women and children"
UNODC_EXECUTIVE_DIRECTOR = "Executive Director, United Nations Office on Drugs and Crime"
CO_FACILITATOR = (
    "Co-facilitator of the consultations on the United Nations Global Plan of Action to Combat"
    " Trafficking in Persons"
)

MANDATE_SOURCE = (
    "https://www.ohchr.org/ar/statements/2014/03/"
    "thoughts-and-reflections-6-years-mandate-special-rapporteur-trafficking-persons"
)
HUDA_SOURCE = (
    "https://web.test.ohchr.un-icc.cloud/en/press-releases/2009/10/"
    "chairman-human-rights-commission-appoints-special-rapporteur-trafficking"
)
SUCCESSION_2008_SOURCE = (
    "https://www.stopvaw.org/un_special_rapporteur_on_trafficking_in_persons_es_2"
)
HRC26_SOURCE = "https://studylib.net/doc/17688893/second-part---application-form-in-word"
MULLALLY_SOURCE = "https://www.irishecho.com/2020/07/mullally-takes-on-un-human-trafficking-post/"
FEDOTOV_APPOINTED_SOURCE = "https://press.un.org/fr/2010/sga1251.doc.htm"
FEDOTOV_TOOK_OFFICE_SOURCE = (
    "http://www.unodc.org/lpo-brazil/en/frontpage/2010/09/"
    "13-novo-diretor-executivo-sobre-drogas-e-crime-das-nacoes-unidas-dara-prioridade-a-saude-"
    "publica-e-ao-atendimento-humanizado.html"
)
WALY_JOINED_SOURCE = "https://www.unodc.org/unodc/en/speeches/2020/stafftownhall-100220.html"
CO_FACILITATORS_SOURCE = "https://boasnoticias.pt/portugal-e-cabo-verde-contra-trafico-de-pessoas/"
CO_FACILITATORS_SOURCE_2 = (
    "https://panapress.com/Cabo-Verde-co-lidera-plano-contr-a_442404-lang4-free_news.html"
)

OFFICES: tuple[OfficeRecord, ...] = (
    OfficeRecord(
        SPECIAL_RAPPORTEUR,
        OfficeKind.SPECIAL_RAPPORTEUR,
        None,
        "Mandate created in 2004 by the Commission on Human Rights (decision 2004/110), on the"
        " human rights aspects of the victims of trafficking in persons; extended by the Human"
        " Rights Council (resolution 8/12 of 18 June 2008, resolution 17/1 of 16 June 2011).",
        MANDATE_SOURCE,
    ),
    OfficeRecord(
        UNODC_EXECUTIVE_DIRECTOR,
        OfficeKind.EXECUTIVE_HEAD,
        "United Nations Office on Drugs and Crime",
        "Appointed by the Secretary-General; also Director-General of the United Nations Office"
        " at Vienna.",
        FEDOTOV_APPOINTED_SOURCE,
    ),
    OfficeRecord(
        CO_FACILITATOR,
        OfficeKind.CO_FACILITATOR,
        None,
        "The President of the General Assembly (Ali Treki, 64th session) named the Permanent"
        " Representatives of Portugal and Cape Verde to lead the consultations among Member"
        " States on the Global Plan of Action, adopted as A/RES/64/293.",
        CO_FACILITATORS_SOURCE,
    ),
)

APPOINTMENTS: tuple[AppointmentRecord, ...] = (
    # Appointed on 8 October 2004 by the Commission's Chairman; "succeeded ... in 2008".
    AppointmentRecord(
        "Sigma Huda",
        SPECIAL_RAPPORTEUR,
        dt.date(2004, 10, 8),
        dt.date(2008, 12, 31),
        HUDA_SOURCE,
        UNCONFIRMED,
    ),
    # "She succeeded Ms. Sigma Huda as Special Rapporteur in 2008"; still in office in April
    # 2014; her successor was appointed at the Council's 26th session (June 2014).
    AppointmentRecord(
        "Joy Ngozi Ezeilo",
        SPECIAL_RAPPORTEUR,
        dt.date(2008, 1, 1),
        dt.date(2014, 12, 31),
        SUCCESSION_2008_SOURCE,
        UNCONFIRMED,
    ),
    # Appointments "to be made at HRC26 in June 2014"; Siobhán Mullally's appointment was
    # reported on 28 July 2020.
    AppointmentRecord(
        "Maria Grazia Giammarinaro",
        SPECIAL_RAPPORTEUR,
        dt.date(2014, 6, 1),
        dt.date(2020, 7, 28),
        HRC26_SOURCE,
        UNCONFIRMED,
    ),
    AppointmentRecord(
        "Siobhán Mullally",
        SPECIAL_RAPPORTEUR,
        dt.date(2020, 7, 1),
        None,
        MULLALLY_SOURCE,
        UNCONFIRMED,
    ),
    # "since 2002" (the Secretary-General's announcement of 9 July 2010); his successor took
    # office on 13 September 2010.
    AppointmentRecord(
        "Antonio Maria Costa",
        UNODC_EXECUTIVE_DIRECTOR,
        dt.date(2002, 1, 1),
        dt.date(2010, 9, 12),
        FEDOTOV_APPOINTED_SOURCE,
        UNCONFIRMED,
    ),
    # Took office on 13 September 2010. Ghada Waly joined "exactly a week" before her staff
    # town hall of 10 February 2020, i.e. on 3 February 2020.
    AppointmentRecord(
        "Yury Fedotov",
        UNODC_EXECUTIVE_DIRECTOR,
        dt.date(2010, 9, 13),
        dt.date(2020, 2, 2),
        FEDOTOV_TOOK_OFFICE_SOURCE,
        UNCONFIRMED,
    ),
    AppointmentRecord(
        "Ghada Waly",
        UNODC_EXECUTIVE_DIRECTOR,
        dt.date(2020, 2, 3),
        None,
        WALY_JOINED_SOURCE,
        UNCONFIRMED,
    ),
    # Named by the President of the General Assembly; the day is not in the sources. The
    # consultations ended with the plan's adoption on 30 July 2010 (history.md).
    AppointmentRecord(
        "José Filipe Moraes Cabral",
        CO_FACILITATOR,
        None,
        dt.date(2010, 7, 30),
        CO_FACILITATORS_SOURCE,
        UNCONFIRMED,
    ),
    AppointmentRecord(
        "António Pedro Lima",
        CO_FACILITATOR,
        None,
        dt.date(2010, 7, 30),
        CO_FACILITATORS_SOURCE_2,
        UNCONFIRMED,
    ),
)

# Each person's own source: where the sources name them in that role.
PERSON_SOURCES: dict[str, str] = {
    "Sigma Huda": HUDA_SOURCE,
    "Joy Ngozi Ezeilo": SUCCESSION_2008_SOURCE,
    "Maria Grazia Giammarinaro": "https://right-docs.org/doc/a-hrc-29-38",
    "Siobhán Mullally": MULLALLY_SOURCE,
    "Antonio Maria Costa": FEDOTOV_APPOINTED_SOURCE,
    "Yury Fedotov": FEDOTOV_TOOK_OFFICE_SOURCE,
    "Ghada Waly": WALY_JOINED_SOURCE,
    "José Filipe Moraes Cabral": CO_FACILITATORS_SOURCE,
    "António Pedro Lima": CO_FACILITATORS_SOURCE_2,
}
