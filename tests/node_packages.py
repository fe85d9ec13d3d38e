"""npm packages a test runs with node, pinned by a package-lock.json under tests/ and
installed once per lockfile into ~/.cache (or $XDG_CACHE_HOME)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path


def installed(pinned: Path, cache_name: str) -> Path:
    """The directory whose node_modules holds the packages `pinned`/package-lock.json names."""
    lock = (pinned / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    home = cache / cache_name / hashlib.sha256(lock).hexdigest()[:16]
    if not (home / "node_modules" / ".package-lock.json").exists():
        home.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(pinned / name, home / name)
        subprocess.run(
            ["npm", "ci", "--prefix", str(home), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return home
