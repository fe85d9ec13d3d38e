"""The console in Chromium against a real `gp-api serve` over the demo data, every request off
the server blocked: an administrator signs in, finds a body, sees what blocks its next move,
clears it through the console's forms and advances the body (a double click moves once); a
second browser sees the milestone arrive live, and one it missed while disconnected once it
connects again; a token made in the console shows its secret once; a revoked token signs the
first browser out with a message; an EDITOR sees its actor's commitments and no ADMIN screen.
The screenshots (desktop and phone width) go to docs/console/ for docs/console.md."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gp_api.config import PROJECT_ROOT
from tests.browser.conftest import Served, Token, Traffic, screenshot_path

if TYPE_CHECKING:
    from playwright.async_api import Page

SHOTS = PROJECT_ROOT / "docs" / "console"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BODY = "Group of Friends united against Human Trafficking"

BODY_STATE = """query ($id: ID!) { node(id: $id) { ... on CoordinationBody {
  state version history { totalCount } } } }"""


async def shot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """docs/console/NAME.png, at the page's current size (see `screenshot_path`)."""
    path = screenshot_path(SHOTS, name)
    await page.screenshot(path=str(path), full_page=full_page)
    return path


async def sign_in(page: Page, served: Served, token: Token) -> None:
    await page.goto(f"{served.url}/console")
    await page.get_by_label("API token").fill(token.secret)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Plan of action", level=1).wait_for()


def nothing_left_the_server(traffic: Traffic, *, refused: int = 0) -> None:
    """No request left the server, and the pages logged no error but the `refused` 401s the
    test provoked (Chromium logs every 401 answer: a bad token, a revoked one)."""
    assert traffic.blocked == [], traffic.blocked
    expected = "the server responded with a status of 401 (Unauthorized)"
    assert [e for e in traffic.errors if expected not in e] == [], traffic.errors
    assert len(traffic.errors) == refused, traffic.errors


