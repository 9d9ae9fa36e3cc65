"""A region's forecast: the same figures in one process and on a real Dask cluster of separate
processes, even when a worker process is killed mid-run; aggregates only cross councils."""

import json
import signal
import threading

from backend.region.councils import CONDITIONS, LARGEST, SMALLEST, load, load_ratio, national_specs, save
from backend.region.forecast import answer_digest, forecast_region

from tests.region.conftest import SCENARIOS


def _figures(forecast) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "seconds"} for row in forecast.councils]


def test_national_specs_share_out_the_workforce_within_bounds():
    specs = national_specs(150, 33_000, seed=1)
    assert len(specs) == 150 and len({s.code for s in specs}) == 150
    assert sum(s.workers for s in specs) == 33_000
    assert all(SMALLEST <= s.workers <= LARGEST for s in specs)
    conditions = {name for name, _, _ in CONDITIONS}
    assert {s.condition for s in specs} == conditions  # every judgement occurs at national scale
    assert max(s.workers for s in specs) > 3 * min(s.workers for s in specs)  # varied sizes


def test_councils_are_brought_to_their_conditions_load(small_region):
    target = {name: load for name, _, load in CONDITIONS}
    for council in small_region:
        assert abs(load_ratio(council.snapshot) - target[council.condition]) < 0.05, council.code


def test_council_files_round_trip(small_region, tmp_path):
    save(small_region, tmp_path)
    again = load(tmp_path)
    assert [c.to_dict() for c in again] == [c.to_dict() for c in small_region]


def test_the_same_council_gives_the_same_answer_twice(small_region):
    from optimizer.resilience import assess_json

    snapshot = {**small_region[0].snapshot, "resilience": {"scenarios": SCENARIOS}}
    assert answer_digest(assess_json(snapshot)) == answer_digest(assess_json(snapshot))


def test_the_cluster_gives_the_single_process_figures(small_region, alone, cluster):
    spread = forecast_region(small_region, address=cluster.address, scenarios=SCENARIOS)
    assert spread.processes == 2 and alone.engine == "in-process"
    assert _figures(spread) == _figures(alone)
    assert spread.summary == alone.summary
    assert spread.summary["councils"] == len(small_region)


def test_a_worker_killed_mid_run_still_gives_the_full_identical_result(small_region, alone, cluster):
    victim = cluster.workers["worker-1"]
    killed = threading.Event()

    def kill_after_first(done: int, total: int, name: str) -> None:
        if done == 1 and not killed.is_set():  # both workers are busy with the next councils
            victim.send_signal(signal.SIGKILL)
            killed.set()

    spread = forecast_region(small_region, address=cluster.address, scenarios=SCENARIOS, progress=kill_after_first)
    assert killed.is_set() and victim.wait(timeout=30) == -signal.SIGKILL
    assert _figures(spread) == _figures(alone)  # all five councils, the killed worker's one run again


def test_no_family_or_worker_crosses_councils(small_region, alone):
    text = json.dumps(alone.to_dict())
    for council in small_region:
        for worker in council.snapshot["workers"]:
            assert f'"{worker["id"]}"' not in text
        for family in council.snapshot["families"][:50]:
            assert f'"{family["id"]}"' not in text
