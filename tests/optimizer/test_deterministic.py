"""The same snapshot gives the same plan in two processes solving it at the same time (so on a
loaded machine): every assignment, every term's value and bound. Balance stages once read the
last solve's values of variables it had never seen (memory, not a plan), so whether a team's
peak load was proven changed from one process to the next."""

import json
import subprocess
import sys

from bench.skewed import skewed_council


def test_two_processes_at_once_give_the_same_plan(tmp_path):
    snap = skewed_council(60, seed=2, time_limit_s=2)
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
