"""A deterministic synthetic council: services, teams (one organised in pods), workers, their
reductions and absences, users, weighting settings, and (in `caseload`) families, children and
allocation history. Pure: plain dicts with explicit integer ids, named like the model columns, ready
for bulk insert. Same size + seed + as_of -> identical council; never the clock, never global random.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from backend.demo import names
from backend.demo.caseload import at_nine, generate_caseload, team_of
from backend.security import DEMO_PASSWORD, hash_password
from backend.workload import WorkloadSettings

DEFAULT_AS_OF = date(2026, 12, 1)
AGENCY_SHARE = 0.17
# (workers, teams, services); "large" and integer sizes derive teams (6-11 people) and services.
SIZES = {"small": (15, 2, 1), "default": (110, 12, 4), "large": (1000, None, None)}
# The pod team: a manager and three pods of three (consultant, social worker, ASYE or family support),
# the size of the Isle of Wight's pods (issue 11) and of Hackney's smallest units.
POD_SIZE = 3
POD_TEAM_SIZE = 1 + 3 * POD_SIZE
COUNCIL_NAMES = {"small": "Little Northbridge", "default": "Northbridge", "large": "Greater Northbridge"}


@dataclass
class Council:
    """Rows of every table, in foreign-key order, as plain dicts with explicit ids."""

    name: str
    as_of: date
    seed: int
    units: list[dict] = field(default_factory=list)
    workers: list[dict] = field(default_factory=list)
    capacity_reductions: list[dict] = field(default_factory=list)
    absences: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)
    weighting_settings: list[dict] = field(default_factory=list)
    families: list[dict] = field(default_factory=list)
    children: list[dict] = field(default_factory=list)
    allocations: list[dict] = field(default_factory=list)
    service_areas: dict[int, list[str]] = field(default_factory=dict)  # patches; not a table


@lru_cache
def demo_password_hash() -> str:
    """The demo password, hashed once per process (argon2 salts, so the hash differs per process)."""
    return hash_password(DEMO_PASSWORD)


def generate_council(
    size: str | int = "default", seed: int = 0, as_of: date | None = None, password_hash: str | None = None
) -> Council:
    """A synthetic council: "small" (~15 workers), "default" (Northbridge, ~110 workers),
    "large" (~1,000 workers) or an int number of workers (teams of 6-11)."""
    as_of = as_of or DEFAULT_AS_OF
    rng = random.Random(seed)
    n_workers, n_teams, n_services = _shape(size)
    name = (
        COUNCIL_NAMES.get(size, f"Northbridge ({size} workers)")
        if isinstance(size, str)
        else f"Northbridge ({size} workers)"
    )
    council = Council(name=name, as_of=as_of, seed=seed)
    team_sizes = _team_sizes(rng, n_workers, n_teams)
    big_enough = [t for t, team_size in enumerate(team_sizes) if team_size >= 7]
    pod_teams = set(rng.sample(big_enough, min(len(big_enough), len(team_sizes) // 12)))
    _pod_team_sizes(team_sizes, pod_teams)
    _add_units(rng, council, n_services, team_sizes, pod_teams)
    _add_workers(rng, council, team_sizes, pod_teams)
    _add_reductions_and_absences(rng, council)
    _add_users(council, password_hash or demo_password_hash())
    council.weighting_settings.append(
        {
            "id": 1,
            "version": 1,
            "values": WorkloadSettings().to_dict(),
            "note": "Defaults of docs/design.md §3",
            "created_by_id": 1,
            "created_at": at_nine(as_of),
        }
    )
    generate_caseload(rng, council)
    _add_last_visits(council, WorkloadSettings())
    return council


OVERDUE_SHARE = 0.06  # of families with a visit rule, whose last visit is past it in the demo


def _add_last_visits(council: Council, settings: WorkloadSettings) -> None:
    """Each open family with a visit rule (docs/visits.md) was last visited within it, except a few
    overdue; a family received in the last week may not have been visited yet. Its own random
    stream, so the rest of the council is the same with or without visits."""
    from backend.visits import next_visit_due

    rng = random.Random(f"visits:{council.seed}")
    statuses: dict[int, list[str]] = {}
    for child in council.children:
        statuses.setdefault(child["family_id"], []).append(child["status"])
    on = council.as_of
    for family in council.families:
        family["last_visit_on"] = None  # every row names the column (bulk insert)
        received, kids = family["received_on"], statuses.get(family["id"], [])
        if (
            (family["closed_on"] and family["closed_on"] <= on)
            or (on - received).days < 7
            or next_visit_due(kids, on, received, settings) is None
        ):
            continue
        # the rule was found above, and whether a status sets one does not depend on the date
        dues = (next_visit_due(kids, on - timedelta(days=k), received, settings) for k in range(1, 400))
        allowed = next(k for k, due in enumerate(dues, start=1) if due is not None and due < on) - 1
        days = allowed + rng.randint(1, 21) if rng.random() < OVERDUE_SHARE else rng.randint(1, max(1, allowed))
        family["last_visit_on"] = max(received, on - timedelta(days=days))


def _shape(size: str | int) -> tuple[int, int, int]:
    if isinstance(size, str):
        if size not in SIZES:
            raise ValueError(f"unknown council size {size!r}: small, default, large or a number")
        n_workers, n_teams, n_services = SIZES[size]
    else:
        n_workers, n_teams, n_services = int(size), None, None
    if n_workers < 2:
        raise ValueError("a council needs at least 2 workers")
    n_teams = n_teams or max(1, round(n_workers / 9))
    n_services = n_services or max(1, math.ceil(n_teams / 3))
    return n_workers, n_teams, n_services


def _team_sizes(rng: random.Random, n_workers: int, n_teams: int) -> list[int]:
    """Sizes summing to n_workers, each kept within 6-11 where the total allows, jittered."""
    sizes = [n_workers // n_teams + (i < n_workers % n_teams) for i in range(n_teams)]
    for _ in range(n_teams * 2):
        a, b = rng.randrange(n_teams), rng.randrange(n_teams)
        if a != b and sizes[a] > 6 and sizes[b] < 11:
            sizes[a] -= 1
            sizes[b] += 1
    return sizes


def _pod_team_sizes(team_sizes: list[int], pod_teams: set[int]) -> None:
    """A pod team is a manager and POD_SIZE x PODS members; the people it gains or gives up are
    taken from or given to the other teams (largest first, or smallest first), so the total stays."""
    others = [t for t in range(len(team_sizes)) if t not in pod_teams]
    for t in sorted(pod_teams):
        while others and team_sizes[t] != POD_TEAM_SIZE:
            if team_sizes[t] < POD_TEAM_SIZE:
                giver = max(others, key=lambda o: (team_sizes[o], -o))
                if team_sizes[giver] <= 6:
                    break
                team_sizes[giver] -= 1
                team_sizes[t] += 1
            else:
                taker = min(others, key=lambda o: (team_sizes[o], o))
                team_sizes[taker] += 1
                team_sizes[t] -= 1


def _add_units(rng, council: Council, n_services: int, team_sizes: list[int], pod_teams: set[int]) -> None:
    areas = list(names.AREAS)
    rng.shuffle(areas)
    service_areas = [[areas[(3 * s + k) % len(areas)] for k in range(3)] for s in range(n_services)]
    for s in range(n_services):
        council.units.append(
            {
                "id": s + 1,
                "code": f"S{s + 1:02d}",
                "kind": "service",
                "parent_id": None,
                "name": f"{names.SERVICE_NAMES[s % len(names.SERVICE_NAMES)]} Family Help"
                + (f" {s + 1}" if s >= 8 else ""),
                "area": service_areas[s][0],
                "allocates_to": "workers",
            }
        )
    for t, team_size in enumerate(team_sizes):
        s = t % n_services
        team_id = len(council.units) + 1
        code = f"T{t + 1:02d}"
        council.units.append(
            {
                "id": team_id,
                "code": code,
                "kind": "team",
                "parent_id": s + 1,
                "name": f"{service_areas[s][t // n_services % 3]} Team {code}",
                "area": service_areas[s][t // n_services % 3],
                "allocates_to": "pods" if t in pod_teams else "workers",
            }
        )
        if t in pod_teams:
            area = council.units[-1]["area"]
            for p, _ in enumerate(_pod_sizes(team_size - 1)):
                council.units.append(
                    {
                        "id": len(council.units) + 1,
                        "code": f"{code}P{p + 1}",
                        "kind": "pod",
                        "parent_id": team_id,
                        "name": f"{area} Pod {p + 1}",
                        "area": area,
                        "allocates_to": "workers",
                    }
                )
    council.service_areas = {s + 1: service_areas[s] for s in range(n_services)}


def _pod_sizes(members: int) -> list[int]:
    """Pods of POD_SIZE people (3-4 where the members do not divide) from a team's members (the
    manager excluded)."""
    n_pods = max(1, members // POD_SIZE)
    return [members // n_pods + (i < members % n_pods) for i in range(n_pods)]


def _team_roles(rng, team_size: int) -> list[str]:
    """Roles of a team without pods, manager first."""
    roles = ["team_manager", "senior_practitioner"]
    if rng.random() < 0.85:
        roles.append("asye")
    if rng.random() < 0.5:
        roles.append("family_support")
    roles += ["social_worker"] * (team_size - len(roles))
    return roles[:team_size]


def _pod_roles(pod_size: int, pod_number: int) -> list[str]:
    """A reclaiming-social-work pod: a consultant (the accountable case holder), a social worker, and
    an ASYE or a family support worker in turn (the fourth member, if any, the other one)."""
    third = ("asye", "family_support") if pod_number % 2 == 0 else ("family_support", "asye")
    return ["consultant", "social_worker", *third][:pod_size]


def _add_workers(rng, council: Council, team_sizes: list[int], pod_teams: set[int]) -> None:
    as_of = council.as_of
    teams = [u for u in council.units if u["kind"] == "team"]
    for t, team in enumerate(teams):
        pods = [u for u in council.units if u["parent_id"] == team["id"] and u["kind"] == "pod"]
        if t in pod_teams:
            placements = [(team["id"], "team_manager")]
            for p, (pod, pod_size) in enumerate(zip(pods, _pod_sizes(team_sizes[t] - 1))):
                placements += [(pod["id"], role) for role in _pod_roles(pod_size, p)]
        else:
            placements = [(team["id"], role) for role in _team_roles(rng, team_sizes[t])]
        for unit_id, role in placements:
            council.workers.append(_worker(rng, len(council.workers) + 1, unit_id, role, team, council))
    social_workers = [w for w in council.workers if w["role"] == "social_worker"]
    for worker in rng.sample(social_workers, min(len(social_workers), round(AGENCY_SHARE * len(council.workers)))):
        worker["agency"] = True
        worker["start_date"] = as_of - timedelta(days=rng.randint(30, 540))
    for worker in rng.sample(social_workers, min(2, len(social_workers))):
        worker["leaving_date"] = as_of + timedelta(days=rng.randint(7, 55))


def _worker(rng, worker_id: int, unit_id: int, role: str, team: dict, council: Council) -> dict:
    qualified = role in ("social_worker", "senior_practitioner", "consultant", "team_manager")
    skills = []
    if qualified and (role != "social_worker" or rng.random() < 0.9):
        skills.append("child_protection")
    if role in ("senior_practitioner", "consultant", "team_manager") or (
        role == "social_worker" and rng.random() < 0.35
    ):
        skills.append("court")
    if role != "team_manager" and rng.random() < 0.1:
        skills.append("disability")
    if role != "team_manager" and rng.random() < 0.08:
        skills.append(rng.choice(names.LANGUAGES))
    if role == "asye":
        start = council.as_of - timedelta(days=rng.randint(10, 355))
    else:
        start = council.as_of - timedelta(days=rng.randint(400, 5500))
    part_time = role not in ("team_manager", "consultant") and rng.random() < 0.15
    service_areas = council.service_areas[team["parent_id"]]
    return {
        "id": worker_id,
        "code": f"W{worker_id:04d}",
        "name": f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.SURNAMES)}",
        "role": role,
        "fte": rng.choice((0.6, 0.7, 0.8)) if part_time else 1.0,
        "agency": False,
        "unit_id": unit_id,
        "patch": team["area"] if rng.random() < 0.7 else rng.choice(service_areas),
        "start_date": start,
        "leaving_date": None,
        "skills": sorted(skills),
        "version": 1,
    }


def _add_reductions_and_absences(rng, council: Council) -> None:
    as_of = council.as_of
    parental = next((w for w in council.workers if w["role"] == "social_worker" and w["fte"] == 1.0), None)
    leave = (as_of - timedelta(days=40), as_of + timedelta(days=150))  # the parental leave below
    for worker in council.workers:
        if worker["role"] != "team_manager" and rng.random() < 0.08:
            reason, percent, days = rng.choice(names.REDUCTIONS)
            start = as_of - timedelta(days=rng.randint(5, 300))
            end = as_of + timedelta(days=rng.randint(7, days)) if days else None
            council.capacity_reductions.append(
                {
                    "id": len(council.capacity_reductions) + 1,
                    "worker_id": worker["id"],
                    "percent": float(percent),
                    "reason": reason,
                    "start_date": start,
                    "end_date": end,
                }
            )
        kept = [leave] if worker is parental else []
        for start, days, kind, planned in _absence_spells(rng, as_of):
            end = start + timedelta(days=days - 1)
            if any(start <= last and end >= first for first, last in kept):
                continue  # absences never overlap (Keel refuses it): the later spell is not taken
            kept.append((start, end))
            council.absences.append(
                {
                    "id": len(council.absences) + 1,
                    "worker_id": worker["id"],
                    "start_date": start,
                    "end_date": start + timedelta(days=days - 1),
                    "kind": kind,
                    "planned": planned,
                }
            )
    if parental:
        council.absences.append(
            {
                "id": len(council.absences) + 1,
                "worker_id": parental["id"],
                "kind": "parental",
                "start_date": leave[0],
                "end_date": leave[1],
                "planned": True,
            }
        )


def _absence_spells(rng, as_of: date) -> list[tuple[date, int, str, bool]]:
    """One worker's absences: past sickness (~8 days a year), a few current, leave and training
    booked in the coming 12 weeks. A spell that would overlap an earlier one is dropped by the caller."""
    spells = []
    if rng.random() < 0.55:  # sickness in the past 26 weeks
        spells.append(
            (as_of - timedelta(days=rng.randint(60, 180)), rng.choice((1, 2, 3, 5, 10, 25)), "sickness", False)
        )
    if rng.random() < 0.04:  # off sick now
        spells.append((as_of - timedelta(days=rng.randint(0, 12)), rng.randint(14, 40), "sickness", False))
    elif rng.random() < 0.05:  # sickness already signed off in the coming weeks (operation)
        spells.append((as_of + timedelta(days=rng.randint(50, 60)), rng.randint(5, 20), "sickness", False))
    if rng.random() < 0.6:
        spells.append((as_of + timedelta(days=rng.randint(3, 45)), rng.choice((3, 5, 7, 10, 12)), "annual_leave", True))
    if rng.random() < 0.25:
        spells.append((as_of + timedelta(days=rng.randint(62, 80)), rng.randint(1, 2), "training", True))
    return spells


def _add_users(council: Council, password_hash: str) -> None:
    def add(username: str, full_name: str, role: str, worker_id=None, unit_id=None):
        council.users.append(
            {
                "id": len(council.users) + 1,
                "username": username,
                "full_name": full_name,
                "role": role,
                "worker_id": worker_id,
                "unit_id": unit_id,
                "active": True,
                "password_hash": password_hash,
                "created_at": at_nine(council.as_of),
            }
        )

    add("admin", "Keel Administrator", "admin")
    add("leader", "Senior Leader", "senior_leader")
    team_ids = team_of(council.units)
    units = {u["id"]: u for u in council.units}
    managers = [w for w in council.workers if w["role"] == "team_manager"]
    for i, manager in enumerate(managers):
        for username in [f"manager.{units[manager['unit_id']]['code'].lower()}"] + (["manager"] if i == 0 else []):
            add(username, manager["name"], "team_manager", manager["id"], manager["unit_id"])
    case_holders = [w for w in council.workers if w["role"] != "team_manager"]
    for i, worker in enumerate(case_holders):
        for username in [worker["code"].lower()] + (["worker"] if i == 0 else []):
            add(username, worker["name"], "social_worker", worker["id"], team_ids[worker["unit_id"]])
    add("regional", "Regional Leader", "regional_leader")  # a region's councils (issue #17), last: ids above stay
