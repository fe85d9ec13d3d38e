"""What the gp-api subcommands do (the parser and the one-line error handling are in cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gp_api.config import Settings
from gp_api.db import WRITE
from gp_api.errors import CliError

if TYPE_CHECKING:
    from gp_api.events.chain import Anchor, Verification
    from gp_api.events.checkpoint import Checkpoint


async def seed_demo(settings: Settings, *, only_if_empty: bool) -> str:
    from sqlalchemy import func, select

    from gp_api.actors.models import Actor
    from gp_api.db import create_engine, session_factory
    from gp_api.demo.loader import load_demo

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            await session.connection(execution_options=WRITE)
            if only_if_empty and await session.scalar(select(func.count()).select_from(Actor)):
                return "the database already holds data: demo data not loaded"
            result = await load_demo(session)
        return f"demo data loaded: {result.total} records created"
    finally:
        await engine.dispose()


def parse_actor_id(raw: str) -> int:
    if raw.isdigit():
        return int(raw)
    from gp_api.errors import DomainError
    from gp_api.global_ids import decode_as

    try:
        return decode_as(raw, "Actor", "--actor")
    except DomainError as error:
        raise CliError(f"--actor: {error.message}") from None


async def token_command(settings: Settings, args: argparse.Namespace) -> list[str]:
    from gp_api.auth import service
    from gp_api.db import create_engine, session_factory
    from gp_api.errors import DomainError
    from gp_api.pagination import PageArgs
    from gp_api.principal import SYSTEM, Role

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            if args.token_command == "create":
                async with session.begin():
                    await session.connection(execution_options=WRITE)
                    created = await service.create_token(
                        session,
                        principal=SYSTEM,
                        name=args.name,
                        role=Role(args.role),
                        actor_id=parse_actor_id(args.actor) if args.actor else None,
                        expires_in_days=args.expires,
                    )
                token = created.token
                expiry = token.expires_at.isoformat() if token.expires_at else "never"
                return [
                    f"created token {token.id} ({token.role.value}, {token.name!r}, "
                    f"expires {expiry}); it is shown only now:",
                    created.secret,
                ]
            if args.token_command == "revoke":
                async with session.begin():
                    await session.connection(execution_options=WRITE)
                    token = await service.revoke_token(session, principal=SYSTEM, token_id=args.id)
                return [f"revoked token {token.id} ({token.name!r})"]
            lines = ["id\trole\tprefix\tname\tactor\texpires\tlast used\trevoked"]
            after = None
            while True:
                page = await service.list_tokens(
                    session, PageArgs(first=100, after=after), include_revoked=True
                )
                for t in page.rows:
                    cells = [
                        t.id,
                        t.role.value,
                        t.prefix,
                        t.name,
                        t.actor_id,
                        t.expires_at,
                        t.last_used_at,
                        t.revoked_at,
                    ]
                    lines.append("\t".join("-" if c is None else str(c) for c in cells))
                if not page.has_next_page:
                    return lines
                after = page.cursors[-1]
    except DomainError as error:
        raise CliError(error.message) from None
    finally:
        await engine.dispose()


async def _verify_chain(settings: Settings, against: Anchor | None = None) -> Verification:
    from gp_api.db import create_engine, session_factory
    from gp_api.events.chain import verify

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await verify(session, against)
    finally:
        await engine.dispose()


def _read_checkpoint(against: str) -> Checkpoint:
    """`--against` is the checkpoint line itself, or a file holding it."""
    from gp_api.events.checkpoint import VERSION, parse

    path = Path(against).expanduser()
    try:
        is_file = path.is_file()
    except OSError:  # a name too long to be a file, for one
        is_file = False
    text = against
    if is_file or not against.startswith(f"{VERSION}."):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "not UTF-8 text"
            raise CliError(f"--against: cannot read the checkpoint file {against}: {why}") from None
    return parse(text)


async def audit_verify(settings: Settings, against: str | None = None) -> tuple[bool, str]:
    from gp_api.config import audit_key
    from gp_api.events.checkpoint import CheckpointError, authenticate

    checkpoint = None
    if against is not None:
        try:
            checkpoint = _read_checkpoint(against)
            authenticate(checkpoint, audit_key())
        except CheckpointError as error:
            raise CliError(f"--against: {error}") from None
    result = await _verify_chain(settings, checkpoint.anchor if checkpoint else None)
    if result.first_break is not None:
        broken = result.first_break
        return False, (
            f"audit chain broken at event {broken.event_id}: {broken.reason} "
            f"({result.checked} events before it verified)"
        )
    message = f"audit chain intact: {result.checked} events verified"
    if checkpoint is not None:
        signed = "signed" if checkpoint.mac else "unsigned"
        message += (
            f"; event {checkpoint.anchor.event_id} matches the {signed} checkpoint of "
            f"{checkpoint.taken_at.isoformat()}"
        )
    return True, message


async def audit_checkpoint(settings: Settings) -> Checkpoint:
    """Verify the chain, then anchor its last event. Raises CliError when the chain is broken
    (a checkpoint would vouch for it) or empty (there is nothing to anchor)."""
    from gp_api.config import audit_key
    from gp_api.events.checkpoint import take

    key = audit_key()
    result = await _verify_chain(settings)
    if result.first_break is not None:
        raise CliError(
            f"audit chain broken at event {result.first_break.event_id}: "
            f"{result.first_break.reason}; no checkpoint taken"
        )
    if result.head is None:
        raise CliError("the event log is empty: nothing to checkpoint yet")
    return take(result.head, key)


async def sweep(settings: Settings) -> str:
    from gp_api.db import create_engine, session_factory
    from gp_api.workflow.sweep import sweep

    engine = create_engine(settings.database_url)
    try:
        result = await sweep(session_factory(engine))
    finally:
        await engine.dispose()
    return result.summary()


async def worker(settings: Settings) -> None:
    from gp_api.db import create_engine, session_factory
    from gp_api.webhooks.worker import run_worker, worker_settings

    engine = create_engine(settings.database_url)
    print("GP API webhook worker running (Ctrl-C stops it)", flush=True)
    try:
        await run_worker(session_factory(engine), worker_settings(settings))
    finally:
        await engine.dispose()


def workflows_diagram(name: str | None) -> None:
    from workflows.registry import DEFINITIONS

    if name is not None and name not in DEFINITIONS:
        raise CliError(f"no workflow {name!r}; there are: {', '.join(DEFINITIONS)}")
    chosen = [DEFINITIONS[name]] if name else list(DEFINITIONS.values())
    for definition in chosen:
        if len(chosen) > 1:
            print(f"%% {definition.name} (version {definition.version})")
        print(definition.mermaid())


def workflows_docs(output: str | None) -> None:
    from gp_api.workflow.docs import markdown

    text = markdown()
    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        print(f"wrote {output}")
