"""The examples of README.md and docs/integrators.md, run exactly as printed against a real
`gp-api serve` with the demo data. A fenced block is tested when the line before it is
`<!-- doc-test: NAME -->`; every client program and every command that talks to the server
must carry one.

The JavaScript client needs node and npm; its packages (pinned by tests/docs_js/
package-lock.json) are installed once into ~/.cache/gp-docs-test."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from gp_api.config import PROJECT_ROOT
from gp_api.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, new_secret, sign
from tests.conftest import scratch_database
from tests.node_packages import installed
from tests.ws_client import connect, free_port, subscribe, wait_ready

DOCS = ["README.md", "docs/integrators.md"]
MARKED = re.compile(
    r"<!-- doc-test: (?P<name>[\w-]+) -->\n```(?P<lang>\w+)\n(?P<code>.*?\n)```\n", re.S
)
FENCED = re.compile(r"^```(?P<lang>\w*)\n(?P<code>.*?\n)```\n", re.S | re.M)
JS_PACKAGES = Path(__file__).parent / "docs_js"
GP_API = [sys.executable, "-m", "gp_api.cli"]
WAIT = 20.0  # seconds for a client to print a line or to stop


def marked_snippets() -> dict[str, str]:
    found: dict[str, str] = {}
    for doc in DOCS:
        for match in MARKED.finditer((PROJECT_ROOT / doc).read_text()):
            assert match["name"] not in found, f"{match['name']} is marked twice"
            found[match["name"]] = match["code"]
    return found


SNIPPETS = marked_snippets()
TESTED = {
    "readme-read",
    "readme-token",
    "graphql-milestones",
    "python-follow",
    "js-follow",
    "graphql-webhook",
    "python-verify",
}
MILESTONE_CURSORS = "{ events(milestone: true, first: 100) { edges { cursor } } }"
ACTOR_CURSOR = "{ actors(first: 1) { edges { cursor } } }"
CREATE_TOKEN = """mutation ($name: String!) {
  createApiToken(input: {name: $name, role: VIEWER}) { apiToken { id } secret userErrors { code } }
}"""
REVOKE_TOKEN = "mutation ($id: ID!) { revokeApiToken(input: {id: $id}) { userErrors { code } } }"
CREATE_BODY = """mutation ($name: String!) {
  createCoordinationBody(input: {name: $name}) { coordinationBody { id } userErrors { code } }
}"""
DISSOLVE = """mutation ($id: ID!) {
  advanceWorkflow(input: {subjectId: $id, trigger: "dissolve", reason: "docs test"}) {
    event { cursor milestone } userErrors { code message }
  }
}"""


@dataclass
class Server:
    """A `gp-api serve` process with the demo data, and what its users have: the URL, the
    environment of its command line, an ADMIN token."""

    url: str
    env: dict[str, str]
    admin: str

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            response = await http.post(
                f"{self.url}/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"authorization": f"Bearer {self.admin}"},
            )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def milestone_cursors(self) -> list[str]:
        edges = (await self.data(MILESTONE_CURSORS))["events"]["edges"]
        return [edge["cursor"] for edge in edges]

    async def new_milestone(self) -> str:
        """Create a body and dissolve it: one milestone; returns its cursor."""
        created = await self.data(CREATE_BODY, {"name": f"Docs body {uuid.uuid4().hex[:8]}"})
        body_id = created["createCoordinationBody"]["coordinationBody"]["id"]
        moved = (await self.data(DISSOLVE, {"id": body_id}))["advanceWorkflow"]
        assert moved["userErrors"] == [], moved
        assert moved["event"]["milestone"], moved
        cursor: str = moved["event"]["cursor"]
        return cursor

    async def viewer_token(self) -> tuple[str, str]:
        """A new VIEWER token: its global ID and its secret."""
        created = (await self.data(CREATE_TOKEN, {"name": "docs follower"}))["createApiToken"]
        assert created["userErrors"] == [], created
        return created["apiToken"]["id"], created["secret"]

    async def revoke(self, token_id: str) -> None:
        revoked = await self.data(REVOKE_TOKEN, {"id": token_id})
        assert revoked["revokeApiToken"]["userErrors"] == [], revoked


async def gp_api(env: dict[str, str], *args: str) -> str:
    result = await asyncio.to_thread(
        subprocess.run, [*GP_API, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    port = free_port()
    async with scratch_database(tmp_path_factory.mktemp("docs")) as database_url:
        env = {
            **os.environ,
            "GP_DATABASE_URL": database_url,
            "GP_HOST": "127.0.0.1",
            "GP_PORT": str(port),
            "GP_SWEEP_INTERVAL": "0",
            "GP_WEBHOOK_WORKER": "false",
            "GP_API_URL": f"http://127.0.0.1:{port}",
        }
        env.pop("GP_TOKEN", None)
        await gp_api(env, "db", "upgrade")
        await gp_api(env, "seed", "--demo")
        created = await gp_api(env, "token", "create", "--role", "ADMIN", "--name", "docs admin")
        process = await asyncio.create_subprocess_exec(
            *GP_API, "serve", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            await wait_ready(port)
            yield Server(env["GP_API_URL"], env, created.splitlines()[-1])
        finally:
            process.terminate()
            await process.wait()


# The docs as a whole


def test_every_example_that_talks_to_the_server_is_tested() -> None:
    assert set(SNIPPETS) == TESTED
    marked = set(SNIPPETS.values())
    for doc in DOCS:
        for block in FENCED.finditer((PROJECT_ROOT / doc).read_text()):
            runs = block["lang"] in {"python", "js"} or "curl" in block["code"]
            assert not runs or block["code"] in marked, f"{doc}: not tested:\n{block['code']}"


# README


async def run_shell(snippet: str, env: dict[str, str], cwd: Path) -> str:
    if shutil.which("curl") is None:
        pytest.skip("curl is needed to run the README's examples")
    result = await asyncio.to_thread(
        subprocess.run,
        ["bash", "-e", "-o", "pipefail", "-c", snippet],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_readme_read_answers(server: Server, tmp_path: Path) -> None:
    out = await run_shell(SNIPPETS["readme-read"], server.env, tmp_path)
    steps = json.loads(out)["data"]["planSteps"]
    assert steps
    assert {"position", "title", "status", "achievedAt"} <= set(steps[0])


async def test_readme_token_is_created_and_used(server: Server, tmp_path: Path) -> None:
    # The README runs from the project, where `make run` made .venv: this interpreter's.
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    out = await run_shell(SNIPPETS["readme-token"], server.env, tmp_path)
    answer = json.loads(out)
    assert answer["data"] == {"viewer": {"name": "my admin", "role": "ADMIN"}}
    assert answer["extensions"]["cost"]["requestedQueryCost"] == 1  # see Query cost


# docs/integrators.md: the subscription, the webhook registration, the signature check


async def test_subscription_document_replays(server: Server) -> None:
    cursors = await server.milestone_cursors()
    async with connect(server.url.replace("http", "ws", 1) + "/graphql", server.admin) as ws:
        sub = await subscribe(ws, SNIPPETS["graphql-milestones"], {"after": cursors[0]})
        message = await sub.next()
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    event = message["payload"]["data"]["milestones"]
    assert event["cursor"] in cursors[1:]
    assert event["subject"]["id"] == event["subjectId"]


async def test_webhook_registration_gives_the_secret(server: Server) -> None:
    created = (await server.data(SNIPPETS["graphql-webhook"]))["createWebhookEndpoint"]
    assert created["userErrors"] == []
    assert created["webhookEndpoint"]["id"]
    assert created["secret"].startswith("whsec_")


def test_signature_check_accepts_our_signature_only() -> None:
    namespace: dict[str, Any] = {}
    exec(SNIPPETS["python-verify"], namespace)
    verify = namespace["verify"]
    secret, body, now = new_secret(), b'{"deliveryId": 1}', int(time.time())

    def headers(timestamp: int, signed: bytes) -> dict[str, str]:
        return {
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, signed),
        }

    assert verify(secret, headers(now, body), body)
    assert not verify(secret, headers(now, body), body + b" ")
    assert not verify(new_secret(), headers(now, body), body)
    assert not verify(secret, headers(now - 3600, body), body)


# docs/integrators.md: the two follow programs


def js_packages() -> Path:
    """The packages the JavaScript client installs, once per lockfile, under the cache."""
    return installed(JS_PACKAGES, "gp-docs-test")


def test_js_packages_are_the_ones_the_doc_installs() -> None:
    installs = re.search(r"npm install ([\w@ .-]+?)\s*(?:\(|$)", SNIPPETS["js-follow"], re.M)
    assert installs is not None
    pinned = json.loads((JS_PACKAGES / "package.json").read_text())["dependencies"]
    assert set(installs[1].split()) == set(pinned)


@dataclass
class Running:
    process: asyncio.subprocess.Process

    async def event(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), WAIT)
        assert line, f"the client stopped: {await self.stopped()}"
        event: dict[str, Any] = json.loads(line)
        return event

    async def stopped(self) -> tuple[int, str, str]:
        """Wait for the client to stop on its own: exit status, stdout, stderr."""
        out, err = await asyncio.wait_for(self.process.communicate(), WAIT)
        assert self.process.returncode is not None
        return self.process.returncode, out.decode(), err.decode()

    async def kill(self) -> None:
        self.process.terminate()
        await self.process.wait()


@dataclass
class Follower:
    """One of the doc's follow programs, saved as printed, run in its own directory."""

    command: list[str]
    directory: Path
    server: Server
    started: list[Running]

    @property
    def cursor_file(self) -> Path:
        return self.directory / "gp-cursor.txt"

    async def start(self, token: str | None) -> Running:
        env = dict(self.server.env)
        if token is not None:
            env["GP_TOKEN"] = token
        process = await asyncio.create_subprocess_exec(
            *self.command,
            cwd=self.directory,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        running = Running(process)
        self.started.append(running)
        return running

    async def saved(self, cursor: str) -> None:
        """Wait until the client has saved `cursor` (it saves after handling the event)."""
        for _ in range(int(WAIT * 20)):
            if self.cursor_file.exists() and self.cursor_file.read_text() == cursor:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{cursor} was not saved")


@contextlib.contextmanager
def follow_program(language: str, directory: Path) -> Iterator[list[str]]:
    if language == "python":
        program = directory / "follow.py"
        program.write_text(SNIPPETS["python-follow"])
        yield [sys.executable, str(program)]
        return
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run the JavaScript client of the docs")
    # Node resolves `import 'graphql-ws'` from the program's own directory upwards.
    program = js_packages() / f"follow-{uuid.uuid4().hex}.mjs"
    program.write_text(SNIPPETS["js-follow"])
    try:
        yield ["node", str(program)]
    finally:
        program.unlink()


@pytest.fixture(params=["python", "js"])
async def follower(
    request: pytest.FixtureRequest, server: Server, tmp_path: Path
) -> AsyncIterator[Follower]:
    with follow_program(request.param, tmp_path) as command:
        follower = Follower(command, tmp_path, server, [])
        try:
            yield follower
        finally:
            for running in follower.started:
                if running.process.returncode is None:
                    await running.kill()


REFUSED_TOKEN = re.compile(
    r"gp: (UNAUTHENTICATED: .*revoked.*|the server refused the token \(4403\).*)\n"
)


async def test_follow_replays_resumes_and_stops_when_revoked(follower: Follower) -> None:
    server = follower.server
    token_id, token = await server.viewer_token()
    cursors = await server.milestone_cursors()
    follower.cursor_file.write_text(cursors[-3])

    running = await follower.start(token)
    assert [(await running.event())["cursor"] for _ in range(2)] == cursors[-2:]
    live = await server.new_milestone()
    assert (await running.event())["cursor"] == live
    await follower.saved(live)
    await running.kill()

    # A restart resumes after the saved cursor: the next event is the next milestone.
    running = await follower.start(token)
    later = await server.new_milestone()
    assert (await running.event())["cursor"] == later

    await server.revoke(token_id)
    status, out, err = await running.stopped()
    assert (status, out) == (1, ""), err
    assert REFUSED_TOKEN.fullmatch(err), err

    status, out, err = await (await follower.start(token)).stopped()
    assert (status, out) == (1, ""), err
    assert REFUSED_TOKEN.fullmatch(err), err


@pytest.mark.parametrize("cursor", ["foreign", "malformed"])
async def test_follow_stops_on_a_cursor_it_cannot_resume_from(
    follower: Follower, cursor: str
) -> None:
    if cursor == "foreign":  # a cursor of another connection
        edges = (await follower.server.data(ACTOR_CURSOR))["actors"]["edges"]
        follower.cursor_file.write_text(edges[0]["cursor"])
    else:
        follower.cursor_file.write_text("not a cursor")

    status, out, err = await (await follower.start(None)).stopped()

    assert (status, out) == (1, ""), err
    assert re.fullmatch(r"gp: BAD_USER_INPUT: [^\n]*cursor[^\n]*\n", err), err
