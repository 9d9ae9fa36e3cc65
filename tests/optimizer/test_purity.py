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


# The build step of the compiled Monte Carlo (docs/decisions/0010-compiled-monte-carlo.md) uses mypy's
# compiler, inside the function that builds: never when the optimizer is imported.
BUILD_STEP = OPTIMIZER / "resilience" / "compiled" / "build.py"
BUILD_TOOLS = {"mypy", "mypyc", "setuptools"}


def test_every_optimizer_module_imports_only_stdlib_ortools_and_itself():
    offenders = {
        str(path.relative_to(OPTIMIZER.parent)): sorted(imported_roots(path) - ALLOWED)
        for path in sorted(OPTIMIZER.rglob("*.py"))
        if imported_roots(path) - ALLOWED - (BUILD_TOOLS if path == BUILD_STEP else set())
    }
    assert offenders == {}


def test_the_build_step_imports_its_tools_only_when_it_builds():
    tree = ast.parse(BUILD_STEP.read_text())
    at_import = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    roots = {(node.module or "").split(".")[0] for node in at_import if isinstance(node, ast.ImportFrom)}
    roots |= {alias.name.split(".")[0] for node in at_import if isinstance(node, ast.Import) for alias in node.names}
    assert roots <= ALLOWED
    assert imported_roots(BUILD_STEP) - ALLOWED == BUILD_TOOLS  # the exception is still needed


def test_the_checker_catches_a_foreign_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy\nfrom backend.models import Family\n")
    assert imported_roots(bad) - ALLOWED == {"numpy", "backend"}
