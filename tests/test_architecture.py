"""The dependency rules of DESIGN section 2, checked on the imports of every module."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_workflows_import_only_the_standard_library_and_transitions() -> None:
    allowed = set(sys.stdlib_module_names) | {"transitions", "workflows", "__future__"}
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules("workflows")
        for name in imports_of(path)
        if name.split(".")[0] not in allowed
    }
    assert offenders == set()


def test_only_the_graphql_layer_imports_strawberry_or_graphql() -> None:
    """The fast path (gp_api/fastpath) reads documents with graphql-core, never strawberry."""
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules("gp_api")
        if "graphql" not in path.relative_to(ROOT / "gp_api").parts[:1]
        for name in imports_of(path)
        if name.split(".")[0] == "strawberry"
        or (
            name.split(".")[0] == "graphql"
            and path.relative_to(ROOT / "gp_api").parts[0] != "fastpath"
        )
    }
    assert offenders == set()


def test_the_fast_path_stands_below_the_graphql_layer() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules("gp_api/fastpath")
        for name in imports_of(path)
        if name.startswith("gp_api.graphql")
    }
    assert offenders == set()


# Being rewritten elsewhere; they move to gp_api.fastpath.LRU when that lands.
LRU_PENDING = {"gp_api/graphql/compiled.py", "gp_api/readsql.py"}


def test_bounded_caches_are_the_one_lru_class() -> None:
    """No hand-rolled LRU (an OrderedDict trimmed with popitem) outside gp_api.fastpath.lru."""
    offenders = {
        str(path.relative_to(ROOT))
        for path in modules("gp_api")
        if str(path.relative_to(ROOT)) not in LRU_PENDING | {"gp_api/fastpath/lru.py"}
        and "popitem(last=False)" in path.read_text(encoding="utf-8")
    }
    assert offenders == set()


def test_services_and_models_never_import_the_graphql_layer() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules("gp_api")
        if path.relative_to(ROOT / "gp_api").parts[0] not in ("graphql", "app.py", "cli.py")
        for name in imports_of(path)
        if name.startswith("gp_api.graphql")
    }
    assert offenders == set()


def test_the_checks_see_real_imports() -> None:
    assert "strawberry" in imports_of(ROOT / "gp_api" / "graphql" / "schema.py")
    assert "sqlalchemy" in imports_of(ROOT / "gp_api" / "db.py")
