"""The console at /console, without a browser: its files are served with the right types and
headers, every asset is ours and local (no URL to another host), and every GraphQL operation its
JavaScript sends is valid against the schema and runs against a real database
(tests/browser/test_console.py drives it in Chromium)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, validate
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from gp_api.console import STATIC
from gp_api.global_ids import decode_as
from gp_api.principal import Role
from tests.conftest import GraphQLClient, make_token

ROOT = Path(__file__).resolve().parent.parent
TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}
# The one URL an asset may spell: the SVG namespace, a name that is never fetched.
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def assets() -> list[Path]:
    return sorted(p for p in STATIC.iterdir() if p.is_file())


def operations() -> dict[str, str]:
    """The documents of operations.js by key, with its shared selections substituted."""
    source = (STATIC / "operations.js").read_text()
    shared = dict(re.findall(r"^const (\w+) = `([^`]*)`;", source, re.M))
    table = source[source.index("export const ops = {") :]
    found = dict(re.findall(r"^  (\w+): `([^`]*)`,", table, re.M))
    assert len(found) == table.count(": `"), "an operation operations.js holds was not parsed"

    def substitute(match: re.Match[str]) -> str:
        return shared[match.group(1)]

    return {key: re.sub(r"\$\{(\w+)\}", substitute, doc) for key, doc in found.items()}


async def test_console_redirects_to_its_index(client: httpx.AsyncClient) -> None:
    response = await client.get("/console")
    assert response.status_code == 308
    assert response.headers["location"].endswith("/console/")
    index = await client.get("/console/")
    assert index.status_code == 200
    assert index.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="app.js"></script>' in index.text
    policy = index.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy


@pytest.mark.parametrize("path", [p.name for p in assets()])
async def test_every_asset_is_served_with_its_type(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(f"/console/{path}")
    assert response.status_code == 200, path
    assert response.headers["content-type"].startswith(TYPES[Path(path).suffix])
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (STATIC / path).read_bytes()


async def test_a_missing_asset_is_a_404_and_nothing_outside_is_served(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/console/nope.js")).status_code == 404
    assert (await client.get("/console/../app.py")).status_code == 404
    assert (await client.get("/console/%2e%2e/__init__.py")).status_code == 404


def test_no_asset_names_another_host() -> None:
    for path in assets():
        text = path.read_text().replace(SVG_NAMESPACE, "")
        assert not re.search(r"(?i)\b(?:https?|wss?):", text), path.name
        # Protocol-relative URLs (//cdn...) in an attribute, a CSS url() or an import.
        assert not re.search(r"""(?:src|href|url|import|from)\s*[=(]?\s*["']?//""", text), path
        assert "@import" not in text, path.name


def test_the_page_loads_only_its_own_files() -> None:
    index = (STATIC / "index.html").read_text()
    referenced = set(re.findall(r'(?:src|href)="([^"#]+)"', index))
    local = {ref for ref in referenced if not ref.startswith("/")}
    assert local == {"console.css", "app.js", "icon.svg"}
    assert referenced - local == {"/graphql"}  # the GraphiQL link, on this server
    # Every module the scripts import is one of ours, by a relative path.
    for path in STATIC.glob("*.js"):
        for target in re.findall(r'^import .* from "([^"]+)";', path.read_text(), re.M):
            assert target.startswith("./"), (path.name, target)
            assert (STATIC / target[2:]).is_file(), (path.name, target)


def test_the_wheel_carries_the_console() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["gp_api.console"]
    assert globs == ["static/*"]
    assert all(p.parent == STATIC for p in STATIC.rglob("*") if p.is_file())


def test_every_operation_is_valid_against_the_schema(app: Starlette) -> None:
    schema = app.state.schema._schema
    ops = operations()
    assert len(ops) >= 25
    for key, document in ops.items():
        parsed = parse(document)
        errors = validate(schema, parsed)
        assert not errors, (key, [e.message for e in errors])
        (definition,) = parsed.definitions
        assert isinstance(definition, OperationDefinitionNode)
        assert definition.name is not None
        assert definition.name.value == key


def test_the_console_sends_only_the_operations_of_operations_js() -> None:
    ops = operations()
    used: set[str] = set()
    for path in STATIC.glob("*.js"):
        text = path.read_text()
        if path.name != "operations.js":
            # No GraphQL document is written anywhere else.
            assert not re.search(r"`\s*(?:query|mutation|subscription)\s*\w*\s*[({]", text), (
                path.name
            )
        used |= set(re.findall(r"\bops\.(\w+)", text))
    assert used <= set(ops), used - set(ops)
    assert set(ops) <= used, f"unused operations: {set(ops) - used}"


async def test_the_queries_run_for_an_admin_and_admin_screens_are_refused_to_others(
    gql: GraphQLClient, engine: AsyncEngine
) -> None:
    """What the console reads, as it reads it; the ADMIN screens' queries are refused by the
    server (not only hidden by the console) to an EDITOR."""
    ops = operations()
    body = await gql.data(
        'mutation { createCoordinationBody(input: {name: "Console test body", hubs: [VIENNA]})'
        " { coordinationBody { id } userErrors { message } } }"
    )
    body_id = body["createCoordinationBody"]["coordinationBody"]["id"]
    variables: dict[str, dict[str, Any]] = {
        "Bodies": {"states": ["PROPOSED"], "search": "console", "first": 20},
        "AgendaItems": {"first": 20},
        "Resolutions": {"first": 20},
        "Commitments": {"first": 20},
        "Search": {"search": "console"},
        "Subject": {"id": body_id},
        "Actors": {"search": "x"},
        "Tokens": {"includeRevoked": True, "first": 100},
        "Deliveries": {"first": 50},
        "Audit": {"subjectId": body_id, "first": 50},
    }
    queries = [k for k, doc in ops.items() if doc.lstrip().startswith("query")]
    for key in queries:
        data = await gql.data(ops[key], variables.get(key, {}))
        assert data, key
    found = await gql.data(ops["Bodies"], variables["Bodies"])
    assert [e["node"]["id"] for e in found["coordinationBodies"]["edges"]] == [body_id]
    subject = (await gql.data(ops["Subject"], {"id": body_id}))["node"]
    assert subject["state"] == "PROPOSED"
    assert subject["version"] == 1
    moves = {m["trigger"]: m for m in subject["availableTransitions"]}
    assert moves["convene_core_group"]["allowed"] is False
    assert any("addMembership" in b for b in moves["convene_core_group"]["blockers"])
    audit = await gql.data(ops["Audit"], variables["Audit"])
    assert audit["auditLog"]["totalCount"] >= 1

    actor = await gql.data(
        'mutation { createActor(input: {name: "Console NGO", kind: NGO}) { actor { id } } }'
    )
    actor_pk = decode_as(actor["createActor"]["actor"]["id"], "Actor")
    editor = gql.as_(
        await make_token(engine, Role.EDITOR, name="console editor", actor_id=actor_pk)
    )
    viewer = (await editor.data(ops["Viewer"]))["viewer"]
    assert viewer["role"] == "EDITOR"
    assert viewer["actor"]["id"] == actor["createActor"]["actor"]["id"]
    for key in ("Tokens", "Webhooks", "Deliveries", "Audit"):
        answer = await editor.post(ops[key], variables.get(key, {}))
        codes = {e["extensions"]["code"] for e in answer["errors"]}
        assert codes == {"FORBIDDEN"}, (key, answer)


async def test_a_move_with_the_consoles_key_and_version_moves_once(
    gql: GraphQLClient,
) -> None:
    """The console's Advance: the same idempotency key twice (a double click, a retry) moves
    once; a stale expectedVersion is a VERSION_CONFLICT the console explains."""
    ops = operations()
    created = await gql.data(
        'mutation { createCoordinationBody(input: {name: "Console move body", hubs: [GENEVA]})'
        " { coordinationBody { id version } } }"
    )
    body = created["createCoordinationBody"]["coordinationBody"]
    move = {
        "subjectId": body["id"],
        "trigger": "dissolve",
        "reason": "a test of the console's move",
        "expectedVersion": body["version"],
        "idempotencyKey": "2f0c1a52-6d0e-4bb0-9a53-0f3f2b1d7c11",
    }
    first = (await gql.data(ops["Advance"], {"input": move}))["advanceWorkflow"]
    again = (await gql.data(ops["Advance"], {"input": move}))["advanceWorkflow"]
    assert first["userErrors"] == []
    assert again["userErrors"] == []
    assert first["event"]["id"] == again["event"]["id"]
    subject = (await gql.data(ops["Subject"], {"id": body["id"]}))["node"]
    assert subject["state"] == "DISSOLVED"
    assert subject["history"]["totalCount"] == 1
    stale = {**move, "trigger": "dissolve", "idempotencyKey": "another-key"}
    conflict = (await gql.data(ops["Advance"], {"input": stale}))["advanceWorkflow"]
    assert [e["code"] for e in conflict["userErrors"]] == ["VERSION_CONFLICT"]
