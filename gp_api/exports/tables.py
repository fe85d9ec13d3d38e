"""CSV exports (RFC 4180): actors, commitments, and votes (one row per Member State's vote on
each action). UTF-8, a header row, CRLF line ends, fields quoted when they hold a comma, a
quote or a line break. A text cell that a spreadsheet would run as a formula (it starts with
=, +, -, @, a tab or a carriage return) is prefixed with an apostrophe ('), as OWASP advises
against CSV injection; lists are joined with "; "."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from decimal import Decimal
from typing import Any

from gp_api.actors.models import FLOW_FLAGS
from gp_api.exports.rows import Reader
from gp_api.global_ids import encode
from gp_api.readmodel import Condition

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell: text made formula-safe, dates ISO 8601, lists joined, null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = "; ".join(cell(v) for v in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def lines(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


ACTOR_COLUMNS = (
    "id",
    "name",
    "short_name",
    "kind",
    "iso_alpha2",
    "iso_alpha3",
    "m49",
    "un_member_since",
    "flow_roles",
    "flow_roles_illustrative",
    "website",
    "source_url",
    "confidence",
    "created_at",
    "updated_at",
)


def flow_roles(actor: Any) -> list[str]:
    return [role.value for role, column in FLOW_FLAGS.items() if getattr(actor, column)]


async def actors(reader: Reader, found: Sequence[Condition]) -> AsyncIterator[bytes]:
    yield lines([ACTOR_COLUMNS])
    async for page in reader.pages("Actor", found):
        yield lines(
            [
                encode("Actor", a.id),
                a.name,
                a.short_name,
                a.kind,
                a.iso_alpha2,
                a.iso_alpha3,
                a.m49,
                a.un_member_since,
                flow_roles(a),
                a.flow_roles_illustrative,
                a.website,
                a.source_url,
                a.confidence,
                a.created_at,
                a.updated_at,
            ]
            for a in page
        )


COMMITMENT_COLUMNS = (
    "id",
    "actor_id",
    "actor_name",
    "title",
    "description",
    "determinants",
    "pillars",
    "sdg_targets",
    "scope",
    "countries",
    "pledge_amount",
    "pledge_currency",
    "starts_on",
    "due_on",
    "state",
    "evidence",
    "source_url",
    "confidence",
)


async def commitments(reader: Reader, found: Sequence[Condition]) -> AsyncIterator[bytes]:
    yield lines([COMMITMENT_COLUMNS])
    async for page in reader.pages("Commitment", found):
        owners = await reader.by_id("Actor", (c.actor_id for c in page))
        yield lines(
            [
                encode("Commitment", c.id),
                encode("Actor", c.actor_id),
                owners[c.actor_id].name if c.actor_id in owners else None,
                c.title,
                c.description,
                c.determinants,
                c.pillars,
                c.sdg_targets,
                c.scope,
                c.countries,
                Decimal(c.pledge_amount) if c.pledge_amount is not None else None,
                c.pledge_currency,
                c.starts_on,
                c.due_on,
                c.state,
                c.evidence,
                c.source_url,
                c.confidence,
            ]
            for c in page
        )


VOTE_COLUMNS = (
    "action_id",
    "taken_on",
    "forum",
    "resolution_id",
    "symbol",
    "draft_symbol",
    "title",
    "amendment_id",
    "part",
    "method",
    "outcome",
    "yes_count",
    "no_count",
    "abstain_count",
    "meeting_record_symbol",
    "actor_id",
    "member_state",
    "iso_alpha3",
    "ballot",
)


async def votes(
    reader: Reader, found: Sequence[Condition], actor_id: int | None = None
) -> AsyncIterator[bytes]:
    """One row per Member State's vote on each action the conditions select (`actor_id`:
    that State's votes only). Actions recorded with their counts alone have no rows."""
    yield lines([VOTE_COLUMNS])
    async for page in reader.pages("DraftAction", found):
        ballots = await reader.lists("DraftAction", "votes", [a.id for a in page])
        cast = [v for a in page for v in ballots.get(a.id, []) if actor_id in (None, v.actor_id)]
        if not cast:
            continue
        voters = await reader.by_id("Actor", (v.actor_id for v in cast))
        drafts = await reader.by_id("Resolution", (a.resolution_id for a in page))
        rows = []
        for action in page:
            draft = drafts.get(action.resolution_id)
            for vote in ballots.get(action.id, []):
                if actor_id not in (None, vote.actor_id):
                    continue
                voter = voters.get(vote.actor_id)
                rows.append(
                    [
                        encode("DraftAction", action.id),
                        action.taken_on,
                        action.forum,
                        encode("Resolution", action.resolution_id),
                        draft.symbol if draft else None,
                        draft.draft_symbol if draft else None,
                        draft.title if draft else None,
                        encode("Amendment", action.amendment_id) if action.amendment_id else None,
                        action.part,
                        action.method,
                        action.outcome,
                        action.yes_count,
                        action.no_count,
                        action.abstain_count,
                        action.meeting_record_symbol,
                        encode("Actor", vote.actor_id),
                        voter.name if voter else None,
                        voter.iso_alpha3 if voter else None,
                        vote.ballot,
                    ]
                )
        yield lines(rows)
