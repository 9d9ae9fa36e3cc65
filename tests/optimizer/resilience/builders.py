"""Small snapshots for the resilience tests, written the way a manager would describe a unit."""

from __future__ import annotations

from optimizer.contract import parse_snapshot

AS_OF = "2026-12-01"  # a Tuesday: weeks start on Monday 7 December


def worker(wid: str, unit: str = "T1", capacity: float = 85, skills=("child_protection",), **kw) -> dict:
    return {"id": wid, "unit": unit, "capacity": capacity, "skills": list(skills), **kw}


def families(prefix: str, worker_id: str | None, count: int, points: float, unit: str = "T1", **kw) -> list[dict]:
    return [{"id": f"{prefix}{i}", "unit": unit, "points": points, "worker": worker_id, **kw} for i in range(count)]


def raw(workers: list[dict], fams: list[dict], units=None, **extra) -> dict:
    units = units or [{"id": "S0", "parent": None, "kind": "service"}, {"id": "T1", "parent": "S0", "kind": "team"}]
    return {"question": "resilience", "as_of": AS_OF, "units": units, "workers": workers, "families": fams, **extra}


def snapshot(workers: list[dict], fams: list[dict], units=None, **extra):
    return parse_snapshot(raw(workers, fams, units, **extra))


def pod_with_busy_consultant() -> dict:
    """A pod of three: the consultant holds 40 families of two children (80 children, 80 points);
    a social worker holds 30 points and a family support worker 20."""
    units = [
        {"id": "S0", "parent": None, "kind": "service"},
        {"id": "T1", "parent": "S0", "kind": "team"},
        {"id": "P1", "parent": "T1", "kind": "pod"},
    ]
    staff = [
        worker("C", "P1", 68, role="consultant"),
        worker("SW", "P1", 85),
        worker("FS", "P1", 51, skills=(), role="family_support"),
    ]
    work = families("C", "C", 40, 2, unit="P1", children=2, statuses=["cp", "cp"], requires=["child_protection"])
    work += families("S", "SW", 5, 6, unit="P1") + families("F", "FS", 4, 5, unit="P1")
    return raw(staff, work, units)


def ample_team() -> dict:
    """Six social workers, each 85 points of capacity holding five families of 6 points."""
    staff = [worker(f"W{i}") for i in range(6)]
    work = [f for i in range(6) for f in families(f"F{i}-", f"W{i}", 5, 6)]
    return raw(staff, work)


def one_cp_worker_team() -> dict:
    """Five workers with plenty of room; only W0 has the child protection skill and holds the two
    CP families."""
    staff = [worker("W0")] + [worker(f"W{i}", skills=()) for i in range(1, 5)]
    work = families("CP", "W0", 2, 8, requires=["child_protection"], statuses=["cp"])
    work += [f for i in range(1, 5) for f in families(f"F{i}-", f"W{i}", 3, 6)]
    return raw(staff, work)
