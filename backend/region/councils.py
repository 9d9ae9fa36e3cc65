"""A region's councils: each is a resilience snapshot (docs/design.md §8) with a name and a
condition, kept as one JSON file per council in a folder.

Sources: a council's own Keel database (`keel region snapshot`), or synthetic councils from the demo
generator at national scale (`national_councils`): England has 153 councils and about 33,000 FTE
children's social workers (DfE children's social work workforce statistics), so the default region
is 150 councils of varied size summing to 33,000 workers.
"""

import json
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.demo.names import AREAS, SERVICE_NAMES
from backend.workload import STATUTORY_STATUSES

NATIONAL_COUNCILS = 150
NATIONAL_WORKERS = 33_000
SMALLEST, LARGEST = 40, 900  # workers in one council's children's social work establishment

# Ofsted's judgements of English councils' children's services, roughly in the proportions of the
# ILACS outcomes (about 17% outstanding, 45% good, 28% requires improvement, 10% inadequate), and the
# caseload each synthetic council is brought to, as points carried against case capacity: a council
# under its target closes families it would otherwise hold (non-statutory ones), one above it leaves
# posts unfilled (vacancies without agency cover) and shares their families among the colleagues of
# the same team. The demo generator's councils carry about 0.9 of capacity.
CONDITIONS = (
    ("outstanding", 0.17, 0.76),
    ("good", 0.45, 0.83),
    ("requires_improvement", 0.28, 0.93),
    ("inadequate", 0.10, 1.03),
)


@dataclass(frozen=True)
class CouncilSpec:
    """What `national_councils` generates one council from (cheap to send to a worker process)."""

    code: str
    name: str
    workers: int
    condition: str
    target_load: float
    seed: int


@dataclass
class Council:
    code: str
    name: str
    condition: str | None
    workers: int
    snapshot: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "council": {"code": self.code, "name": self.name, "condition": self.condition, "workers": self.workers},
            "snapshot": self.snapshot,
        }


def national_specs(
    councils: int = NATIONAL_COUNCILS, workers: int = NATIONAL_WORKERS, seed: int = 0
) -> list[CouncilSpec]:
    """Sizes from a log-normal spread (a few large cities, many shires and small unitaries), kept
    within SMALLEST..LARGEST and scaled to sum to `workers`; conditions in Ofsted's proportions."""
    if councils < 1 or workers < councils * SMALLEST:
        raise ValueError(f"{councils} councils need at least {councils * SMALLEST} workers")
    rng = random.Random(seed)
    raw = [math.exp(rng.gauss(0, 0.6)) for _ in range(councils)]
    sizes = _scaled(raw, workers)
    specs = []
    for i, size in enumerate(sizes):
        condition, target = _condition(rng)
        place = AREAS[i % len(AREAS)]
        name = place if i < len(AREAS) else f"{place} {SERVICE_NAMES[(i // len(AREAS)) % len(SERVICE_NAMES)]}"
        specs.append(
            CouncilSpec(
                code=f"C{i + 1:03d}",
                name=f"{name} Council",
                workers=size,
                condition=condition,
                target_load=target,
                seed=seed * 10_000 + i,
            )
        )
    return specs


