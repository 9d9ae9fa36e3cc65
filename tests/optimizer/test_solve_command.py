"""`keel solve` through the command's entry point (backend/launch.py): the plan, the one-line
refusals, and no web, database or CLI-framework module loaded on the way."""

import json
import subprocess
import sys

from tests.optimizer.support import family, snapshot, worker

PROBE = """
import sys
sys.argv = ["keel", "solve", {path!r}]
from backend.launch import main
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {{"sqlalchemy", "sqlmodel",
        "fastapi", "typer", "jsonschema", "pydantic"}} or m.startswith(("backend.", "optimizer.resilience")))
    print("LOADED " + json.dumps(loaded) if "json" in sys.modules else "", file=sys.stderr)
"""


def _run(tmp_path, data) -> subprocess.CompletedProcess:
    path = tmp_path / "snapshot.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    code = "import json\n" + PROBE.format(path=str(path))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def _loaded(result) -> list[str]:
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    return json.loads(line.removeprefix("LOADED "))


def _team() -> dict:
    return snapshot(
        "recommend",
        [worker("W1", skills=["child_protection"]), worker("W2")],
        [family("F1", 12.5, requires=["child_protection"]), family("F2", 30, "W2")],
    )


def test_solve_prints_the_plan_without_loading_the_backend(tmp_path):
    result = _run(tmp_path, _team())
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert [(a["family"], a["worker"]) for a in plan["assignments"]] == [("F1", "W1")]
    # the launcher and the planning bridge's way in (backend/services/planning/command.py), nothing else
    assert _loaded(result) == [
        "backend.launch",
        "backend.services",
        "backend.services.planning",
        "backend.services.planning.command",
    ]


def test_a_broken_snapshot_is_one_line_naming_the_field_and_exit_2(tmp_path):
    data = _team()
    data["families"][0]["points"] = -1
    result = _run(tmp_path, data)
    assert result.returncode == 2
    lines = [x for x in result.stderr.splitlines() if not x.startswith("LOADED ")]
    assert len(lines) == 1 and lines[0].startswith("keel: invalid snapshot: families[0].points")


def test_not_json_is_refused_in_one_line(tmp_path):
    result = _run(tmp_path, "{not json")
    assert result.returncode == 2 and "is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_probe_would_see_a_heavy_import(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import json, typer\n" + PROBE.format(path=str(tmp_path / "missing.json"))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "typer" in _loaded(result) and result.returncode == 2
