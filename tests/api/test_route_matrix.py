"""Every route x every role: each role gets exactly what it should, and a 401/403/404 otherwise.

The matrix is written out by hand, row by row, from the rules in backend/services/access.py and
docs/design.md §7 (social worker: their own families; team manager: their team; senior leader: every
unit, read-only; admin: everything). A route added without a row here fails
`test_every_route_has_a_row`. Records outside a manager's or worker's scope answer exactly as records
that do not exist, so their existence does not leak."""

import itertools
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

import pytest
from sqlalchemy import select

from backend.models import Absence, Allocation, AllocationKind, Family, Unit, UnitKind, User, UserRole, Worker
from backend.security import hash_password
from backend.services.allocations import current_workers
from tests.api.council import add_referrals
from tests.api.signin import DEMO_PASSWORD
from tests.support.council_sign_in import council_sign_in, set_account

ROLES = ("anonymous", "worker", "manager", "leader", "admin", "regional")
NOBODY = 2_000_000_000  # a well-formed id no row has


@dataclass
class World:
    """Ids as seen from the demo social worker `worker` and the manager of that worker's team."""

    manager: str
    own_unit: int
    other_unit: int
    self_worker: int
    other_worker: int
    my_family: int
    team_family: int
    other_family: int
    leader_user: int
    plan: str = ""
    import_job: str = ""
    self_worker_code: str = ""
    own_absence: int = 0  # an absence of the worker (in the manager's team), and one elsewhere
    other_absence: int = 0

    def absences_file(self) -> bytes:
        """A one-row absences CSV for the dry-run imports."""
        return (
            f"worker_code,start_date,end_date,kind,planned\r\n"
            f"{self.self_worker_code},2027-03-01,2027-03-02,training,yes\r\n"
        ).encode()

    placed: list[int] = field(default_factory=list)  # families the plan places
    serial: Any = field(default_factory=itertools.count)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int]  # role -> status
    body: Callable[[World, str], Any] | None = None
    ids: Callable[[World], dict[str, Any]] = lambda w: {}
    upload: bool = False  # sends the world's absences file as the multipart `file`, dry run
    lists: bool = False  # sends an Annex A list as the multipart `files`, dry run
    census: bool = False  # sends a workforce census file as the multipart `file`, dry run

    def describe(self, world: World) -> str:
        return f"{self.method} {self.path.format(**self.ids(world))}"


def only(
    status: int,
    *,
    admin: int | None = None,
    leader: int | None = None,
    manager: int | None = None,
    worker: int | None = None,
    anonymous: int = 401,
    regional: int = 403,
) -> dict[str, int]:
    """Every signed-in role gets `status` unless named otherwise; nobody signed in gets 401; a
    regional leader is refused everything of the council's own (403) unless named."""
    given = {"admin": admin, "leader": leader, "manager": manager, "worker": worker}
    return {
        "anonymous": anonymous,
        "regional": regional,
        **{role: status if code is None else code for role, code in given.items()},
    }


def new_code(world: World, role: str) -> str:
    return f"M{next(world.serial)}-{role[:3]}"


def worker_body(unit: str) -> Callable[[World, str], dict]:
    return lambda w, role: {
        "code": new_code(w, role),
        "name": "Matrix Worker",
        "role": "social_worker",
        "fte": 1.0,
        "unit_id": getattr(w, unit),
        "start_date": date.today().isoformat(),
    }


def family_body(unit: str) -> Callable[[World, str], dict]:
    return lambda w, role: {
        "code": new_code(w, role),
        "name": "Matrix family",
        "unit_id": getattr(w, unit),
        "received_on": date.today().isoformat(),
        "children": [{"first_name": "Kit", "birth_year": 2018, "status": "cin"}],
    }


def absence_body(worker: str) -> Callable[[World, str], dict]:
    def body(w: World, role: str) -> dict:  # a few days of its own each time: absences may not overlap
        start = date.today() + timedelta(days=450 + 4 * next(w.serial))
        return {
            "worker_id": getattr(w, worker),
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=2)).isoformat(),
            "kind": "training",
        }

    return body


