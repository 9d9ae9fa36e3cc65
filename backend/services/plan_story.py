"""A plan's story in a manager's words: workers in each band before and after, placements and moves
counted apart (the move budget counts moves), statutory families placed, and why a trade was made."""

from collections import Counter, defaultdict
from typing import Any

from backend.workload import STATUTORY_STATUSES, WorkloadSettings, band

BANDS = ("green", "amber", "red", "surge")
STATUS_WORDS = {
    "cp": "child protection",
    "cla": "looked after",
    "cin": "child in need",
    "assessment": "assessment",
    "care_leaver": "care leaver",
    "private_fostering": "private fostering",
}
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _count(n: int, thing: str, things: str | None = None) -> str:
    return f"{NUMBERS.get(n, n)} {thing if n == 1 else (things or thing + 's')}"


def plan_story(
    view: dict[str, Any], snapshot: dict[str, Any], settings: WorkloadSettings, move_budget: int | None
) -> dict[str, Any]:
    """The summary shown above a plan's placements (`view` is the plan with ids and names)."""
    statuses = {f["id"]: f.get("statuses", []) for f in snapshot["families"]}
    court = {f["id"] for f in snapshot["families"] if "court" in f.get("requires", [])}
    before = Counter(band(load["before"], load["capacity"], settings) for load in view["loads"])
    after = Counter(band(load["after"], load["capacity"], settings) for load in view["loads"])
    cover = [a for a in view["assignments"] if a["kind"] == "cover"]
    moves = [a for a in view["assignments"] if a["kind"] != "cover" and a["previous_worker_id"]]
    placed = [a for a in view["assignments"] if a["kind"] != "cover" and not a["previous_worker_id"]]
    statutory = [a for a in placed + cover if STATUTORY_STATUSES & set(statuses.get(a["family_code"], []))]
    moved_off = defaultdict(list)
    for move in moves:
        moved_off[move["previous_worker_id"]].append(move)
    trade_offs = []
    for placement in placed:
        away = moved_off.get(placement["worker_id"], [])
        if away:
            code = placement["family_code"]
            kinds = ", ".join(
                [STATUS_WORDS.get(s, s) for s in sorted(set(statuses.get(code, [])))]
                + (["court"] if code in court else [])
            )
            trade_offs.append(
                f"To place {placement['family_name']} ({kinds}) with {placement['worker_name']}, "
                f"{_count(len(away), 'of their families moves', 'of their families move')} to colleagues"
            )
    sentences = [
        f"{_count(len(placed), 'family', 'families')} placed, {_count(len(moves), 'move')}"
        + (f" (the budget of {move_budget} counts moves only)" if move_budget is not None else "")
        + (f", {_count(len(cover), 'family', 'families')} covered" if cover else "")
    ]
    if statutory:
        sentences.append(f"{_count(len(statutory), 'statutory family', 'statutory families')} placed or covered")
    return {
        "bands_before": {b: before.get(b, 0) for b in BANDS},
        "bands_after": {b: after.get(b, 0) for b in BANDS},
        "placements": len(placed),
        "moves": len(moves),
        "covers": len(cover),
        "statutory_placed": len(statutory),
        "move_budget": move_budget,
        "trade_offs": trade_offs,
        "sentences": sentences,
    }
