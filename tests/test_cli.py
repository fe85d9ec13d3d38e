"""The gp-api command, run as a user runs it: a real process, one-line errors, a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gp_api.config import PROJECT_ROOT
from gp_api.revisions import head_revision
from tests.conftest import BACKEND, migrate

GP_API = [sys.executable, "-m", "gp_api.cli"]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GP_API, *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def server_output(server: subprocess.Popen[bytes]) -> str:
    """What the server logged so far (it is still running)."""
    import select as select_module

    chunks = []
    for stream in (server.stdout, server.stderr):
        assert stream is not None
        while select_module.select([stream], [], [], 0.1)[0]:
            data = stream.read1(65536)  # type: ignore[attr-defined]
            if not data:
                break
            chunks.append(data.decode(errors="replace"))
    return "".join(chunks)


def assert_one_line_error(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("gp-api: ")
    assert text in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_option_is_one_line() -> None:
    assert_one_line_error(run("serve", "--colour"), "unrecognized arguments: --colour")


def test_bad_database_url_is_one_line() -> None:
    result = run("db", "upgrade", env={"GP_DATABASE_URL": "mysql://nowhere/db"})
    assert_one_line_error(result, "unsupported database 'mysql'")


def test_unreachable_database_is_one_line() -> None:
    result = run(
        "db", "upgrade", env={"GP_DATABASE_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/x"}
    )
    assert_one_line_error(result, "cannot reach the database")


def test_bad_port_setting_is_one_line() -> None:
    assert_one_line_error(run("serve", env={"GP_PORT": "eighty"}), "GP_PORT must be a whole number")


def test_token_errors_are_one_line(tmp_path: Path) -> None:
    env = {"GP_DATABASE_URL": f"sqlite:///{tmp_path / 'gp.db'}"}
    assert run("db", "upgrade", env=env).returncode == 0

    assert_one_line_error(
        run("token", "create", "--role", "EDITOR", "--name", "e", env=env), "acts for one actor"
    )
    assert_one_line_error(
        run("token", "create", "--role", "GOD", "--name", "e", env=env), "invalid choice"
    )
    assert_one_line_error(run("token", "revoke", "99", env=env), "no ApiToken")


def test_seed_needs_a_data_set() -> None:
    assert_one_line_error(run("seed"), "pass --demo")


def test_schema_export_prints_the_committed_sdl() -> None:
    result = run("schema", "export")

    assert result.returncode == 0
    assert result.stdout == (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")


def test_serve_answers_graphql_and_refuses_a_taken_port(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "GP_DATABASE_URL": f"sqlite:///{tmp_path / 'gp.db'}",
        "GP_PORT": str(port),
        "GP_HOST": "127.0.0.1",
    }
    upgrade = run("db", "upgrade", env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    server = subprocess.Popen(
        [*GP_API, "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql",
                    json={"query": "{ planSteps { key status } }"},
                    timeout=2,
                )
                body = response.json()
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert body is not None, "server did not start"
        assert body["data"]["planSteps"][0]["key"] == "core_group"

        # A token made with the CLI works at once against the running server, until revoked.
        created = run("token", "create", "--role", "ADMIN", "--name", "ops", env=env)
        assert created.returncode == 0, created.stderr
        secret = created.stdout.strip().splitlines()[-1]
        headers = {"authorization": f"Bearer {secret}"}
        mutation = {
            "query": 'mutation { createActor(input: {name: "CLI NGO", kind: NGO}) { actor { name } } }'
        }
        url = f"http://127.0.0.1:{port}/graphql"
        anonymous = httpx.post(url, json=mutation, timeout=5).json()
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        made = httpx.post(url, json=mutation, headers=headers, timeout=5).json()
        assert made["data"]["createActor"]["actor"] == {"name": "CLI NGO"}
        listed = run("token", "list", env=env)
        assert "\tADMIN\t" in listed.stdout
        assert secret not in listed.stdout
        token_id = listed.stdout.splitlines()[1].split("\t")[0]
        assert run("token", "revoke", token_id, env=env).returncode == 0
        refused = httpx.post(url, json={"query": "{ viewer { name } }"}, headers=headers, timeout=5)
        assert refused.status_code == 401
        assert secret not in server_output(server)

        second = run("serve", env=env)
        assert_one_line_error(second, f"port {port} on 127.0.0.1 is already in use")
    finally:
        server.terminate()
        server.wait(timeout=10)
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()


def test_seed_if_empty_loads_once(tmp_path: Path) -> None:
    env = {"GP_DATABASE_URL": f"sqlite:///{tmp_path / 'gp.db'}"}

    assert run("db", "upgrade", env=env).returncode == 0
    first = run("seed", "--demo", "--if-empty", env=env)
    second = run("seed", "--demo", "--if-empty", env=env)
    forced = run("seed", "--demo", env=env)

    assert first.returncode == 0, first.stderr
    assert "demo data loaded" in first.stdout
    assert "already holds data" in second.stdout
    assert forced.stdout.strip() == "demo data loaded: 0 records created"


@pytest.mark.parametrize("command", [["db"], ["schema"]])
def test_missing_subcommand_is_one_line(command: list[str]) -> None:
    result = run(*command)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


NEEDS_THE_SCHEMA = [
    ["serve"],
    ["seed", "--demo"],
    ["token", "list"],
    ["audit", "verify"],
    ["workflows", "sweep"],
    ["worker"],
]


@pytest.mark.parametrize("command", NEEDS_THE_SCHEMA, ids=" ".join)
def test_a_database_never_migrated_is_one_line(
    command: list[str], scratch_database_url: str
) -> None:
    env = {"GP_DATABASE_URL": scratch_database_url, "GP_PORT": str(free_port())}

    result = run(*command, env=env)

    assert_one_line_error(result, "is not migrated: run gp-api db upgrade")
    assert result.returncode == 1
    assert result.stdout == ""
    if BACKEND != "postgres":  # nothing was created on the way
        assert not Path(scratch_database_url.split("///", 1)[1]).exists()


def test_an_empty_sqlite_file_is_not_migrated(tmp_path: Path) -> None:
    database = tmp_path / "gp.db"
    database.touch()

    result = run("seed", "--demo", env={"GP_DATABASE_URL": f"sqlite:///{database}"})

    assert_one_line_error(result, f"the database at sqlite:///{database} is not migrated")


async def test_a_database_behind_head_names_both_revisions(scratch_database_url: str) -> None:
    await migrate(scratch_database_url, "0001")

    result = run("token", "list", env={"GP_DATABASE_URL": scratch_database_url})

    assert_one_line_error(
        result, f"is at revision 0001, not {head_revision()}: run gp-api db upgrade"
    )


@pytest.mark.skipif(BACKEND != "postgres", reason="a password needs a server")
def test_the_message_hides_the_password(scratch_database_url: str) -> None:
    with_password = scratch_database_url.replace("://postgres@", "://postgres:hunter2@")
    assert with_password != scratch_database_url

    result = run("token", "list", env={"GP_DATABASE_URL": with_password})

    assert_one_line_error(result, "is not migrated")
    assert "hunter2" not in result.stderr
    assert "postgres:***@" in result.stderr


def test_upgrade_creates_no_directory_that_was_not_asked_for(tmp_path: Path) -> None:
    database = tmp_path / "missing" / "gp.db"

    result = run("db", "upgrade", env={"GP_DATABASE_URL": f"sqlite:///{database}"})

    assert_one_line_error(
        result, f"the directory {database.parent} of the SQLite database does not exist"
    )
    assert not database.parent.exists()


def test_the_banner_appears_once_the_port_accepts_connections(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "GP_DATABASE_URL": f"sqlite:///{tmp_path / 'gp.db'}",
        "GP_PORT": str(port),
        "GP_HOST": "127.0.0.1",
    }
    assert run("db", "upgrade", env=env).returncode == 0
    server = subprocess.Popen(
        [*GP_API, "serve"], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        # No retry: when the banner is out, the server is there.
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        assert banner == f"GP API on http://127.0.0.1:{port}/graphql\n"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def test_alembic_from_the_checkout_uses_the_same_migrations(tmp_path: Path) -> None:
    env = {**os.environ, "GP_DATABASE_URL": f"sqlite:///{tmp_path / 'gp.db'}"}

    for args in (["upgrade", "head"], ["check"], ["current"]):
        result = subprocess.run(
            [sys.executable, "-m", "alembic", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert head_revision() in result.stdout


@pytest.mark.skipif(BACKEND != "postgres", reason="needs a PostgreSQL server")
@pytest.mark.parametrize("command", [["db", "upgrade"], ["token", "list"], ["serve"]])
def test_a_database_the_server_does_not_have_is_one_line(
    scratch_database_url: str, command: list[str]
) -> None:
    missing = scratch_database_url.rsplit("/", 1)[0] + "/gp_no_such_database"

    result = run(*command, env={"GP_DATABASE_URL": missing, "GP_PORT": str(free_port())})

    assert_one_line_error(result, 'cannot use the database: database "gp_no_such_database"')


def test_a_file_that_is_no_database_is_one_line(tmp_path: Path) -> None:
    garbage = tmp_path / "gp.db"
    garbage.write_text("not a database\n" * 100)

    result = run("token", "list", env={"GP_DATABASE_URL": f"sqlite:///{garbage}"})

    assert_one_line_error(result, "cannot use the database: file is not a database")
