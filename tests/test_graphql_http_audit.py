"""The graphql-http audit (the reference GraphQL-over-HTTP test suite, run by its npm package)
against a real `gp-api serve` with the demo data: no audit may warn or fail.

Needs node and npm; the packages (pinned by tests/audit_js/package-lock.json) are installed
once into ~/.cache/gp-graphql-http-audit."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import scratch_database
from tests.node_packages import installed
from tests.ws_client import free_port, wait_ready

AUDIT = Path(__file__).parent / "audit_js"
GP_API = [sys.executable, "-m", "gp_api.cli"]


@pytest.fixture
async def graphql_url(tmp_path: Path) -> AsyncIterator[str]:
    port = free_port()
    async with scratch_database(tmp_path) as database_url:
        env = {
            **os.environ,
            "GP_DATABASE_URL": database_url,
            "GP_HOST": "127.0.0.1",
            "GP_PORT": str(port),
            "GP_SWEEP_INTERVAL": "0",
            "GP_WEBHOOK_WORKER": "false",
        }
        for command in (["db", "upgrade"], ["seed", "--demo"]):
            await asyncio.to_thread(
                subprocess.run, [*GP_API, *command], env=env, check=True, capture_output=True
            )
        process = await asyncio.create_subprocess_exec(
            *GP_API, "serve", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            await wait_ready(port)
            yield f"http://127.0.0.1:{port}/graphql"
        finally:
            process.terminate()
            await process.wait()


async def test_the_graphql_http_audit_passes_without_a_warning(graphql_url: str) -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run the graphql-http audit")
    packages = await asyncio.to_thread(installed, AUDIT, "gp-graphql-http-audit")
    script = packages / "audit.mjs"
    shutil.copyfile(AUDIT / "audit.mjs", script)  # beside its node_modules

    result = await asyncio.to_thread(
        subprocess.run,
        ["node", str(script), graphql_url],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    *not_ok, counts = result.stdout.splitlines()
    assert not_ok == [], "\n".join(not_ok)
    assert json.loads(counts)["ok"] > 0
