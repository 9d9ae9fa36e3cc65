"""Partnership what-if (issue #17): which of one council's workers could be lent to another to make
the other's teams N-1 secure, and what the lending costs the lender in risk.

Pure: two snapshots in, the loan out, with the functions that answer one council's ``secure``
question (``failing``, ``with_extra``, ``near_term_risk``):

1. The borrower's teams that are not N-1 secure are helped in turn, the most failing losses first.
2. For a team, each kind of lendable worker (capacity and skills; present case holders of a lender
   team that is N-1 secure) is tried as one more worker of the team; the kind that leaves the
   fewest failing losses is taken (then the larger capacity, then the code). Of the workers of that
   kind, the one whose team stays N-1 secure without them is lent (then the one whose team has most
   room); with ``keep_lender_secure`` (the default) a worker whose team would no longer be N-1
   secure is never lent. At most ``max_per_team`` workers go to a team; a team no loan helps gets none.
3. A lent worker is away from their own team for the whole forecast: their families move to their
   colleagues (the lender's N-1 and collapse risk are worked out again with them gone).

Deterministic: the same snapshots give the same loan.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from typing import Any

from optimizer.contract import parse_snapshot
from optimizer.resilience.inputs import parse_resilience
from optimizer.resilience.scope import Scope, bits, scopes
from optimizer.resilience.secure import failing, near_term_risk, with_extra
from optimizer.types import SCALE

LENDABLE_ROLES = frozenset({"social_worker", "senior_practitioner", "consultant"})


def _lent_away(scope: Scope, w: int) -> Scope:
    """The scope with worker ``w`` away for the whole forecast (lent): no longer present or receiving."""
    bit = 1 << w
    workers = tuple(
        replace(x, available=False, absent_until=None) if i == w else x for i, x in enumerate(scope.workers)
    )
    return replace(scope, workers=workers, present=scope.present & ~bit, receive=scope.receive & ~bit)


def _room(scope: Scope) -> int:
    return sum(scope.surge[w] - scope.load[w] for w in bits(scope.receive))


def lend(
    lender: dict[str, Any],
    borrower: dict[str, Any],
    *,
    max_per_team: int = 3,
    scenarios: int = 200,
    keep_lender_secure: bool = True,
) -> dict[str, Any]:
    """The loan that brings most of the borrower's teams to N-1 secure, and its cost to the lender."""
    lend_snap, borrow_snap = parse_snapshot(lender), parse_snapshot(borrower)
    lend_inputs = replace(parse_resilience(lender.get("resilience"), lend_snap), scenarios=scenarios)
    borrow_inputs = replace(parse_resilience(borrower.get("resilience"), borrow_snap), scenarios=scenarios)
    pct = borrow_snap.settings.surge_limit_pct
    lender_teams = {s.unit.id: s for s in scopes(lend_snap) if s.unit.kind != "service"}
    lender_before = dict(lender_teams)
    pool = [
        (team, w)
        for team, s in sorted(lender_teams.items())
        if not failing(s)
        for w in bits(s.present & s.receive)
        if s.workers[w].role in LENDABLE_ROLES
    ]

    def kind(item: tuple[str, int]) -> tuple[int, frozenset[str]]:
        """A lendable worker by what they bring: capacity and skills."""
        team, w = item
        return lender_teams[team].cap[w], lender_teams[team].workers[w].skills

    helped: list[dict[str, Any]] = []
    borrower_teams = [s for s in scopes(borrow_snap) if s.unit.kind != "service"]
    needy = sorted(((s, failing(s)) for s in borrower_teams), key=lambda x: (-len(x[1]), x[0].unit.id))
    for scope, losers in needy:
        if not losers:
            continue
        before = scope
        loans: list[dict[str, Any]] = []
        while losers and len(loans) < max_per_team and pool:
            options: list[tuple[int, int, list[str], list[tuple[str, int]], Scope]] = []
            for (capacity, skills), group in groupby(sorted(pool, key=lambda i: (kind(i), i)), key=kind):
                trial = with_extra(scope, capacity, skills, pct)
                options.append((len(failing(trial)), -capacity, sorted(skills), list(group), trial))
            options.sort(key=lambda o: (o[0], o[1], o[2], o[3][0]))
            chosen = None
            for left, _, _, members, trial in options:
                if left >= len(losers):
                    break  # nobody the lender can spare helps this team further
                ranked = sorted(
                    (bool(failing(_lent_away(lender_teams[t], w))), -_room(_lent_away(lender_teams[t], w)), (t, w))
                    for t, w in members
                )
                if ranked and not (keep_lender_secure and ranked[0][0]):
                    chosen = (ranked[0][2], trial)
                    break
            if chosen is None:
                break
            (team_of, w), trial = chosen
            lender_teams[team_of] = _lent_away(lender_teams[team_of], w)
            pool.remove((team_of, w))
            worker = lender_teams[team_of].workers[w]
            loans.append(
                {
                    "worker": worker.id,
                    "from_unit": team_of,
                    "role": worker.role,
                    "capacity": worker.capacity / SCALE,
                    "skills": sorted(worker.skills),
                }
            )
            scope, losers = trial, failing(trial)
        if loans:
            helped.append(
                {
                    "unit": scope.unit.id,
                    "n1_secure": not losers,
                    "workers": loans,
                    "risk_before": round(near_term_risk(before, borrow_inputs, borrow_snap), 4),
                    "risk_after": round(near_term_risk(scope, borrow_inputs, borrow_snap), 4),
                }
            )

    lent_from = sorted({loan["from_unit"] for unit in helped for loan in unit["workers"]})
    costs = [
        {
            "unit": team,
            "n1_secure_before": not failing(lender_before[team]),
            "n1_secure_after": not failing(lender_teams[team]),
            "risk_before": round(near_term_risk(lender_before[team], lend_inputs, lend_snap), 4),
            "risk_after": round(near_term_risk(lender_teams[team], lend_inputs, lend_snap), 4),
        }
        for team in lent_from
    ]
    not_secure = [s.unit.id for s, losers in needy if losers]
    lent_skills = sorted({s for unit in helped for loan in unit["workers"] for s in loan["skills"]})
    return {
        "workers_lent": sum(len(unit["workers"]) for unit in helped),
        "skills": lent_skills,
        "borrower": {
            "teams": len(borrower_teams),
            "not_n1_secure_before": len(not_secure),
            "not_n1_secure_after": len(not_secure) - sum(1 for unit in helped if unit["n1_secure"]),
            "helped": helped,
        },
        "lender": {
            "teams": len(lender_teams),
            "teams_lending": costs,
            "n1_secure_lost": sum(1 for c in costs if c["n1_secure_before"] and not c["n1_secure_after"]),
        },
    }
