"""The optimizer's resilience questions (optimizer/resilience/): the forecast of every unit, what-if
scenarios, the structure what-if, the ``secure`` plan, each unit's exposure for the history, and one
council's forecast and loans for a region. Snapshots come from planning/rows.py; answers go back to
the services, which put names on them."""

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from backend.services.planning.contract import ContractError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from optimizer.resilience import UnitCache

Progress = Callable[[str, int, int], None]
_units: "UnitCache | None" = None  # made on first use (importing the optimizer is slow)


def unit_cache() -> "UnitCache":
    """Each team's and pod's costly figures kept under the unit's own data stamp, shared by every
    question on this process's snapshots (never by a region's councils)."""
    global _units
    if _units is None:
        from optimizer.resilience import UnitCache

        _units = UnitCache()
    return _units


def assess(snapshot: dict[str, Any], progress: Progress | None = None, *, cached: bool = True) -> dict[str, Any]:
    """The resilience plan of every unit of the snapshot (N-1/N-2, bus factor, collapse risk, stage);
    ``cached=False`` for a snapshot that is not this Keel's (a region's council)."""
    from optimizer.resilience import assess_json

    if cached:
        return assess_json(snapshot, progress=progress, cache=unit_cache())
    return assess_json(snapshot, progress=progress)


ENGINES_KEPT = 4  # databases the forecast process keeps a connection to (a server has one)
_engines: "OrderedDict[str, Engine]" = OrderedDict()


def assess_database(address: str, on: date, progress: Progress | None = None) -> dict[str, Any]:
    """`assess` of the council in the database at `address` on `on`, its rows read here. Called in
    the forecast process (services/forecast_process.py), so reading the whole council holds that
    process's interpreter, not the server's: read in the server at each refresh, it stalled every
    request for the time it took (issue #18)."""
    from backend.db import make_engine
    from backend.services.planning.rows import snapshot_of

    engine = _engines.pop(address, None) or make_engine(address, pool_size=1)
    _engines[address] = engine
    while len(_engines) > ENGINES_KEPT:
        _engines.popitem(last=False)[1].dispose()
    with Session(engine) as session:
        snapshot = snapshot_of(session, on)
    return assess(snapshot, progress)


def try_scenario(
    snapshot: dict[str, Any], scenario: dict[str, list], _progress: Progress | None = None
) -> dict[str, Any]:
    """The touched units' figures before and after a scenario; a scenario the snapshot cannot take is
    a ContractError, said in words. (``_progress``: run in the forecast process, which passes one.)"""
    from optimizer.contract import SnapshotError
    from optimizer.resilience.scenario import what_if

    try:
        return what_if(snapshot, scenario, cache=unit_cache())
    except SnapshotError as error:
        raise ContractError(f"{error}") from error


def secure(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The ``secure`` question's answer (the snapshot's question is ``secure``)."""
    from optimizer.api import solve_json

    return solve_json(snapshot)


def compare_structures(snapshot: dict[str, Any], unit_code: str, mode: str, pod_size: int | None) -> dict[str, Any]:
    """The unit as it is and reorganised; a reorganisation the snapshot cannot take is a ValueError."""
    from optimizer.resilience import structure

    return structure.compare_structures(snapshot, unit_code, mode, pod_size)


def exposure_by_unit(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Unit code -> the figures the optimizer's exposure gives without N-k or risk, in the backend's
    units: load ratio (a fraction), present capacity (points), unallocated families and statutory ones."""
    from optimizer.contract import parse_snapshot
    from optimizer.resilience.exposure import assess_exposure
    from optimizer.resilience.scope import build_scope, descendants, loads
    from optimizer.types import PER_MILLE

    parsed = parse_snapshot(snapshot)
    inside, load_of = descendants(parsed), loads(parsed)
    workers = {w.id: w for w in parsed.workers}
    found = {}
    for part in parsed.units:
        exposure = assess_exposure(build_scope(parsed, part, inside[part.id], load_of, workers))
        ratio_per_mille = exposure.load_ratio
        found[part.id] = {
            "load_ratio": None if ratio_per_mille is None else round(ratio_per_mille / PER_MILLE, 3),
            "present_capacity": points_from_hundredths(exposure.present_capacity),
            "unallocated": exposure.unallocated,
            "statutory_waiting": exposure.unallocated_statutory,
        }
    return found


def points_from_hundredths(hundredths: int) -> float:
    """The optimizer counts points in integer hundredths (optimizer/types.py: SCALE); the backend
    keeps them as float points. The snapshot goes the other way in points, rounded to 0.01
    (planning/snapshot.py), and the optimizer's contract scales them."""
    from optimizer.types import SCALE

    return hundredths / SCALE


def lend(
    lender: dict[str, Any], borrower: dict[str, Any], *, scenarios: int, keep_lender_secure: bool
) -> dict[str, Any]:
    """Which of the lending council's workers could go to the borrower to make its teams N-1 secure
    (optimizer/resilience/partnership.py), between two councils' snapshots."""
    from optimizer.resilience.partnership import lend as loan

    return loan(lender, borrower, scenarios=scenarios, keep_lender_secure=keep_lender_secure)
