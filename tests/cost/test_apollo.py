"""Apollo Client (with its persisted-queries link, useGETForHashedQueries) against a real
server on 127.0.0.1: automatic persisted queries (a miss, registration, then hits by GET), and
the trusted-documents mode with a manifest made by `gp-api documents manifest` from the same
.graphql files the client sends (which proves the manifest's bodies are the very texts, and
hashes, Apollo Client sends).

Needs node and npm; the packages (pinned by tests/apollo_js/package-lock.json) are installed
once into ~/.cache/gp-apollo-test."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from tests.node_packages import installed
from tests.ws_client import serve

APOLLO = Path(__file__).parent.parent / "apollo_js"


async def apollo(url: str, mode: str) -> dict[str, Any]:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run Apollo Client")
    packages = await asyncio.to_thread(installed, APOLLO, "gp-apollo-test")
    script = packages / "apollo.cjs"
    shutil.copyfile(APOLLO / "apollo.cjs", script)  # beside its node_modules
    process = await asyncio.create_subprocess_exec(
        "node",
        str(script),
        url,
        mode,
        str(APOLLO / "documents"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    result: dict[str, Any] = json.loads(out)
    return result


async def test_apollo_client_registers_then_hits(settings: Settings, engine: AsyncEngine) -> None:
    app = create_app(replace(settings, cost_budget=1000, cost_max_query=1000, cost_report=True))
    async with serve(app) as host:
        run = await apollo(f"http://{host}/graphql", "apq")
    results, requests = run["results"], run["requests"]
    for name in ("stepsFirst", "stepsAgain", "stepsOtherClient", "actors", "byPostFirst"):
        assert "failed" not in results[name], results[name]
    assert results["stepsFirst"]["data"]["planSteps"]
    assert results["stepsAgain"]["data"] == results["stepsFirst"]["data"]
    assert results["actors"]["data"]["actors"]["totalCount"] == 0

    # the first query: a GET by hash that misses, then a POST with the text (registration)
    miss, register, *hits = requests
    assert (miss["method"], miss["withQuery"], miss["withHash"]) == ("GET", False, True)
    assert miss["codes"] == ["PERSISTED_QUERY_NOT_FOUND"]
    assert (register["method"], register["withQuery"], register["status"]) == ("POST", True, 200)
    assert register["codes"] == []
    # then hits: by hash alone, over GET, from this client and another one
    assert hits[0] == {**hits[0], "method": "GET", "withQuery": False, "codes": [], "status": 200}
    assert hits[1] == {**hits[1], "method": "GET", "withQuery": False, "codes": [], "status": 200}
    # the cost is reported on every answer
    assert hits[1]["cost"]["requestedQueryCost"] == 1
    # the second document: a miss and a registration of its own
    assert [(r["method"], r["withQuery"]) for r in requests[4:6]] == [
        ("GET", False),
        ("POST", True),
    ]
    assert requests[5]["cost"]["requestedQueryCost"] == 1 + 5 * 1
    # by POST (the link's default): a miss, a registration, a hit
    assert results["byPostAgain"]["data"] == results["byPostFirst"]["data"]
    assert [(r["method"], r["withQuery"], r["codes"]) for r in requests[6:]] == [
        ("POST", False, ["PERSISTED_QUERY_NOT_FOUND"]),
        ("POST", True, []),
        ("POST", False, []),
    ]


async def test_apollo_client_in_trusted_documents_mode(
    settings: Settings, engine: AsyncEngine, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.json"
    built = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "gp_api.cli",
            "documents",
            "manifest",
            str(APOLLO / "documents"),
            "-o",
            str(manifest),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    app = create_app(replace(settings, trusted_documents=str(manifest)))
    async with serve(app) as host:
        run = await apollo(f"http://{host}/graphql", "trusted")
    results, requests = run["results"], run["requests"]
    assert results["steps"]["data"]["planSteps"]
    assert results["actors"]["data"]["actors"]["totalCount"] == 0
    # the manifest's documents are hits at once: one GET each, never their text
    assert [(r["method"], r["withQuery"], r["codes"]) for r in requests[:2]] == [
        ("GET", False, []),
        ("GET", False, []),
    ]
    # a document outside the manifest: not found by hash, then refused with its text
    assert results["untrusted"]["failed"]
    assert "UNTRUSTED_DOCUMENT" in results["untrusted"]["codes"]
    assert [(r["method"], r["withQuery"], r["codes"]) for r in requests[2:]] == [
        ("GET", False, ["PERSISTED_QUERY_NOT_FOUND"]),
        ("POST", True, ["UNTRUSTED_DOCUMENT"]),
    ]
