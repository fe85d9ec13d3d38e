"""The browser test harness: a real `gp-api serve` over a demo-seeded SQLite database, and
Debian's Chromium driven by Playwright (its Python wheel carries the driver; no browser is
downloaded), with every request to a host other than the server's blocked and recorded.

Fixtures:
- `served` (per module): the server; `.url`, `.token(role, actor=...)`, `.revoke(id)`,
  `.graphql(query, variables, token)`, `.log()`.
- `browser` (per session): Chromium, headless.
- `built_assets` (per session): GraphiQL's files built (gp_api.assets.ensure) when needed.
- `open_page` (per test): a factory of pages, each in a context of its own (a second browser),
  each with the network outside the server cut off; `page` is the first one.
- `traffic` (per test): what the pages of the test were refused (`blocked`) and the errors they
  logged (`errors`: console errors and uncaught exceptions).

`screenshot(page, name)` saves docs/img/NAME.png for the docs.

Without /usr/bin/chromium (or the playwright package) the tests skip, except in CI
(GP_TEST_REQUIRE_POSTGRES=1), where they fail; `.ci/run` installs Debian's chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest

from gp_api import assets
from gp_api.config import PROJECT_ROOT
from tests.ws_client import free_port

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page

CHROMIUM = os.environ.get("GP_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("GP_TEST_REQUIRE_POSTGRES") == "1"  # CI: no skipping
GP_API = [sys.executable, "-m", "gp_api.cli"]
SCREENSHOTS = PROJECT_ROOT / "docs" / "img"
TIMEOUT_MS = 20_000  # longest wait for one thing on a page (the machine may be loaded)


def unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (required in CI: GP_TEST_REQUIRE_POSTGRES=1)")
    pytest.skip(reason)


@dataclass
class Token:
    id: int
    secret: str
    role: str


@dataclass
class Served:
    """A `gp-api serve` process on 127.0.0.1 over its own demo-seeded SQLite database."""

    url: str
    env: dict[str, str]
    log_file: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        """host:port, the only origin pages may reach."""
        return urlsplit(self.url).netloc

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [*GP_API, *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def token(self, role: str, *, actor: str | int | None = None, name: str = "") -> Token:
        """A new API token of `role` (ADMIN, EDITOR, VIEWER), made with `gp-api token create`;
        an EDITOR needs `actor` (a number or global ID)."""
        args = ["token", "create", "--role", role, "--name", name or f"browser {role.lower()}"]
        if actor is not None:
            args += ["--actor", str(actor)]
        lines = self.cli(*args).splitlines()
        number = re.match(r"created token (\d+) ", lines[0])
        assert number, lines
        return Token(int(number[1]), lines[-1], role)

    def revoke(self, token: Token | int) -> None:
        self.cli("token", "revoke", str(token.id if isinstance(token, Token) else token))

    async def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: Token | str | None = None,
    ) -> dict[str, Any]:
        """POST a GraphQL document; the whole response body (data and errors)."""
        headers = {}
        if token is not None:
            secret = token.secret if isinstance(token, Token) else token
            headers["authorization"] = f"Bearer {secret}"
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(
                f"{self.url}/graphql",
                json={"query": query, "variables": variables or {}},
                headers=headers,
            )
        body: dict[str, Any] = response.json()
        return body

    def log(self) -> str:
        """What the server printed so far (for assertion messages)."""
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""


def wait_ready(served: Served) -> None:
    for _ in range(600):
        if served.process is not None and served.process.poll() is not None:
            raise AssertionError(f"gp-api serve stopped:\n{served.log()}")
        try:
            if httpx.get(f"{served.url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"gp-api serve did not become ready:\n{served.log()}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    directory = tmp_path_factory.mktemp("served")
    port = free_port()
    env = {
        **os.environ,
        "GP_DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'gp.db'}",
        "GP_HOST": "127.0.0.1",
        "GP_PORT": str(port),
        "GP_SWEEP_INTERVAL": "0",
        "GP_WEBHOOK_WORKER": "false",
        # A page loads many things at once: no rate limits in the way.
        "GP_RATE_LIMIT_TOKEN": "0",
        "GP_RATE_LIMIT_ADDRESS": "0",
        "GP_LOG_LEVEL": "warning",
    }
    for name in ("GP_TOKEN", "GP_REDIS_URL", "GP_CORS_ORIGINS", "GP_PUBLIC_READ"):
        env.pop(name, None)
    served = Served(f"http://127.0.0.1:{port}", env, directory / "serve.log")
    served.cli("db", "upgrade")
    served.cli("seed", "--demo")
    with served.log_file.open("wb") as log:
        served.process = subprocess.Popen(
            [*GP_API, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_ready(served)
        yield served
    finally:
        served.process.terminate()
        try:
            served.process.wait(15)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()


@pytest.fixture(scope="session")
def built_assets() -> None:
    """GraphiQL's files in gp_api/static/vendor, built now (npm ci) when missing or older than
    frontend/package-lock.json; without npm they must be there already."""
    try:
        assets.ensure()
    except assets.AssetError as error:
        unavailable(f"GraphiQL's files are missing and cannot be built: {error}")


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not shutil.which(CHROMIUM):
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Traffic:
    """What the pages of one test were refused, and the errors they reported."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
async def open_page(
    browser: Browser, served: Served, traffic: Traffic
) -> AsyncIterator[Callable[[], Awaitable[Page]]]:
    """`await open_page()`: a new page in a new browser context (its own storage, as a second
    browser has), which reaches only the server: any other request is aborted and recorded in
    `traffic.blocked`; console errors and uncaught exceptions go to `traffic.errors`."""
    contexts: list[BrowserContext] = []

    def local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or parts.netloc == served.host

    async def new_page() -> Page:
        context = await browser.new_context(service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)

        async def route(route: Any) -> None:
            if local(route.request.url):
                await route.continue_()
            else:
                traffic.blocked.append(route.request.url)
                await route.abort("blockedbyclient")

        async def route_socket(socket: Any) -> None:
            traffic.blocked.append(socket.url)
            await socket.close()

        await context.route("**/*", route)
        await context.route_web_socket(lambda url: not local(url), route_socket)
        page = await context.new_page()
        page.on(
            "console",
            lambda message: (
                traffic.errors.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: traffic.errors.append(f"page: {error}"))
        return page

    yield new_page
    for context in contexts:
        await context.close()


@pytest.fixture
async def page(open_page: Callable[[], Awaitable[Page]]) -> Page:
    return await open_page()


def screenshot_path(folder: Path, name: str) -> Path:
    """Where a test saves the screenshot NAME: under `folder` in docs/ when GP_SCREENSHOTS=1
    (`make screenshots`, which refreshes the docs' pictures), else in a temporary folder, so
    that `make test` leaves the checkout as it found it."""
    if os.environ.get("GP_SCREENSHOTS") != "1":
        folder = Path(tempfile.gettempdir()) / "gp-api-screenshots" / folder.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


async def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """Save the page as docs/img/NAME.png (for the docs, which show what the tests saw)."""
    path = screenshot_path(SCREENSHOTS, name)
    await page.screenshot(path=str(path), full_page=full_page)
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`served` runs over SQLite whatever the backend: the browser tests run once, in the
    SQLite pass of `make test`, not again in the PostgreSQL one."""
    if os.environ.get("GP_TEST_BACKEND", "sqlite") != "postgres":
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="browser tests run in the SQLite pass (served is SQLite)")
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(skip)
