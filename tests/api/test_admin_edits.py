"""Administrators' and managers' edits: users, weighting settings, workers, families. Every change
writes exactly one audit event naming the fields that changed; every refusal writes none."""

from datetime import date, timedelta

from sqlalchemy import func, select

from backend import workload
from backend.models import AuditEvent, Child, Family, Unit, User, Worker
from tests.api.signin import DEMO_PASSWORD, bearer


def audit_count(session, action: str | None = None) -> int:
    """Audit events of `action`, or of every change (sign-ins aside)."""
    query = select(func.count()).select_from(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    else:
        query = query.where(AuditEvent.action.not_like("auth.%"))
    session.expire_all()
    return session.scalar(query)


def last_event(session, action: str) -> AuditEvent:
    session.expire_all()
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())).first()


def manager_of(session, username: str = "manager") -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def team_members(session, unit_id: int) -> list[Worker]:
    units = {unit_id} | set(session.scalars(select(Unit.id).where(Unit.parent_id == unit_id)))
    return session.scalars(
        select(Worker).where(Worker.unit_id.in_(units), Worker.role != "team_manager").order_by(Worker.id)
    ).all()


# Users -------------------------------------------------------------------------------------------


def test_admin_creates_a_user_who_can_sign_in_and_the_hash_never_reaches_the_audit(client, session):
    admin = bearer(client, "admin")
    team = manager_of(session).unit_id
    created = client.post(
        "/api/users",
        headers=admin,
        json={
            "username": "new.manager",
            "full_name": "Ada Newman",
            "role": "team_manager",
            "unit_id": team,
            "password": "a long passphrase",
        },
    )
    assert created.status_code == 201, created.text
    assert "password_hash" not in created.json()
    login = client.post("/api/auth/login", json={"username": "new.manager", "password": "a long passphrase"})
    assert login.status_code == 200
    event = last_event(session, "user.create")
    assert event.entity_id == created.json()["id"] and event.actor == "admin"
    assert event.after["password_hash"] == "(changed)"
    assert "argon2" not in str(event.after)


def test_user_refusals_are_409_or_422_and_audit_nothing(client, session):
    admin = bearer(client, "admin")
    before = audit_count(session)
    taken = client.post(
        "/api/users",
        headers=admin,
        json={"username": "manager", "full_name": "X", "role": "senior_leader", "password": "long enough"},
    )
    assert taken.status_code == 409
    no_team = client.post(
        "/api/users",
        headers=admin,
        json={"username": "lost.manager", "full_name": "X", "role": "team_manager", "password": "long enough"},
    )
    assert no_team.status_code == 422 and no_team.json()["detail"][0]["loc"] == ["body", "unit_id"]
    short = client.post(
        "/api/users",
        headers=admin,
        json={"username": "short", "full_name": "X", "role": "senior_leader", "password": "short"},
    )
    assert short.status_code == 422
    worker = manager_of(session, "worker")
    linked = client.post(
        "/api/users",
        headers=admin,
        json={
            "username": "twin",
            "full_name": "X",
            "role": "social_worker",
            "worker_id": worker.worker_id,
            "password": "long enough",
        },
    )
    assert linked.status_code == 409
    me = manager_of(session, "admin")
    assert client.patch(f"/api/users/{me.id}", headers=admin, json={"active": False}).status_code == 409
    assert client.patch(f"/api/users/{me.id}", headers=admin, json={"role": None}).status_code == 422
    assert client.patch("/api/users/999999", headers=admin, json={"active": False}).status_code == 404
    assert audit_count(session) == before


def test_deactivating_or_resetting_a_password_ends_the_users_sessions(client, session):
    admin = bearer(client, "admin")
    leader = bearer(client, "leader")
    leader_id = manager_of(session, "leader").id
    assert client.get("/api/auth/me", headers=leader).status_code == 200
    reset = client.patch(
        f"/api/users/{leader_id}", headers=admin, json={"password": "brand new secret", "reason": "forgotten"}
    )
    assert reset.status_code == 200, reset.text
    assert client.get("/api/auth/me", headers=leader).status_code == 401
    assert client.post("/api/auth/login", json={"username": "leader", "password": DEMO_PASSWORD}).status_code == 401
    leader = bearer_with(client, "leader", "brand new secret")
    off = client.patch(f"/api/users/{leader_id}", headers=admin, json={"active": False, "reason": "left"})
    assert off.status_code == 200 and off.json()["active"] is False
    assert client.get("/api/auth/me", headers=leader).status_code == 401
    event = last_event(session, "user.update")
    assert event.before == {"active": True} and event.after == {"active": False} and event.reason == "left"


