"""Compiles the Monte Carlo's hot modules with mypyc into ``built/`` (``compiled/__init__.py``),
only when a source they were compiled from changed. Needs mypy (the ``test`` extra) and a C compiler."""

from __future__ import annotations

import ast
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from optimizer.resilience.compiled import (
    BUILT,
    LIBRARY,
    MANIFEST,
    MODULES,
    PACKAGE,
    ROOT,
    built_state,
    extension_suffix,
    hashes,
)


def module_file(module: str, root: Path = ROOT) -> Path | None:
    """The repository file of ``module`` (relative to ``root``), None when it is not one."""
    base = Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if (root / candidate).is_file():
            return candidate
    return None


def imported(path: Path, root: Path = ROOT) -> set[str]:
    """The ``optimizer`` modules a file imports from (``from optimizer.x import y`` names ``y``
    too when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse((root / path).read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] == "optimizer" and module_file(name, root)}
    return found


def sources(root: Path = ROOT) -> list[str]:
    """The compiled modules' files and those of every repository module they import from,
    transitively: what mypyc read (names, types) to compile them."""
    seen: set[Path] = set()
    todo = [f"{PACKAGE}.{name}" for name in MODULES]
    while todo:
        path = module_file(todo.pop(), root)
        if path is None or path in seen:
            continue
        seen.add(path)
        todo.extend(imported(path, root))
    return sorted(path.as_posix() for path in seen)


def build(force: bool = False) -> str:
    """Compile ``MODULES`` unless ``built/`` is current; what was done, for a person."""
    wanted = sources()
    state = built_state()
    if state.compiled and not force and sorted(json.loads(MANIFEST.read_text())["sources"]) == wanted:
        MANIFEST.touch()  # for make: checked against the sources now
        return f"up to date: {len(wanted)} sources unchanged"
    from mypy.version import __version__ as mypy_version
    from mypyc.build import mypycify
    from setuptools import Distribution

    started = time.perf_counter()
    recorded = hashes(wanted)
    os.chdir(ROOT)  # mypy reads pyproject.toml's settings and names modules from here
    with tempfile.TemporaryDirectory(prefix="keel-mypyc-") as work:
        extensions = mypycify(
            [
                "--no-warn-unused-configs",
                f"--cache-dir={ROOT / 'build' / 'mypyc-cache'}",  # mypyc's options are not `make test`'s mypy's
                *(f"{PACKAGE.replace('.', '/')}/{name}.py" for name in MODULES),
            ],
            target_dir=f"{work}/c",
            group_name=LIBRARY.removesuffix("__mypyc"),
        )
        options = ["--quiet", "build_ext", "--build-lib", f"{work}/lib", "--build-temp", f"{work}/o"]
        dist = Distribution({"ext_modules": extensions, "script_name": "build", "script_args": options})
        dist.parse_command_line()
        dist.run_commands()
        if hashes(wanted) != recorded:
            raise SystemExit("a source changed while it was compiled: build again")
        fresh = Path(tempfile.mkdtemp(prefix=".built-", dir=BUILT.parent))
        for name in (LIBRARY, *MODULES):
            library = name == LIBRARY
            file = f"{name}{extension_suffix()}"
            shutil.copy2(Path(work, "lib", *([] if library else PACKAGE.split(".")), file), fresh / file)
    manifest = {"suffix": extension_suffix(), "mypy": mypy_version, "modules": list(MODULES), "sources": recorded}
    (fresh / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    fresh.chmod(0o755)
    # Replace, never overwrite: a running process keeps the files it loaded.
    old = BUILT.with_name(f".old-{os.getpid()}")
    if BUILT.exists():
        BUILT.rename(old)
    fresh.rename(BUILT)
    shutil.rmtree(old, ignore_errors=True)
    return f"compiled {', '.join(MODULES)} in {time.perf_counter() - started:.0f} s ({len(wanted)} sources recorded)"
