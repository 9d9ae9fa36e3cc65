"""The day-by-day simulation that the collapse forecast is calibrated against (``bench/day_by_day.py``):
it counts collapse from its definition, and with Keel's decisions it takes the optimizer's cover."""

from __future__ import annotations

import random

from bench.day_by_day import DayByDay, KeelDecisions
from optimizer.contract import parse_snapshot
from optimizer.resilience import ResilienceInputs
from optimizer.resilience.scope import Scope, resilience_view, scopes
from optimizer.types import Snapshot
from tests.optimizer.support import family, snapshot, worker

# two weeks, nobody falls sick, and (families staying for ever) no referrals or closures
QUIET = ResilienceInputs(weeks=2, sickness_rate=0.0, case_weeks=1e9)
AWAY = "2027-03-31"  # beyond the horizon


def team(workers: list[dict], families: list[dict]) -> tuple[Snapshot, Scope]:
    view, holdings = resilience_view(parse_snapshot(snapshot("resilience", workers, families)))
    return view, next(s for s in scopes(view, holdings) if s.unit.id == "T1")


def covering(run: DayByDay) -> dict[str, str]:
    return {run.s.families[f].id: run.s.workers[w].id for f, w in run.cover.items()}


def test_keel_covers_a_statutory_family_whose_worker_is_away():
    view, scope = team([worker("W1", absent_until=AWAY), worker("W2")], [family("F1", 10, "W1", statuses=["cp"])])
    run = KeelDecisions(scope, QUIET, view, random.Random(0))
    assert run.run() == 0
    assert covering(run) == {"F1": "W2"}
    assert run.calls.get("cover", 0) >= 1


def test_a_statutory_family_nobody_may_take_fails_each_week_once_the_grace_is_over():
    # only W1 has the skill the family needs, and W1 is away for the whole horizon
    view, scope = team(
        [worker("W1", absent_until=AWAY, skills=["court"]), worker("W2")],
        [family("F1", 10, "W1", statuses=["cp"], requires=["court"])],
    )
    assert KeelDecisions(scope, QUIET, view, random.Random(0)).run() == 0b11
    assert DayByDay(scope, QUIET, view.as_of, random.Random(0)).run() == 0b11


def test_keel_packs_cover_where_the_greedy_rule_runs_out_of_room():
    # W1 away with three CP families (40, 30, 30 points). Room within the surge limit (115): W2 60, W3 40.
    # Most room first puts 40 on W2, 30 on W3, and the last 30 fits nowhere; 40 on W3 and 30 + 30 on W2 fits.
    view, scope = team(
        [worker("W1", absent_until=AWAY), worker("W2", capacity=100.0), worker("W3", capacity=100.0)],
        [
            family("F1", 40, "W1", statuses=["cp"]),
            family("F2", 30, "W1", statuses=["cp"]),
            family("F3", 30, "W1", statuses=["cp"]),
            family("H2", 55, "W2"),
            family("H3", 75, "W3"),
        ],
    )
    greedy = DayByDay(scope, QUIET, view.as_of, random.Random(0))
    assert greedy.run() == 0b11
    keel = KeelDecisions(scope, QUIET, view, random.Random(0))
    assert keel.run() == 0
    assert covering(keel) == {"F1": "W3", "F2": "W2", "F3": "W2"}


def test_the_same_stream_gives_the_same_run():
    workers = [worker(f"W{i}", capacity=60.0) for i in range(4)]
    families = [family(f"F{i}", 12, f"W{i % 4}", statuses=["cp"] if i % 3 == 0 else []) for i in range(16)]
    view, scope = team(workers, families)
    busy = ResilienceInputs(weeks=3, sickness_rate=0.2, sickness_spell_days=3.0, case_weeks=4.0)
    first = [KeelDecisions(scope, busy, view, rng).run() for rng in [random.Random(7)] for _ in range(3)]
    again = [KeelDecisions(scope, busy, view, rng).run() for rng in [random.Random(7)] for _ in range(3)]
    assert first == again
