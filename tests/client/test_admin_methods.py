"""The client's editing and administration methods against the real app: what they send is what the
server records (read back through the audit trail and plain reads)."""

from datetime import date

from backend.client import KeelError
from tests.api.signin import refusal, signed_in


def test_an_admin_manages_users_weights_and_reads_the_trail(client):
    admin = signed_in(client, "admin")
    team = next(u for u in admin.every(admin.units) if u.kind == "team")
    created = admin.create_user(
        "client.manager", "Client Manager", "team_manager", "a long passphrase", unit_id=team.id
    )
    assert created.role == "team_manager" and created.unit_id == team.id
    assert admin.user(created.id).username == "client.manager"
    off = admin.update_user(created.id, active=False, reason="moved on")
    assert off.active is False
    assert created.id in {u.id for u in admin.users(active=False).data}
    weights = admin.change_weighting({"court_points": 12}, "Court work is heavier here")
    assert weights.values["court_points"] == 12 and weights.version == admin.weighting().version
    trail = admin.audit(entity="user", entity_id=created.id)
    assert [e.action for e in trail.data] == ["user.update", "user.create"]
    assert trail.data[0].reason == "moved on"
    clash = refusal(lambda: admin.create_user("client.manager", "Again", "admin", "a long passphrase"))
    assert clash.status == 409


def test_a_manager_records_a_referral_and_edits_a_team_member(client):
    manager = signed_in(client, "manager")
    team = manager.me().unit_id
    family = manager.create_family(
        code="CLIENT-1",
        name="Client family",
        unit_id=team,
        received_on=date.today(),
        children=[{"first_name": "Ash", "birth_year": 2017, "status": "cin"}],
    )
    assert family.key_worker_id is None and family.children == 1
    renamed = manager.update_family(family.id, name="Client family (renamed)", reason="typo")
    assert renamed.name == "Client family (renamed)"
    member = next(w for w in manager.every(manager.workers, unit_id=team) if w.role != "team_manager")
    edited = manager.update_worker(member.id, skills=["court"], reason="completed court skills course")
    assert edited.skills == ["court"]
    error = refusal(lambda: manager.users())
    assert isinstance(error, KeelError) and error.status == 403