async def test_an_administrators_day(
    open_page: Callable[[], Awaitable[Page]], served: Served, traffic: Traffic
) -> None:
    admin = served.token("ADMIN", name="Console administrator")
    page = await open_page()
    await page.set_viewport_size(DESKTOP)

    # Signing in with a bad token says so and keeps nothing.
    await page.goto(f"{served.url}/console/")
    await page.get_by_label("API token").fill("gpa_not-a-token")
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("alert").filter(has_text="not accepted").wait_for()
    assert await page.evaluate("sessionStorage.length") == 0
    await shot(page, "sign-in")

    await sign_in(page, served, admin)
    assert await page.evaluate("Object.keys(sessionStorage)") == ["gp-console-token"]
    assert await page.evaluate("localStorage.length") == 0
    await page.locator(".step").first.wait_for()
    await shot(page, "plan")

    # A second browser, signed in with a token of its own, follows the live feed.
    watcher = await open_page()
    await watcher.set_viewport_size(DESKTOP)
    await sign_in(watcher, served, served.token("VIEWER", name="Console watcher"))
    await watcher.get_by_role("link", name="Live feed").click()
    await watcher.locator("#feed-status[data-state=live]").wait_for()
    before = await watcher.locator(".feed-item").count()

    # Find the body: the Bodies list, filtered by state, searched by name.
    await page.get_by_role("link", name="Bodies").click()
    await page.get_by_label("State").select_option("CORE_GROUP")
    await page.get_by_label("Search the name").fill("friends")
    await page.get_by_role("button", name="Apply").click()
    await page.wait_for_url(re.compile(r"state=CORE_GROUP.*search=friends"))
    await page.get_by_text("1 shown of 1").wait_for()
    await shot(page, "bodies")
    await page.get_by_role("link", name=BODY).click()
    await page.get_by_role("heading", name=BODY, level=1).wait_for()
    body_id = page.url.rsplit("/", 1)[1]

    # Its next stage is blocked: the blockers say what to do, the button is disabled.
    move = page.get_by_role("button", name="establish task force → TASK_FORCE")
    assert await move.is_disabled()
    blockers = page.locator(".move-card.blocked .blockers")
    await blockers.filter(has_text="needs a mandate").wait_for()
    await blockers.filter(has_text="meeting of the body recorded as HELD").wait_for()
    current = page.locator("svg.diagram .state.current")
    assert await current.count() == 1
    assert await current.locator("text").first.text_content() == "CORE_GROUP"
    label = await page.locator("svg.diagram").get_attribute("aria-label")
    assert label == "Workflow coordination_body: 6 states, current state CORE_GROUP"
    await shot(page, "body-blocked", full_page=True)
    state = (await served.graphql(BODY_STATE, {"id": body_id}, admin))["data"]["node"]
    assert state["state"] == "CORE_GROUP"

    # Clear both blockers through the console's forms.
    await page.get_by_label("Mandate text").fill(
        "Console test: the decision to set up a task force of the Group of Friends"
    )
    await page.get_by_role("button", name="Save the mandate").click()
    await page.locator("#status.success").filter(has_text="Mandate saved").wait_for()
    await (
        page.locator(".move-card.blocked .blockers")
        .filter(has_text="meeting of the body")
        .wait_for()
    )
    assert await page.get_by_text("needs a mandate").count() == 0
    await page.get_by_label("Meeting title").fill("Meeting of the Group of Friends")
    await page.get_by_label("Held on").fill("2026-01-15")
    await page.get_by_label("Outcome (what was decided)").fill("Decided to establish a task force")
    await page.get_by_role("button", name="Record the meeting").click()
    await page.locator("#status.success").filter(has_text="Meeting recorded").wait_for()
    await page.get_by_text("Nothing blocks this move.").first.wait_for()
    assert await move.is_enabled()
    await shot(page, "body-ready")

    # Advance it: a double click moves once, with the version the page showed.
    await page.get_by_label("Reason (recorded in the history)").fill(
        "Console test: the meeting decided it"
    )
    await move.dblclick()
    await page.locator("#status.success").filter(has_text="moved it to TASK_FORCE").wait_for()
    after = (await served.graphql(BODY_STATE, {"id": body_id}, admin))["data"]["node"]
    assert after["state"] == "TASK_FORCE"
    assert after["history"]["totalCount"] == state["history"]["totalCount"] + 1
    await page.locator(".timeline > li").filter(has_text="Console test: the meeting").wait_for()
    await page.locator(".timeline > li").filter(has_text="Console administrator").first.wait_for()
    await shot(page, "body-advanced", full_page=True)

    # The second browser saw the milestone arrive, without reloading.
    arrived = watcher.locator(".feed-item").filter(has_text="CORE_GROUP → TASK_FORCE")
    await arrived.wait_for()
    assert await watcher.locator(".feed-item").count() == before + 1
    await shot(watcher, "feed")

    # Disconnected, it misses nothing: a milestone recorded meanwhile arrives on reconnect.
    await watcher.get_by_role("button", name="Disconnect").click()
    await watcher.locator("#feed-status[data-state=paused]").wait_for()
    created = await served.graphql(
        'mutation { createCoordinationBody(input: {name: "Console test body", hubs: [VIENNA]})'
        " { coordinationBody { id } } }",
        token=admin,
    )
    new_id = created["data"]["createCoordinationBody"]["coordinationBody"]["id"]
    dissolved = await served.graphql(
        'mutation ($id: ID!) { advanceWorkflow(input: {subjectId: $id, trigger: "dissolve",'
        ' reason: "console test"}) { userErrors { message } } }',
        {"id": new_id},
        admin,
    )
    assert dissolved["data"]["advanceWorkflow"]["userErrors"] == []
    await watcher.wait_for_timeout(300)  # nothing arrives while disconnected
    assert await watcher.locator(".feed-item").count() == before + 1
    await watcher.get_by_role("button", name="Connect (resume the feed)").click()
    await watcher.locator(".feed-item").filter(has_text="PROPOSED → DISSOLVED").wait_for()
    assert await watcher.locator(".feed-item").count() == before + 2
    assert await arrived.count() == 1

    # Tokens: bad input is refused with the server's message, and nothing is written.
    await page.get_by_role("link", name="Tokens").click()
    await page.get_by_role("cell", name="Console administrator", exact=True).wait_for()
    listed = await page.locator("tbody tr").count()
    await page.get_by_label("Name", exact=True).fill("Console editor without an actor")
    await page.get_by_label("Role").select_option("EDITOR")
    await page.get_by_role("button", name="Create the token").click()
    await page.locator("#status.error").filter(has_text="acts for one actor").wait_for()
    assert await page.locator("[data-secret]").count() == 0
    await page.reload()
    await page.get_by_role("cell", name="Console administrator", exact=True).wait_for()
    assert await page.locator("tbody tr").count() == listed
    # The secret is shown once, and works.
    await page.get_by_label("Name", exact=True).fill("Console-made viewer")
    await page.get_by_role("button", name="Create the token").click()
    secret = await page.locator("[data-secret]").text_content()
    assert secret
    assert secret.startswith("gpa_")
    made = await served.graphql("{ viewer { name role } }", token=secret)
    assert made["data"]["viewer"] == {"name": "Console-made viewer", "role": "VIEWER"}
    await shot(page, "tokens")
    await page.reload()
    await page.get_by_role("heading", name="API tokens").wait_for()
    assert await page.locator("[data-secret]").count() == 0
    await page.get_by_role("cell", name="Console-made viewer", exact=True).wait_for()

    # The audit log, filtered by subject, shows the move.
    await page.get_by_role("link", name="Audit log").click()
    await page.get_by_label("Subject ID").fill(body_id)
    await page.get_by_role("button", name="Apply").click()
    await page.get_by_role("cell", name="workflow.transitioned").first.wait_for()
    await shot(page, "audit")

    # At a phone's width: one column, no sideways scrolling of the page.
    await page.set_viewport_size(PHONE)
    await page.goto(f"{served.url}/console/#/subject/{body_id}")
    await page.get_by_role("heading", name=BODY, level=1).wait_for()
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await shot(page, "phone-body")
    await page.goto(f"{served.url}/console/#/bodies")
    await page.get_by_role("link", name=BODY).wait_for()
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await shot(page, "phone-bodies")
    await page.set_viewport_size(DESKTOP)

    # The token is revoked on the server: the console signs out at once, with a message.
    served.revoke(admin)
    await page.get_by_role("alert").filter(has_text="signed out").wait_for()
    await page.get_by_label("API token").wait_for()
    assert await page.evaluate("sessionStorage.length") == 0
    await shot(page, "signed-out")
    nothing_left_the_server(traffic, refused=2)


