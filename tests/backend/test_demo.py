"""The synthetic council: deterministic, calibrated to docs/design.md §1 (figures recomputed here
from the raw rows), loadable, and turned into valid plan-contract snapshots."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import Session, SQLModel, create_engine, func, select

from backend import models
from backend.demo import council_figures, generate_council, load_council
from backend.security import verify_password
from backend.workload import WorkloadSettings, family_points, worker_capacity


@pytest.fixture(scope="module")
def northbridge():
    return generate_council("default", seed=0)


def current_key_workers(council) -> dict[int, int | None]:
    """Family id -> worker id of its latest key row (by start date, then id), or ("pod", id) when a
    pod holds it."""
    latest = {}
    for row in sorted(council.allocations, key=lambda r: (r["starts_on"], r["id"])):
        if row["kind"] == "key":
            latest[row["family_id"]] = row["worker_id"] or (("pod", row["pod_id"]) if row.get("pod_id") else None)
    return latest


def open_families(council) -> list[dict]:
    return [f for f in council.families if f["closed_on"] is None]


def test_same_seed_same_council_other_seed_other_council():
    assert generate_council("small", seed=1) == generate_council("small", seed=1)
    assert generate_council("small", seed=1).families != generate_council("small", seed=2).families


def test_default_council_shape(northbridge):
    kinds = Counter(u["kind"] for u in northbridge.units)
    assert kinds["service"] == 4 and kinds["team"] == 12 and kinds["pod"] >= 2
    assert len(northbridge.workers) == 110
    assert 800 <= len(northbridge.families) <= 1300
    assert 1400 <= len(northbridge.children) <= 2300
    unit_ids = {u["id"] for u in northbridge.units}
    assert all(f["unit_id"] in unit_ids for f in northbridge.families)
    assert all(w["unit_id"] in unit_ids for w in northbridge.workers)
    teams = [u for u in northbridge.units if u["kind"] == "team"]
    for team in teams:  # teams of 6-11 people, pods counted in their team
        members = [
            w
            for w in northbridge.workers
            if w["unit_id"] == team["id"]
            or any(p["parent_id"] == team["id"] and p["id"] == w["unit_id"] for p in northbridge.units)
        ]
        assert 6 <= len(members) <= 11, team["code"]


def test_case_mix_of_open_families(northbridge):
    open_ids = {f["id"] for f in open_families(northbridge)}
    statuses = Counter(c["status"] for c in northbridge.children if c["family_id"] in open_ids)
    total = sum(statuses.values())
    assert 0.75 <= statuses["cin"] / total <= 0.86
    assert 0.07 <= statuses["cp"] / total <= 0.13
    assert 0.06 <= statuses["cla"] / total <= 0.12


def test_children_per_fte_case_holder_and_agency_share(northbridge):
    key = current_key_workers(northbridge)
    children = Counter(c["family_id"] for c in northbridge.children)
    held = sum(children[f["id"]] for f in open_families(northbridge) if key.get(f["id"]))
    case_fte = sum(w["fte"] for w in northbridge.workers if w["role"] != "team_manager")
    # DESIGN's national average is 16, which the weights reach near 97% load; Northbridge's story
    # (issue 12: most teams steady, one service under strain) runs lighter on average; a family held
    # by a pod counts as held
    assert 12 <= held / case_fte <= 18
    agency = sum(w["agency"] for w in northbridge.workers) / len(northbridge.workers)
    assert 0.12 <= agency <= 0.22
    figures = council_figures(northbridge)
    assert figures["children_per_fte"] == pytest.approx(held / case_fte, abs=0.01)
    assert figures["agency_share"] == pytest.approx(agency, abs=0.001)


def test_workforce_mix(northbridge):
    workers = northbridge.workers
    roles = Counter(w["role"] for w in workers)
    assert roles["team_manager"] == 12 and roles["senior_practitioner"] >= 4 and roles["asye"] >= 4
    assert len({w["start_date"].month for w in workers if w["role"] == "asye"}) >= 3
    assert sum(0.6 <= w["fte"] <= 0.8 for w in workers) >= 5
    as_of = northbridge.as_of
    leavers = [w for w in workers if w["leaving_date"]]
    assert len(leavers) == 2 and all(as_of < w["leaving_date"] <= as_of + timedelta(weeks=8) for w in leavers)
    skills = Counter(s for w in workers for s in w["skills"])
    assert skills["child_protection"] >= 0.7 * len(workers) and skills["court"] >= 10
    assert {"polish", "urdu", "arabic", "romanian", "punjabi", "somali"} & set(skills)


def test_key_workers_are_case_holders_with_the_skills_cp_and_court_need(northbridge):
    workers = {w["id"]: w for w in northbridge.workers}
    assert all(workers[r["worker_id"]]["role"] != "team_manager" for r in northbridge.allocations if r["worker_id"])
    key = current_key_workers(northbridge)
    cp_families = {c["family_id"] for c in northbridge.children if c["status"] == "cp"}
    for family in open_families(northbridge):
        worker = workers.get(key.get(family["id"]))
        if worker and family["id"] in cp_families:
            assert "child_protection" in worker["skills"] and worker["role"] not in ("asye", "family_support")
        if worker and "court" in family["flags"]:
            assert "court" in worker["skills"]


def test_the_pod_teams_pods_hold_their_families_as_pods(northbridge):
    """The pod team allocates to pods: its families are held by its pods as a whole (no key worker),
    and each pod has a consultant to be accountable for them."""
    pod_team = {u["id"] for u in northbridge.units if u.get("allocates_to") == "pods"}
    pods = {u["id"] for u in northbridge.units if u["kind"] == "pod" and u["parent_id"] in pod_team}
    assert len(pod_team) == 1 and len(pods) == 3
    key = current_key_workers(northbridge)
    held = Counter()
    for family in open_families(northbridge):
        holder = key.get(family["id"])
        if isinstance(holder, tuple):
            assert holder[1] in pods and family["unit_id"] in pod_team, family["code"]
            held[holder[1]] += 1
        else:
            assert family["unit_id"] not in pods, family["code"]  # no pod family held by a worker
    assert set(held) == pods and min(held.values()) >= 10
    for pod in pods:
        roles = sorted(w["role"] for w in northbridge.workers if w["unit_id"] == pod)
        assert roles in (["asye", "consultant", "social_worker"], ["consultant", "family_support", "social_worker"])


def test_unallocated_families_include_a_cp_family(northbridge):
    key = current_key_workers(northbridge)
    cp_families = {c["family_id"] for c in northbridge.children if c["status"] == "cp"}
    unallocated = [f for f in open_families(northbridge) if key.get(f["id"]) is None]
    assert 3 <= len(unallocated) <= 30
    assert any(f["id"] in cp_families for f in unallocated)


def test_some_workers_overloaded_and_some_with_headroom(northbridge):
    settings = WorkloadSettings()
    key = current_key_workers(northbridge)
    statuses = {}
    for child in northbridge.children:
        statuses.setdefault(child["family_id"], []).append(child["status"])
    load = Counter()
    for f in open_families(northbridge):
        if key.get(f["id"]):
            load[key[f["id"]]] += family_points(statuses[f["id"]], f["flags"], f["travel_band"], settings)
    reductions = northbridge.capacity_reductions
    holding_pods = {key[f["id"]][1] for f in open_families(northbridge) if isinstance(key.get(f["id"]), tuple)}
    ratios = {}
    for w in northbridge.workers:
        capacity = worker_capacity(
            w["role"],
            w["fte"],
            w["start_date"],
            northbridge.as_of,
            [r for r in reductions if r["worker_id"] == w["id"]],
            settings,
        )
        if capacity and w["role"] != "consultant" and w["unit_id"] not in holding_pods:  # pods share their load
            ratios[w["id"]] = load[w["id"]] / capacity
    assert sum(1.05 <= r <= 1.25 for r in ratios.values()) >= 2
    assert sum(r < 0.85 for r in ratios.values()) >= 5
    assert sum(0.85 <= r <= 1.0 for r in ratios.values()) >= len(ratios) / 5  # the pods' members are red


def test_referrals_and_closures_at_a_plausible_rate(northbridge):
    # ~16 child referrals a working day for an average council of ~217 FTE, ~1.8 children a family;
    # 12 weeks = 60 working days. Accept half to double the expected rate.
    as_of, start = northbridge.as_of, northbridge.as_of - timedelta(weeks=12)
    case_fte = sum(w["fte"] for w in northbridge.workers if w["role"] != "team_manager")
    expected = 16 * case_fte / 217 / 1.8
    received = sum(start < f["received_on"] <= as_of for f in northbridge.families) / 60
    closed = sum(f["closed_on"] is not None and start < f["closed_on"] <= as_of for f in northbridge.families) / 60
    assert expected / 2 <= received <= expected * 2
    assert expected / 2 <= closed <= expected * 2
    assert min(f["received_on"] for f in northbridge.families) <= as_of - timedelta(days=600)


def test_absences_planned_current_and_coming(northbridge):
    as_of = northbridge.as_of
    kinds = Counter(a["kind"] for a in northbridge.absences if a["start_date"] > as_of)
    assert kinds["annual_leave"] >= 20 and kinds["training"] >= 5 and kinds["sickness"] >= 1
    assert all(a["start_date"] <= as_of + timedelta(weeks=12) for a in northbridge.absences)
    assert sum(a["start_date"] <= as_of <= a["end_date"] for a in northbridge.absences) >= 2
    assert all(a["planned"] == (a["kind"] != "sickness") for a in northbridge.absences)


def test_allocation_history_has_earlier_workers_and_co_workers(northbridge):
    key_workers = Counter()
    for row in northbridge.allocations:
        if row["kind"] == "key" and row["worker_id"]:
            key_workers[row["family_id"]] += 1
    assert sum(n >= 2 for n in key_workers.values()) >= 50
    assert sum(r["kind"] == "co_work" for r in northbridge.allocations) >= 20
    assert sum(r["kind"] == "cover" for r in northbridge.allocations) >= 10


def test_users_share_one_demo_password_hash(northbridge):
    users = {u["username"]: u for u in northbridge.users}
    assert {"admin", "leader", "manager", "manager.t01", "worker"} <= set(users)
    assert users["manager"]["worker_id"] == users["manager.t01"]["worker_id"]
    case_holders = [w for w in northbridge.workers if w["role"] != "team_manager"]
    assert all(w["code"].lower() in users for w in case_holders)
    assert len({u["password_hash"] for u in northbridge.users}) == 1
    assert verify_password("keel-demo", users["admin"]["password_hash"])
    assert northbridge.weighting_settings[0]["values"] == WorkloadSettings().to_dict()


def test_large_council_generates():
    council = generate_council("large", seed=0)
    assert len(council.workers) == 1000
    assert 90 <= sum(u["kind"] == "team" for u in council.units) <= 130
    assert len(council.families) >= 8000 and len(council.children) >= 14000


def test_small_council_loads_into_sqlite():
    council = generate_council("small", seed=0)
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        counts = load_council(session, council)
        session.commit()
        for model, rows in (
            (models.Unit, council.units),
            (models.Worker, council.workers),
            (models.Family, council.families),
            (models.Child, council.children),
            (models.Allocation, council.allocations),
            (models.User, council.users),
            (models.Absence, council.absences),
        ):
            assert session.exec(select(func.count()).select_from(model)).one() == len(rows) > 0
        assert counts["families"] == len(council.families)
        worker = session.get(models.Worker, council.workers[1]["id"])
        assert worker.code == council.workers[1]["code"] and worker.skills == council.workers[1]["skills"]
        assert session.exec(select(models.User).where(models.User.username == "admin")).one().role == "admin"


def test_no_worker_has_overlapping_absences():
    """Keel refuses overlapping absences; the demo council has none either."""
    from collections import defaultdict

    council = generate_council("default", seed=0)
    spells = defaultdict(list)
    for absence in council.absences:
        spells[absence["worker_id"]].append((absence["start_date"], absence["end_date"]))
    for worker_spells in spells.values():
        worker_spells.sort()
        assert all(end < next_start for (_, end), (next_start, _) in zip(worker_spells, worker_spells[1:]))
