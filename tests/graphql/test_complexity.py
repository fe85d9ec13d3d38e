"""Over WebSocket too, a document over a size limit is refused with an `error` message coded
QUERY_TOO_COMPLEX, and one that does not parse is refused as the protocol says (close 4400), not
with a silent `complete` (HTTP: tests/graphql/test_http.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncEngine

from gp_api.app import create_app
from gp_api.config import Settings
from tests.ws_client import connect, serve, subscribe

ALIASES = "subscription { events { " + " ".join(f"a{i}: id" for i in range(40)) + " } }"
TOKENS = "subscription { events { " + " ".join("id" for _ in range(6000)) + " } }"
UNPARSABLE = "subscription { events { id "


async def test_size_limits_over_websocket_are_coded_errors(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))
    async with serve(app) as host, connect(f"ws://{host}/graphql") as ws:
        replies = [
            await (await subscribe(ws, document, op_id=str(i))).next()
            for i, document in enumerate((ALIASES, TOKENS))
        ]

    for reply in replies:
        assert reply["type"] == "error", reply
        assert [e["extensions"]["code"] for e in reply["payload"]] == ["QUERY_TOO_COMPLEX"]


async def test_a_syntax_error_over_websocket_is_not_a_silent_complete(
    settings: Settings, engine: AsyncEngine
) -> None:
    app = create_app(replace(settings, rate_limit_address=0, rate_limit_token=0))
    async with serve(app) as host, connect(f"ws://{host}/graphql") as ws:
        subscription = await subscribe(ws, UNPARSABLE)
        with pytest.raises(websockets.ConnectionClosedError) as closed:
            await subscription.next()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400
    assert "Syntax Error" in closed.value.rcvd.reason