async def test_an_editor_sees_its_commitments_and_no_admin_screen(
    page: Page, served: Served, traffic: Traffic
) -> None:
    found = await served.graphql(
        "{ commitments(first: 1, states: [IN_PROGRESS]) { edges { node { actor { id name } } } } }"
    )
    actor = found["data"]["commitments"]["edges"][0]["node"]["actor"]
    editor = served.token("EDITOR", actor=actor["id"], name="Console editor")
    await page.set_viewport_size(DESKTOP)
    await sign_in(page, served, editor)
    for screen in ("Tokens", "Webhooks", "Deliveries", "Audit log"):
        assert await page.get_by_role("link", name=screen).count() == 0
    await page.get_by_role("link", name="My commitments").click()
    await page.get_by_text(f"Showing {actor['name']}'s commitments").wait_for()
    actors = await page.locator("td[data-label=Actor]").all_text_contents()
    assert actors
    assert set(actors) == {actor["name"]}
    await shot(page, "editor-commitments")
    # Its actor's commitment: the moves are its to make; a body's are not.
    await page.locator("td[data-label=Title] a").first.click()
    await page.get_by_role("heading", name="Moves from IN_PROGRESS").wait_for()
    await page.get_by_text("Needs: EDITOR of its actor, or ADMIN").first.wait_for()
    assert await page.get_by_role("button", name="deliver → DELIVERED").is_enabled()
    await page.get_by_role("link", name="Bodies").click()
    await page.get_by_role("link", name=BODY).click()
    await page.get_by_role("heading", name=BODY, level=1).wait_for()
    await page.get_by_text("Needs: ADMIN (not your token)").first.wait_for()
    for button in await page.locator("button.move").all():
        assert await button.is_disabled()
    assert await page.get_by_text("Clear blockers").count() == 0  # the ADMIN's forms
    # Typing an ADMIN screen's address is refused, and asks the server nothing.
    await page.goto(f"{served.url}/console/#/tokens")
    await page.get_by_role("heading", name="Not available").wait_for()
    await page.get_by_text("needs the ADMIN role").wait_for()
    nothing_left_the_server(traffic)


