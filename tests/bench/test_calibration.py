"""The calibration's kept day-by-day runs (``bench/calibration.py --observed``): run once, then read
back instead of run again, and refused when they are other runs."""

from __future__ import annotations

import pytest

from bench.calibration import council, observe_all
from optimizer.contract import parse_snapshot


@pytest.fixture(scope="module")
def small():
    return parse_snapshot(council("small"))


def test_kept_runs_are_read_back_instead_of_run_again(small, tmp_path, monkeypatch):
    kept = tmp_path / "runs.json"
    first, _ = observe_all(small, ["T01"], 3, "greedy", 1, kept)
    assert kept.exists() and len(first["T01"]) == 3

    def no_runs(*args, **kwargs):
        raise AssertionError("the kept runs should have been read")

    monkeypatch.setattr("bench.calibration.observe", no_runs)
    again, _ = observe_all(small, ["T01"], 3, "greedy", 1, kept)
    assert again == first


def test_kept_runs_of_another_count_seed_or_team_are_refused(small, tmp_path):
    kept = tmp_path / "runs.json"
    observe_all(small, ["T01"], 2, "greedy", 1, kept)
    for runs, seed, teams in ((3, 0, ["T01"]), (2, 1, ["T01"]), (2, 0, ["T02"])):
        with pytest.raises(SystemExit, match="holds other runs"):
            observe_all(small, teams, runs, "greedy", 1, kept, seed)


def test_another_seed_gives_another_stream(small):
    base, _ = observe_all(small, ["T02"], 20, "greedy", 1, None)
    other, _ = observe_all(small, ["T02"], 20, "greedy", 1, None, seed=1)
    assert base != other
