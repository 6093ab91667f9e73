"""The modules of songngu.run import each other without a cycle, and the stage packages (text, translate, align)
import neither songngu.run nor songngu.export; imports inside functions and relative imports count."""
from __future__ import annotations

import ast
from pathlib import Path

import songngu.run

PACKAGE = Path(songngu.run.__file__).parent


def imported_run_modules(path: Path) -> set[str]:
    """The ``songngu.run`` modules a file imports anywhere in it (module level or inside functions, relative or not)."""
    found = {name.split(".")[2] for name in songngu_imports(path) if name.startswith("songngu.run.")}
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


STAGES = ("text", "translate", "align")
"""The pipeline's stage packages: they come before running and exporting, so they import neither."""


def songngu_imports(path: Path) -> set[str]:
    """The ``songngu`` modules a file imports anywhere in it, relative imports resolved, as dotted names."""
    package = ".".join(path.relative_to(PACKAGE.parent.parent).with_suffix("").parts)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: -node.level]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "songngu" or name.startswith("songngu.")}


def test_stage_modules_import_neither_run_nor_export() -> None:
    songngu_root = PACKAGE.parent
    offending = [
        f"{path.relative_to(songngu_root.parent)} imports {name}"
        for stage in STAGES for path in sorted((songngu_root / stage).rglob("*.py"))
        for name in sorted(songngu_imports(path))
        if name.split(".")[:2] in (["songngu", "run"], ["songngu", "export"])
    ]
    assert not offending, "\n".join(offending)
