"""Which packages the wheel holds (the rest of the metadata is in pyproject.toml).

The migrations live at the top level of the checkout, where `alembic` finds them through
alembic.ini; the wheel carries them inside the package, as gp_api/migrations, where
gp_api.config.MIGRATIONS_DIR finds them once installed. pyproject.toml alone cannot add a
mapped directory to discovered packages, hence this file.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["gp_api", "gp_api.*", "workflows", "workflows.*"]),
        "gp_api.migrations",
        "gp_api.migrations.versions",
    ],
    package_dir={"gp_api.migrations": "migrations"},
)
