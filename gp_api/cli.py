"""The `gp-api` command: serve, db, seed, schema, workflows, token, documents, audit.

Errors are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from gp_api import cli_tasks as tasks
from gp_api.config import Settings, default_database_url
from gp_api.errors import CliError, ConfigError

log = logging.getLogger("gp_api")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"gp-api: {message} (see gp-api --help)\n")


def db_upgrade(settings: Settings) -> None:
    from alembic import command

    from gp_api.revisions import alembic_config

    command.upgrade(alembic_config(settings.database_url), "head")


def seed(settings: Settings, *, demo: bool, only_if_empty: bool) -> None:
    if not demo:
        raise CliError("nothing to seed: pass --demo to load the demo data set")
    _check_database(settings)
    print(asyncio.run(tasks.seed_demo(settings, only_if_empty=only_if_empty)))


def schema_export(settings: Settings, output: str | None) -> None:
    from gp_api.graphql.schema import build_schema

    sdl = str(build_schema(settings)).rstrip() + "\n"
    if output in (None, "-"):
        sys.stdout.write(sdl)
    else:
        Path(output).write_text(sdl, encoding="utf-8")
        print(f"wrote {output}")


def documents_manifest(
    settings: Settings, paths: Sequence[str], output: str | None, *, add_typename: bool
) -> None:
    """Write the trusted-documents manifest (Apollo's persisted-query manifest format) of the
    operations in `paths` (.graphql/.gql files, or directories searched for them), each checked
    against the schema."""
    import json

    from gp_api.fastpath.persisted import invalid, manifest, manifest_operations
    from gp_api.graphql.schema import build_schema

    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".graphql", ".gql")))
        elif path.is_file():
            files.append(path)
        else:
            raise CliError(f"{raw}: no such file or directory")
    if not files:
        raise CliError("no .graphql or .gql files found")
    sources = []
    for file in files:
        try:
            sources.append((str(file), file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"{file}: cannot read it ({error})") from None
    try:
        operations = manifest_operations(sources, add_typename)
    except ValueError as error:
        raise CliError(str(error)) from None
    schema = build_schema(settings)._schema
    names: dict[str, str] = {}
    for operation in operations:
        if (why := invalid(schema, operation["body"])) is not None:
            raise CliError(f"operation {operation['name'] or '(anonymous)'}: {why}")
        if (
            operation["name"]
            and names.setdefault(operation["name"], operation["id"]) != (operation["id"])
        ):
            raise CliError(f"two different operations are named {operation['name']!r}")
    unique = list({operation["id"]: operation for operation in operations}.values())
    text = json.dumps(manifest(unique), indent=2, ensure_ascii=False) + "\n"
    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        print(f"wrote {output} ({len(unique)} operations)")


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CliError(f"port {port} on {host} is already in use (set GP_PORT)") from None
            raise CliError(f"cannot listen on {host}:{port}: {error.strerror}") from None


@contextlib.contextmanager
def _shared_metrics(workers: int) -> Iterator[None]:
    """With several workers, a fresh directory where each keeps its metrics, so that a scrape
    answered by any of them counts all (prometheus_client's multiprocess mode)."""
    if workers == 1:
        yield
        return
    from gp_api.metrics import MULTIPROC_DIR

    directory = tempfile.mkdtemp(prefix="gp-api-metrics-")
    previous = os.environ.get(MULTIPROC_DIR)
    os.environ[MULTIPROC_DIR] = directory
    try:
        yield
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        if previous is None:
            os.environ.pop(MULTIPROC_DIR, None)
        else:
            os.environ[MULTIPROC_DIR] = previous


def serve(settings: Settings, *, workers: int) -> None:
    import uvicorn

    from gp_api import logs, serving

    _check_port_free(settings.host, settings.port)
    _announce_when_listening(settings.host, settings.port)
    with _shared_metrics(workers):
        uvicorn.run(
            "gp_api.app:served_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level=settings.log_level,
            # uvicorn applies it in every worker: all lines, its own too, in one format.
            log_config=logs.config(settings.log_format, settings.log_level),
            access_log=False,  # one line per request comes from gp_api.request_log
            # The client address (rate limits, logs) comes from X-Forwarded-For only when the
            # peer is a proxy the operator listed: anyone else could name any address they like.
            proxy_headers=bool(settings.trusted_proxies),
            forwarded_allow_ips=list(settings.trusted_proxies),
            # Subscription frames are small JSON: compressing each for 1,000 subscribers costs
            # more CPU than it saves bandwidth.
            ws_per_message_deflate=False,
            # httptools, its writes of one loop turn gathered into one (gp_api.serving).
            http=serving.HTTP_PROTOCOL,
        )


def _announce_when_listening(host: str, port: int) -> None:
    """Print the banner once the port accepts connections: uvicorn starts the application
    (which may fail) before it listens, so a banner printed earlier could announce nothing."""
    if port == 0:
        return  # the kernel picks the port; uvicorn's own log line names it
    target = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)

    def wait() -> None:
        while True:
            try:
                with socket.create_connection((target, port), timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        print(f"GP API on http://{host}:{port}/graphql", flush=True)

    threading.Thread(target=wait, name="gp-api-banner", daemon=True).start()


def _check_database(settings: Settings, *, needs_schema: bool = True) -> None:
    """Fail early, in one line, on a URL that names no reachable database and, if the command
    `needs_schema`, on a database whose schema is not at the head revision. Creates nothing,
    except the directory of the default SQLite database for `db upgrade`."""
    from sqlalchemy.engine import make_url

    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    not_migrated = CliError(f"the database at {shown} is not migrated: run gp-api db upgrade")
    sqlite_file = _sqlite_file(settings.database_url)
    if sqlite_file is not None and not sqlite_file.exists():
        if needs_schema:
            raise not_migrated  # and connecting would leave an empty database file behind
        if not sqlite_file.parent.is_dir():
            if settings.database_url != default_database_url():
                raise CliError(
                    f"the directory {sqlite_file.parent} of the SQLite database does not exist: "
                    "create it, or set GP_DATABASE_URL to a file in an existing directory"
                )
            sqlite_file.parent.mkdir(parents=True)
    current = _database_revision(settings.database_url)
    if not needs_schema:
        return
    from gp_api.revisions import head_revision, known_revisions

    head = head_revision()
    if current is None:
        raise not_migrated
    if current != head:
        if current in known_revisions():
            raise CliError(
                f"the database at {shown} is at revision {current}, not {head}: "
                "run gp-api db upgrade"
            )
        raise CliError(
            f"the database at {shown} is at revision {current}, which this gp-api does not "
            "know: it was migrated by another version"
        )


def _sqlite_file(database_url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    from gp_api.db import normalize_url

    url = make_url(normalize_url(database_url))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser()


def _database_revision(database_url: str) -> str | None:
    """The database's Alembic revision (None: never migrated); CliError when unreachable."""
    from sqlalchemy import text

    from gp_api.db import create_engine
    from gp_api.revisions import current_revision

    async def probe() -> str | None:
        engine = create_engine(database_url, pool=False)
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                return await current_revision(conn)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(probe())
    except (OSError, ConnectionError) as error:
        raise CliError(f"cannot reach the database: {error}") from None
    except Exception as error:
        # One line: SQLAlchemy appends a "Background on this error" link on a line of its own.
        detail = str(getattr(error, "orig", None) or f"{type(error).__name__}: {error}")
        raise CliError(f"cannot use the database: {detail.splitlines()[0]}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gp-api", description="GP API: GraphQL API and workflow engine.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_p = commands.add_parser("serve", help="serve GraphQL on GP_HOST:GP_PORT")
    serve_p.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve_p.add_argument("--host", help="address to bind (default GP_HOST or 127.0.0.1)")
    serve_p.add_argument("--port", type=int, help="port (default GP_PORT or 8000)")

    db_p = commands.add_parser("db", help="database commands")
    db_commands = db_p.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_commands.add_parser("upgrade", help="run the migrations up to head")

    seed_p = commands.add_parser("seed", help="load data")
    seed_p.add_argument("--demo", action="store_true", help="the historical demo data set")
    seed_p.add_argument(
        "--if-empty", action="store_true", help="only when the database holds no actors yet"
    )

    schema_p = commands.add_parser("schema", help="schema commands")
    schema_commands = schema_p.add_subparsers(
        dest="schema_command", required=True, metavar="SCHEMA_COMMAND"
    )
    export_p = schema_commands.add_parser("export", help="print or write the SDL")
    export_p.add_argument("-o", "--output", help="file to write (default: standard output)")
    workflows_p = commands.add_parser("workflows", help="workflow commands")
    workflow_commands = workflows_p.add_subparsers(
        dest="workflows_command", required=True, metavar="WORKFLOWS_COMMAND"
    )
    diagram_p = workflow_commands.add_parser("diagram", help="print Mermaid state diagrams")
    diagram_p.add_argument("name", nargs="?", help="one workflow (default: all)")
    docs_p = workflow_commands.add_parser("docs", help="print or write docs/workflows.md")
    docs_p.add_argument("-o", "--output", help="file to write (default: standard output)")
    workflow_commands.add_parser(
        "sweep",
        help="lapse overdue or silent commitments, and move mandates to due or overdue, now",
    )

    commands.add_parser("worker", help="run only the webhook worker (no HTTP)")

    token_p = commands.add_parser("token", help="API tokens")
    token_commands = token_p.add_subparsers(
        dest="token_command", required=True, metavar="TOKEN_COMMAND"
    )
    create_p = token_commands.add_parser("create", help="create a token; prints it last")
    create_p.add_argument("--role", required=True, choices=["ADMIN", "EDITOR", "VIEWER"])
    create_p.add_argument("--name", required=True, help="what the token is for")
    create_p.add_argument("--actor", help="actor id (number or global ID) an EDITOR acts for")
    create_p.add_argument("--expires", type=int, metavar="DAYS", help="days until it expires")
    token_commands.add_parser("list", help="list tokens (never their secrets)")
    revoke_p = token_commands.add_parser("revoke", help="revoke a token")
    revoke_p.add_argument("id", type=int, help="the token's id (from token list)")

    documents_p = commands.add_parser("documents", help="trusted documents")
    documents_commands = documents_p.add_subparsers(
        dest="documents_command", required=True, metavar="DOCUMENTS_COMMAND"
    )
    manifest_p = documents_commands.add_parser(
        "manifest",
        help="write the manifest of trusted documents (GP_TRUSTED_DOCUMENTS) from .graphql files",
    )
    manifest_p.add_argument(
        "paths", nargs="+", metavar="PATH", help=".graphql files or directories"
    )
    manifest_p.add_argument("-o", "--output", help="file to write (default: standard output)")
    manifest_p.add_argument(
        "--as-written",
        action="store_true",
        help="keep the documents as written: no __typename added (for clients other than "
        "Apollo Client, whose cache adds it before sending)",
    )

    audit_p = commands.add_parser("audit", help="audit commands")
    audit_commands = audit_p.add_subparsers(
        dest="audit_command", required=True, metavar="AUDIT_COMMAND"
    )
    verify_p = audit_commands.add_parser("verify", help="check the event hash chain")
    verify_p.add_argument(
        "--against",
        metavar="CHECKPOINT",
        help="also check that the log still holds a checkpoint's event as it was (the line "
        "printed by audit checkpoint, or a file holding it)",
    )
    audit_commands.add_parser(
        "checkpoint", help="print a line anchoring the chain's head, to keep outside the database"
    )
    return parser


def run(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    if args.command == "serve":
        _serve(settings, args)
    elif args.command == "db":
        _check_database(settings, needs_schema=False)
        db_upgrade(settings)
    elif args.command == "seed":
        seed(settings, demo=args.demo, only_if_empty=args.if_empty)
    elif args.command == "schema":
        schema_export(settings, args.output)
    elif args.command == "worker":
        _check_database(settings)
        asyncio.run(tasks.worker(settings))
    elif args.command == "token":
        _check_database(settings)
        print("\n".join(asyncio.run(tasks.token_command(settings, args))))
    elif args.command == "documents":
        documents_manifest(settings, args.paths, args.output, add_typename=not args.as_written)
    elif args.command == "audit":
        _check_database(settings)
        if args.audit_command == "checkpoint":
            print(asyncio.run(tasks.audit_checkpoint(settings)))
            return
        intact, message = asyncio.run(tasks.audit_verify(settings, args.against))
        print(message)
        if not intact:
            raise SystemExit(1)
    elif args.workflows_command == "diagram":
        tasks.workflows_diagram(args.name)
    elif args.workflows_command == "docs":
        tasks.workflows_docs(args.output)
    else:
        _check_database(settings)
        print(asyncio.run(tasks.sweep(settings)))


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    from dataclasses import replace

    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    if args.port is not None and not 0 <= args.port <= 65535:
        raise CliError("--port must be between 0 and 65535")
    settings = replace(
        settings,
        host=args.host or settings.host,
        port=args.port if args.port is not None else settings.port,
    )
    _check_database(settings)
    serve(settings, workers=args.workers)


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        run(argv)
    except (CliError, ConfigError) as error:
        print(f"gp-api: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:
        # One line for people; GP_DEBUG=1 shows the trace for those who debug.
        if os.environ.get("GP_DEBUG"):
            raise
        print(f"gp-api: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
