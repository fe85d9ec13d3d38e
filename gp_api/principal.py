"""Who is acting. Access control (tokens, roles) builds on this in a later issue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    id: str
    name: str
    actor_id: int | None = None


ANONYMOUS = Principal(id="anonymous", name="anonymous")
SYSTEM = Principal(id="system", name="GP API system")