def bearer_with(client, username: str, password: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_only_admins_manage_users(client, session):
    for username in ("leader", "manager", "worker"):
        headers = bearer(client, username)
        assert client.get("/api/users", headers=headers).status_code == 403
        assert (
            client.post(
                "/api/users",
                headers=headers,
                json={"username": "x.y", "full_name": "X", "role": "admin", "password": "long enough"},
            ).status_code
            == 403
        )
    listed = client.get("/api/users", headers=bearer(client, "admin"), params={"role": "team_manager"}).json()
    expected = session.scalar(select(func.count()).select_from(User).where(User.role == "team_manager"))
    assert listed["count"] == expected and all(u["role"] == "team_manager" for u in listed["data"])


# Weighting settings ------------------------------------------------------------------------------


def test_changing_weights_changes_points_audits_and_makes_plans_stale(client, session):
    admin = bearer(client, "admin")
    worker = bearer(client, "worker")
    base = client.get("/api/settings/weighting", headers=worker).json()
    versions = dict(session.execute(select(Unit.id, Unit.version)).all())
    changed = client.put(
        "/api/settings/weighting",
        headers=admin,
        json={"values": {"child_points": {"cp": 12}}, "note": "CP visits are fortnightly here"},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["version"] == base["version"] + 1 and body["values"]["child_points"]["cp"] == 12
    assert body["values"]["child_points"]["cin"] == base["values"]["child_points"]["cin"]
    settings = workload.WorkloadSettings.from_dict(body["values"])
    family = session.scalars(select(Family).join(Child).where(Child.status == "cp", Family.closed_on.is_(None))).first()
    statuses = [c.status.value for c in session.scalars(select(Child).where(Child.family_id == family.id))]
    shown = client.get(f"/api/families/{family.id}", headers=admin).json()
    assert abs(shown["points"] - workload.family_points(statuses, family.flags, family.travel_band, settings)) < 0.01
    assert shown["points"] != workload.family_points(
        statuses, family.flags, family.travel_band, workload.WorkloadSettings.from_dict(base["values"])
    )
    event = last_event(session, "settings.update")
    assert (
        event.before["child_points"]["cp"] == base["values"]["child_points"]["cp"]
        and event.after["child_points"]["cp"] == 12
    )
    assert event.reason == "CP visits are fortnightly here"
    session.expire_all()
    assert all(session.get(Unit, uid).version == v + 1 for uid, v in versions.items())


def test_bad_weights_are_refused_with_the_field_named(client, session):
    admin = bearer(client, "admin")
    before = audit_count(session)
    cases = [
        ({"shoe_size": 9}, "shoe_size"),
        ({"green_below": 1.2, "amber_up_to": 1.0}, "bands"),
        ({"child_points": {"cin": "lots"}}, "child_points.cin"),
        ({"full_capacity_points": 10, "stable_element_points": 15}, "full_capacity_points"),
        ({"travel_band_points": [0, 1]}, "travel_band_points"),
        ({"role_factors": {"consultant": -1}}, "role_factors.consultant"),
    ]
    for values, named in cases:
        response = client.put("/api/settings/weighting", headers=admin, json={"values": values, "note": "try"})
        assert response.status_code == 422, (values, response.text)
        assert named in response.text, (values, response.text)
    assert (
        client.put(
            "/api/settings/weighting", headers=bearer(client, "leader"), json={"values": {}, "note": "try"}
        ).status_code
        == 403
    )
    assert audit_count(session) == before


# Workers -----------------------------------------------------------------------------------------


def test_manager_edits_a_team_member_and_the_capacity_follows(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    member = next(w for w in team_members(session, team) if w.fte == 1.0)
    before = client.get(f"/api/workers/{member.id}", headers=headers).json()
    edited = client.patch(
        f"/api/workers/{member.id}",
        headers=headers,
        json={"fte": 0.5, "skills": ["court", "dv"], "reason": "Phased return"},
    )
    assert edited.status_code == 200, edited.text
    after = edited.json()
    assert after["fte"] == 0.5 and after["skills"] == ["court", "dv"]
    assert abs(after["capacity"] - before["capacity"] / 2) < 0.01
    event = last_event(session, "worker.update")
    assert event.entity_id == member.id and event.reason == "Phased return"
    assert set(event.after) == {"fte", "skills"} and event.before["fte"] == 1.0
    unchanged = client.patch(f"/api/workers/{member.id}", headers=headers, json={"fte": 0.5})
    assert unchanged.status_code == 200
    assert audit_count(session, "worker.update") == 1  # nothing changed, nothing recorded


def test_worker_edits_stay_within_the_managers_scope(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    member = team_members(session, team)[0]
    outsider = session.scalars(
        select(Worker).where(
            Worker.unit_id.not_in([team] + list(session.scalars(select(Unit.id).where(Unit.parent_id == team))))
        )
    ).first()
    other_unit = session.scalars(select(Unit.id).where(Unit.kind == "team", Unit.id != team)).first()
    before = audit_count(session)
    assert client.patch(f"/api/workers/{outsider.id}", headers=headers, json={"fte": 0.5}).status_code == 404
    assert client.patch("/api/workers/999999", headers=headers, json={"fte": 0.5}).status_code == 404
    moved = client.patch(f"/api/workers/{member.id}", headers=headers, json={"unit_id": other_unit})
    assert moved.status_code == 422
    assert client.patch(f"/api/workers/{member.id}", headers=headers, json={"name": None}).status_code == 422
    assert client.patch(f"/api/workers/{member.id}", headers=headers, json={"fte": 1.5}).status_code == 422
    assert (
        client.patch(
            f"/api/workers/{member.id}",
            headers=headers,
            json={"leaving_date": (member.start_date - timedelta(days=1)).isoformat()},
        ).status_code
        == 422
    )
    for role in ("leader", "worker"):
        assert (
            client.patch(f"/api/workers/{member.id}", headers=bearer(client, role), json={"fte": 0.5}).status_code
            == 403
        )
    assert audit_count(session) == before


def test_admin_adds_a_worker_and_a_taken_code_is_a_conflict(client, session):
    admin = bearer(client, "admin")
    team = manager_of(session).unit_id
    body = {
        "code": "NEW-SW-1",
        "name": "Sam Example",
        "role": "social_worker",
        "fte": 0.8,
        "unit_id": team,
        "start_date": date.today().isoformat(),
        "skills": ["court"],
    }
    created = client.post("/api/workers", headers=admin, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["families"] == 0 and created.json()["capacity"] > 0
    assert last_event(session, "worker.create").after["code"] == "NEW-SW-1"
    assert client.post("/api/workers", headers=admin, json=body).status_code == 409
    assert (
        client.post("/api/workers", headers=admin, json={**body, "code": "NEW-SW-2", "unit_id": 999999}).status_code
        == 422
    )
    early = client.post("/api/workers", headers=admin, json={**body, "code": "NEW-SW-3", "leaving_date": "2000-01-01"})
    assert early.status_code == 422 and early.json()["detail"][0]["loc"] == ["body", "leaving_date"]
    assert client.post("/api/workers", headers=bearer(client, "manager"), json={**body, "code": "X"}).status_code == 403


# Families ----------------------------------------------------------------------------------------


def test_a_new_referral_joins_the_teams_queue_and_is_audited(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    created = client.post(
        "/api/families",
        headers=headers,
        json={
            "code": "REF-2026-001",
            "name": "Family Example",
            "unit_id": team,
            "received_on": date.today().isoformat(),
            "flags": ["interpreter"],
            "children": [
                {"first_name": "Robin", "birth_year": 2019, "status": "assessment"},
                {"first_name": "Alex", "birth_year": 2021, "status": "assessment"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    family = created.json()
    assert family["key_worker_id"] is None and family["children"] == 2
    expected = workload.family_points(["assessment", "assessment"], ["interpreter"], 0, workload.WorkloadSettings())
    assert abs(family["points"] - expected) < 0.01
    queue = client.get("/api/families", headers=headers, params={"unit_id": team, "unallocated": True, "limit": 500})
    assert family["id"] in {f["id"] for f in queue.json()["data"]}
    event = last_event(session, "family.create")
    assert event.entity_id == family["id"] and len(event.after["children"]) == 2


def test_family_edits_change_points_and_refusals_leave_no_trace(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    family = session.scalars(
        select(Family).where(Family.unit_id == team, Family.closed_on.is_(None)).order_by(Family.id)
    ).first()
    children = [{"first_name": "Jo", "birth_year": 2015, "status": "cp"}]
    edited = client.patch(
        f"/api/families/{family.id}",
        headers=headers,
        json={"children": children, "flags": ["court"], "reason": "ICPC held"},
    )
    assert edited.status_code == 200, edited.text
    expected = workload.family_points(["cp"], ["court"], family.travel_band, workload.WorkloadSettings())
    assert abs(edited.json()["points"] - expected) < 0.01
    assert [c["status"] for c in edited.json()["child_list"]] == ["cp"]
    assert last_event(session, "family.children").after == {"children": children}
    assert last_event(session, "family.update").after == {"flags": ["court"]}
    before = audit_count(session)
    other = session.scalars(select(Family).where(Family.unit_id != team)).first()
    assert client.patch(f"/api/families/{other.id}", headers=headers, json={"name": "X"}).status_code == 404
    too_early = (family.received_on - timedelta(days=1)).isoformat()
    assert client.patch(f"/api/families/{family.id}", headers=headers, json={"closed_on": too_early}).status_code == 422
    assert client.patch(f"/api/families/{family.id}", headers=headers, json={"children": []}).status_code == 422
    assert (
        client.post(
            "/api/families",
            headers=headers,
            json={
                "code": "REF-X",
                "name": "X",
                "unit_id": other.unit_id,
                "received_on": date.today().isoformat(),
                "children": [{"first_name": "A", "birth_year": 2020, "status": "cin"}],
            },
        ).status_code
        == 422
    )
    assert (
        client.patch(f"/api/families/{family.id}", headers=bearer(client, "worker"), json={"name": "X"}).status_code
        == 403
    )
    assert audit_count(session) == before


def test_closing_a_family_takes_it_off_the_workers_load(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    held = client.get("/api/families", headers=headers, params={"unit_id": team, "unallocated": False}).json()["data"][
        0
    ]
    worker_before = client.get(f"/api/workers/{held['key_worker_id']}", headers=headers).json()
    closed = client.patch(
        f"/api/families/{held['id']}",
        headers=headers,
        json={"closed_on": date.today().isoformat(), "reason": "Step down to early help"},
    )
    assert closed.status_code == 200, closed.text
    worker_after = client.get(f"/api/workers/{held['key_worker_id']}", headers=headers).json()
    assert abs(worker_before["load"] - worker_after["load"] - held["points"]) < 0.01
    assert client.get(f"/api/families/{held['id']}", headers=headers).status_code == 404


# Audit trail and service-wide figures --------------------------------------------------------------


def test_the_audit_trail_is_for_admins_and_filters(client, session):
    admin = bearer(client, "admin")
    team = manager_of(session).unit_id
    member = team_members(session, team)[0]
    client.patch(f"/api/workers/{member.id}", headers=bearer(client, "manager"), json={"patch": "North"})
    found = client.get("/api/audit", headers=admin, params={"entity": "worker", "entity_id": member.id}).json()
    assert found["count"] == 1 and found["data"][0]["after"] == {"patch": "North"}
    assert found["data"][0]["actor"] == "manager"
    for role in ("leader", "manager", "worker"):
        assert client.get("/api/audit", headers=bearer(client, role)).status_code == 403


def test_service_figures_count_agency_and_over_capacity_from_the_workers(client, session):
    headers = bearer(client, "leader")
    services = client.get("/api/units", headers=headers, params={"kind": "service"}).json()["data"]
    workers = client.get("/api/workers", headers=headers, params={"limit": 500}).json()["data"]
    units = {u["id"]: u for u in client.get("/api/units", headers=headers, params={"limit": 500}).json()["data"]}

    def service_of(unit_id):
        while units[unit_id]["parent_id"] is not None:
            unit_id = units[unit_id]["parent_id"]
        return unit_id

    for service in services:
        holders = [w for w in workers if service_of(w["unit_id"]) == service["id"] and w["role"] != "team_manager"]
        assert service["over_capacity"] == sum(w["load"] > w["capacity"] for w in holders)
        assert abs(service["agency_share"] - sum(w["agency"] for w in holders) / len(holders)) < 1e-3


def test_the_queue_puts_statutory_work_first_then_the_oldest(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    today = date.today()
    for code, status, days_ago in (
        ("Q-CIN-OLD", "cin", 30),
        ("Q-CP-NEW", "cp", 1),
        ("Q-PF-MID", "private_fostering", 10),
    ):
        created = client.post(
            "/api/families",
            headers=headers,
            json={
                "code": code,
                "name": code,
                "unit_id": team,
                "received_on": (today - timedelta(days=days_ago)).isoformat(),
                "children": [{"first_name": "A", "birth_year": 2016, "status": status}],
            },
        )
        assert created.status_code == 201, created.text
    queue = client.get(
        "/api/families", headers=headers, params={"unit_id": team, "unallocated": True, "order": "queue", "limit": 500}
    ).json()["data"]
    statutory = [bool(workload.STATUTORY_STATUSES & set(f["statuses"])) for f in queue]
    assert statutory == sorted(statutory, reverse=True)  # every statutory family before any other
    for group in (True, False):
        received = [f["received_on"] for f, s in zip(queue, statutory) if s == group]
        assert received == sorted(received)
    codes = [f["code"] for f in queue]
    assert codes.index("Q-PF-MID") < codes.index("Q-CIN-OLD") and codes.index("Q-CP-NEW") < codes.index("Q-CIN-OLD")


def test_an_account_sharing_a_worker_record_can_still_be_edited_but_not_relinked(client, session):
    """The demo's 'manager' and 'manager.<team>' share one worker record: renaming or deactivating
    either is fine; linking a third account, or reactivating a duplicate, is a clash."""
    admin = bearer(client, "admin")
    manager = manager_of(session)
    twin = session.scalars(select(User).where(User.worker_id == manager.worker_id, User.id != manager.id)).first()
    assert twin is not None
    assert (
        client.patch(
            f"/api/users/{twin.id}", headers=admin, json={"full_name": "Renamed twin", "reason": "tidy"}
        ).status_code
        == 200
    )
    assert (
        client.patch(
            f"/api/users/{twin.id}", headers=admin, json={"active": False, "reason": "duplicate account"}
        ).status_code
        == 200
    )
    back = client.patch(f"/api/users/{twin.id}", headers=admin, json={"active": True, "reason": "back"})
    assert back.status_code == 409 and "already linked" in back.json()["detail"]  # its twin is active
    leader = manager_of(session, "leader")
    relink = client.patch(
        f"/api/users/{leader.id}",
        headers=admin,
        json={"worker_id": manager.worker_id, "role": "social_worker", "reason": "x"},
    )
    assert relink.status_code == 409


def test_each_wrong_setting_is_its_own_problem(client):
    response = client.put(
        "/api/settings/weighting",
        headers=bearer(client, "admin"),
        json={"values": {"court_points": -1, "green_below": 2, "amber_up_to": 1}, "note": "try"},
    )
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert len(problems) == 2 and all(p["loc"] == ["body", "values"] for p in problems)
    assert any(p["msg"].startswith("court_points") for p in problems)
    assert any(p["msg"].startswith("bands") for p in problems)


def test_a_worker_sees_changes_to_their_own_record_and_absences_with_the_reason(client, session):
    worker_user = manager_of(session, "worker")
    manager = session.scalars(
        select(User).where(User.role == "team_manager", User.unit_id == worker_user.unit_id).order_by(User.id)
    ).first()
    headers = bearer(client, manager.username)
    edited = client.patch(
        f"/api/workers/{worker_user.worker_id}", headers=headers, json={"fte": 0.6, "reason": "Agreed reduced hours"}
    )
    assert edited.status_code == 200, edited.text
    start = date.today() + timedelta(days=20)
    absence = client.post(
        "/api/absences",
        headers=headers,
        json={
            "worker_id": worker_user.worker_id,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=4)).isoformat(),
            "kind": "annual_leave",
        },
    )
    assert absence.status_code == 201, absence.text
    other = session.scalars(
        select(Worker).where(
            Worker.id != worker_user.worker_id, Worker.unit_id == manager.unit_id, Worker.role != "team_manager"
        )
    ).first()
    client.patch(f"/api/workers/{other.id}", headers=headers, json={"fte": 0.5, "reason": "someone else"})
    changes = client.get("/api/me/caseload", headers=bearer(client, "worker")).json()["changes"]
    mine = {c["action"]: c for c in changes}
    assert mine["worker.update"]["fields"] == ["fte"] and mine["worker.update"]["reason"] == "Agreed reduced hours"
    assert "absence.create" in mine
    assert all(c["reason"] != "someone else" for c in changes)  # a colleague's change is not shown


def test_flags_and_skills_are_read_as_the_csv_import_reads_them(client, session):
    headers = bearer(client, "manager")
    team = manager_of(session).unit_id
    family = session.scalars(select(Family).where(Family.unit_id == team, Family.closed_on.is_(None))).first()
    kept = client.patch(f"/api/families/{family.id}", headers=headers, json={"flags": ["interpreter:punjabi", "court"]})
    assert kept.status_code == 200 and kept.json()["flags"] == ["interpreter:punjabi", "court"]
    refused = client.patch(f"/api/families/{family.id}", headers=headers, json={"flags": ["Court!"]})
    assert refused.status_code == 422
    member = team_members(session, team)[0]
    assert (
        client.patch(f"/api/workers/{member.id}", headers=headers, json={"skills": ["dv", "court"]}).status_code == 200
    )
    assert client.patch(f"/api/workers/{member.id}", headers=headers, json={"skills": ["two words"]}).status_code == 422
