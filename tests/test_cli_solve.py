"""`keel solve SNAPSHOT.json`: prints the plan as JSON; a broken snapshot gives exit 2 and one line
naming the field, never a traceback. In the test process (CliRunner), but for one smoke test that
runs the command as its own process, as a user does."""

import json
import subprocess
import sys

import pytest

from tests.support.cli import invoke_keel, no_traceback, one_line_error

SNAPSHOT = {
    "question": "recommend",
    "as_of": "2026-12-01",
    "settings": {"surge_limit": 1.15, "move_budget": None, "cross_unit": False, "time_limit_s": 5, "seed": 0},
    "units": [{"id": "S0", "parent": None, "kind": "service"}, {"id": "T1", "parent": "S0", "kind": "team"}],
    "workers": [
        {"id": "W1", "unit": "T1", "capacity": 85.0, "skills": ["child_protection"], "available": True},
        {"id": "W2", "unit": "T1", "capacity": 85.0, "skills": [], "available": True},
    ],
    "families": [
        {
            "id": "F1",
            "unit": "T1",
            "points": 12.5,
            "requires": ["child_protection"],
            "worker": None,
            "children": 2,
            "known_to": [],
        }
    ],
}


def _snapshot_file(tmp_path, data):
    path = tmp_path / "snapshot.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def _solve(tmp_path, data):
    return invoke_keel("solve", str(_snapshot_file(tmp_path, data)))


def _places_the_cp_family_with_the_cp_worker(output: str) -> None:
    plan = json.loads(output)
    assert plan["question"] == "recommend"
    assert [(a["family"], a["worker"]) for a in plan["assignments"]] == [("F1", "W1")]
    assert plan["unallocated"] == []


def test_solve_prints_a_plan_placing_the_cp_family_with_the_cp_worker(tmp_path):
    result = _solve(tmp_path, SNAPSHOT)
    assert result.exit_code == 0, result.stderr
    no_traceback(result)
    _places_the_cp_family_with_the_cp_worker(result.stdout)


def test_the_keel_command_runs_as_its_own_process(tmp_path):
    """The smoke test: the module entry point, the process's exit code and its streams."""
    done = subprocess.run(
        [sys.executable, "-m", "backend.cli", "solve", str(_snapshot_file(tmp_path, SNAPSHOT))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    _places_the_cp_family_with_the_cp_worker(done.stdout)
    broken = subprocess.run(
        [sys.executable, "-m", "backend.cli", "solve", str(_snapshot_file(tmp_path, "{"))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "not valid JSON" in one_line_error(broken, 2)


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda s: s["families"][0].update(points=-1), "families[0].points"),
        (lambda s: s["workers"][0].update(unit="T9"), "workers[0].unit"),
        (lambda s: s["workers"].append(dict(s["workers"][0])), "workers[2].id"),
        (lambda s: s.pop("as_of"), "as_of"),
    ],
)
def test_a_broken_snapshot_names_the_field(tmp_path, change, field):
    snapshot = json.loads(json.dumps(SNAPSHOT))
    change(snapshot)
    assert field.split("[")[0] in one_line_error(_solve(tmp_path, snapshot), 2)


def test_not_json_is_one_line(tmp_path):
    assert "not valid JSON" in one_line_error(_solve(tmp_path, "{not json"), 2)
