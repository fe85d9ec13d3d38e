"""The dependency rules of DESIGN section 2, checked on the imports of every module."""

from __future__ import annotations

import ast
import re
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


def test_bounded_caches_are_the_one_lru_class() -> None:
    """No hand-rolled LRU (an OrderedDict trimmed with popitem) outside gp_api.fastpath.lru."""
    offenders = {
        str(path.relative_to(ROOT))
        for path in modules("gp_api")
        if str(path.relative_to(ROOT)) != "gp_api/fastpath/lru.py"
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


# SQL is built and run by the services (gp_api/<domain>/service.py, gp_api/events/) and the read
# path outside the GraphQL layer; gp_api/graphql/ calls them. These modules still hold SQL of
# their own, each offence named: the list only shrinks (an offence that is gone must leave it).
SQL_ALLOWED_UNDER_GRAPHQL: dict[str, set[str]] = {
    # None left: loaders call the services (rows by id: gp_api.lookup); the fast path (parse
    # cache, data version, response cache, compiled reads) lives in gp_api/fastpath/.
}
QUERY_CONSTRUCTION = {
    "select",
    "insert",
    "update",
    "delete",
    "text",
    "union",
    "union_all",
    "exists",
    "func",
    "literal_column",
    "Select",
}
RUNS_SQL = {"execute", "scalars", "scalar", "stream", "stream_scalars", "exec_driver_sql", "get"}


def _receiver(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def sql_in(source: str) -> set[str]:
    """What in `source` builds or runs SQL: sqlalchemy query construction imported, or a
    session / connection asked to execute, scalar(s), stream or get."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found.update(
                f"imports {node.module}.{alias.name}"
                for alias in node.names
                if alias.name in QUERY_CONSTRUCTION or alias.name == "*"
            )
            if (node.module or "").startswith(("sqlalchemy.sql", "sqlalchemy.dialects")):
                found.add(f"imports {node.module}")
        elif isinstance(node, ast.Import):
            found.update(
                f"imports {alias.name}"
                for alias in node.names
                if alias.name == "sqlalchemy" or alias.name.startswith("sqlalchemy.sql")
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNS_SQL
        ):
            receiver = _receiver(node.func.value)
            if "session" in receiver.lower() or "conn" in receiver.lower() or receiver == "s":
                found.add(f"calls {receiver}.{node.func.attr}")
    return found


def test_no_sql_under_the_graphql_layer_but_the_named_leftovers() -> None:
    graphql = ROOT / "gp_api" / "graphql"
    found = {
        str(path.relative_to(graphql)): sql_in(path.read_text(encoding="utf-8"))
        for path in sorted(graphql.rglob("*.py"))
    }
    offenders = {
        f"{name}: {offence}"
        for name, offences in found.items()
        for offence in offences - SQL_ALLOWED_UNDER_GRAPHQL.get(name, set())
    }
    assert offenders == set(), "move the SQL into the domain's service (or gp_api/events/)"
    gone = {
        f"{name}: {offence}"
        for name, allowed in SQL_ALLOWED_UNDER_GRAPHQL.items()
        for offence in allowed - found.get(name, set())
    }
    assert gone == set(), "no longer there: remove it from SQL_ALLOWED_UNDER_GRAPHQL"


def test_the_sql_check_sees_sql() -> None:
    assert sql_in("from sqlalchemy import select, func\nfrom sqlalchemy import text as t") == {
        "imports sqlalchemy.select",
        "imports sqlalchemy.func",
        "imports sqlalchemy.text",
    }
    assert sql_in("from sqlalchemy.dialects.postgresql import insert") == {
        "imports sqlalchemy.dialects.postgresql.insert",
        "imports sqlalchemy.dialects.postgresql",
    }
    assert sql_in("async def f(session):\n    await session.execute(q)\n") == {
        "calls session.execute"
    }
    assert sql_in("async def f(self):\n    await self.session.scalars(q)\n") == {
        "calls session.scalars"
    }
    assert sql_in("from sqlalchemy.ext.asyncio import AsyncSession\nschema.execute(q)") == set()


def test_the_event_log_is_read_by_id_through_the_one_stream_only() -> None:
    """ "Events after id" and "last id" live in gp_api/events/stream.py; the broker, the webhook
    worker, the subscriptions and the audit walk read through it, none on its own."""
    by_id = re.compile(r"\b(?:Event|EventRow)\.id\s*>|max\(\s*(?:Event|EventRow)\.id\b")
    stream = ROOT / "gp_api" / "events" / "stream.py"
    offenders = {
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in modules("gp_api")
        if path != stream
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_id.search(line)
    }
    assert offenders == set()
    assert by_id.search(stream.read_text(encoding="utf-8"))
