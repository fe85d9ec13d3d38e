"""Checkpoints of the audit chain: a line an operator keeps outside the database.

`gpa1.<event id>.<event hash>.<taken at, UTC>.<HMAC-SHA256 of what precedes it, or "unsigned">`

A checkpoint anchors the chain (see events.chain.Anchor): whoever rewrites or cuts the log up to
the anchored event cannot make it match again, because the line is not in the database. The
HMAC, with a key kept outside the database too (GP_AUDIT_KEY / GP_AUDIT_KEY_FILE), also keeps
someone who can edit where the line is stored from writing a new one that matches their log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from gp_api.events.chain import Anchor

VERSION = "gpa1"
UNSIGNED = "unsigned"
_TIME = "%Y%m%dT%H%M%SZ"


class CheckpointError(Exception):
    """A checkpoint that cannot be read or trusted; the message says why, in one line."""


_SHAPE = re.compile(
    rf"^{VERSION}\.(?P<id>[1-9][0-9]{{0,18}})\.(?P<hash>[0-9a-f]{{64}})\."
    rf"(?P<at>[0-9]{{8}}T[0-9]{{6}}Z)\.(?P<mac>[0-9a-f]{{64}}|{UNSIGNED})$"
)


@dataclass(frozen=True)
class Checkpoint:
    anchor: Anchor
    taken_at: dt.datetime
    mac: str | None

    def payload(self) -> str:
        at = self.taken_at.strftime(_TIME)
        return f"{VERSION}.{self.anchor.event_id}.{self.anchor.hash}.{at}"

    def __str__(self) -> str:
        return f"{self.payload()}.{self.mac or UNSIGNED}"


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def take(anchor: Anchor, key: bytes | None, now: dt.datetime | None = None) -> Checkpoint:
    taken_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    unsigned = Checkpoint(anchor, taken_at, None)
    return Checkpoint(anchor, taken_at, _mac(key, unsigned.payload()) if key else None)


def parse(text: str) -> Checkpoint:
    """Read a checkpoint line. Raises CheckpointError when it is not one."""
    match = _SHAPE.match(text.strip())
    if match is None:
        raise CheckpointError(
            f"not an audit checkpoint (expected {VERSION}.<event>.<hash>.<time>.<hmac>, "
            "as printed by gp-api audit checkpoint)"
        )
    taken_at = dt.datetime.strptime(match["at"], _TIME).replace(tzinfo=dt.UTC)
    mac = None if match["mac"] == UNSIGNED else match["mac"]
    return Checkpoint(Anchor(int(match["id"]), match["hash"]), taken_at, mac)


def authenticate(checkpoint: Checkpoint, key: bytes | None) -> None:
    """Check the signature when there is a key. Raises CheckpointError when a signed
    checkpoint cannot be checked, its signature does not match, or it is unsigned although a
    key is set (an unsigned line is what a forger would write)."""
    if key is None:
        if checkpoint.mac is not None:
            raise CheckpointError(
                "the checkpoint is signed: set GP_AUDIT_KEY or GP_AUDIT_KEY_FILE to check it"
            )
        return
    if checkpoint.mac is None:
        raise CheckpointError(
            "the checkpoint is unsigned but an audit key is set: it is not trusted"
        )
    if not hmac.compare_digest(checkpoint.mac, _mac(key, checkpoint.payload())):
        raise CheckpointError(
            "the checkpoint's signature does not match: it was altered, or signed with another key"
        )
