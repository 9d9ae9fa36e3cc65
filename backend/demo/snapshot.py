"""Plan-contract snapshots (docs/design.md §8) of generated councils, for benchmarks and demos."""

from datetime import timedelta

from backend.demo.generate import Council, generate_council
from backend.services.planning.snapshot import build_snapshot
from backend.workload import WorkloadSettings


def snapshot_of(council: Council, question: str = "rebalance", **options) -> dict:
    """The council's snapshot on its as_of date, through the planning service's pure builder.
    For `cover`, the absence is the current absence of the worker holding most families."""
    settings = WorkloadSettings.from_dict(council.weighting_settings[-1]["values"])
    if question == "cover" and "absence" not in options:
        options["absence"] = _longest_current_absence(council)
    return build_snapshot(
        question=question,
        as_of=council.as_of,
        units=council.units,
        workers=council.workers,
        reductions=council.capacity_reductions,
        families=council.families,
        children=council.children,
        allocations=council.allocations,
        absences=council.absences,
        settings=settings,
        **options,
    )


def _longest_current_absence(council: Council) -> dict:
    """The absence running on as_of that ends last; if nobody is away, two weeks from as_of for
    the first case holder."""
    current = [a for a in council.absences if a["start_date"] <= council.as_of <= a["end_date"]]
    if current:
        return max(current, key=lambda a: (a["end_date"], -a["id"]))
    worker = next(w for w in council.workers if w["role"] != "team_manager")
    return {"worker_id": worker["id"], "start_date": council.as_of, "end_date": council.as_of + timedelta(days=13)}


def council_snapshot(workers: int, seed: int = 0, question: str = "rebalance") -> dict:
    """A JSON-ready snapshot of a generated council of `workers` workers."""
    return snapshot_of(generate_council(workers, seed=seed), question)
