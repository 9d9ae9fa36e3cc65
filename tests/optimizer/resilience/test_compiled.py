"""The Monte Carlo's modules compiled with mypyc (``optimizer/resilience/compiled/``): the golden
figures hold both compiled and in pure Python, and compiled modules are used only while every source
they were compiled from is unchanged, else the pure-Python ones, never an error.

The golden tests (``test_monte_carlo_unchanged.py``, ``test_monte_carlo_daily_unchanged.py``, with
the pool of processes) run in this process with whichever modules it uses, and again in a fresh
process with the other ones: compiled when this one is pure, so the compiled modules must be built
(``make install`` builds them) or the test fails saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from optimizer.resilience import compiled
from optimizer.resilience.compiled import LIBRARY, MODULES, PURE_PYTHON, choose, extension_suffix, hashes, in_use
from optimizer.resilience.compiled.build import sources

HERE = Path(__file__).parent
ROOT = Path(compiled.__file__).parents[3]
GOLDEN_TESTS = [HERE / "test_monte_carlo_unchanged.py", HERE / "test_monte_carlo_daily_unchanged.py"]
REPORT = "from optimizer.resilience.compiled import in_use; print(in_use())"


def python(code: str, *, pure: bool, cwd: Path = ROOT, path: Path | None = None) -> subprocess.CompletedProcess:
    """``code`` in a fresh Python, pure or not as asked (``path``: where to import Keel from)."""
    env = {k: v for k, v in os.environ.items() if k != PURE_PYTHON}
    if pure:
        env[PURE_PYTHON] = "1"
    if path is not None:
        env["PYTHONPATH"] = str(path)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_golden_monte_carlo_tests_pass_with_the_other_modules():
    here = in_use()
    pytest_args = [*map(str, GOLDEN_TESTS), "-q", "-n", "0", "-p", "no:cacheprovider", "-W", "ignore", "--noconftest"]
    run = python(f"import sys, pytest; {REPORT}; sys.exit(pytest.main({pytest_args!r}))", pure=here.compiled)
    used = run.stdout.splitlines()[0] if run.stdout else run.stderr[-2000:]
    wanted = "pure Python" if here.compiled else "compiled (mypyc)"
    assert used.startswith(wanted), f"this process runs {here}; the other process should run {wanted}: {used}"
    assert run.returncode == 0, run.stdout[-4000:]
    assert "\n29 passed" in run.stdout  # both golden files, the pool of processes included


def fake_build(tmp_path: Path, names: list[str]) -> tuple[Path, Path]:
    """A copy of ``names`` (sources) under ``root`` and a build recording them, with empty files for
    the compiled modules: ``choose`` reads the manifest and hashes, it loads nothing."""
    root, built = tmp_path / "src", tmp_path / "built"
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    built.mkdir()
    for name in (LIBRARY, *MODULES):
        (built / f"{name}{extension_suffix()}").write_bytes(b"")
    manifest = {"suffix": extension_suffix(), "mypy": "x", "modules": list(MODULES), "sources": hashes(names, root)}
    (built / "manifest.json").write_text(json.dumps(manifest))
    return root, built


def test_compiled_modules_are_used_only_while_every_source_is_unchanged(tmp_path, monkeypatch):
    monkeypatch.delenv(PURE_PYTHON, raising=False)
    names = sources()
    root, built = fake_build(tmp_path, names)
    assert choose(built, root).compiled

    edited = root / "optimizer/resilience/unit_state.py"
    edited.write_text(edited.read_text() + "# edited after the build\n")
    choice = choose(built, root)
    assert not choice.compiled and "stale: optimizer/resilience/unit_state.py changed" in choice.reason

    shutil.copy(ROOT / "optimizer/resilience/unit_state.py", edited)  # as built again
    (root / "optimizer/types.py").write_text("# a module the compiled ones import from, edited\n")
    assert "stale: optimizer/types.py" in choose(built, root).reason


def test_an_incomplete_or_foreign_build_or_the_variable_gives_pure_python(tmp_path, monkeypatch):
    monkeypatch.delenv(PURE_PYTHON, raising=False)
    root, built = fake_build(tmp_path, sources())
    assert choose(built, root).compiled
    monkeypatch.setenv(PURE_PYTHON, "1")
    assert choose(built, root) == compiled.Choice(False, f"{PURE_PYTHON} is set")
    monkeypatch.setenv(PURE_PYTHON, "0")
    assert choose(built, root).compiled

    manifest = json.loads((built / "manifest.json").read_text())
    for change, reason in [
        ({"suffix": ".cpython-312-x86_64-linux-gnu.so"}, "built for another Python"),
        ({"modules": ["collapse"]}, "built for other modules"),
        ({"sources": {}}, "recorded no sources"),
    ]:
        (built / "manifest.json").write_text(json.dumps({**manifest, **change}))
        assert reason in choose(built, root).reason
    (built / "manifest.json").write_text(json.dumps(manifest))
    (built / f"{MODULES[0]}{extension_suffix()}").unlink()
    assert f"incomplete build (no {MODULES[0]})" in choose(built, root).reason
    shutil.rmtree(built)
    assert "not built" in choose(built, root).reason


def test_the_recorded_sources_are_the_compiled_modules_and_what_they_import():
    names = sources()
    assert {f"optimizer/resilience/{name}.py" for name in MODULES} <= set(names)
    # unit_state imports placement, which imports types: mypyc read their names and types
    assert {"optimizer/resilience/placement.py", "optimizer/types.py", "optimizer/resilience/scope.py"} <= set(names)
    assert "optimizer/resilience/assess.py" not in names  # imports collapse, is not imported by it
    assert all((ROOT / name).is_file() for name in names)


def test_an_edited_source_after_the_build_runs_pure_python_and_says_why(tmp_path):
    """End to end, on a copy of the package with its build: edited after the build, pure Python
    (and a debug line saying why); unedited, the compiled modules."""
    if not compiled.MANIFEST.is_file():
        pytest.fail(f"the compiled modules are not built ({in_use()}): run make install")
    shutil.copytree(ROOT / "optimizer", tmp_path / "optimizer", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import logging; logging.basicConfig(level=logging.DEBUG); "
        f"{REPORT}; from optimizer.resilience import collapse; print(collapse.__file__)"
    )
    unedited = python(code, pure=False, cwd=tmp_path, path=tmp_path)
    assert unedited.stdout.startswith("compiled (mypyc)"), unedited.stdout + unedited.stderr
    assert unedited.stdout.splitlines()[1] == str(
        tmp_path / "optimizer/resilience/compiled/built" / f"collapse{extension_suffix()}"
    )

    source = tmp_path / "optimizer/resilience/collapse.py"
    source.write_text(source.read_text().replace("DAYS_A_WEEK = 5", "DAYS_A_WEEK = 5  # edited"))
    edited = python(code, pure=False, cwd=tmp_path, path=tmp_path)
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.splitlines() == [
        "pure Python: stale: optimizer/resilience/collapse.py changed since the build",
        str(source),
    ]
    assert "the Monte Carlo runs its pure-Python modules: stale" in edited.stderr
