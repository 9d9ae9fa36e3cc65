"""The optimizer imports only the standard library, OR-Tools and itself."""

import ast
import sys
from pathlib import Path

OPTIMIZER = Path(__file__).resolve().parents[2] / "optimizer"
ALLOWED = set(sys.stdlib_module_names) | {"ortools", "optimizer", "__future__"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: inside the optimizer
                continue
            roots.add(node.module.split(".")[0])
    return roots


def test_the_optimizer_has_modules_to_check():
    assert len(list(OPTIMIZER.rglob("*.py"))) > 5


def test_every_optimizer_module_imports_only_stdlib_ortools_and_itself():
    offenders = {
        str(path.relative_to(OPTIMIZER.parent)): sorted(imported_roots(path) - ALLOWED)
        for path in sorted(OPTIMIZER.rglob("*.py"))
        if imported_roots(path) - ALLOWED
    }
    assert offenders == {}


def test_the_checker_catches_a_foreign_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy\nfrom backend.models import Family\n")
    assert imported_roots(bad) - ALLOWED == {"numpy", "backend"}
