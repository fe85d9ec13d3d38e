"""What the demo's resolutions asked for (mandates) and the documents that fulfilled them.

Only what a public source states: each report's symbol, date and the resolution it was prepared
pursuant to come from the report's own first page (copies found on 1 December 2026). The
paragraph that asked, and for 64/293 what exactly was asked and for when, were not verified:
those mandates are UNCONFIRMED, their paragraph left out. Not loaded: the 80th session's
resolution of 18 December 2025 asks for a report to the 82nd session
(https://asil.org/print/ILIB/un-general-assembly-acts-improve-coordination-against-human-trafficking),
but that resolution, whose symbol the source does not give, is not in the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gp_api.documents.models import DocumentKind
from gp_api.ga.models import MandateKind
from gp_api.models_common import Confidence

CONFIRMED = Confidence.CONFIRMED
UNCONFIRMED = Confidence.UNCONFIRMED
SECRETARY_GENERAL = "Secretary-General"


@dataclass(frozen=True)
class FulfilmentRecord:
    """The document that fulfilled a mandate, as its first page gives it."""

    symbol: str
    kind: DocumentKind
    title: str
    published_on: dt.date
    source_url: str
    confidence: Confidence = CONFIRMED


@dataclass(frozen=True)
class MandateRecord:
    resolution: str  # the final symbol of a resolution in the demo (gp_api.demo.data_ga)
    addressee: str
    request: str
    source_url: str
    confidence: Confidence
    kind: MandateKind = MandateKind.REPORT
    paragraph: int | None = None
    due_session: int | None = None
    fulfilled_by: FulfilmentRecord | None = None


A_76_120 = (
    "https://readkong.com/page/improving-the-coordination-of-efforts-against-trafficking-1325459"
)
A_71_119 = "https://docslib.org/doc/1149032/general-assembly-distr-general-1-july-2016"
COORDINATION_TITLE = (
    "Improving the coordination of efforts against trafficking in persons: report of the"
    " Secretary-General"
)

MANDATES: tuple[MandateRecord, ...] = (
    # A/76/120 (28 June 2021, seventy-sixth session, item 109 of the preliminary list): "The
    # present report has been prepared pursuant to General Assembly resolution 74/176". That the
    # report was asked for the 76th session is read from the report, not from 74/176's text.
    MandateRecord(
        resolution="A/RES/74/176",
        addressee=SECRETARY_GENERAL,
        request="A report on the implementation of the resolution (improving the coordination"
        " of efforts against trafficking in persons).",
        due_session=76,
        source_url=A_76_120,
        confidence=UNCONFIRMED,
        fulfilled_by=FulfilmentRecord(
            "A/76/120", DocumentKind.SG_REPORT, COORDINATION_TITLE, dt.date(2021, 6, 28), A_76_120
        ),
    ),
    # A/71/119 (1 July 2016, seventy-first session, item 105 of the preliminary list): "prepared
    # pursuant to General Assembly resolutions 64/293 and 70/179", reporting on the
    # implementation of the Global Plan of Action. What 64/293 asked and for which session is
    # not verified (70/179 is not in the demo): no due session is recorded.
    MandateRecord(
        resolution="A/RES/64/293",
        addressee=SECRETARY_GENERAL,
        request="Reporting on the implementation of the United Nations Global Plan of Action"
        " to Combat Trafficking in Persons (the wording and the session asked for are not"
        " verified).",
        source_url=A_71_119,
        confidence=UNCONFIRMED,
        fulfilled_by=FulfilmentRecord(
            "A/71/119", DocumentKind.SG_REPORT, COORDINATION_TITLE, dt.date(2016, 7, 1), A_71_119
        ),
    ),
)