async def test_keyboard_only_sign_in_and_navigation(
    page: Page, served: Served, traffic: Traffic
) -> None:
    """Tab reaches the sign-in field; Enter submits; the menu's links take the keyboard."""
    viewer = served.token("VIEWER", name="Console keyboard")
    await page.goto(f"{served.url}/console/")
    await page.get_by_label("API token").wait_for()
    assert await page.evaluate("document.activeElement.name") == "token"
    await page.keyboard.type(viewer.secret)
    await page.keyboard.press("Enter")
    await page.get_by_role("heading", name="Plan of action", level=1).wait_for()
    await page.get_by_role("link", name="Workflows").focus()
    await page.keyboard.press("Enter")
    await page.get_by_role("heading", name="Workflows", level=1).wait_for()
    assert await page.locator("svg.diagram").count() == 4
    # The heading has the focus after a move; Tab goes on to the next control, outlined.
    assert await page.evaluate("document.activeElement.tagName") == "H1"
    await page.keyboard.press("Tab")
    focused = await page.evaluate(
        "(() => { const e = document.activeElement;"
        " return [e.className, e.getAttribute('aria-label'), getComputedStyle(e).outlineStyle]; })()"
    )
    # The first diagram's scroller (a labelled stop, so the keyboard can scroll it), outlined.
    assert focused == ["diagram-wrap", "Diagram (scrolls sideways)", "solid"]
    await shot(page, "workflows", full_page=True)
    # The skip link takes the focus to the screen's heading and leaves the address alone.
    await page.locator(".skip").focus()
    await page.keyboard.press("Enter")
    assert page.url.endswith("#/workflows")
    assert await page.evaluate("document.activeElement.textContent") == "Workflows"
    nothing_left_the_server(traffic)


async def test_a_version_conflict_is_explained_and_the_page_reloads(
    page: Page, served: Served, traffic: Traffic
) -> None:
    """The page offers a move at the version it showed; someone else moves first: the server
    refuses the stale move, the console says why and shows the subject as it now is."""
    admin = served.token("ADMIN", name="Console conflict")
    created = await served.graphql(
        'mutation { createCoordinationBody(input: {name: "Console conflict body", hubs: [GENEVA]})'
        " { coordinationBody { id } } }",
        token=admin,
    )
    body_id = created["data"]["createCoordinationBody"]["coordinationBody"]["id"]
    await page.set_viewport_size(DESKTOP)
    await sign_in(page, served, admin)
    await page.goto(f"{served.url}/console/#/subject/{body_id}")
    await page.get_by_role("heading", name="Console conflict body", level=1).wait_for()
    dissolve = page.get_by_role("button", name="dissolve → DISSOLVED")

    # A move that needs a reason asks for it, and sends nothing.
    await dissolve.click()
    await page.locator("#status.error").filter(has_text="needs a reason").wait_for()
    assert await page.evaluate("document.activeElement.name") == "reason"
    state = (await served.graphql(BODY_STATE, {"id": body_id}, admin))["data"]["node"]
    assert state == {"state": "PROPOSED", "version": 1, "history": {"totalCount": 0}}

    # Someone else dissolves it meanwhile.
    other = await served.graphql(
        'mutation ($id: ID!) { advanceWorkflow(input: {subjectId: $id, trigger: "dissolve",'
        ' reason: "dissolved elsewhere", expectedVersion: 1}) { userErrors { message } } }',
        {"id": body_id},
        admin,
    )
    assert other["data"]["advanceWorkflow"]["userErrors"] == []
    await page.get_by_label("Reason (recorded in the history)").fill("dissolved from the console")
    await dissolve.click()
    await page.locator("#status.error").filter(has_text="Someone else changed this").wait_for()
    await page.get_by_text("you had version 1").wait_for()
    await page.get_by_role("heading", name="Moves from DISSOLVED").wait_for()
    await page.locator(".timeline > li").filter(has_text="dissolved elsewhere").wait_for()
    await shot(page, "conflict")
    state = (await served.graphql(BODY_STATE, {"id": body_id}, admin))["data"]["node"]
    assert state == {"state": "DISSOLVED", "version": 2, "history": {"totalCount": 1}}
    nothing_left_the_server(traffic)


