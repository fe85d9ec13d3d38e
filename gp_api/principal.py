"""Who is acting: anonymous, the system itself, or the holder of an API token with a role."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Role(enum.Enum):
    VIEWER = "VIEWER"
    EDITOR = "EDITOR"
    ADMIN = "ADMIN"


@dataclass(frozen=True)
class Principal:
    id: str
    name: str
    role: Role | None = None
    actor_id: int | None = None
    token_id: int | None = None
    expires_at: dt.datetime | None = None

    @property
    def anonymous(self) -> bool:
        return self.role is None


# Anonymous (no role) ranks below every role.
RANK: dict[Role | None, int] = {None: 0, Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


def at_least(role: Role | None, minimum: Role | None) -> bool:
    """Whether `role` (None: anonymous) reaches `minimum` (None: anyone)."""
    return RANK[role] >= RANK[minimum]


ANONYMOUS = Principal(id="anonymous", name="anonymous")
SYSTEM = Principal(id="system", name="GP API system", role=Role.ADMIN)
