"""iCalendar feeds (RFC 5545): meetings, mandates' due dates and commitments' due dates.

Written with the standard library: CRLF line ends, content lines folded at 75 octets (never
inside a UTF-8 character), TEXT values escaped (backslash, semicolon, comma, line breaks).
Each event's UID is built from the record's global ID, so it is stable across exports and
servers; DTSTAMP is when the feed was generated (UTC); URL points at the record on this
server's GraphQL endpoint (a GET query of the node), and the public source is named in the
description. Times are UTC; a due date, and a meeting known only to the day, is an all-day
event (VALUE=DATE, DTEND the day after the last).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import quote

from gp_api.exports.rows import Reader
from gp_api.exports.text import printable
from gp_api.global_ids import encode
from gp_api.readmodel import Condition

PRODID = "-//GP API//Global Partnership against Slavery and Trafficking//EN"
CRLF = "\r\n"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); control characters become U+FFFD."""
    return (
        printable(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """One content line, folded so that no line is longer than 75 octets (RFC 5545 3.1):
    a break is a CRLF followed by one space, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, 74  # continuation lines begin with a space
        current += char
        size += width
    out.append(current)
    return (CRLF + " ").join(out) + CRLF


def stamp(moment: dt.datetime) -> str:
    """A UTC DATE-TIME (strftime would not pad years before 1000)."""
    t = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return f"{_date_text(t)}T{t.hour:02d}{t.minute:02d}{t.second:02d}Z"


def _date_text(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


class Calendar:
    """The lines of one VCALENDAR, produced as events arrive."""

    def __init__(self, name: str, base_url: str, now: dt.datetime | None = None) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.now = stamp(now or dt.datetime.now(dt.UTC))

    def header(self) -> bytes:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"NAME:{escape(self.name)}",  # RFC 7986
            f"X-WR-CALNAME:{escape(self.name)}",
            "X-WR-TIMEZONE:UTC",
            # RFC 7986, and its older spelling: how often a subscribed client should refetch
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
        return "".join(fold(x) for x in lines).encode("utf-8")

    @staticmethod
    def footer() -> bytes:
        return fold("END:VCALENDAR").encode("utf-8")

    def record_url(self, global_id: str, type_name: str, fields: str) -> str:
        query = f'{{node(id:"{global_id}"){{... on {type_name}{{{fields}}}}}}}'
        return f"{self.base_url}/graphql?query={quote(query, safe='')}"

    def event(
        self,
        *,
        uid: str,
        summary: str,
        start: dt.datetime | dt.date,
        end: dt.datetime | dt.date | None,
        description: str | None,
        location: str | None,
        url: str,
        status: str | None = None,
        categories: Sequence[str] = (),
    ) -> str:
        lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{self.now}"]
        if isinstance(start, dt.datetime):
            lines.append(f"DTSTART:{stamp(start)}")
            if isinstance(end, dt.datetime) and end > start:
                lines.append(f"DTEND:{stamp(end)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{_date_text(start)}")
            last = end if isinstance(end, dt.date) and not isinstance(end, dt.datetime) else start
            if last < dt.date.max:
                lines.append(f"DTEND;VALUE=DATE:{_date_text(last + dt.timedelta(days=1))}")
        lines.append(f"SUMMARY:{escape(summary)}")
        if description:
            lines.append(f"DESCRIPTION:{escape(description)}")
        if location:
            lines.append(f"LOCATION:{escape(location)}")
        if status:
            lines.append(f"STATUS:{status}")
        if categories:
            lines.append("CATEGORIES:" + ",".join(escape(c) for c in categories))
        lines.append(f"URL:{url}")
        lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
        return "".join(fold(x) for x in lines)


def _uid(global_id: str, kind: str) -> str:
    return f"{kind}-{global_id}@gp-api"


def _confidence(row: Any) -> str | None:
    return f"Confidence: {row.confidence.value}" if row.confidence is not None else None


def _described(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


LAST_SECOND = dt.time(23, 59, 59)


def meeting_span(
    starts_at: dt.datetime, ends_at: dt.datetime | None
) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date | None]:
    """A meeting known to the day (it starts at midnight UTC and ends, if its end is recorded,
    at 23:59:59 UTC, as the record writes a meeting whose days alone are known) is an all-day
    event over those days; any other is timed, in UTC."""
    start = starts_at.astimezone(dt.UTC)
    end = ends_at.astimezone(dt.UTC) if ends_at is not None else None
    if start.time() == dt.time() and (
        end is None or end.time().replace(microsecond=0) == LAST_SECOND
    ):
        return start.date(), end.date() if end is not None else None
    return start, end


MEETING_STATUS = {"SCHEDULED": "CONFIRMED", "HELD": "CONFIRMED", "CANCELLED": "CANCELLED"}


async def meetings(
    cal: Calendar, reader: Reader, found: Sequence[Condition]
) -> AsyncIterator[bytes]:
    async for page in reader.pages("Meeting", found):
        bodies = await reader.by_id("CoordinationBody", (m.body_id for m in page))
        hosts = await reader.by_id("Actor", (m.host_id for m in page))
        events = []
        for m in page:
            gid = encode("Meeting", m.id)
            body = bodies.get(m.body_id)
            host = hosts.get(m.host_id)
            start, end = meeting_span(m.starts_at, m.ends_at)
            events.append(
                cal.event(
                    uid=_uid(gid, "meeting"),
                    summary=m.title,
                    start=start,
                    end=end,
                    description=_described(
                        f"Body: {body.name}" if body else None,
                        f"Host: {host.name}" if host else None,
                        f"Status: {m.status.value}",
                        f"Outcome: {m.outcome}" if m.outcome else None,
                        f"Source: {m.source_url}" if m.source_url else None,
                        _confidence(m),
                    ),
                    location=m.location,
                    url=cal.record_url(gid, "Meeting", "title startsAt endsAt location status"),
                    status=MEETING_STATUS.get(m.status.value),
                    categories=["Meeting", m.hub.value] if m.hub else ["Meeting"],
                )
            )
        yield "".join(events).encode("utf-8")


async def mandates(
    cal: Calendar, reader: Reader, found: Sequence[Condition]
) -> AsyncIterator[bytes]:
    """Each mandate due on a day (`dueOn`), or at a session whose opening day is recorded (the
    day it falls DUE); mandates without either have no day to show."""
    async for page in reader.pages("Mandate", found):
        sessions = await reader.by_id("Session", (m.due_session for m in page))
        drafts = await reader.by_id("Resolution", (m.resolution_id for m in page))
        events = []
        for m in page:
            session = sessions.get(m.due_session) if m.due_session is not None else None
            due = m.due_on or (session.opens_on if session is not None else None)
            if due is None:
                continue
            gid = encode("Mandate", m.id)
            draft = drafts.get(m.resolution_id)
            symbol = (draft.symbol or draft.draft_symbol) if draft else None
            when = (
                f"Due on {m.due_on.isoformat()}"
                if m.due_on
                else f"Due at session {m.due_session} of the General Assembly, which opens on"
                f" {due.isoformat()}"
            )
            events.append(
                cal.event(
                    uid=_uid(gid, "mandate"),
                    summary=f"Due: {m.addressee}: {m.request}"[:300],
                    start=due,
                    end=None,
                    description=_described(
                        m.request,
                        when,
                        f"Asked by {symbol}" + (f", paragraph {m.paragraph}" if m.paragraph else "")
                        if symbol
                        else None,
                        f"Status: {m.status.value}",
                        f"Source: {m.source_url}" if m.source_url else None,
                        _confidence(m),
                    ),
                    location=None,
                    url=cal.record_url(gid, "Mandate", "addressee request dueOn dueSession status"),
                    categories=["Mandate", m.kind.value],
                )
            )
        yield "".join(events).encode("utf-8")


async def commitment_deadlines(
    cal: Calendar, reader: Reader, found: Sequence[Condition]
) -> AsyncIterator[bytes]:
    """Each commitment with a due date (`dueOn`), on that day."""
    async for page in reader.pages("Commitment", found):
        owners = await reader.by_id("Actor", (c.actor_id for c in page))
        events = []
        for c in page:
            if c.due_on is None:
                continue
            gid = encode("Commitment", c.id)
            owner = owners.get(c.actor_id)
            events.append(
                cal.event(
                    uid=_uid(gid, "commitment-due"),
                    summary=f"Due: {c.title}" + (f" ({owner.name})" if owner else ""),
                    start=c.due_on,
                    end=None,
                    description=_described(
                        c.description,
                        f"Actor: {owner.name}" if owner else None,
                        f"State: {c.state.value}",
                        f"Source: {c.source_url}" if c.source_url else None,
                        _confidence(c),
                    ),
                    location=None,
                    url=cal.record_url(gid, "Commitment", "title dueOn state"),
                    categories=["Commitment deadline"],
                )
            )
        yield "".join(events).encode("utf-8")
