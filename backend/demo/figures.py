"""Measured figures of a generated council, to compare with docs/design.md §1 (printed by
`keel demo`, checked by the tests against their own count)."""

from collections import Counter
from datetime import timedelta

from backend.demo.generate import Council
from backend.demo.snapshot import snapshot_of
from backend.holding import holding_on
from backend.workload import WorkloadSettings, band

WORKING_DAYS_IN_12_WEEKS = 60
TABLES = (
    "units",
    "workers",
    "capacity_reductions",
    "absences",
    "users",
    "weighting_settings",
    "families",
    "children",
    "allocations",
)


def _share(counter: Counter, total: int) -> dict[str, float]:
    return {key: round(count / total, 3) for key, count in sorted(counter.items())} if total else {}


def council_figures(council: Council) -> dict:
    """Case mix (children of open families by status), children per FTE case holder, agency share,
    row counts, workers by load band, unallocated families, referrals and closures a working day
    over the last 12 weeks."""
    as_of = council.as_of
    settings = WorkloadSettings.from_dict(council.weighting_settings[-1]["values"])
    snapshot = snapshot_of(council)
    state = holding_on(
        as_of,
        settings=settings,
        workers=council.workers,
        families=council.families,
        children=council.children,
        allocations=council.allocations,
        absences=council.absences,
        reductions=council.capacity_reductions,
        units=council.units,
    )
    load = {w["code"]: state.load[w["id"]] for w in council.workers}  # a pod member's share of the pod's
    held: Counter[str] = Counter()  # children each worker or pod (by code) holds
    for family in snapshot["families"]:
        if family["worker"] or family.get("pod"):
            held[family["worker"] or family["pod"]] += family["children"]
    statuses = Counter(s for family in snapshot["families"] for s in family["statuses"])
    case_holders = [w for w in council.workers if w["role"] != "team_manager"]
    window_start = as_of - timedelta(weeks=12)
    unallocated = [f for f in snapshot["families"] if f["worker"] is None and f.get("pod") is None]
    return {
        "council": council.name,
        "as_of": as_of.isoformat(),
        "seed": council.seed,
        "counts": {table: len(getattr(council, table)) for table in TABLES},
        "open_families": len(snapshot["families"]),
        "case_mix": _share(statuses, sum(statuses.values())),
        "children_per_fte": round(sum(held.values()) / sum(w["fte"] for w in case_holders), 2),
        "agency_share": round(sum(w["agency"] for w in council.workers) / len(council.workers), 3),
        "loads_by_band": dict(Counter(band(load[w["id"]], w["capacity"], settings) for w in snapshot["workers"])),
        "unallocated_families": len(unallocated),
        "unallocated_cp_families": sum("cp" in f["statuses"] for f in unallocated),
        "referrals_per_working_day": round(
            sum(window_start < f["received_on"] <= as_of for f in council.families) / WORKING_DAYS_IN_12_WEEKS, 2
        ),
        "closures_per_working_day": round(
            sum(f["closed_on"] is not None and window_start < f["closed_on"] <= as_of for f in council.families)
            / WORKING_DAYS_IN_12_WEEKS,
            2,
        ),
    }
