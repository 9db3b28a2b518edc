"""The map in the folders: every stage has its subpackage (intake, units, queue, mt, exchange,
publish), few modules stay flat, every module says why it exists, no compatibility shim, no
import cycle between modules."""

from __future__ import annotations

import ast

from conftest import ROOT

PIPELINE = ROOT / "pipeline"
STAGES = {
    "intake": {"sources", "pages", "markup", "ingest", "slug"},
    "units": {"segment", "detect", "glossary", "protect", "values", "gender"},
    "queue": {"translate", "catalog", "poformat", "merge", "records", "locales", "status", "qa"},
    "mt": {"engine", "local", "libretranslate", "packages", "cache", "protected", "evaluate"},
    "exchange": {"agencies", "xliff", "tbx", "review", "handshake", "repository"},
    "publish": {"publishability", "site", "build", "manifest", "approvals"},
}


def test_every_module_opens_with_a_docstring() -> None:
    for path in sorted(PIPELINE.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


def test_every_stage_has_its_folder() -> None:
    for stage, modules in STAGES.items():
        found = {p.stem for p in (PIPELINE / stage).glob("*.py")}
        assert modules <= found, (stage, modules - found)
    assert (PIPELINE / "publish" / "templates" / "base.html").is_file()


def test_at_most_15_modules_stay_flat() -> None:
    flat = sorted(p.stem for p in PIPELINE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert len(flat) <= 15, flat


def test_no_module_keeps_a_compatibility_shim() -> None:
    for path in sorted(PIPELINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert "__getattr__" not in names, path
        assert "sys.meta_path" not in path.read_text(encoding="utf-8"), path


def _imports() -> dict[str, set[str]]:
    """module -> the pipeline modules it imports (at any depth of the file)."""
    graph: dict[str, set[str]] = {}
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in PIPELINE.rglob("*.py")
    }
    for path in PIPELINE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("pipeline")}
        graph[name] = {m for m in found if m in modules and m != name and m != "pipeline"}
    return graph


def test_no_two_modules_import_each_other_at_their_top() -> None:
    """Top-level imports form no cycle (a cycle means two modules are one job)."""
    graph: dict[str, set[str]] = {}
    for path in PIPELINE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = set()
        for node in tree.body:  # only the module's own top level: lazy imports break cycles
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
                found.add(node.module)
        graph[name] = found
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for following in graph.get(node, ()):
            if state.get(following) == 1:
                raise AssertionError(" → ".join([*trail, node, following]))
            if following not in state:
                visit(following, [*trail, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def test_the_import_graph_is_reported() -> None:
    graph = _imports()
    assert sum(len(v) for v in graph.values()) > 50  # the closing note's figure comes from here


def test_no_function_is_longer_than_80_lines() -> None:
    long = []
    for path in sorted(PIPELINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert not long, long
