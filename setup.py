"""Which packages the wheel holds (the rest of the metadata is in pyproject.toml), and the
browser files it carries.

The migrations live at the top level of the checkout, where `alembic` finds them through
alembic.ini; the wheel carries them inside the package, as gp_api/migrations, where
gp_api.config.MIGRATIONS_DIR finds them once installed. pyproject.toml alone cannot add a
mapped directory to discovered packages, hence this file.

GraphiQL's files (gp_api/static/vendor) are built before the package is (gp_api/assets.py: npm
ci from frontend/package-lock.json) when they are missing or older than the lockfile, so that
the wheel carries them; without npm the wheel is built without them, with a warning (its
GraphiQL page then says how to build them).
"""

import importlib.util
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self) -> None:
        path = Path(__file__).resolve().parent / "gp_api" / "assets.py"
        spec = importlib.util.spec_from_file_location("_gp_api_assets", path)
        if spec is not None and spec.loader is not None:
            assets = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(assets)
            try:
                print(assets.ensure())
            except assets.AssetError as error:
                print(f"warning: the wheel carries no GraphiQL files: {error}", file=sys.stderr)
        super().run()


setup(
    packages=[
        *find_packages(include=["gp_api", "gp_api.*", "workflows", "workflows.*"]),
        "gp_api.migrations",
        "gp_api.migrations.versions",
    ],
    package_dir={"gp_api.migrations": "migrations"},
    cmdclass={"build_py": BuildPy},
)
