"""A manager allocates or reassigns a family by hand: a before/after preview for every worker of
the team, the optimizer's rules refusing who may not take it, a reason needed above the surge
limit, every allocation audited."""

from datetime import date

from sqlalchemy import select

from backend.models import AuditEvent, Child, Family
from tests.api.council import manager_team
from tests.api.signin import bearer, signed_in


def _heavy_referral(session, unit_id: int) -> int:
    """Eight children and PLO: too heavy for most of a full team within the surge limit."""
    family = Family(
        code="HEAVY-1", name="Okafor family", unit_id=unit_id, received_on=date.today(), flags=["plo"], travel_band=2
    )
    session.add(family)
    session.flush()
    session.add_all(
        [Child(family_id=family.id, first_name=f"Child {n}", birth_year=2012, status="cin") for n in range(8)]
    )
    session.commit()
    return family.id


def _choices(client, family_id: int) -> dict:
    answer = client.get(f"/api/families/{family_id}/allocation", headers=bearer(client, "manager"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _allocate(client, family_id: int, body: dict):
    return client.post(f"/api/families/{family_id}/allocation", headers=bearer(client, "manager"), json=body)


def test_the_preview_shows_each_workers_load_before_and_after_and_who_may_not(client, session):
    team = manager_team(session)
    family_id = _heavy_referral(session, team)
    answer = _choices(client, family_id)
    workers = {w.id: w for w in signed_in(client, "manager").workers(unit_id=team, limit=500).data}
    assert answer["choices"]
    for choice in answer["choices"]:
        worker = workers[choice["worker_id"]]
        assert abs(choice["before"] - worker.load) < 0.01  # the same load as the board
        assert abs(choice["after"] - (worker.load + answer["points"])) < 0.01
        assert choice["above_surge_limit"] == (
            choice["after"] > choice["capacity"] * answer["band_limits"]["surge_limit"] + 0.005
        )
        if worker.presence == "away":
            assert any("absent" in reason for reason in choice["blocked"])


def test_above_the_surge_limit_a_reason_is_needed_and_the_allocation_is_audited(client, session):
    team = manager_team(session)
    family_id = _heavy_referral(session, team)
    over = next(c for c in _choices(client, family_id)["choices"] if c["above_surge_limit"] and not c["blocked"])
    refused = _allocate(client, family_id, {"worker_id": over["worker_id"]})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "reason"]
    assert over["worker_name"] in refused.json()["detail"][0]["msg"]
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.manual")).first() is None

    done = _allocate(client, family_id, {"worker_id": over["worker_id"], "reason": "Knows the family from 2024"})
    assert done.status_code == 200, done.text
    assert done.json()["key_worker_id"] == over["worker_id"]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "allocation.manual")).one()
    assert event.entity_id == family_id and event.reason == "Knows the family from 2024"
    assert event.after["key_worker"] == over["worker_name"] and event.after["above_surge_limit"] is True
    again = _allocate(client, family_id, {"worker_id": over["worker_id"], "reason": "again"})
    assert again.status_code == 422  # already the key worker


def test_a_worker_the_rules_do_not_allow_is_refused_in_words(client, session):
    team = manager_team(session)
    family_id = _heavy_referral(session, team)
    blocked = [c for c in _choices(client, family_id)["choices"] if c["blocked"]]
    assert blocked  # the demo team has a worker away
    for choice in blocked:
        refused = _allocate(client, family_id, {"worker_id": choice["worker_id"], "reason": "by hand"})
        assert refused.status_code == 422
        assert choice["blocked"][0] in refused.json()["detail"][0]["msg"]
    assert _allocate(client, family_id, {"worker_id": 2_000_000_000, "reason": "x"}).status_code == 422
