"""The iCalendar feeds, read back with a real parser (icalendar) and checked line by line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import icalendar

from gp_api.exports.calendars import escape, fold
from gp_api.exports.text import printable
from gp_api.global_ids import encode
from tests.exports.conftest import get


def assert_rfc5545_lines(body: bytes) -> None:
    assert body.endswith(b"\r\n")
    for line in body.split(b"\r\n")[:-1]:
        assert b"\n" not in line
        assert b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character


def seconds(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def events(body: bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
    return list(calendar.walk("VEVENT"))


def test_folding_and_escaping() -> None:
    line = "SUMMARY:" + escape("a; b, c\\ d\nnext ") + "é" * 80
    folded = fold(line)
    assert folded.endswith("\r\n")
    assert all(len(p.encode()) <= 75 for p in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line + "\r\n"
    assert escape("a; b, c\\ d\nnext") == "a\\; b\\, c\\\\ d\\nnext"


async def test_meetings_feed(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    response = await get(client, "/exports/meetings.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert 'filename="meetings.ics"' in response.headers["content-disposition"]
    assert_rfc5545_lines(response.content)
    found = events(response.content)
    meetings = odd_record["meetings"]
    assert len(found) == len(meetings)
    by_uid = {str(e["UID"]): e for e in found}
    for meeting in meetings:
        event = by_uid[f"meeting-{encode('Meeting', meeting['id'])}@gp-api"]
        assert str(event["SUMMARY"]) == printable(meeting["title"])
        start, end = seconds(meeting["starts_at"]), meeting["ends_at"]
        end = seconds(end) if end is not None else None
        if start.time() == dt.time() and (end is None or end.time() == dt.time(23, 59, 59)):
            # known to the day: an all-day event over its days
            assert event.decoded("DTSTART") == start.date()
            last = end.date() if end is not None else start.date()
            if last < dt.date.max:
                assert event.decoded("DTEND") == last + dt.timedelta(days=1)
        else:
            assert event.decoded("DTSTART") == start  # iCalendar times are to the second
            if end is not None and meeting["ends_at"] > meeting["starts_at"]:
                assert event.decoded("DTEND") == end
        if meeting["location"]:
            assert str(event["LOCATION"]) == printable(meeting["location"])
        assert "DTSTAMP" in event
        assert str(event["URL"]).startswith("http://testserver/graphql?query=")

    body = next(m["body_id"] for m in meetings if m["body_id"] is not None)
    path = f"/exports/meetings.ics?body={encode('CoordinationBody', body)}"
    of_body = events((await get(client, path)).content)
    assert len(of_body) == sum(1 for m in meetings if m["body_id"] == body)

    # the same UIDs on the next export: calendar clients update, not duplicate
    again = events((await get(client, "/exports/meetings.ics")).content)
    assert {str(e["UID"]) for e in again} == set(by_uid)


async def test_deadlines_feeds(
    client: httpx.AsyncClient, odd_record: dict[str, list[dict[str, Any]]]
) -> None:
    sessions = {s["id"]: s for s in odd_record["ga_sessions"]}
    due_mandates = [
        m
        for m in odd_record["mandates"]
        if m["due_on"] is not None
        or (m["due_session"] is not None and sessions[m["due_session"]]["opens_on"] is not None)
    ]
    due_commitments = [c for c in odd_record["commitments"] if c["due_on"] is not None]
    assert due_mandates
    assert due_commitments

    mandates = (await get(client, "/exports/mandates.ics")).content
    assert_rfc5545_lines(mandates)
    assert len(events(mandates)) == len(due_mandates)

    commitments = (await get(client, "/exports/commitment-deadlines.ics")).content
    assert_rfc5545_lines(commitments)
    found = events(commitments)
    assert sorted(e.decoded("DTSTART") for e in found) == sorted(
        c["due_on"] for c in due_commitments
    )

    both = (await get(client, "/exports/deadlines.ics")).content
    assert len(events(both)) == len(due_mandates) + len(due_commitments)


async def test_the_demo_meetings_import(client: httpx.AsyncClient, demo: None) -> None:
    found = events((await get(client, "/exports/meetings.ics")).content)
    assert found
    summit = next(e for e in found if str(e["SUMMARY"]) == "2005 World Summit")
    # known to the day (A/RES/60/1: 14-16 September 2005): an all-day event over three days
    assert summit.decoded("DTSTART") == dt.date(2005, 9, 14)
    assert summit.decoded("DTEND") == dt.date(2005, 9, 17)
    since = (await get(client, "/exports/meetings.ics?since=2010-01-01")).content
    assert all(e.decoded("DTSTART") >= dt.date(2010, 1, 1) for e in events(since))
    assert len(events(since)) < len(found)
