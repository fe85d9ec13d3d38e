"""A webhook receiver on loopback for tests, and helpers that register it, make events and run
the worker until nothing is pending."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gp_api.actors import service as actors
from gp_api.actors.models import ActorKind
from gp_api.db import session_factory
from gp_api.principal import SYSTEM
from gp_api.webhooks import service as webhooks
from gp_api.webhooks.models import DeliveryStatus, WebhookDelivery
from gp_api.webhooks.signing import verify
from gp_api.webhooks.worker import WorkerSettings, client_for, work_once
from tests.ws_client import serve

# The receivers listen on 127.0.0.1: the tests allow private targets explicitly.
FAST = WorkerSettings(max_attempts=4, backoff=0.01, max_backoff=0.05, timeout=5, allow_private=True)


@dataclass
class Receiver:
    url: str
    secret: str = ""
    fail_first: int = 0
    status: int = 200
    # The very first call is answered only after this many seconds (or on `release`).
    delay_first: float = 0.0
    release: asyncio.Event = field(default_factory=asyncio.Event)
    calls: list[dict[str, Any]] = field(default_factory=list)
    tries: Counter[str] = field(default_factory=Counter)

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        delivery = request.headers["x-gp-delivery"]
        self.tries[delivery] += 1
        ok = self.tries[delivery] > self.fail_first and self.status == 200
        self.calls.append(
            {
                "delivery": delivery,
                "ok": ok,
                "host": request.headers["host"],
                "valid": verify(
                    self.secret,
                    int(request.headers["x-gp-timestamp"]),
                    body,
                    request.headers["x-gp-signature"],
                ),
                "body": json.loads(body),
            }
        )
        if len(self.calls) == 1 and self.delay_first:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), self.delay_first)
        if self.status in (301, 302):
            return Response(
                status_code=self.status, headers={"location": "http://elsewhere.invalid/"}
            )
        return Response(status_code=200 if ok else 500)

    def delivered(self) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["ok"]]


@contextlib.asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    holder: list[Receiver] = []

    async def endpoint(request: Request) -> Response:
        return await holder[0].handle(request)

    async with serve(Starlette(routes=[Route("/hook", endpoint, methods=["POST"])])) as host:
        holder.append(Receiver(url=f"http://{host}/hook"))
        try:
            yield holder[0]
        finally:
            holder[0].release.set()  # let held requests finish, so that the server can stop


def event_number(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":")[1])


async def register(engine: AsyncEngine, receiver: Receiver, **filters: Any) -> int:
    async with session_factory(engine)() as s, s.begin():
        created = await webhooks.create_endpoint(
            s, principal=SYSTEM, url=receiver.url, allow_private=True, **filters
        )
    receiver.secret = created.secret
    return created.endpoint.id


async def actors_and_updates(engine: AsyncEngine, names: list[str], updates: int) -> None:
    async with session_factory(engine)() as s, s.begin():
        made = [
            await actors.create_actor(
                s, principal=SYSTEM, values={"name": n, "kind": ActorKind.NGO}
            )
            for n in names
        ]
        for i in range(updates):
            for actor in made:
                await actors.update_actor(
                    s, principal=SYSTEM, actor_id=actor.id, changes={"short_name": f"v{i}"}
                )


async def pending(engine: AsyncEngine) -> bool:
    async with session_factory(engine)() as s:
        found = await s.scalar(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.status == DeliveryStatus.PENDING)
            .limit(1)
        )
    return found is not None


async def drain(engine: AsyncEngine, settings: WorkerSettings = FAST, rounds: int = 200) -> None:
    """Run the worker until nothing is pending (or `rounds` rounds have passed)."""
    sessions = session_factory(engine)
    async with client_for(settings) as client:
        for _ in range(rounds):
            if not await work_once(sessions, client, settings):
                if not await pending(engine):
                    return
                await asyncio.sleep(0.02)