def _scaled(raw: list[float], total: int) -> list[int]:
    """Integers within SMALLEST..LARGEST in the proportions of `raw`, summing to `total` (when the
    bounds allow it)."""
    sizes = [SMALLEST] * len(raw)
    for _ in range(50):
        scale = (total - sum(SMALLEST for _ in raw)) / sum(raw)
        sizes = [min(LARGEST, max(SMALLEST, SMALLEST + round(r * scale))) for r in raw]
        if sum(sizes) == total:
            break
        raw = [r * (total / sum(sizes)) for r in raw]
    gap = total - sum(sizes)
    order = sorted(range(len(sizes)), key=lambda i: -raw[i])
    for i in (order * (abs(gap) // len(order) + 1))[: abs(gap)]:
        sizes[i] = min(LARGEST, max(SMALLEST, sizes[i] + (1 if gap > 0 else -1)))
    return sizes


def _condition(rng: random.Random) -> tuple[str, float]:
    draw, cumulative = rng.random(), 0.0
    for name, share, target in CONDITIONS:
        cumulative += share
        if draw < cumulative:
            return name, target
    return CONDITIONS[-1][0], CONDITIONS[-1][2]


def generate(spec: CouncilSpec) -> Council:
    """One synthetic council's resilience snapshot: the demo generator's council of this size and
    seed, brought to its condition's caseload (see CONDITIONS)."""
    from backend.demo.snapshot import council_snapshot

    snapshot = council_snapshot(spec.workers, seed=spec.seed, question="resilience")
    rng = random.Random(spec.seed)
    if load_ratio(snapshot) > spec.target_load:
        _close_families(snapshot, spec.target_load, rng)
    else:
        _leave_posts_unfilled(snapshot, spec.target_load, rng)
    return Council(
        code=spec.code, name=spec.name, condition=spec.condition, workers=len(snapshot["workers"]), snapshot=snapshot
    )


def _case_holders(snapshot: dict) -> list[dict]:
    return [w for w in snapshot["workers"] if w.get("role") != "team_manager"]


def load_ratio(snapshot: dict) -> float:
    """Points of the open families against the case capacity of every case holder."""
    capacity = sum(w["capacity"] for w in _case_holders(snapshot))
    return sum(f["points"] for f in snapshot["families"]) / capacity if capacity else float("inf")


def _close_families(snapshot: dict, target: float, rng: random.Random) -> None:
    """Close non-statutory families, always from the unit carrying most against its capacity, until
    the council's load is down to the target (a council in good condition has few hot spots)."""
    capacity: dict[str, float] = {}
    for worker in _case_holders(snapshot):
        capacity[worker["unit"]] = capacity.get(worker["unit"], 0) + worker["capacity"]
    families = snapshot["families"]
    load: dict[str, float] = {}
    closable: dict[str, list[dict]] = {}
    for family in families:
        load[family["unit"]] = load.get(family["unit"], 0) + family["points"]
        if not family.get("statutory") and not set(family.get("statuses", ())) & STATUTORY_STATUSES:
            closable.setdefault(family["unit"], []).append(family)
    for unit_families in closable.values():
        rng.shuffle(unit_families)
    excess = sum(load.values()) - target * sum(capacity.values())
    closed = set()
    while excess > 0:
        open_units = [u for u in closable if closable[u]]
        if not open_units:
            break
        hottest = max(open_units, key=lambda u: (load[u] / capacity.get(u, 1e-9), u))
        family = closable[hottest].pop()
        closed.add(family["id"])
        load[hottest] -= family["points"]
        excess -= family["points"]
    snapshot["families"] = [f for f in families if f["id"] not in closed]


def _leave_posts_unfilled(snapshot: dict, target: float, rng: random.Random) -> None:
    """Take case holders out, one at a time and never a unit's last, until the load reaches the target."""
    holders = _case_holders(snapshot)
    by_unit: dict[str, list[dict]] = {}
    for worker in holders:
        by_unit.setdefault(worker["unit"], []).append(worker)
    points = sum(f["points"] for f in snapshot["families"])
    capacity = sum(w["capacity"] for w in holders)
    gone: set[str] = set()
    candidates = list(holders)
    rng.shuffle(candidates)
    for worker in candidates:
        if points >= target * capacity:
            break
        if sum(1 for w in by_unit[worker["unit"]] if w["id"] not in gone) > 2:
            gone.add(worker["id"])
            capacity -= worker["capacity"]
    unit_of = {w["id"]: w["unit"] for w in holders}
    stays = {unit: [w["id"] for w in members if w["id"] not in gone] for unit, members in by_unit.items()}
    for family in snapshot["families"]:
        for field in ("worker", "co_worker", "cover"):
            if family.get(field) in gone:
                colleagues = stays[unit_of[family[field]]] if field == "worker" else []
                family[field] = colleagues[rng.randrange(len(colleagues))] if colleagues else None
        family["known_to"] = [w for w in family.get("known_to", []) if w not in gone]
    snapshot["workers"] = [w for w in snapshot["workers"] if w["id"] not in gone]
    resilience = snapshot.get("resilience") or {}
    if resilience.get("planned_absences"):
        resilience["planned_absences"] = [a for a in resilience["planned_absences"] if a["worker"] not in gone]


def save(councils: Iterable[Council], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for council in councils:
        path = folder / f"{council.code}.json"
        path.write_text(json.dumps(council.to_dict()))
        written.append(path)
    return written


def load(folder: Path) -> list[Council]:
    """Every `*.json` council file of the folder, in code order; a clear error names a bad file."""
    files = sorted(folder.glob("*.json"))
    if not files:
        raise ValueError(
            f"{folder} holds no council files (*.json): make them with `keel region demo` or `keel region snapshot`"
        )
    councils = []
    for path in files:
        try:
            data = json.loads(path.read_text())
            about = data["council"]
            councils.append(
                Council(
                    code=about["code"],
                    name=about["name"],
                    condition=about.get("condition"),
                    workers=int(about.get("workers") or len(data["snapshot"]["workers"])),
                    snapshot=data["snapshot"],
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name} is not a council file: {exc}") from exc
    codes = [c.code for c in councils]
    if len(set(codes)) != len(codes):
        raise ValueError("two council files have the same council code")
    return councils
