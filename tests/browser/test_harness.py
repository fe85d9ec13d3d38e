"""The harness itself: pages reach the server and nothing else, tokens of each role work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from tests.browser.conftest import Served, Traffic

if TYPE_CHECKING:
    from playwright.async_api import Page

VIEWER = "{ viewer { role } }"


async def test_pages_reach_the_server_and_nothing_else(
    page: Page, served: Served, traffic: Traffic
) -> None:
    response = await page.goto(f"{served.url}/healthz")
    assert response is not None
    assert response.ok
    await page.evaluate("fetch('https://example.org/x').catch(() => null)")
    await page.evaluate(
        "new Promise(r => { const s = new WebSocket('wss://example.org/ws'); s.onclose = r; s.onerror = r; })"
    )
    assert "https://example.org/x" in traffic.blocked
    assert "wss://example.org/ws" in traffic.blocked


async def test_tokens_of_each_role(served: Served) -> None:
    actor = (await served.graphql("{ actors(first: 1) { edges { node { id } } } }"))["data"]
    actor_id = actor["actors"]["edges"][0]["node"]["id"]
    for role, kwargs in (("ADMIN", {}), ("VIEWER", {}), ("EDITOR", {"actor": actor_id})):
        token = served.token(role, **kwargs)
        body = await served.graphql(VIEWER, token=token)
        assert body["data"]["viewer"]["role"] == role, body
        served.revoke(token)
        refused = await served.graphql(VIEWER, token=token)
        assert refused.get("errors"), refused


async def test_a_second_page_has_its_own_storage(
    open_page: Callable[[], Awaitable[Page]], served: Served
) -> None:
    first, second = await open_page(), await open_page()
    await first.goto(f"{served.url}/healthz")
    await second.goto(f"{served.url}/healthz")
    await first.evaluate("sessionStorage.setItem('k', 'v'); localStorage.setItem('k', 'v')")
    assert await second.evaluate("localStorage.getItem('k')") is None
