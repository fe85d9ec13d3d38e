"""The wheel carries everything it needs: built from this tree, installed with its declared
dependencies (from the package index) in a fresh venv, and run from a directory outside the
checkout, `gp-api db upgrade`, `seed --demo` and `serve` work.

On SQLite it uses the installed default database (var/gp.db in the current directory); on
PostgreSQL, a scratch database.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import httpx
import pytest

from gp_api.config import PROJECT_ROOT
from tests.conftest import BACKEND
from tests.test_cli import free_port

pytestmark = pytest.mark.install

NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "results"
)


def check(args: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def first_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    """The process's first line of output, or an assertion error after `timeout` seconds
    (a bare readline would hang the suite on a server that never listens)."""
    lines: queue.Queue[bytes] = queue.Queue()
    stdout = process.stdout
    assert stdout is not None
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout).decode()
    except queue.Empty:
        raise AssertionError(f"no line within {timeout} s (exit code {process.poll()})") from None


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding the wheel and its dependencies, and nothing from this checkout."""
    root = tmp_path_factory.mktemp("install")
    # Build from a copy: an in-tree build would leave build/ and *.egg-info in the checkout.
    source = root / "source"
    shutil.copytree(PROJECT_ROOT, source, ignore=NOT_SOURCES)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    venv = root / "venv"
    # No pip inside (ensurepip costs seconds): the test's pip installs into it.
    check([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=root, env=env)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    into_venv = [*pip, "--python", str(venv / "bin" / "python"), "install", "--quiet"]
    # The declared dependencies download while the wheel builds; installing the wheel then
    # resolves its own metadata against them.
    declared = tomllib.loads((source / "pyproject.toml").read_text())["project"]["dependencies"]
    downloading = subprocess.Popen(
        [*into_venv, *declared], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        check([*pip, "wheel", ".", "--no-deps", "-w", str(root / "dist")], cwd=source, env=env)
    finally:
        _, err = downloading.communicate(timeout=300)
    assert downloading.returncode == 0, err.decode()
    (wheel,) = (root / "dist").glob("gp_api-*.whl")
    check([*into_venv, str(wheel)], cwd=root, env=env)
    return venv


def test_the_wheel_installs_migrates_seeds_and_serves(
    installed: Path, tmp_path: Path, scratch_database_url: str
) -> None:
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("GP_")
    }
    port = free_port()
    env |= {"GP_PORT": str(port), "GP_HOST": "127.0.0.1", "GP_WEBHOOK_WORKER": "false"}
    if BACKEND == "postgres":
        env["GP_DATABASE_URL"] = scratch_database_url
    gp_api = str(installed / "bin" / "gp-api")

    where = check(
        [str(installed / "bin" / "python"), "-c", "import gp_api; print(gp_api.__file__)"],
        cwd=workdir,
        env=env,
    )
    assert where.startswith(str(installed)), where
    check([gp_api, "db", "upgrade"], cwd=workdir, env=env)
    seeded = check([gp_api, "seed", "--demo"], cwd=workdir, env=env)
    assert "demo data loaded" in seeded
    if BACKEND != "postgres":
        assert (workdir / "var" / "gp.db").is_file()

    server = subprocess.Popen(
        [gp_api, "serve"], cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        banner = first_line(server, timeout=60)
        assert banner == f"GP API on http://127.0.0.1:{port}/graphql\n", server.poll()
        deadline = time.monotonic() + 10
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql",
                    json={"query": "{ actors(first: 1) { totalCount } planSteps { key } }"},
                    timeout=5,
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        data = response.json()["data"]
        assert data["actors"]["totalCount"] > 0
        assert data["planSteps"][0]["key"] == "core_group"
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert ready.json()["status"] == "ready"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        for stream in (server.stdout, server.stderr):
            if stream is not None:
                stream.close()
