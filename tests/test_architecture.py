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


# ---- the read models drive the reads ----------------------------------------------------------

PAGING = {"paginate", "paginate_grouped", "count", "count_grouped"}


def test_a_domain_with_a_read_model_declares_no_filters_and_pages_nothing_itself() -> None:
    """Its connections are read through gp_api.reads, from the filters its read.py declares:
    no filter dataclass in its service, no page or count of its own."""
    offenders: set[str] = set()
    for read in sorted((ROOT / "gp_api").glob("*/read.py")):
        for path in sorted(read.parent.glob("*.py")):
            if path.name == "read.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name.endswith("Filter"):
                    offenders.add(f"{path.relative_to(ROOT)}: class {node.name}")
                elif isinstance(node, ast.ImportFrom) and node.module == "gp_api.pagination":
                    offenders.update(
                        f"{path.relative_to(ROOT)}: imports {alias.name}"
                        for alias in node.names
                        if alias.name in PAGING
                    )
    assert offenders == set()


def _read_calls() -> set[tuple[str, ...]]:
    """(function, string arguments...) of every call under gp_api/graphql/ naming a read."""
    found: set[tuple[str, ...]] = set()
    for path in sorted(GRAPHQL.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = _receiver(node.func)
                strings = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                found.add((name, *strings))
    return found


def test_every_declared_read_is_resolved_through_the_generic_read() -> None:
    from gp_api.readmodel import MODELS, ROOTS, Children, Parent, Rows, Through, load_all

    load_all()
    calls = _read_calls()
    missing = {f"Query.{name}" for name in ROOTS if ("read_root", name) not in calls}
    for type_name, model in MODELS.items():
        for field, read in model.fields.items():
            if isinstance(read, Children) and field != "history":  # WorkflowSubject.history
                if ("read_children", type_name, field) not in calls:
                    missing.add(f"{type_name}.{field}")
            elif isinstance(read, Through | Rows) and ("linked", type_name, field) not in calls:
                missing.add(f"{type_name}.{field}")
            elif (
                isinstance(read, Parent)
                and (
                    ("parent", read.type_name)
                    if read.key == "id"
                    else ("parent", read.type_name, read.key)
                )
                not in calls
            ):
                missing.add(f"{type_name}.{field} ({read.type_name})")
    assert missing == set()


# ---- the layout of gp_api/graphql/ -----------------------------------------------------------

GRAPHQL = ROOT / "gp_api" / "graphql"
DOMAINS = {
    "actors",
    "auth",
    "bodies",
    "commitments",
    "documents",
    "events",
    "ga",
    "names",
    "people",
    "plan",
    "sessions",
    "webhooks",
    "workflow",
}
DOMAIN_FILES = {"__init__.py", "types.py", "queries.py", "mutations.py"}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(source: str) -> set[str]:
    """What a module imports when it is loaded: its top-level imports, and those in top-level
    `if`/`try` blocks, but not those under `if TYPE_CHECKING:` nor inside functions or classes
    (those run later, once every module is loaded)."""
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
                found.add(node.module)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)

    visit(ast.parse(source).body)
    return found


def graphql_import_graph() -> dict[str, set[str]]:
    """Module -> the gp_api.graphql modules it imports at load time."""
    names = {}
    for path in sorted(GRAPHQL.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        # `from gp_api.graphql import ids` names the module ids, not only the package.
        imported = module_level_imports(path.read_text(encoding="utf-8"))
        graph[name] = {m for m in imported if m in names and m != name}
        # A package imported for one of its modules is not an edge of its own.
        graph[name] -= {m for m in graph[name] if any(o.startswith(m + ".") for o in graph[name])}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as a path that ends where it starts; None if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle_among_graphql_modules() -> None:
    graph = graphql_import_graph()
    assert "gp_api.graphql.actors.types" in graph["gp_api.graphql.bodies.types"]
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_sees_cycles_and_skips_deferred_imports() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "d": {"a", "c"}}) is None
    source = (
        "from typing import TYPE_CHECKING\n"
        "import gp_api.graphql.ids\n"
        "from gp_api.graphql.actors import types as actors\n"
        "if TYPE_CHECKING:\n"
        "    from gp_api.graphql.bodies.types import Membership\n"
        "def f():\n"
        "    from gp_api.graphql.events.types import Event\n"
        "class C:\n"
        "    from gp_api.graphql.plan.types import PlanStep\n"
    )
    found = module_level_imports(source)
    assert {"gp_api.graphql.ids", "gp_api.graphql.actors.types"} <= found
    assert not {
        m for m in found if m.startswith(("gp_api.graphql.bodies", "gp_api.graphql.events"))
    }
    assert not {m for m in found if m.startswith("gp_api.graphql.plan")}


def test_graphql_has_one_folder_per_domain_with_types_queries_mutations() -> None:
    folders = {p.name for p in GRAPHQL.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == DOMAINS
    for domain in sorted(DOMAINS):
        files = {p.name for p in (GRAPHQL / domain).iterdir() if p.name != "__pycache__"}
        assert files <= DOMAIN_FILES, f"{domain}/ holds {sorted(files - DOMAIN_FILES)}"
        assert {"__init__.py", "types.py"} <= files, f"{domain}/ lacks {DOMAIN_FILES - files}"
    # No domain module is left at the top, next to its folder.
    assert not {p.stem for p in GRAPHQL.glob("*.py")} & DOMAINS
