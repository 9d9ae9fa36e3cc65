"""What may cross councils: aggregates of each council's resilience answer, never a family, a child
or a worker. A council's figures come from its services and teams; the region's from its councils.

The "worst stage" of a council is the worst stage of its services (the stage order is the answer's
own `stages` list); its weekly risk is the highest collapse risk of any of its services that week
(a council collapses where its worst service does); its load is the points all its services carry
against their present capacity.
"""

from collections import Counter
from typing import Any

NEAR_TERM_WEEKS = 4
HIGH_RISK = 0.4  # the stage rules' "service breakdown" risk (docs/design/resilience.md)


def council_summary(answer: dict[str, Any]) -> dict[str, Any]:
    order = [s["id"] for s in answer.get("stages", [])]
    rank = {stage: i for i, stage in enumerate(order)}
    units = answer["units"]
    services = [u for u in units if u["kind"] == "service"] or [u for u in units if u.get("parent") is None]
    teams = [u for u in units if u["kind"] == "team"]
    weeks = [w["week"] for w in (services[0]["risk_by_week"] if services else [])]
    risk = [max(s["risk_by_week"][i]["risk"] for s in services) for i in range(len(weeks))]
    load = sum((s["load_ratio"] or 0) * s["present_capacity"] for s in services)
    capacity = sum(s["present_capacity"] for s in services)
    return {
        "stage": _worst([s["stage"] for s in services], rank),
        "load_ratio": round(load / capacity, 3) if capacity else None,
        "teams": len(teams),
        "teams_n1_secure": sum(1 for t in teams if t["n1_secure"]),
        "teams_n2_secure": sum(1 for t in teams if t["n2_secure"]),
        "team_stages": dict(Counter(t["stage"] for t in teams)),
        "statutory_unallocated": sum(s["unallocated"]["statutory"] for s in services),
        "weeks": weeks,
        "risk_by_week": risk,
        "stage_by_week": [_worst([s["risk_by_week"][i]["stage"] for s in services], rank) for i in range(len(weeks))],
        "near_term_risk": max(risk[:NEAR_TERM_WEEKS], default=0.0),
        "services": [
            {
                "id": s["id"],
                "stage": s["stage"],
                "load_ratio": s["load_ratio"],
                "n1_secure": s["n1_secure"],
                "n2_secure": s["n2_secure"],
                "teams": sum(1 for t in teams if t["parent"] == s["id"]),
                "risk_by_week": [w["risk"] for w in s["risk_by_week"]],
            }
            for s in services
        ],
        "stages": [{"id": s["id"], "name": s["name"]} for s in answer.get("stages", [])],
    }


def _worst(stages: list[str], rank: dict[str, int]) -> str | None:
    return max(stages, key=lambda s: rank.get(s, -1), default=None)


def region_summary(councils: list[dict[str, Any]]) -> dict[str, Any]:
    """The region's figures from its councils' summaries (as `council_summary` gives, with `code`,
    `name` and `workers`)."""
    teams = sum(c["teams"] for c in councils)
    ranked = sorted(councils, key=lambda c: (-c["near_term_risk"], c["code"]))
    return {
        "councils": len(councils),
        "workers": sum(c["workers"] for c in councils),
        "teams": teams,
        "teams_n1_secure_share": round(sum(c["teams_n1_secure"] for c in councils) / teams, 3) if teams else None,
        "teams_n2_secure_share": round(sum(c["teams_n2_secure"] for c in councils) / teams, 3) if teams else None,
        "councils_by_stage": dict(Counter(c["stage"] for c in councils)),
        "councils_at_high_risk": sum(1 for c in councils if c["near_term_risk"] >= HIGH_RISK),
        "highest_risk": [
            {"code": c["code"], "name": c["name"], "near_term_risk": c["near_term_risk"], "stage": c["stage"]}
            for c in ranked[:10]
        ],
    }
