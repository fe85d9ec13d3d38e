"""What the gp-api subcommands do (the parser and the one-line error handling are in cli)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gp_api.config import Settings
from gp_api.db import WRITE
from gp_api.errors import CliError


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


async def audit_verify(settings: Settings) -> tuple[bool, str]:
    from gp_api.db import create_engine, session_factory
    from gp_api.events.chain import verify

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            result = await verify(session)
    finally:
        await engine.dispose()
    if result.first_break is None:
        return True, f"audit chain intact: {result.checked} events verified"
    broken = result.first_break
    return False, (
        f"audit chain broken at event {broken.event_id}: {broken.reason} "
        f"({result.checked} events before it verified)"
    )


async def sweep(settings: Settings) -> str:
    from gp_api.db import create_engine, session_factory
    from gp_api.workflow.sweep import sweep_lapsed

    engine = create_engine(settings.database_url)
    try:
        result = await sweep_lapsed(session_factory(engine))
    finally:
        await engine.dispose()
    return f"lapse sweep: {len(result.lapsed)} commitment(s) lapsed, {len(result.skipped)} skipped"


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
