"""The collapse-risk Monte Carlo under the forecast's defaults (flow each working day, cover from the
first day away) gives, for the same snapshot and seed, exactly the figures it gave before it was
made faster: per unit, each scenario's mask of failed weeks and per week the backlog and the oldest
wait summed over scenarios. ``test_monte_carlo_unchanged.py`` pins the weekly rules.

``golden/monte_carlo_daily.json`` holds the snapshots and the figures that main's code (``81f7756``)
gave for them: demo councils of three sizes (teams and holding pods, as the forecast sees them),
one with an allocation limit and more sickness, and the small seeded councils built to fail.
Regenerate it only when a change to the figures is intended, with the code whose figures are
wanted: ``.venv/bin/python -m tests.optimizer.resilience.test_monte_carlo_daily_unchanged``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.optimizer.resilience.test_monte_carlo_unchanged import (
    as_now,
    demo,
    figures,
    reaches_every_part,
    regenerate,
    strained,
)

GOLDEN = Path(__file__).parent.parent / "golden" / "monte_carlo_daily.json"


def cases() -> list[dict]:
    """Snapshots without ``daily_flow`` or ``cover_from_first_day``: the defaults apply."""
    return [
        demo(110, 0, scenarios=100),
        demo(40, 3, scenarios=150, sickness_rate=0.08, allocation_limit=0.95),
        demo(300, 5, scenarios=30),
        *(as_now(strained(seed)) for seed in range(8)),
    ]


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    return json.loads(GOLDEN.read_text())


def test_the_golden_snapshots_run_under_the_defaults(golden):
    assert len(golden) == 11
    for case in golden:
        assert not {"daily_flow", "cover_from_first_day"} & case["snapshot"]["resilience"].keys()


@pytest.mark.parametrize("case", range(11))
def test_the_daily_monte_carlo_gives_the_figures_it_gave_before(golden, case):
    assert figures(golden[case]["snapshot"]) == golden[case]["figures"]


def test_the_golden_figures_fail_and_wait_somewhere(golden):
    """The pinned cases reach every part of the rule: failed weeks, backlog, waits, pods."""
    reaches_every_part(golden)
    assert sum(1 for case in golden[:3] for unit in case["snapshot"]["units"] if unit["kind"] == "pod") >= 3


if __name__ == "__main__":
    regenerate(GOLDEN, cases())
