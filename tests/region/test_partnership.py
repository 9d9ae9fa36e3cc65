"""Partnership what-if: the loan Keel proposes, checked by applying it to both councils' snapshots and
asking the one-council resilience assessment (a different path from the loan's own search)."""

import copy

import pytest

from backend.region.councils import generate, national_specs
from optimizer.resilience import assess_json
from optimizer.resilience.partnership import lend


@pytest.fixture(scope="module")
def pair():
    """A council rated outstanding lending to one that requires improvement, of about 60 workers each."""
    specs = national_specs(12, 12 * 60, seed=5)
    good = next(s for s in specs if s.condition == "outstanding")
    bad = next(s for s in specs if s.condition == "requires_improvement")
    return generate(good).snapshot, generate(bad).snapshot


def _applied(lender: dict, borrower: dict, loan: dict) -> tuple[dict, dict]:
    """Both snapshots with the loan made: each lent worker away from their team for the whole
    forecast, and a worker like them, with no families yet, in the team they go to."""
    lender, borrower = copy.deepcopy(lender), copy.deepcopy(borrower)
    by_id = {w["id"]: w for w in lender["workers"]}
    for unit in loan["borrower"]["helped"]:
        for lent in unit["workers"]:
            worker = by_id[lent["worker"]]
            assert worker["unit"] == lent["from_unit"]
            worker["available"], worker["absent_until"] = False, None
            borrower["workers"].append(
                {
                    **worker,
                    "id": f"LENT-{worker['id']}",
                    "unit": unit["unit"],
                    "available": True,
                    "absent_until": None,
                    "leaving_on": None,
                }
            )
    return lender, borrower


def _n1(answer: dict) -> dict[str, bool]:
    return {u["id"]: u["n1_secure"] for u in answer["units"] if u["kind"] == "team"}


@pytest.mark.parametrize("keep_lender_secure", [True, False])
def test_the_loan_secures_what_it_says_and_costs_what_it_says(pair, keep_lender_secure):
    lender, borrower = pair
    loan = lend(lender, borrower, scenarios=30, keep_lender_secure=keep_lender_secure)
    lent = [w["worker"] for unit in loan["borrower"]["helped"] for w in unit["workers"]]
    assert loan["workers_lent"] == len(lent) == len(set(lent)) > 0  # each worker lent once, and some are
    assert all(len(unit["workers"]) <= 3 for unit in loan["borrower"]["helped"])
    lender_after, borrower_after = _applied(lender, borrower, loan)
    settings = {"resilience": {"scenarios": 20}}
    before, after = _n1(assess_json({**borrower, **settings})), _n1(assess_json({**borrower_after, **settings}))
    for unit in loan["borrower"]["helped"]:
        if unit["n1_secure"]:
            assert after[unit["unit"]], f"{unit['unit']} was to be N-1 secure with the loan"
    assert sum(not ok for ok in before.values()) == loan["borrower"]["not_n1_secure_before"]
    lender_n1 = _n1(assess_json({**lender_after, **settings}))
    for cost in loan["lender"]["teams_lending"]:
        assert cost["n1_secure_before"]  # only teams that are N-1 secure lend
        if keep_lender_secure:
            assert cost["n1_secure_after"] and lender_n1[cost["unit"]], cost
