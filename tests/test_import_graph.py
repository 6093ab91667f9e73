"""The modules of songngu.run import each other without a cycle, counting imports inside functions."""
from __future__ import annotations

import ast
from pathlib import Path

import songngu.run

PACKAGE = Path(songngu.run.__file__).parent


def imported_run_modules(path: Path) -> set[str]:
    """The ``songngu.run`` modules a file imports anywhere in it (module level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found.update(name.split(".")[2] for name in names if name.startswith("songngu.run.") and name.count(".") >= 2)
    return found & {module.stem for module in PACKAGE.glob("*.py")}


def test_songngu_run_has_no_import_cycle() -> None:
    graph = {path.stem: imported_run_modules(path) - {path.stem} for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        assert module not in visiting, "import cycle: " + " -> ".join(visiting[visiting.index(module):] + [module])
        if module in done:
            return
        visiting.append(module)
        for imported in sorted(graph.get(module, ())):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
