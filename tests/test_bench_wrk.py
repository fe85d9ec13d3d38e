"""The benchmark's wrk script counts an answer carrying GraphQL errors wherever its top-level
"errors" key is: at the start, near the end, or (in one answer of FULL_EVERY) anywhere. Runs
wrk for real against a loopback server; skipped where wrk is not installed."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.report import ENDS, FULL_EVERY, lua_script, parse_wrk
from tests.ws_client import serve

WRK = shutil.which("wrk")
pytestmark = pytest.mark.skipif(WRK is None, reason="wrk is not installed")

BIG = {"items": [{"id": i, "title": f"item {i}"} for i in range(ENDS // 4)]}  # > 2 * ENDS
ERROR = [{"message": "boom", "path": ["items"]}]
BODIES = {
    "clean": {"data": BIG},
    "first": {"errors": ERROR, "data": BIG},
    "last": {"data": BIG, "errors": ERROR, "extensions": {"cost": 1}},
    # Only the whole-answer search finds it: after as much as ENDS from the start.
    "middle": {"data": {"a": BIG, "errors": "a field named so", "b": BIG}},
    "small": {"errors": ERROR},
}


async def _wrk(host: str, path: str) -> Any:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script("{}", {}))
    try:
        assert WRK is not None
        process = await asyncio.create_subprocess_exec(
            WRK,
            "-t1",
            "-c2",
            "-d1s",
            "-s",
            script.name,
            f"http://{host}/{path}",
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await process.communicate()
    finally:
        os.unlink(script.name)
    return parse_wrk(out.decode(), 2)


async def test_errors_are_counted_wherever_they_are() -> None:
    encoded = {name: json.dumps(body).encode() for name, body in BODIES.items()}
    assert all(len(encoded[name]) > 2 * ENDS for name in ("clean", "first", "last", "middle"))

    async def answer(request: Request) -> Response:
        return Response(encoded[request.path_params["name"]], media_type="application/json")

    app = Starlette(routes=[Route("/{name}", answer, methods=["POST"])])
    async with serve(app) as host:
        runs = {name: await _wrk(host, name) for name in BODIES}
    assert runs["clean"].requests > FULL_EVERY
    assert runs["clean"].graphql_errors == 0
    for name in ("first", "last", "small"):
        assert runs[name].graphql_errors == runs[name].requests, name
    middle = runs["middle"]
    assert middle.requests > FULL_EVERY
    assert 0 < middle.graphql_errors <= middle.requests // FULL_EVERY + 1