async def test_lists_page_through_relay_cursors(
    page: Page, served: Served, traffic: Traffic
) -> None:
    """Drafts and resolutions, 10 a page: Next and Previous follow the API's cursors."""
    total = (await served.graphql("{ resolutions { totalCount } }"))["data"]["resolutions"]
    count = total["totalCount"]
    assert 10 < count <= 20  # the demo's: two pages of 10
    await page.set_viewport_size(DESKTOP)
    await sign_in(page, served, served.token("VIEWER", name="Console pager"))
    await page.get_by_role("link", name="Drafts & resolutions").click()
    await page.get_by_label("Rows per page").select_option("10")
    await page.get_by_role("button", name="Apply").click()
    await page.get_by_text(f"10 shown of {count}").wait_for()
    rows = page.locator("td[data-label=Title] a")
    first_page = [await a.get_attribute("href") for a in await rows.all()]
    previous = page.get_by_role("button", name="← Previous")
    following = page.get_by_role("button", name="Next →")
    assert await previous.is_disabled()
    await following.click()
    await page.get_by_text(f"{count - 10} shown of {count}").wait_for()
    second_page = [await a.get_attribute("href") for a in await rows.all()]
    assert len(second_page) == count - 10
    assert not set(first_page) & set(second_page)
    assert await following.is_disabled()
    await previous.click()
    await page.get_by_text(f"10 shown of {count}").wait_for()
    assert [await a.get_attribute("href") for a in await rows.all()] == first_page
    assert await previous.is_disabled()
    # A state filter narrows the list to that state.
    await page.get_by_label("State").select_option("ADOPTED")
    await page.get_by_role("button", name="Apply").click()
    await page.wait_for_url(re.compile(r"state=ADOPTED"))
    states = await page.locator("td[data-label=State]").all_text_contents()
    assert states
    assert set(states) == {"ADOPTED"}
    nothing_left_the_server(traffic)


async def test_webhook_endpoints_and_the_delivery_ledger(
    page: Page, served: Served, traffic: Traffic
) -> None:
    """An ADMIN registers an endpoint (its secret shown once), disables it, deletes it; a
    private address is refused with the server's message; the ledger filters by status."""
    admin = served.token("ADMIN", name="Console webhooks")
    endpoints = "{ webhookEndpoints { edges { node { url enabled } } } }"
    await page.set_viewport_size(DESKTOP)
    await sign_in(page, served, admin)
    await page.get_by_role("link", name="Webhooks").click()
    await page.get_by_role("heading", name="Webhook endpoints", level=1).wait_for()

    await page.get_by_label("URL", exact=True).fill("http://127.0.0.1:9/hook")
    await page.get_by_role("button", name="Register").click()
    await page.locator("#status.error").filter(has_text="public address").wait_for()
    listed = await served.graphql(endpoints, token=admin)
    assert listed["data"]["webhookEndpoints"]["edges"] == []

    url = "https://receiver.example/gp-hooks"
    await page.get_by_label("URL", exact=True).fill(url)
    await page.get_by_label("Description").fill("Console test receiver")
    await page.get_by_label("Workflows (comma-separated)").fill("coordination_body")
    await page.get_by_role("button", name="Register").click()
    secret = await page.locator("[data-secret]").text_content()
    assert secret
    await page.get_by_role("cell", name=url).wait_for()
    await shot(page, "webhooks")
    listed = await served.graphql(endpoints, token=admin)
    assert listed["data"]["webhookEndpoints"]["edges"] == [{"node": {"url": url, "enabled": True}}]

    await page.get_by_role("button", name="Enabled: disable").click()
    await page.get_by_role("button", name="Disabled: enable").wait_for()
    assert await page.locator("[data-secret]").count() == 0  # shown once
    listed = await served.graphql(endpoints, token=admin)
    assert listed["data"]["webhookEndpoints"]["edges"][0]["node"]["enabled"] is False

    await page.get_by_role("link", name="ledger").click()
    await page.get_by_role("heading", name="Delivery ledger", level=1).wait_for()
    await page.get_by_text("0 deliveries").wait_for()
    await page.get_by_label("Status").select_option("DEAD")
    await page.get_by_role("button", name="Apply").click()
    await page.wait_for_url(re.compile(r"status=DEAD"))

    await page.get_by_role("link", name="Webhooks").click()
    delete = page.get_by_role("button", name="Delete", exact=True)
    await delete.click()
    await page.get_by_role("button", name="Confirm: delete").click()
    await page.locator("#status.success").filter(has_text="Endpoint deleted").wait_for()
    listed = await served.graphql(endpoints, token=admin)
    assert listed["data"]["webhookEndpoints"]["edges"] == []
    nothing_left_the_server(traffic)