def plan_body(unit: str) -> Callable[[World, str], dict]:
    return lambda w, role: {"question": "recommend", "unit_id": getattr(w, unit), "time_limit_s": 1}


NO_CHANGE = lambda w, role: {"reason": "matrix: nothing changes"}  # noqa: E731
WRITERS_ONLY = dict(worker=403, leader=403)
ANNEX_A_LIST_3 = (
    b"Child Unique ID,Date of Birth,Age of Child (Years),Date of referral,Allocated Team,"
    b"Allocated Worker\r\nC1,01/02/2015,,01/11/2026,T01,\r\n"
)
CENSUS = b"SWENo,AgencyWorker,FTE,OrgRole,RoleStartDate,RoleEndDate,WorkingDaysLost\r\nSW1,0,1,5,2020-01-01,,2\r\n"
VISITED_TODAY = lambda w, role: {"visited_on": date.today().isoformat()}  # noqa: E731

# Ordered so that nothing earlier makes the plan stale before it is read and accepted.
ROWS = [
    Row("GET", "/api/health", {role: 200 for role in ROLES}),
    Row(
        "POST", "/api/auth/login", only(200, regional=200)
    ),  # each role with its own password; anonymous with a wrong one
    Row("POST", "/api/auth/token", only(200, regional=200)),  # the same, for API clients
    Row("GET", "/api/auth/me", only(200, regional=200)),
    Row(
        "GET", "/api/auth/methods", only(200, anonymous=200, regional=200)
    ),  # the sign-in page asks before anyone signs in
    # A region's figures (issue #17): nothing is published in the matrix's world, so readers get 404
    Row("GET", "/api/region", only(403, leader=404, admin=404, regional=404)),
    Row(
        "GET",
        "/api/region/councils/{code}",
        only(403, leader=404, admin=404, regional=404),
        ids=lambda w: {"code": "C001"},
    ),
    Row("POST", "/api/region/forecasts", only(403, admin=422), body=lambda w, role: {"councils": []}),
    Row("GET", "/api/me/caseload", only(200, leader=404, admin=404)),  # leader and admin hold no cases
    Row("GET", "/api/me/notifications", only(200)),  # everyone's own choices
    Row("PATCH", "/api/me/notifications", only(200), body=lambda w, role: {"email": f"{role}@example.org"}),
    Row("GET", "/api/units", only(200, worker=403)),
    Row("GET", "/api/units/{unit_id}", only(200, worker=403), ids=lambda w: {"unit_id": w.own_unit}),
    Row("GET", "/api/units/{unit_id}", only(200, worker=403, manager=404), ids=lambda w: {"unit_id": w.other_unit}),
    Row("GET", "/api/units/{unit_id}/board", only(200, worker=403), ids=lambda w: {"unit_id": w.own_unit}),
    Row(
        "GET", "/api/units/{unit_id}/board", only(200, worker=403, manager=404), ids=lambda w: {"unit_id": w.other_unit}
    ),
    Row("GET", "/api/workers", only(200)),
    Row("GET", "/api/workers/{worker_id}", only(200), ids=lambda w: {"worker_id": w.self_worker}),
    Row(
        "GET",
        "/api/workers/{worker_id}",
        only(200, worker=404, manager=404),
        ids=lambda w: {"worker_id": w.other_worker},
    ),
    Row("GET", "/api/families", only(200)),
    Row("GET", "/api/families/{family_id}", only(200), ids=lambda w: {"family_id": w.my_family}),
    Row("GET", "/api/families/{family_id}", only(200, worker=404), ids=lambda w: {"family_id": w.team_family}),
    Row(
        "GET",
        "/api/families/{family_id}",
        only(200, worker=404, manager=404),
        ids=lambda w: {"family_id": w.other_family},
    ),
    Row("GET", "/api/resilience/heatmap", only(200, worker=403, manager=403)),
    Row("GET", "/api/resilience/progress", only(200, worker=403, manager=403)),
    Row(
        "POST",
        "/api/resilience/what-if",
        only(200, worker=403, manager=403),
        body=lambda w, role: {"lose_worker_ids": [w.self_worker]},
    ),
    # A unit nobody has: the route's access without asking the optimizer (its answers: test_structure_what_if.py)
    Row(
        "POST",
        "/api/resilience/structure",
        only(404, worker=403, manager=403),
        body=lambda w, role: {"unit_id": NOBODY, "mode": "merge_pods"},
    ),
    Row(
        "GET",
        "/api/resilience/units/{unit_id}/history",
        only(200, worker=403, manager=403),
        ids=lambda w: {"unit_id": w.own_unit},
    ),
    Row(
        "GET",
        "/api/resilience/units/{unit_id}/secure",
        only(200, worker=403, manager=403),
        ids=lambda w: {"unit_id": w.own_unit},
    ),
    Row(
        "GET",
        "/api/resilience/units/{unit_id}",
        only(200, worker=403, manager=403),
        ids=lambda w: {"unit_id": w.own_unit},
    ),
    Row("GET", "/api/settings/weighting", only(200)),
    Row("GET", "/api/users", only(403, admin=200)),
    Row("GET", "/api/users/{user_id}", only(403, admin=200), ids=lambda w: {"user_id": w.leader_user}),
    Row("GET", "/api/audit", only(403, admin=200)),
    Row("GET", "/api/exports/allocations.csv", only(200, worker=403)),
    Row("GET", "/api/exports/loads.csv", only(200, worker=403)),
    Row("GET", "/api/exports/annex-a.xlsx", only(200, worker=403)),
    Row(
        "GET",
        "/api/exports/annex-a.xlsx?unit_id={unit_id}",
        only(200, worker=403, manager=404),
        ids=lambda w: {"unit_id": w.other_unit},
    ),
    Row(
        "GET",
        "/api/exports/loads.csv?unit_id={unit_id}",
        only(200, worker=403, manager=404),
        ids=lambda w: {"unit_id": w.other_unit},
    ),
    Row("GET", "/api/imports/columns", only(403, admin=200)),
    Row("GET", "/api/imports/{job_id}", only(403, admin=200), ids=lambda w: {"job_id": w.import_job}),
    Row("POST", "/api/imports/{kind}", only(403, admin=202), ids=lambda w: {"kind": "absences"}, upload=True),
    Row("POST", "/api/imports/annex-a", only(403, admin=202), lists=True),
    Row("POST", "/api/imports/census", only(403, admin=202), census=True),
    # The manager's plan: only its requester sees or accepts it (an admin gets 404, as for any other plan).
    Row("GET", "/api/plans/{plan_id}", only(403, manager=200, admin=404), ids=lambda w: {"plan_id": w.plan}),
    Row(
        "POST",
        "/api/plans/{plan_id}/accept",
        only(403, manager=200, admin=404),
        body=lambda w, role: {"families": w.placed[:1]},
        ids=lambda w: {"plan_id": w.plan},
    ),
    Row("POST", "/api/plans", only(202, **WRITERS_ONLY), body=plan_body("own_unit")),
    Row("POST", "/api/plans", only(202, **WRITERS_ONLY, manager=404), body=plan_body("other_unit")),
    Row("POST", "/api/absences", only(201, **WRITERS_ONLY), body=absence_body("self_worker")),
    Row("POST", "/api/absences", only(201, **WRITERS_ONLY, manager=404), body=absence_body("other_worker")),
    Row(
        "GET",
        "/api/families/{family_id}/allocation",
        only(200, **WRITERS_ONLY),
        ids=lambda w: {"family_id": w.team_family},
    ),
    Row(
        "GET",
        "/api/families/{family_id}/allocation",
        only(200, **WRITERS_ONLY, manager=404),
        ids=lambda w: {"family_id": w.other_family},
    ),
    Row(
        "POST",
        "/api/families/{family_id}/allocation",
        only(422, **WRITERS_ONLY),  # nobody: refused in words
        body=lambda w, role: {"worker_id": NOBODY, "reason": "matrix"},
        ids=lambda w: {"family_id": w.team_family},
    ),
    Row(
        "POST",
        "/api/families/{family_id}/allocation",
        only(422, **WRITERS_ONLY, manager=404),
        body=lambda w, role: {"worker_id": NOBODY, "reason": "matrix"},
        ids=lambda w: {"family_id": w.other_family},
    ),
    Row("GET", "/api/absences", only(200, worker=403)),
    Row(
        "GET",
        "/api/absences?unit_id={unit_id}",
        only(200, worker=403, manager=404),
        ids=lambda w: {"unit_id": w.other_unit},
    ),
    Row(
        "PATCH",
        "/api/absences/{absence_id}",
        only(200, **WRITERS_ONLY),
        body=NO_CHANGE,
        ids=lambda w: {"absence_id": w.own_absence},
    ),
    Row(
        "PATCH",
        "/api/absences/{absence_id}",
        only(200, **WRITERS_ONLY, manager=404),
        body=NO_CHANGE,
        ids=lambda w: {"absence_id": w.other_absence},
    ),
    Row(
        "PATCH",
        "/api/workers/{worker_id}",
        only(200, **WRITERS_ONLY),
        body=NO_CHANGE,
        ids=lambda w: {"worker_id": w.self_worker},
    ),
    Row(
        "PATCH",
        "/api/workers/{worker_id}",
        only(200, **WRITERS_ONLY, manager=404),
        body=NO_CHANGE,
        ids=lambda w: {"worker_id": w.other_worker},
    ),
    Row(
        "PATCH",
        "/api/families/{family_id}",
        only(200, **WRITERS_ONLY),
        body=NO_CHANGE,
        ids=lambda w: {"family_id": w.my_family},
    ),
    Row(
        "PATCH",
        "/api/families/{family_id}",
        only(200, **WRITERS_ONLY, manager=404),
        body=NO_CHANGE,
        ids=lambda w: {"family_id": w.other_family},
    ),
    Row("POST", "/api/families", only(201, **WRITERS_ONLY), body=family_body("own_unit")),
    Row("POST", "/api/families", only(201, **WRITERS_ONLY, manager=422), body=family_body("other_unit")),
    Row("POST", "/api/workers", only(403, admin=201), body=worker_body("own_unit")),
    Row(
        "POST",
        "/api/users",
        only(403, admin=201),
        body=lambda w, role: {
            "username": f"matrix.{next(w.serial)}",
            "full_name": "Matrix Leader",
            "role": "senior_leader",
            "password": "long enough",
        },
    ),
    Row(
        "PATCH", "/api/users/{user_id}", only(403, admin=200), body=NO_CHANGE, ids=lambda w: {"user_id": w.leader_user}
    ),
    Row(
        "PATCH",
        "/api/units/{unit_id}",
        only(403, admin=200),
        ids=lambda w: {"unit_id": w.own_unit},
        body=lambda w, role: {"allocates_to": "workers", "reason": "matrix: nothing changes"},
    ),
    Row(
        "PUT",
        "/api/settings/weighting",
        only(403, admin=200),
        body=lambda w, role: {"values": {}, "note": "matrix: same values again"},
    ),
    Row("GET", "/api/visits/due", only(200)),
    Row("GET", "/api/visits/due?unit_id={unit_id}", only(200, worker=404), ids=lambda w: {"unit_id": w.own_unit}),
    Row(
        "GET",
        "/api/visits/due?unit_id={unit_id}",
        only(200, worker=404, manager=404),
        ids=lambda w: {"unit_id": w.other_unit},
    ),
    Row(
        "POST",
        "/api/families/{family_id}/visits",
        only(200, leader=403),
        body=VISITED_TODAY,
        ids=lambda w: {"family_id": w.my_family},
    ),
    Row(
        "POST",
        "/api/families/{family_id}/visits",
        only(200, worker=404, leader=403),
        body=VISITED_TODAY,
        ids=lambda w: {"family_id": w.team_family},
    ),
    Row(
        "POST",
        "/api/families/{family_id}/visits",
        only(200, worker=404, manager=404, leader=403),
        body=VISITED_TODAY,
        ids=lambda w: {"family_id": w.other_family},
    ),
    Row("POST", "/api/auth/logout", only(204, regional=204)),  # with a session of its own, so the others survive
]


