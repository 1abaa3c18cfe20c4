"""DESIGN.md's layers: arrows point only down (ui, web and commands -> services -> store and documents -> domain),
only cme_desktop/ui imports PySide6, domain/ does no I/O, and no module imports its way back to itself."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cme_desktop"
LEAVES = {"errors", "clock", "config", "secrets", "logs", "cme_desktop"}  # small modules every layer may use
ALLOWED: dict[str, set[str]] = {
    "domain": {"errors"},
    "store": {"errors", "domain", "clock"},
    "documents": {"domain", "errors"},
    "services": {"store", "documents", "domain"} | LEAVES,
    "web": {"services", "domain", "documents"} | LEAVES,
    "ui": {"services", "domain", "documents"} | LEAVES,
    "commands": {"services", "domain", "documents", "web", "ui"} | LEAVES,
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path, *, at_run_time: bool = False) -> set[str]:
    """Every module `path` imports, anywhere in it (function-level imports too); with `at_run_time`, not the
    ones under `if TYPE_CHECKING:`, which never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if at_run_time:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(inner) for inner in ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cme_desktop"


def _inside(names: set[str]) -> set[str]:
    return {name for name in names if name in MODULES}


def test_no_module_outside_ui_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] == "PySide6" for name in _imports(path))
    ]
    assert offenders == []


def test_domain_imports_neither_store_services_nor_io_libraries() -> None:
    forbidden = (
        "cme_desktop.store",
        "cme_desktop.services",
        "cme_desktop.ui",
        "sqlalchemy",
        "keyring",
        "PySide6",
    )
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(n for n in _imports(path) if n.startswith(forbidden))
        for path in (PACKAGE / "domain").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_each_layer_imports_only_the_layers_below_it() -> None:
    """The screens, the web server and the commands reach the database only through services."""
    wrong: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        layer = _layer(module)
        if layer not in ALLOWED:
            continue
        for name in _inside(_imports(path)):
            target = _layer(name)
            if target != layer and target not in ALLOWED[layer]:
                wrong[module].add(name)
    assert dict(wrong) == {}


def test_only_services_and_store_use_sqlalchemy() -> None:
    offenders = {
        module
        for module, path in MODULES.items()
        if _layer(module) not in ("services", "store")
        and any(name.split(".")[0] in ("sqlalchemy", "alembic") for name in _imports(path, at_run_time=True))
    }
    assert offenders == set()


def test_there_is_no_import_cycle_inside_the_package() -> None:
    """Counting imports inside functions too: a cycle hidden in a function is still a cycle."""
    graph = {module: _inside(_imports(path, at_run_time=True)) - {module} for module, path in MODULES.items()}
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []
