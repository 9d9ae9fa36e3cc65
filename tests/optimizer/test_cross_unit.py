"""Rebalance across units (issue #13 item 4): the plan's bounds on overload, moves and children
moved hold for the whole problem, and what the plan says is proven is the optimum. Checked against
every plan of small councils, enumerated with code independent of the solver (the pair rules and
the surge limit from ``support.check_plan``)."""

import itertools
import random

import pytest

from optimizer import cross_unit, solve_json
from optimizer.contract import parse_snapshot
from optimizer.problem import eligible, scope_index
from optimizer.relaxation import cheapest_shed, shed_bound
from optimizer.rules import Context
from tests.optimizer.support import check_plan, family, snapshot, worker

UNITS = [
    {"id": "S0", "parent": None, "kind": "service"},
    {"id": "T1", "parent": "S0", "kind": "team"},
    {"id": "T2", "parent": "S0", "kind": "team"},
]
TERMS = ("unallocated_statutory", "unallocated", "overload", "moves", "children_moved")


def council(seed: int) -> dict:
    """Two teams of two or three, most families with the first or last worker (above capacity),
    room often short of the excess; some child protection families (a skill not everyone has),
    families waiting, some families recently moved."""
    rng = random.Random(seed)
    workers, families = [], []
    for t in ("T1", "T2"):
        for i in range(rng.choice([2, 3])):
            skills = ["child_protection"] if rng.random() < 0.6 else []
            workers.append(worker(f"W{t[1]}{i}", rng.choice([6.0, 8.0, 10.0]), unit=t, skills=skills))
    for i in range(6):
        holder = rng.choice([workers[0], workers[0], workers[-1], None] + workers)
        protection = rng.random() < 0.3 and (holder is None or "child_protection" in holder["skills"])
        families.append(
            family(
                f"F{i}",
                rng.choice([3.0, 4.5, 5.0, 6.0, 7.5]),
                holder["id"] if holder else None,
                unit=holder["unit"] if holder else rng.choice(["T1", "T2"]),
                requires=["child_protection"] if protection else [],
                statuses=["cp"] if protection else ["cin"],
                children=rng.choice([1, 1, 2, 3]),
                recently_moved=rng.random() < 0.3,
            )
        )
    return snapshot("rebalance", workers, families, units=UNITS, cross_unit=True, time_limit_s=2)


def every_plan(snap: dict):
    """Every plan's TERMS values: each allocated family with its worker or a worker who may take
    it, each waiting family with such a worker or none; nobody who gains above the surge limit."""
    workers = [w["id"] for w in snap["workers"]]
    options = []
    for fam in snap["families"]:
        allowed = [w for w in workers if w == fam["worker"] or not _pair_broken(snap, fam, w)]
        options.append(allowed + ([None] if fam["worker"] is None else []))
    for choice in itertools.product(*options):
        if _within_surge(snap, choice):
            yield _values(snap, choice)


def exact(snap: dict) -> dict[str, float]:
    """The lexicographic optimum of TERMS over every plan."""
    return dict(zip(TERMS, min(every_plan(snap))))


def _pair_broken(snap: dict, fam: dict, wid: str) -> bool:
    """A pair rule stops ``wid`` taking ``fam`` (the checker's words for a plan of that move alone)."""
    rules = ("unit_scope", "skills", "lead_role", "available")
    return any(
        v.startswith(rules)
        for v in check_plan(snap, _plan(snap, [wid if f is fam else f["worker"] for f in snap["families"]]))
    )


def _within_surge(snap: dict, choice) -> bool:
    """Nobody who gains a family ends above the surge limit (the checker's rule)."""
    load = {w["id"]: 0.0 for w in snap["workers"]}
    gains = set()
    for fam, w in zip(snap["families"], choice):
        if w is not None:
            load[w] += fam["points"]
            if w != fam["worker"]:
                gains.add(w)
    surge = snap["settings"]["surge_limit"]
    return all(load[w["id"]] <= w["capacity"] * surge + 1e-6 for w in snap["workers"] if w["id"] in gains)


def _plan(snap: dict, choice) -> dict:
    pairs = list(zip(snap["families"], choice))
    return {
        "question": "rebalance",
        "assignments": [{"family": f["id"], "worker": w} for f, w in pairs if w is not None and w != f["worker"]],
        "unallocated": [{"family": f["id"]} for f, w in pairs if w is None],
    }


def _values(snap: dict, choice) -> tuple:
    load = {w["id"]: 0.0 for w in snap["workers"]}
    for fam, w in zip(snap["families"], choice):
        if w is not None:
            load[w] += fam["points"]
    moved = [f for f, w in zip(snap["families"], choice) if f["worker"] is not None and w != f["worker"]]
    return (
        sum(1 for f, w in zip(snap["families"], choice) if w is None and "cp" in f["statuses"]),
        sum(1 for w in choice if w is None),
        round(sum(max(0.0, load[w["id"]] - w["capacity"]) for w in snap["workers"]), 2),
        len(moved),
        sum(f["children"] * (2 if f["recently_moved"] else 1) for f in moved),
    )


@pytest.mark.parametrize("seed", range(16))
def test_a_small_service_across_units_reaches_the_optimum_and_proves_it(seed):
    snap = council(seed)
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    best = exact(snap)
    terms = {t["id"]: t for t in plan["terms"]}
    assert {t: terms[t]["value"] for t in TERMS} == best
    assert all(terms[t]["bound"] == terms[t]["value"] and terms[t]["gap"] == 0 for t in TERMS)


@pytest.mark.parametrize("across", [True, False])
@pytest.mark.parametrize("seed", range(16))
def test_bounds_of_a_large_rebalance_hold_and_what_is_proven_is_the_optimum(seed, across, monkeypatch):
    """Solved as a large service is (candidates restricted; across units ``cross_unit.plan`` is
    the warm start): the bounds come from the whole problem and never pass its optimum."""
    monkeypatch.setattr("optimizer.decompose.RESTRICT_ABOVE", 0)
    snap = council(seed)
    snap["settings"]["cross_unit"] = across
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    assert plan["bound"]["restricted"] is across
    best = exact(snap)
    terms = {t["id"]: t for t in plan["terms"]}
    for term in TERMS:
        value, bound = terms[term]["value"], terms[term]["bound"]
        if bound is None:
            assert terms[term]["gap"] is None
        else:
            assert terms[term]["gap"] == pytest.approx((value - bound) / value if value else 0.0, abs=1e-5)
            assert bound <= best[term] + 1e-9, (term, bound, best)
            if bound == value:
                assert value == best[term], (term, value, best)
        if value != best[term]:
            break  # the terms after it are bounded given this plan's, not the optimum's


def test_cross_unit_uses_the_room_of_the_whole_service_with_the_fewest_moves():
    """T1's room cannot take W1's excess; T2's can. Overload 0, and the fewest moves: W1's
    largest family alone brings them to capacity."""
    workers = [worker("W1", 10.0), worker("W2", 10.0), worker("W3", 20.0, unit="T2"), worker("W4", 20.0, unit="T2")]
    families = [
        family("A", 8.0, "W1", children=2),
        family("B", 6.0, "W1"),
        family("C", 3.0, "W1"),
        family("D", 9.0, "W2"),
        family("E", 10.0, "W3"),
        family("F", 10.0, "W4"),
    ]
    snap = snapshot("rebalance", workers, families, units=UNITS, cross_unit=True)
    plan = solve_json(snap)
    assert check_plan(snap, plan) == []
    terms = {t["id"]: t for t in plan["terms"]}
    assert (terms["overload"]["value"], terms["overload"]["bound"]) == (0.0, 0.0)
    assert (terms["moves"]["value"], terms["moves"]["bound"]) == (1, 1)
    assert [a["family"] for a in plan["assignments"]] == ["A"]
    assert plan["assignments"][0]["worker"] in ("W3", "W4")


@pytest.mark.parametrize("seed", range(30))
def test_cheapest_shed_against_every_subset(seed):
    rng = random.Random(seed)
    items = [(rng.choice([200, 300, 450, 500, 750, 1000]), rng.choice([1, 2, 3, 4])) for _ in range(rng.randint(1, 7))]
    excess = rng.randint(1, sum(p for p, _ in items))
    subsets = [s for r in range(len(items) + 1) for s in itertools.combinations(range(len(items)), r)]
    reaching = [s for s in subsets if sum(items[i][0] for i in s) >= excess]
    fewest = min((len(s), sum(items[i][1] for i in s)) for s in reaching)
    lightest = min((sum(items[i][1] for i in s), len(s)) for s in reaching)
    count, weight, chosen = cheapest_shed(items, excess)
    assert (count, weight) == fewest and len(chosen) == count
    assert sum(items[i][0] for i in chosen) >= excess
    count, weight, chosen = cheapest_shed(items, excess, by_weight=True)
    assert (weight, count) == lightest and sum(items[i][0] for i in chosen) >= excess


@pytest.mark.parametrize("seed", range(16))
def test_shed_bound_is_below_every_plan_with_that_overload(seed):
    """Every plan with overload O moves at least ``shed_bound(O)``'s moves and children at least
    its children; one making exactly those moves, at least its children at the fewest."""
    snap = council(seed)
    ctx = Context.of(parse_snapshot(snap))
    bounds = {}
    for _, _, overload, moves, children in every_plan(snap):
        if overload not in bounds:
            bounds[overload] = shed_bound(ctx, {"*": round(overload * 100)})
        found = bounds[overload]
        assert moves >= found.moves and children >= found.children
        if moves == found.moves:
            assert children >= found.children_at_fewest
    assert bounds


def large_council(seed: int) -> dict:
    """Three teams of four, each with a worker far above capacity; 30 families; the others' room
    to spare or short of the excess."""
    rng = random.Random(seed)
    units = [UNITS[0]] + [{"id": f"T{t}", "parent": "S0", "kind": "team"} for t in (1, 2, 3)]
    sizes = rng.choice([(20.0, 30.0), (10.0, 12.5)])  # of the colleagues: room to spare, or short
    workers = [
        worker(f"W{t}{i}", rng.choice(sizes), unit=f"T{t}", skills=["child_protection"] if i % 2 else [])
        for t in (1, 2, 3)
        for i in range(4)
    ]
    families = []
    for i in range(30):
        holder = workers[4 * rng.randrange(3)] if rng.random() < 0.6 else rng.choice(workers)
        protection = "child_protection" in holder["skills"] and rng.random() < 0.5
        families.append(
            family(
                f"F{i:02d}",
                rng.choice([3.0, 4.5, 5.0, 6.0, 7.5]),
                holder["id"] if rng.random() < 0.95 else None,
                unit=holder["unit"],
                requires=["child_protection"] if protection else [],
                children=rng.choice([1, 2]),
                recently_moved=rng.random() < 0.2,
            )
        )
    return snapshot("rebalance", workers, families, units=units, cross_unit=True)


@pytest.mark.parametrize("seed", range(10))
def test_the_cross_unit_warm_start_keeps_the_rules_and_sheds_the_fewest(seed):
    """``cross_unit.plan`` alone: no hard rule broken, nobody who gains ends above capacity, only
    workers above capacity give families up; with overload 0 its moves are, worker by worker, the
    fewest families (largest first) reaching their excess."""
    snap = large_council(seed)
    ctx = Context.of(parse_snapshot(snap))
    scope = scope_index(ctx)
    after = cross_unit.plan(ctx, list(ctx.snapshot.families), lambda f: eligible(ctx, f.id, scope))
    plan = {
        "question": "rebalance",
        "assignments": [{"family": f, "worker": w} for f, w in after.items() if w != ctx.families[f].worker],
        "unallocated": [{"family": f} for f, w in after.items() if w is None],
    }
    assert check_plan(snap, plan) == []
    capacity = {w["id"]: w["capacity"] for w in snap["workers"]}
    before, end = {w: 0.0 for w in capacity}, {w: 0.0 for w in capacity}
    for fam in snap["families"]:
        if fam["worker"]:
            before[fam["worker"]] += fam["points"]
        if after[fam["id"]]:
            end[after[fam["id"]]] += fam["points"]
    gainers = {a["worker"] for a in plan["assignments"]}
    givers = {ctx.families[a["family"]].worker for a in plan["assignments"]} - {None}
    assert all(end[w] <= capacity[w] + 1e-9 for w in gainers)
    assert all(before[w] > capacity[w] for w in givers)
    if all(end[w] <= capacity[w] + 1e-9 for w in capacity):
        fewest = 0
        for w in capacity:
            excess = before[w] - capacity[w]
            for points in sorted((f["points"] for f in snap["families"] if f["worker"] == w), reverse=True):
                if excess <= 1e-9:
                    break
                excess -= points
                fewest += 1
        assert sum(1 for a in plan["assignments"] if ctx.families[a["family"]].worker) == fewest
