"""The same snapshot gives the same plan in two processes solving it at the same time (so on a
loaded machine): every assignment, every term's value and bound. Balance stages once read the
last solve's values of variables it had never seen (memory, not a plan), so whether a team's
peak load was proven changed from one process to the next."""

import json
import subprocess
import sys

import pytest

from bench.skewed import skewed_council


@pytest.mark.parametrize("workers, across", [(60, False), (200, True)])
def test_two_processes_at_once_give_the_same_plan(tmp_path, workers, across):
    snap = skewed_council(workers, seed=2, time_limit_s=2)
    snap["settings"]["cross_unit"] = across  # 200 workers across units: candidates restricted
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snap))
    command = [sys.executable, "-m", "optimizer.cli", str(path), "--indent", "0"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    plans = []
    for run in runs:
        out, _ = run.communicate(timeout=300)
        assert run.returncode == 0
        plan = json.loads(out)
        plan.pop("time_s")
        plans.append(plan)
    assert plans[0]["terms"] == plans[1]["terms"]
    assert plans[0] == plans[1]
