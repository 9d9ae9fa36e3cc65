"""Structure what-if (issue 11): a leader compares a team as it is with the same people and families
organised another way, through the API. Nothing in the data changes.

The route's own work (checks, names for codes, the comparison in words) is tested with the
optimizer's `compare_structures` replaced by a stand-in that records what it was asked; the last
test asks the real one (docs/design.md §8: optimizer/resilience/structure.py)."""

from datetime import date

import pytest
from sqlalchemy import select

from backend.models import Allocation, Child, Family, Unit, UnitKind, Worker
from tests.api.signin import bearer
from tests.api.test_pods import _split_into_pods

NOBODY = 2_000_000_000


def _compare(client, user: str = "leader", **body):
    return client.post("/api/resilience/structure", headers=bearer(client, user), json=body)


@pytest.fixture
def stand_in(monkeypatch):
    """`compare_structures` replaced: it records its arguments and names a worker and a pod by code."""

    asked = {}

    def compare_structures(snapshot, unit_id, mode, pod_size=None):
        asked.update(snapshot=snapshot, unit_id=unit_id, mode=mode, pod_size=pod_size)
        worker = next(w["id"] for w in snapshot["workers"])
        pod = next((u["id"] for u in snapshot["units"] if u["kind"] == "pod"), unit_id)

        def figures(secure: bool) -> dict:
            return {
                "unit": unit_id,
                "load_ratio": 0.9,
                "n1_secure": secure,
                "n2_secure": False,
                "worst_loss": {"workers": [worker], "max_load_ratio": 1.31},
                "worst_single": f"if {worker} is off, {pod}'s 12 families need another accountable worker",
                "bus_factor_one_share": 0.4,
                "concentration": 0.2,
                "stage": "losing_grip",
                "collapse_risk": 0.1,
                "risk_by_week": [],
            }

        return {"as_is": figures(False), "reorganised": figures(True)}

    import optimizer.resilience.structure as structure

    monkeypatch.setattr(structure, "compare_structures", compare_structures, raising=False)
    return asked


def test_the_comparison_names_workers_and_pods_and_says_it_in_words(client, session, stand_in):
    team_id, pods = _split_into_pods(session)
    answer = _compare(client, unit_id=team_id, mode="merge_pods")
    assert answer.status_code == 200, answer.text
    found = answer.json()
    team = session.get(Unit, team_id)
    assert (stand_in["unit_id"], stand_in["mode"], stand_in["pod_size"]) == (team.code, "merge_pods", None)
    assert {u["id"] for u in stand_in["snapshot"]["units"]} >= {team.code, *(session.get(Unit, p).code for p in pods)}
    code = stand_in["snapshot"]["workers"][0]["id"]
    worker = session.scalars(select(Worker).where(Worker.code == code)).one()
    assert found["as_is"]["worst_loss"]["workers"] == [f"{worker.name} ({worker.code})"]
    assert f"if {worker.name} ({worker.code}) is off, Coldharbour Pod 1's 12 families" in found["as_is"]["worst_single"]
    assert found["unit"] == {"id": team_id, "code": team.code, "name": team.name}
    assert found["sentences"] == [
        f"As it is, {team.name} fails N-1: losing {worker.name} ({worker.code}) takes it to 131%.",
        "With its pods merged into one team allocating to workers, it absorbs the loss of any one worker "
        "(N-1 secure) but not of two.",
    ]


def test_what_cannot_be_compared_is_refused_in_words(client, session, stand_in):
    team_id, pods = _split_into_pods(session)
    other = session.scalars(select(Unit).where(Unit.kind == "team", Unit.id != team_id)).first()
    refusals = [
        (dict(unit_id=pods[0], mode="merge_pods"), "is a pod"),
        (dict(unit_id=team_id, mode="split_into_pods"), "Give pod_size"),
        (dict(unit_id=other.id, mode="merge_pods"), "has no pods to merge"),
    ]
    for body, words in refusals:
        answer = _compare(client, **body)
        assert answer.status_code == 422 and words in answer.json()["detail"][0]["msg"], body
    assert _compare(client, unit_id=team_id, mode="split_into_pods", pod_size=1).status_code == 422
    assert _compare(client, unit_id=team_id, mode="reshuffle").status_code == 422
    assert _compare(client, unit_id=NOBODY, mode="merge_pods").status_code == 404
    assert _compare(client, "manager", unit_id=team_id, mode="merge_pods").status_code == 403
    assert not stand_in  # none of these reached the optimizer


def _even_team(session) -> int:
    """A service with one team of six qualified social workers, each holding 14 single-child CIN
    families (70 points of 85: 82%): as one team any one loss is absorbed (70 points shared by five
    with 27 points of room each); as pods of three, a pod loses a third of its capacity (82% of the
    pod becomes 124%, above the 115% surge limit)."""
    service = Unit(code="SEVEN", name="Even Family Help", kind=UnitKind.service)
    session.add(service)
    session.flush()
    team = Unit(code="TEVEN", name="Even Team", kind=UnitKind.team, parent_id=service.id)
    session.add(team)
    session.flush()
    for n in range(6):
        worker = Worker(
            code=f"WEVEN{n}",
            name=f"Even Worker {n}",
            role="social_worker",
            fte=1.0,
            unit_id=team.id,
            start_date=date(2015, 1, 5),
            skills=["child_protection"],
        )
        session.add(worker)
        session.flush()
        for k in range(14):
            family = Family(
                code=f"FEVEN{n}-{k}",
                name=f"Even family {n}-{k}",
                unit_id=team.id,
                received_on=date(2026, 1, 5),
                flags=[],
            )
            session.add(family)
            session.flush()
            session.add(Child(family_id=family.id, first_name="Sam", birth_year=2015, status="cin"))
            session.add(Allocation(family_id=family.id, worker_id=worker.id, kind="key", starts_on=date(2026, 1, 6)))
    session.commit()
    return team.id


def test_pods_of_three_fail_n_1_where_the_same_people_as_one_team_pass(client, session):
    team_id = _even_team(session)
    answer = _compare(client, unit_id=team_id, mode="split_into_pods", pod_size=3)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["as_is"]["n1_secure"] and not found["reorganised"]["n1_secure"]
    assert found["reorganised"]["worst_loss"]["max_load_ratio"] > 1.15
    assert found["sentences"][0].startswith("As it is, Even Team absorbs the loss of any")
    assert "fails N-1: losing Even Worker" in found["sentences"][1]
    assert session.get(Unit, team_id).allocates_to.value == "workers"  # nothing in the data changed
