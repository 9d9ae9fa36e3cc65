"""The Monte Carlo's hot modules compiled with mypyc, used only while they match their sources
(docs/decisions/0010-compiled-monte-carlo.md).

``python -m optimizer.resilience.compiled build`` compiles ``MODULES`` into ``built/`` beside this
file, which never shadows the sources, and records in ``built/manifest.json`` the SHA-256 of every
repository module mypyc read to compile them (the modules and those they import, transitively).
When ``optimizer.resilience`` is imported, ``use_compiled`` decides once per process: the compiled
modules are loaded (by a finder placed first on ``sys.meta_path``) only when they are built for this
Python and every recorded source is unchanged, and ``KEEL_PURE_PYTHON=1`` is not set; otherwise the
pure-Python modules are, never an error, with the reason logged at debug level. ``in_use()`` (or
``python -m optimizer.resilience.compiled status``) says which.

This module imports none of the modules it may compile, and nothing beyond the standard library.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = "optimizer.resilience"
MODULES = ("absence_days", "unit_state", "collapse")  # modules of PACKAGE
LIBRARY = "keel_resilience__mypyc"  # mypyc's shared library for the group (group name + "__mypyc")
BUILT = Path(__file__).parent / "built"
MANIFEST = BUILT / "manifest.json"
ROOT = Path(__file__).parents[3]  # the directory holding the ``optimizer`` package
PURE_PYTHON = "KEEL_PURE_PYTHON"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Choice:
    """Which Monte Carlo modules this process runs, and why."""

    compiled: bool
    reason: str

    def __str__(self) -> str:
        return f"{'compiled (mypyc)' if self.compiled else 'pure Python'}: {self.reason}"


def extension_suffix() -> str:
    """This Python's suffix for extension modules (``.cpython-311-x86_64-linux-gnu.so``)."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(sources: Sequence[str], root: Path = ROOT) -> dict[str, str]:
    """SHA-256 of each source (paths relative to ``root``); a missing file hashes as ``missing``."""
    return {name: digest(root / name) if (root / name).is_file() else "missing" for name in sources}


def choose(built: Path = BUILT, root: Path = ROOT) -> Choice:
    """Whether this process may use the compiled modules in ``built`` with the sources under ``root``."""
    if os.environ.get(PURE_PYTHON, "") not in ("", "0"):
        return Choice(False, f"{PURE_PYTHON} is set")
    return built_state(built, root)


def built_state(built: Path = BUILT, root: Path = ROOT) -> Choice:
    """Whether the compiled modules in ``built`` are complete, for this Python, and current with
    every source recorded when they were built."""
    try:
        manifest = json.loads((built / "manifest.json").read_text())
    except (OSError, ValueError):
        return Choice(False, "not built (python -m optimizer.resilience.compiled build)")
    if manifest.get("modules") != list(MODULES):
        return Choice(False, f"built for other modules ({', '.join(manifest.get('modules') or [])})")
    if manifest.get("suffix") != extension_suffix():
        return Choice(False, f"built for another Python ({manifest.get('suffix')})")
    missing = [name for name in (LIBRARY, *MODULES) if not (built / f"{name}{extension_suffix()}").is_file()]
    if missing:
        return Choice(False, f"incomplete build (no {', '.join(missing)})")
    recorded: dict[str, str] = manifest.get("sources", {})
    changed = [name for name, found in hashes(sorted(recorded), root).items() if found != recorded[name]]
    if changed:
        return Choice(False, f"stale: {', '.join(changed)} changed since the build")
    if not recorded:
        return Choice(False, "the build recorded no sources")
    return Choice(True, f"built with mypyc {manifest.get('mypy', '?')}, sources unchanged")


class CompiledFinder:
    """Finds the compiled modules (and mypyc's shared library) in ``built``; nothing else."""

    def __init__(self, built: Path) -> None:
        self.files = {f"{PACKAGE}.{name}": built / f"{name}{extension_suffix()}" for name in MODULES}
        self.files[LIBRARY] = built / f"{LIBRARY}{extension_suffix()}"

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        file = self.files.get(fullname)
        return importlib.util.spec_from_file_location(fullname, file) if file else None


_choice: Choice | None = None


def use_compiled() -> Choice:
    """Decide, once per process, which modules run (called by ``optimizer.resilience`` before it
    imports any of them)."""
    global _choice
    if _choice is not None:
        return _choice
    choice = choose()
    loaded = [name for name in MODULES if f"{PACKAGE}.{name}" in sys.modules]
    if choice.compiled and loaded:  # too late to choose: keep what runs
        choice = Choice(False, f"{', '.join(loaded)} imported before the choice")
    if choice.compiled:
        sys.meta_path.insert(0, CompiledFinder(BUILT))
    else:
        log.debug("the Monte Carlo runs its pure-Python modules: %s", choice.reason)
    _choice = choice
    return choice


def in_use() -> Choice:
    """Which Monte Carlo modules this process runs, read from the modules themselves."""
    choice = use_compiled()
    from optimizer.resilience import collapse

    compiled = Path(collapse.__file__ or "").suffix != ".py"
    if compiled != choice.compiled:  # cannot happen unless something else loaded them
        return Choice(compiled, f"loaded {collapse.__file__}, against the choice ({choice})")
    return choice