def test_every_route_has_a_row():
    from backend.main import create_app

    documented = {
        (method.upper(), path) for path, operations in create_app().openapi()["paths"].items() for method in operations
    }
    covered = {(row.method, row.path.split("?")[0]) for row in ROWS}
    assert documented - covered == set(), "routes without a row in the role matrix"
    assert covered - documented == set(), "rows for routes that no longer exist"


def _pod_world(session) -> World:
    """The same matrix seen from a pod: the manager's unit is a pod of the demo worker's team (the
    worker, one colleague, their families, two new referrals), and the family "of the team" the
    worker must not see is one that was the worker's and has moved to the colleague. Everything of
    the team outside the pod is "other" to the pod's manager."""
    worker_user = session.scalars(select(User).where(User.username == "worker")).one()
    team = worker_user.unit_id
    colleague = session.scalars(
        select(Worker)
        .where(Worker.unit_id == team, Worker.role != "team_manager", Worker.id != worker_user.worker_id)
        .order_by(Worker.id)
    ).first()
    pod = Unit(code="MPOD", name="Matrix pod", kind=UnitKind.pod, parent_id=team)
    session.add(pod)
    session.flush()
    holders = current_workers(session, date.today())
    pod_members = {worker_user.worker_id, colleague.id}
    families = session.scalars(
        select(Family).where(Family.unit_id == team, Family.closed_on.is_(None)).order_by(Family.id)
    ).all()
    for family in families:
        if holders.get(family.id) in pod_members:
            family.unit_id = pod.id
    for worker in (session.get(Worker, worker_user.worker_id), colleague):
        worker.unit_id = pod.id
    mine = [f.id for f in families if holders.get(f.id) == worker_user.worker_id]
    assert len(mine) >= 2, "the demo worker should hold two families"
    moved = mine[-1]  # moved off the worker to the colleague, the way an accepted plan writes it
    session.add(
        Allocation(
            family_id=moved,
            worker_id=colleague.id,
            kind=AllocationKind.key,
            starts_on=date.today(),
            reason="matrix: moved to a colleague",
        )
    )
    # The pod's manager is its consultant: the colleague's worker record.
    session.add(
        User(
            username="pod.manager",
            full_name="Matrix Pod Manager",
            role=UserRole.team_manager,
            unit_id=pod.id,
            worker_id=colleague.id,
            password_hash=hash_password(DEMO_PASSWORD),
        )
    )
    session.commit()
    add_referrals(session, pod.id, 2)
    other_family = next(f.id for f in families if f.unit_id == team)  # the team's, outside the pod
    other_worker = session.scalars(select(Worker.id).where(Worker.unit_id == team)).first()
    leader = session.scalars(select(User.id).where(User.username == "leader")).one()
    far = date.today() + timedelta(days=400)
    absences = [
        Absence(worker_id=w, start_date=far, end_date=far, kind="training")
        for w in (worker_user.worker_id, other_worker)
    ]
    session.add_all(absences)
    session.commit()
    return World(
        "pod.manager",
        pod.id,
        team,
        worker_user.worker_id,
        other_worker,
        mine[0],
        moved,
        other_family,
        leader,
        self_worker_code=session.get(Worker, worker_user.worker_id).code,
        own_absence=absences[0].id,
        other_absence=absences[1].id,
    )


