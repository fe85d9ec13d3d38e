"""The read model of General Assembly sessions and their parts (see gp_api.readmodel)."""

from __future__ import annotations

from gp_api.readmodel import (
    NODE,
    SOURCED,
    Children,
    Column,
    Parent,
    ReadModel,
    RootConnection,
    RootLookup,
    Rows,
    declare,
)
from gp_api.sessions.models import Session, SessionPart

SESSION = ReadModel(
    "Session",
    Session,
    (Session.id,),
    {
        **NODE,
        "number": Column("id", "int", description="Number of the session, e.g. 64."),
        "opensOn": Column("opens_on", "date", description="Opening day of the session."),
        "closesOn": Column("closes_on", "date", description="Closing day; null if unknown."),
        **SOURCED,
        "parts": Rows("SessionPart", "session_id"),
        "agendaItems": Children("AgendaItem", "session"),
    },
)
SESSION_PART = ReadModel(
    "SessionPart",
    SessionPart,
    (SessionPart.opens_on, SessionPart.id),
    {
        **NODE,
        "part": Column("part", "enum", description="The main part, or a resumed part."),
        "sequence": Column(
            "sequence", "int", description="1 for the main part; 1, 2, ... for resumed parts."
        ),
        "opensOn": Column("opens_on", "date", description="First day of the part."),
        "closesOn": Column("closes_on", "date", description="Last day; null if unknown."),
        **SOURCED,
        "session": Parent("Session", "session_id"),
    },
)


def _number(value: int) -> int | None:
    """A session's number (its primary key), or None where no row can have it."""
    return value if 1 <= value <= 2**31 - 1 else None


declare(
    SESSION,
    SESSION_PART,
    roots={"sessions": RootConnection("Session")},
    lookups={"session": RootLookup("Session", "id", "number", _number, "integer")},
)
