"""IATI activity XML (version 2.03) for the commitments that carry a pledge.

One <iati-activity> per commitment with a pledge (amount and currency) and at least one date
(IATI requires an activity-date; a commitment with neither `startsOn` nor `dueOn` is left out).
What is mapped, and from what:

- iati-identifier: `{reporting-org ref}-commitment-{id}` (IATI: the reporting organisation's
  identifier, a hyphen, then the publisher's own id of the activity, kept to letters, digits and
  hyphens: a global ID is base64 and may hold "/", "+" or "="); other-identifier type A1 (the
  reporting organisation's internal activity identifier): the commitment's global ID.
- reporting-org: the publisher of this server (GP_IATI_REPORTING_ORG_REF, _TYPE, _NAME), as a
  secondary reporter (secondary-reporter="1": it reports commitments of other organisations).
  IATI requires an organisation identifier here; where the operator has none, IATI allocates
  one with the XI-IATI prefix on request. Until it is set, the ref is empty (see
  docs/open-data.md).
- title, description: the commitment's title and description (the title when it has none).
- participating-org: the commitment's actor, role 1 (Funding: the pledge is its own), no ref
  (the record holds no organisation identifier), type 10 (Government) for a state and 40
  (Multilateral) for a UN entity; other kinds carry no type.
- activity-status: PLEDGED 1 (Pipeline/identification), IN_PROGRESS 2 (Implementation),
  DELIVERED 3 (Finalisation), LAPSED and WITHDRAWN 5 (Cancelled), SUSPENDED 6 (Suspended).
- activity-date: `startsOn` as type 1 (Planned start), `dueOn` as type 3 (Planned end).
- activity-scope: GLOBAL 1, REGIONAL 2, NATIONAL 4; recipient-country: each of `countries`
  (ISO 3166-1 alpha-2, as IATI's Country codelist).
- planned-disbursement (type 1, Original): the pledge, in its currency, for the period from
  `startsOn` (or `dueOn`) to `dueOn`; value-date the period's start.

Text is written as <narrative xml:lang="en">; characters XML cannot carry become U+FFFD.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gp_api.exports.rows import Reader
from gp_api.exports.text import printable
from gp_api.global_ids import encode
from gp_api.readmodel import Condition

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

STATUS = {
    "PLEDGED": "1",
    "IN_PROGRESS": "2",
    "DELIVERED": "3",
    "LAPSED": "5",
    "WITHDRAWN": "5",
    "SUSPENDED": "6",
}
SCOPE = {"GLOBAL": "1", "REGIONAL": "2", "NATIONAL": "4"}
ORGANISATION_TYPE = {"STATE": "10", "UN_ENTITY": "40"}


@dataclass(frozen=True)
class Publisher:
    ref: str
    type: str
    name: str


def _narrative(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    narrative = ET.SubElement(element, "narrative", {XML_LANG: "en"})
    narrative.text = printable(text)
    return element


def _date(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _datetime(value: dt.datetime) -> str:
    v = value.astimezone(dt.UTC)
    return f"{_date(v)}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}Z"


def activity_id(publisher: Publisher, pk: int) -> str:
    """`{reporting-org ref}-commitment-{pk}`: letters, digits and hyphens only (a global ID is
    base64 and may hold "/", "+" or "="; it is the activity's other-identifier)."""
    local = f"commitment-{pk}"
    return f"{publisher.ref}-{local}" if publisher.ref else local


def activity(commitment: Any, owner: Any | None, publisher: Publisher) -> ET.Element | None:
    """The <iati-activity> of one commitment (None when IATI cannot carry it)."""
    c = commitment
    start, end = c.starts_on, c.due_on
    if c.pledge_amount is None or c.pledge_currency is None or (start is None and end is None):
        return None
    gid = encode("Commitment", c.id)
    root = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": _datetime(c.updated_at),
            XML_LANG: "en",
            "default-currency": c.pledge_currency,
        },
    )
    identifier = ET.SubElement(root, "iati-identifier")
    identifier.text = activity_id(publisher, c.id)
    _narrative(
        root,
        "reporting-org",
        publisher.name,
        ref=publisher.ref,
        type=publisher.type,
        **{"secondary-reporter": "1"},
    )
    _narrative(root, "title", c.title)
    _narrative(root, "description", c.description or c.title, type="1")
    if owner is not None:
        attrs = {"role": "1"}
        kind = owner.kind.value
        if kind in ORGANISATION_TYPE:
            attrs["type"] = ORGANISATION_TYPE[kind]
        _narrative(root, "participating-org", owner.name, **attrs)
    else:
        _narrative(root, "participating-org", "Not disclosed", role="1")
    ET.SubElement(root, "other-identifier", {"ref": gid, "type": "A1"})
    ET.SubElement(root, "activity-status", {"code": STATUS[c.state.value]})
    if start is not None:
        ET.SubElement(root, "activity-date", {"type": "1", "iso-date": _date(start)})
    if end is not None:
        ET.SubElement(root, "activity-date", {"type": "3", "iso-date": _date(end)})
    if c.scope is not None and c.scope.value in SCOPE:
        ET.SubElement(root, "activity-scope", {"code": SCOPE[c.scope.value]})
    for country in c.countries or []:
        ET.SubElement(root, "recipient-country", {"code": country})
    first = start if start is not None else end
    assert first is not None
    disbursement = ET.SubElement(root, "planned-disbursement", {"type": "1"})
    ET.SubElement(disbursement, "period-start", {"iso-date": _date(first)})
    if start is not None and end is not None:
        ET.SubElement(disbursement, "period-end", {"iso-date": _date(end)})
    value = ET.SubElement(
        disbursement, "value", {"currency": c.pledge_currency, "value-date": _date(first)}
    )
    value.text = format(Decimal(c.pledge_amount), "f")
    return root


def header(generated: dt.datetime) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="{VERSION}" generated-datetime="{_datetime(generated)}">\n'
    ).encode()


FOOTER = b"</iati-activities>\n"


async def activities(
    reader: Reader, found: Sequence[Condition], publisher: Publisher, now: dt.datetime
) -> AsyncIterator[bytes]:
    yield header(now)
    async for page in reader.pages("Commitment", found):
        owners = await reader.by_id("Actor", (c.actor_id for c in page))
        out = []
        for c in page:
            element = activity(c, owners.get(c.actor_id), publisher)
            if element is not None:
                out.append("  " + ET.tostring(element, encoding="unicode") + "\n")
        if out:
            yield "".join(out).encode("utf-8")
    yield FOOTER