def _world(session) -> World:
    worker_user = session.scalars(select(User).where(User.username == "worker")).one()
    team = worker_user.unit_id
    manager = session.scalars(
        select(User).where(User.role == "team_manager", User.unit_id == team).order_by(User.id)
    ).first()
    in_team = {team} | set(session.scalars(select(Unit.id).where(Unit.parent_id == team)))
    other_unit = session.scalars(select(Unit.id).where(Unit.kind == "team", Unit.id.not_in(in_team))).first()
    holders = current_workers(session, date.today())
    families = session.scalars(select(Family).where(Family.closed_on.is_(None)).order_by(Family.id)).all()
    mine = next(f.id for f in families if holders.get(f.id) == worker_user.worker_id)
    team_family = next(
        f.id for f in families if f.unit_id in in_team and holders.get(f.id) not in (None, worker_user.worker_id)
    )
    other_family = next(f.id for f in families if f.unit_id not in in_team)
    other_worker = session.scalars(select(Worker.id).where(Worker.unit_id.not_in(in_team))).first()
    leader = session.scalars(select(User.id).where(User.username == "leader")).one()
    assert session.scalars(select(Allocation).where(Allocation.kind == AllocationKind.key)).first()
    far = date.today() + timedelta(days=400)
    absences = [
        Absence(worker_id=w, start_date=far, end_date=far, kind="training")
        for w in (worker_user.worker_id, other_worker)
    ]
    session.add_all(absences)
    session.commit()
    return World(
        manager.username,
        team,
        other_unit,
        worker_user.worker_id,
        other_worker,
        mine,
        team_family,
        other_family,
        leader,
        self_worker_code=session.get(Worker, worker_user.worker_id).code,
        own_absence=absences[0].id,
        other_absence=absences[1].id,
    )