async def test_a_new_body_is_convened_once_its_members_are_added(
    page: Page, served: Served, traffic: Traffic
) -> None:
    """Create a body in the console; its first stage needs a state, a UN entity and an NGO
    among its members: add them with the member form until nothing blocks, then convene."""
    admin = served.token("ADMIN", name="Console convener")
    await page.set_viewport_size(DESKTOP)
    await sign_in(page, served, admin)
    await page.get_by_role("link", name="Bodies").click()
    await page.get_by_text("New coordination body").click()
    await page.get_by_label("Name of the new body").fill("Console core group")
    await page.get_by_label("Vienna").check()
    await page.get_by_role("button", name="Create the body").click()
    await page.get_by_role("heading", name="Console core group", level=1).wait_for()
    await page.locator("#status.success").filter(has_text="starts PROPOSED").wait_for()
    convene = page.get_by_role("button", name="convene core group → CORE_GROUP")
    assert await convene.is_disabled()
    for kind, needs in (("STATE", "a state"), ("UN_ENTITY", "a UN entity"), ("NGO", "an NGO")):
        await page.locator(".blockers").filter(has_text=f"needs {needs} among").wait_for()
        await page.get_by_label("Kind").select_option(kind)
        await page.get_by_role("button", name="Find actors").click()
        await page.locator("#status").filter(has_text="actors found").wait_for()
        await page.get_by_role("button", name="Add the member").click()
        await page.locator("#status.success").filter(has_text="Member added").wait_for()
        assert await page.get_by_text(f"needs {needs} among").count() == 0
    assert await convene.is_enabled()
    await convene.click()
    await page.locator("#status.success").filter(has_text="moved it to CORE_GROUP").wait_for()
    await page.get_by_role("heading", name="Moves from CORE_GROUP").wait_for()
    body_id = page.url.rsplit("/", 1)[1]
    state = (await served.graphql(BODY_STATE, {"id": body_id}, admin))["data"]["node"]
    assert state["state"] == "CORE_GROUP"
    assert state["history"]["totalCount"] == 1
    nothing_left_the_server(traffic)


async def test_the_live_feed_resumes_after_the_connection_drops(
    page: Page, served: Served, traffic: Traffic
) -> None:
    """The feed's WebSocket to the server is cut (as a network failure would); the console
    reconnects by itself, and the milestone recorded while it was away arrives, once."""
    admin = served.token("ADMIN", name="Console reconnect")
    sockets: list[Any] = []
    back = asyncio.Event()

    async def through(socket: Any) -> None:
        # Every console socket goes on to the real server; the second one (the reconnection)
        # only once the test has recorded the milestone it must not miss.
        sockets.append(socket)
        if len(sockets) > 1:
            await back.wait()
        socket.connect_to_server()

    await page.route_web_socket(re.compile(r"/graphql$"), through)
    await page.set_viewport_size(DESKTOP)
    await sign_in(page, served, admin)
    await page.get_by_role("link", name="Live feed").click()
    await page.locator("#feed-status[data-state=live]").wait_for()
    shown = await page.locator(".feed-item").count()

    await sockets[0].close(code=1011, reason="the network went away")
    await page.locator("#feed-status[data-state=offline]").wait_for()
    created = await served.graphql(
        'mutation { createCoordinationBody(input: {name: "Console dropped body"})'
        " { coordinationBody { id } } }",
        token=admin,
    )
    body_id = created["data"]["createCoordinationBody"]["coordinationBody"]["id"]
    moved = await served.graphql(
        'mutation ($id: ID!) { advanceWorkflow(input: {subjectId: $id, trigger: "dissolve",'
        ' reason: "while the console was away"}) { userErrors { message } } }',
        {"id": body_id},
        admin,
    )
    assert moved["data"]["advanceWorkflow"]["userErrors"] == []
    back.set()
    missed = page.locator(".feed-item").filter(has_text="Console dropped body")
    await missed.wait_for()
    await page.locator("#feed-status[data-state=live]").wait_for()
    assert len(sockets) == 2
    assert await missed.count() == 1
    assert await page.locator(".feed-item").count() == min(shown + 1, 200)
    nothing_left_the_server(traffic)
