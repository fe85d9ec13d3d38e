"""Audit checkpoints, through the real `gp-api audit` command: a line kept outside the database
catches what the chain alone cannot, a log cut short or edited and rehashed with the project's
own function; a signed one cannot be forged without the key."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.db import WRITE, session_factory
from gp_api.events.chain import event_hash
from gp_api.events.models import Event
from gp_api.principal import SYSTEM
from tests.test_cli import assert_one_line_error, run

KEY = "a key kept in the operator's safe"
_names = itertools.count()


async def append_events(engine: AsyncEngine, n: int) -> None:
    """n new events, written through a service as the API writes them."""
    async with session_factory(engine)() as session, session.begin():
        await session.connection(execution_options=WRITE)
        for _ in range(n):
            name = f"NGO {next(_names)}"
            await actors.create_actor(
                session, principal=SYSTEM, values={"name": name, "kind": ActorKind.NGO}
            )


async def delete_newest_event(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session, session.begin():
        newest = await session.scalar(select(func.max(Event.id)))
        await session.execute(delete(Event).where(Event.id == newest))


async def rewrite_and_rehash(engine: AsyncEngine, event_id: int, *, drop: bool = False) -> None:
    """What someone with write access to the database can do: edit (or delete) one event and
    recompute every later link with the project's own hash function."""
    async with session_factory(engine)() as session, session.begin():
        later = select(Event).where(Event.id >= event_id).order_by(Event.id)
        rows = list(await session.scalars(later))
        prev = rows[0].prev_hash
        if drop:
            await session.delete(rows.pop(0))
        else:
            rows[0].data = {**rows[0].data, "name": "Someone else"}
        for row in rows:
            row.prev_hash = prev
            row.hash = event_hash(row, prev)
            prev = row.hash


def audit(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run("audit", *args, env={"GP_DATABASE_URL": database_url, **env})


def checkpoint(database_url: str, **env: str) -> str:
    taken = audit(database_url, "checkpoint", **env)
    assert taken.returncode == 0, taken.stderr
    line = taken.stdout.strip()
    assert line.count("\n") == 0
    return line


def assert_fails(result: subprocess.CompletedProcess[str], why: str) -> None:
    assert result.returncode == 1, result
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("audit chain broken at event ")
    assert why in result.stdout


async def test_an_untouched_log_matches_its_checkpoint_as_it_grows(
    engine: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    await append_events(engine, 3)
    line = checkpoint(database_url)
    (tmp_path / "checkpoint").write_text(line + "\n")

    await append_events(engine, 2)
    given_inline = audit(database_url, "verify", "--against", line)
    given_as_file = audit(database_url, "verify", "--against", str(tmp_path / "checkpoint"))

    assert line.startswith("gpa1.3.")
    assert line.endswith(".unsigned")
    for result in (given_inline, given_as_file):
        assert result.returncode == 0, result
        assert result.stdout.startswith("audit chain intact: 5 events verified; event 3 matches")


async def test_deleting_the_newest_event_passes_the_chain_but_not_the_checkpoint(
    engine: AsyncEngine, database_url: str
) -> None:
    await append_events(engine, 4)
    line = checkpoint(database_url)

    await delete_newest_event(engine)

    assert audit(database_url, "verify").returncode == 0  # the chain alone cannot tell
    assert_fails(
        audit(database_url, "verify", "--against", line),
        "event 4: the checkpoint's event is missing: the log ends at event 3 (truncated)",
    )


async def test_a_cut_log_written_again_does_not_match_the_checkpoint(
    engine: AsyncEngine, database_url: str
) -> None:
    await append_events(engine, 4)
    line = checkpoint(database_url)

    await delete_newest_event(engine)
    await append_events(engine, 2)

    assert audit(database_url, "verify").returncode == 0
    assert_fails(audit(database_url, "verify", "--against", line), "event 4: its hash differs")


async def test_an_edit_rehashed_with_the_projects_own_function_fails_against_the_checkpoint(
    engine: AsyncEngine, database_url: str
) -> None:
    await append_events(engine, 5)
    line = checkpoint(database_url)
    await append_events(engine, 1)

    await rewrite_and_rehash(engine, 2)

    assert audit(database_url, "verify").returncode == 0  # the chain alone cannot tell
    assert_fails(
        audit(database_url, "verify", "--against", line),
        "event 5: its hash differs from the checkpoint's: the log was rewritten",
    )


async def test_an_event_deleted_before_the_checkpointed_one_and_rehashed_is_caught(
    engine: AsyncEngine, database_url: str
) -> None:
    await append_events(engine, 3)
    line = checkpoint(database_url)
    await append_events(engine, 2)

    await rewrite_and_rehash(engine, 3, drop=True)

    assert audit(database_url, "verify").returncode == 0
    assert_fails(
        audit(database_url, "verify", "--against", line),
        "event 3: the checkpoint's event is missing: the log jumps from event 2 to 4",
    )


async def test_a_signed_checkpoint_cannot_be_replaced_without_the_key(
    engine: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_text(KEY + "\n")
    await append_events(engine, 3)
    signed = checkpoint(database_url, GP_AUDIT_KEY_FILE=str(key_file))
    assert audit(database_url, "verify", "--against", signed, GP_AUDIT_KEY=KEY).returncode == 0

    await rewrite_and_rehash(engine, 1)
    # The forger takes a fresh checkpoint of the rewritten log, unsigned or signed with a guess,
    # or swaps the rewritten hash into the signed line.
    forged_unsigned = checkpoint(database_url)
    forged_signed = checkpoint(database_url, GP_AUDIT_KEY="a key that is not the real one")
    new_hash = forged_unsigned.split(".")[2]
    parts = signed.split(".")
    swapped = ".".join([*parts[:2], new_hash, *parts[3:]])

    assert_fails(audit(database_url, "verify", "--against", signed, GP_AUDIT_KEY=KEY), "differs")
    for forged, why in [
        (forged_unsigned, "the checkpoint is unsigned but an audit key is set"),
        (forged_signed, "the checkpoint's signature does not match"),
        (swapped, "the checkpoint's signature does not match"),
    ]:
        result = audit(database_url, "verify", "--against", forged, GP_AUDIT_KEY=KEY)
        assert_one_line_error(result, why)
    assert_one_line_error(
        audit(database_url, "verify", "--against", signed), "the checkpoint is signed: set"
    )


@pytest.mark.parametrize(
    ("args", "env", "why"),
    [
        (["checkpoint"], {}, "the event log is empty: nothing to checkpoint yet"),
        (["verify", "--against", "gpa1.1.abc"], {}, "--against: not an audit checkpoint"),
        (["verify", "--against", "/nowhere/cp"], {}, "cannot read the checkpoint file"),
        (["checkpoint"], {"GP_AUDIT_KEY": "short"}, "at least 16 bytes"),
    ],
)
async def test_unusable_checkpoints_and_keys_are_one_line_errors(
    engine: AsyncEngine, database_url: str, args: list[str], env: dict[str, str], why: str
) -> None:
    assert_one_line_error(audit(database_url, *args, **env), why)


async def test_a_broken_chain_is_not_checkpointed(engine: AsyncEngine, database_url: str) -> None:
    await append_events(engine, 3)
    async with session_factory(engine)() as session, session.begin():
        event = await session.scalar(select(Event).where(Event.id == 2))
        assert event is not None
        event.principal_name = "someone else"

    assert_one_line_error(
        audit(database_url, "checkpoint"), "audit chain broken at event 2: its content"
    )