def _regional_leader(session) -> str:
    """A regional leader (no unit, no worker): the role that reads a region's aggregates only."""
    if session.scalar(select(User).where(User.username == "regional")) is None:
        session.add(
            User(
                username="regional",
                full_name="Regional Leader",
                role=UserRole.regional_leader,
                password_hash=hash_password(DEMO_PASSWORD),
            )
        )
        session.commit()
    return "regional"


def _sign_in(client, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _solved(client, headers, plan_id: str) -> dict:
    for _ in range(600):
        job = client.get(f"/api/plans/{plan_id}", headers=headers).json()
        if job["status"] in ("done", "failed"):
            assert job["status"] == "done", job["message"]
            return job["plan"]
        time.sleep(0.1)
    raise AssertionError("the matrix's plan did not finish")


def _council_sign_in(client, session, issuer: str, world: World, role: str) -> dict[str, str]:
    """A token for a user made by signing in with the council's account, whose claims give it the
    role, unit or worker record of the world's user of that role (the matrix must hold for them too)."""
    manager = session.scalars(select(User).where(User.username == world.manager)).one()
    claims = {
        "preferred_username": f"council.{role}",
        "name": f"Council {role}",
        "groups": [
            {"worker": "keel-workers", "manager": "keel-managers", "leader": "keel-leaders", "admin": "keel-admins"}[
                role
            ]
        ],
        "keel_unit": session.get(Unit, manager.unit_id).code,
    }
    linked = {
        "worker": world.self_worker_code,
        "manager": manager.worker_id and session.get(Worker, manager.worker_id).code,
    }
    if linked.get(role):  # as the world's user of the role (a leader or admin holds no cases)
        claims["keel_worker"] = linked[role]
    set_account(issuer, f"matrix-{role}", claims)
    client.cookies.clear()
    assert council_sign_in(client, f"matrix-{role}").status_code == 303
    token = client.cookies["keel_session"]
    client.cookies.clear()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("signed_in_with", ["password", "council account"])
@pytest.mark.parametrize("perspective", ["team", "pod"])
def test_each_role_gets_exactly_what_it_should(client, session, perspective, signed_in_with, request):
    """`pod`: a manager whose unit is a pod, and a worker one of whose families moved away. `council
    account`: each role's user signed in with the council's OpenID Connect provider."""
    world = _world(session) if perspective == "team" else _pod_world(session)
    usernames = {
        "worker": "worker",
        "manager": world.manager,
        "leader": "leader",
        "admin": "admin",
        "regional": _regional_leader(session),
    }
    if signed_in_with == "password":
        headers = {"anonymous": {}, **{role: _sign_in(client, name) for role, name in usernames.items()}}
    else:  # council accounts for the council's roles; the regional leader keeps a password
        issuer = request.getfixturevalue("single_sign_on")
        headers = {
            "anonymous": {},
            "regional": _sign_in(client, usernames["regional"]),
            **{
                role: _council_sign_in(client, session, issuer, world, role) for role in usernames if role != "regional"
            },
        }
    plan = client.post(
        "/api/plans",
        headers=headers["manager"],
        json={"question": "recommend", "unit_id": world.own_unit, "time_limit_s": 1},
    )
    assert plan.status_code == 202, plan.text
    world.plan = plan.json()["id"]
    world.placed = [a["family_id"] for a in _solved(client, headers["manager"], world.plan)["assignments"]]
    assert world.placed, "the team's queue should hold a family to place"
    started = client.post(
        "/api/imports/absences",
        headers=headers["admin"],
        data={"dry_run": "true"},
        files={"file": ("absences.csv", world.absences_file(), "text/csv")},
    )
    assert started.status_code == 202, started.text
    world.import_job = started.json()["id"]

    wrong: list[str] = []
    for row in ROWS:
        path = row.path.format(**row.ids(world))
        for role in ROLES:
            sent = headers[role]
            body = row.body(world, role) if row.body else None
            if row.path in ("/api/auth/login", "/api/auth/token"):
                body = {
                    "username": usernames.get(role, "admin"),
                    "password": DEMO_PASSWORD if role != "anonymous" else "not the password",
                }
            if row.path == "/api/auth/logout" and role != "anonymous":
                sent = _sign_in(client, usernames[role])
            client.cookies.clear()  # signing in sets a cookie; each role must send only its own token
            if row.lists:
                response = client.request(
                    row.method,
                    path,
                    headers=sent,
                    data={"dry_run": "true"},
                    files={"files": ("List 3 referrals.csv", ANNEX_A_LIST_3, "text/csv")},
                )
            elif row.census:
                response = client.request(
                    row.method,
                    path,
                    headers=sent,
                    data={"dry_run": "true"},
                    files={"file": ("census.csv", CENSUS, "text/csv")},
                )
            elif row.upload:
                response = client.request(
                    row.method,
                    path,
                    headers=sent,
                    data={"dry_run": "true"},
                    files={"file": ("absences.csv", world.absences_file(), "text/csv")},
                )
            else:
                response = client.request(row.method, path, headers=sent, json=body)
            if response.status_code != row.expect[role]:
                wrong.append(
                    f"{role:9} {row.method} {path}: {response.status_code}, expected "
                    f"{row.expect[role]} ({response.text[:120]})"
                )
    assert not wrong, "\n" + "\n".join(wrong)


@pytest.mark.parametrize("perspective", ["team", "pod"])
@pytest.mark.parametrize("role", ["worker", "manager"])
def test_records_out_of_scope_answer_exactly_like_missing_ones(client, session, role, perspective):
    world = _world(session) if perspective == "team" else _pod_world(session)
    headers = _sign_in(client, "worker" if role == "worker" else world.manager)
    probes = [("/api/families/{}", world.other_family), ("/api/workers/{}", world.other_worker)]
    if role == "manager":
        probes.append(("/api/units/{}", world.other_unit))
    else:
        probes.append(("/api/families/{}", world.team_family))
    for path, hidden in probes:
        client.cookies.clear()
        seen = client.get(path.format(hidden), headers=headers)
        missing = client.get(path.format(NOBODY), headers=headers)
        assert (seen.status_code, seen.json()) == (missing.status_code, missing.json()) == (404, missing.json()), path
    listed = client.get("/api/families", headers=headers, params={"limit": 500}).json()
    assert world.other_family not in {f["id"] for f in listed["data"]}
    assert (
        client.get("/api/families", headers=headers, params={"unit_id": world.other_unit}).status_code
        == client.get("/api/families", headers=headers, params={"unit_id": NOBODY}).status_code
    )
