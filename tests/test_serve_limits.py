"""Real `gp-api serve` processes, limited per client address, asked from 127.0.0.1:
X-Forwarded-For is believed only from the proxies an operator lists (GP_TRUSTED_PROXIES), and
processes sharing a Redis (GP_REDIS_URL) share the limit."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from gp_api.config import PROJECT_ROOT
from tests.test_cli import GP_API, free_port, run

QUERY = {"query": "{ __typename }"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('forwarded') / 'gp.db'}"
    upgrade = run("db", "upgrade", env={"GP_DATABASE_URL": url})
    assert upgrade.returncode == 0, upgrade.stderr
    return url


@contextlib.contextmanager
def serving(database: str, **env: str) -> Iterator[str]:
    """`gp-api serve` on a free port, allowing two requests a minute per address."""
    port = free_port()
    server = subprocess.Popen(
        [*GP_API, "serve"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "GP_DATABASE_URL": database,
            "GP_HOST": "127.0.0.1",
            "GP_PORT": str(port),
            "GP_RATE_LIMIT_ADDRESS": "2",
            "GP_SWEEP_INTERVAL": "0",
            "GP_WEBHOOK_WORKER": "false",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=2)  # not limited: it spends no budget
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                assert server.poll() is None, "server exited"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def statuses(url: str, *forwarded_for: str) -> list[int]:
    return [
        httpx.post(
            f"{url}/graphql", json=QUERY, headers={"x-forwarded-for": address}, timeout=5
        ).status_code
        for address in forwarded_for
    ]


def test_a_spoofed_forwarded_for_does_not_change_the_limited_address(database: str) -> None:
    with serving(database) as url:
        # Each request names another address; all come from 127.0.0.1, and that is counted.
        seen = statuses(url, "198.51.100.1", "198.51.100.2", "198.51.100.3")

    assert seen == [200, 200, 429]


def test_forwarded_for_from_a_trusted_proxy_names_the_client(database: str) -> None:
    with serving(database, GP_TRUSTED_PROXIES="127.0.0.1") as url:
        first_client = statuses(url, "198.51.100.1", "198.51.100.1", "198.51.100.1")
        second_client = statuses(url, "198.51.100.2")

    assert first_client == [200, 200, 429]
    assert second_client == [200]


def test_a_trusted_proxy_that_is_not_an_address_is_refused() -> None:
    result = run("serve", env={"GP_TRUSTED_PROXIES": "127.0.0.1, proxy.internal"})

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "gp-api: GP_TRUSTED_PROXIES must list IP addresses or networks, got 'proxy.internal'"
    )


def test_two_server_processes_on_one_redis_share_the_limit(database: str, redis_url: str) -> None:
    shared = {"GP_REDIS_URL": redis_url, "GP_REDIS_PREFIX": f"gp-test-{uuid.uuid4().hex}"}
    with serving(database, **shared) as first, serving(database, **shared) as second:
        seen = [*statuses(first, "-"), *statuses(second, "-"), *statuses(first, "-")]

    assert seen == [200, 200, 429]


@pytest.mark.parametrize("url", ["http://:hunter2@cache:6379/0", "redis//:hunter2@cache:6379/0"])
def test_a_redis_url_that_is_not_one_is_refused_without_its_password(url: str) -> None:
    result = run("serve", env={"GP_REDIS_URL": url, "GP_PORT": str(free_port())})

    assert result.returncode != 0
    assert "GP_REDIS_URL must be a redis:// or rediss:// URL" in result.stderr
    assert "hunter2" not in result.stderr
