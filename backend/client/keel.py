"""KeelClient: Keel's JSON API from Python over httpx, one method per route, answers as the server's
own response models (plain dicts where the route returns untyped JSON). Used by `keel --server URL`
and by the API tests (over FastAPI's TestClient, which is an httpx.Client)."""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from backend.client.errors import KeelError
from backend.client.jobs import ImportJob, wait_until_finished
from backend.schemas.absences import AbsencePublic, AbsencesPublic
from backend.schemas.audit import AuditEventsPublic
from backend.schemas.auth import TokenPublic
from backend.schemas.families import FamiliesPublic, FamilyDetail
from backend.schemas.plans import Accepted, OverrideIn, PlanJobPublic
from backend.schemas.settings import WeightingPublic
from backend.schemas.units import UnitSummary, UnitsPublic
from backend.schemas.users import UserPublic, UsersPublic
from backend.schemas.workers import MyCaseload, WorkerDetail, WorkersPublic

M = TypeVar("M", bound=BaseModel)
Question = Literal["recommend", "rebalance", "cover"]
LAST_PAGE = 500  # the largest page the list routes give


class KeelClient:
    """`KeelClient("http://keel:8000")`, or `KeelClient(http=an_httpx_client)`; then `login(...)`.

    Authentication is by bearer token only (`POST /api/auth/token`, which sets no cookie), so several
    KeelClients can share one httpx client (as the API tests share the TestClient)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        timeout: float = 60.0,
        http: httpx.Client | None = None,
    ) -> None:
        if (base_url is None) == (http is None):
            raise ValueError("give either base_url or an httpx client (http=...)")
        if base_url is not None and not base_url.lower().startswith(("http://", "https://")):
            raise KeelError(None, f"{base_url!r} is not a server address: give it as http://host:port")
        self._owns_http = http is None
        if http is None:
            assert base_url is not None  # one of the two, checked above
            http = httpx.Client(base_url=base_url, timeout=timeout)
        self.http = http
        self.token = token

    def __enter__(self) -> "KeelClient":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    # signing in
    def login(self, username: str, password: str) -> TokenPublic:
        signed_in = self._call(
            TokenPublic, "POST", "/api/auth/token", json={"username": username, "password": password}
        )
        self.token = signed_in.token
        return signed_in

    def logout(self) -> None:
        self._send("POST", "/api/auth/logout")
        self.token = None

    def me(self) -> UserPublic:
        return self._call(UserPublic, "GET", "/api/auth/me")

    # reading
    def my_caseload(self) -> MyCaseload:
        return self._call(MyCaseload, "GET", "/api/me/caseload")

    def units(
        self,
        *,
        kind: str | None = None,
        parent_id: int | None = None,
        on: date | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> UnitsPublic:
        return self._call(
            UnitsPublic,
            "GET",
            "/api/units",
            params=dict(kind=kind, parent_id=parent_id, on=on, offset=offset, limit=limit),
        )

    def unit(self, unit_id: int, *, on: date | None = None) -> UnitSummary:
        return self._call(UnitSummary, "GET", f"/api/units/{unit_id}", params=dict(on=on))

    def set_allocates_to(self, unit_id: int, allocates_to: str, *, reason: str = "") -> UnitSummary:
        """A team's setting (administrators): `workers`, or `pods` to give its families to its pods."""
        return self._call(
            UnitSummary, "PATCH", f"/api/units/{unit_id}", json={"allocates_to": allocates_to, "reason": reason}
        )

    def unit_by_code(self, code: str) -> UnitSummary:
        """The unit people know as `code` (T1, T1-P2...), among the units the caller may see."""
        found = next((u for u in self.every(self.units) if u.code.lower() == code.strip().lower()), None)
        if found is None:
            raise KeelError(404, f"No unit {code!r} among the units you can see")
        return found

    def workers(
        self,
        *,
        unit_id: int | None = None,
        role: str | None = None,
        band: str | None = None,
        on: date | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> WorkersPublic:
        return self._call(
            WorkersPublic,
            "GET",
            "/api/workers",
            params=dict(unit_id=unit_id, role=role, band=band, on=on, offset=offset, limit=limit),
        )

    def worker(self, worker_id: int, *, on: date | None = None) -> WorkerDetail:
        return self._call(WorkerDetail, "GET", f"/api/workers/{worker_id}", params=dict(on=on))

    def families(
        self,
        *,
        unit_id: int | None = None,
        worker_id: int | None = None,
        unallocated: bool | None = None,
        on: date | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> FamiliesPublic:
        return self._call(
            FamiliesPublic,
            "GET",
            "/api/families",
            params=dict(
                unit_id=unit_id, worker_id=worker_id, unallocated=unallocated, on=on, offset=offset, limit=limit
            ),
        )

    def family(self, family_id: int, *, on: date | None = None) -> FamilyDetail:
        return self._call(FamilyDetail, "GET", f"/api/families/{family_id}", params=dict(on=on))

    def every(self, read_page: Callable[..., Any], **filters: Any) -> list[Any]:
        """Every row of a list route, page by page: `client.every(client.workers, unit_id=3)`."""
        rows: list[Any] = []
        while True:
            page = read_page(offset=len(rows), limit=LAST_PAGE, **filters)
            rows += page.data
            if not page.data or len(rows) >= page.count:
                return rows

    # plans
    def request_plan(
        self,
        question: Question,
        unit_id: int,
        *,
        move_budget: int | None = None,
        absence_id: int | None = None,
        time_limit_s: float | None = None,
    ) -> PlanJobPublic:
        request = dict(
            question=question,
            unit_id=unit_id,
            move_budget=move_budget,
            absence_id=absence_id,
            time_limit_s=time_limit_s,
        )
        return self._call(PlanJobPublic, "POST", "/api/plans", json={k: v for k, v in request.items() if v is not None})

    def plan(self, plan_id: str) -> PlanJobPublic:
        return self._call(PlanJobPublic, "GET", f"/api/plans/{plan_id}")

    def wait_for_plan(
        self,
        plan_id: str,
        *,
        progress: Callable[[PlanJobPublic], None] | None = None,
        poll_s: float = 0.5,
        timeout_s: float = 300.0,
    ) -> PlanJobPublic:
        """The plan once done or failed (check `.status`); `progress` hears of every reading."""
        return wait_until_finished(
            lambda: self.plan(plan_id), what=f"Plan {plan_id}", progress=progress, poll_s=poll_s, timeout_s=timeout_s
        )

    def accept_plan(
        self, plan_id: str, *, families: Iterable[int] = (), overrides: Iterable[OverrideIn] = ()
    ) -> Accepted:
        """Accept the plan's placements for `families`; `overrides` put a family with another worker,
        each with the manager's reason."""
        return self._call(
            Accepted,
            "POST",
            f"/api/plans/{plan_id}/accept",
            json={"families": list(families), "overrides": [o.model_dump(mode="json") for o in overrides]},
        )

    def record_absence(
        self, worker_id: int, start_date: date, end_date: date, kind: str, *, planned: bool = True
    ) -> AbsencePublic:
        return self._call(
            AbsencePublic,
            "POST",
            "/api/absences",
            json={
                "worker_id": worker_id,
                "start_date": start_date.isoformat(),
                "end_date": end_date.isoformat(),
                "kind": _plain(kind),
                "planned": planned,
            },
        )

    def absences(self, *, unit_id: int | None = None) -> AbsencesPublic:
        """Current and upcoming absences (of the unit and below), with the families left without cover."""
        return self._call(AbsencesPublic, "GET", "/api/absences", params=dict(unit_id=unit_id))

    def change_absence(self, absence_id: int, **changes: Any) -> AbsencePublic:
        """Change an absence (`end_date` earlier to end it early; `reason` for the audit)."""
        return self._call(AbsencePublic, "PATCH", f"/api/absences/{absence_id}", json=_json(changes))

    # editing records (managers: their team's workers and families; admins: everything)
    def create_worker(self, **fields: Any) -> WorkerDetail:
        return self._call(WorkerDetail, "POST", "/api/workers", json=_json(fields))

    def update_worker(self, worker_id: int, *, reason: str = "", **changes: Any) -> WorkerDetail:
        """Change only the fields given (`fte=0.8, skills=[...]`); `reason` goes in the audit trail."""
        return self._call(WorkerDetail, "PATCH", f"/api/workers/{worker_id}", json=_json({**changes, "reason": reason}))

    def create_family(self, **fields: Any) -> FamilyDetail:
        """A new referral: code, name, unit_id, received_on, children=[{first_name, birth_year, status}]..."""
        return self._call(FamilyDetail, "POST", "/api/families", json=_json(fields))

    def update_family(self, family_id: int, *, reason: str = "", **changes: Any) -> FamilyDetail:
        return self._call(
            FamilyDetail, "PATCH", f"/api/families/{family_id}", json=_json({**changes, "reason": reason})
        )

    # administration (admins only)
    def users(
        self, *, role: str | None = None, active: bool | None = None, offset: int = 0, limit: int = 50
    ) -> UsersPublic:
        return self._call(
            UsersPublic, "GET", "/api/users", params=dict(role=role, active=active, offset=offset, limit=limit)
        )

    def user(self, user_id: int) -> UserPublic:
        return self._call(UserPublic, "GET", f"/api/users/{user_id}")

    def create_user(
        self,
        username: str,
        full_name: str,
        role: str,
        password: str,
        *,
        unit_id: int | None = None,
        worker_id: int | None = None,
    ) -> UserPublic:
        return self._call(
            UserPublic,
            "POST",
            "/api/users",
            json=_json(
                dict(
                    username=username,
                    full_name=full_name,
                    role=role,
                    password=password,
                    unit_id=unit_id,
                    worker_id=worker_id,
                )
            ),
        )

    def update_user(self, user_id: int, *, reason: str = "", **changes: Any) -> UserPublic:
        """Role, unit_id, worker_id, active, password or full_name; a reset or deactivation ends
        the user's sessions."""
        return self._call(UserPublic, "PATCH", f"/api/users/{user_id}", json=_json({**changes, "reason": reason}))

    def weighting(self) -> WeightingPublic:
        return self._call(WeightingPublic, "GET", "/api/settings/weighting")

    def change_weighting(self, values: dict[str, Any], note: str) -> WeightingPublic:
        return self._call(WeightingPublic, "PUT", "/api/settings/weighting", json={"values": values, "note": note})

    def audit(
        self,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> AuditEventsPublic:
        """The audit trail, newest first."""
        return self._call(
            AuditEventsPublic,
            "GET",
            "/api/audit",
            params=dict(
                entity=entity,
                entity_id=entity_id,
                actor=actor,
                action=action,
                since=since.isoformat() if since else None,
                offset=offset,
                limit=limit,
            ),
        )

    # resilience
    def resilience_heatmap(self) -> dict[str, Any]:
        return self._call(None, "GET", "/api/resilience/heatmap")

    def unit_resilience(self, unit_id: int) -> dict[str, Any]:
        return self._call(None, "GET", f"/api/resilience/units/{unit_id}")

    def unit_history(self, unit_id: int) -> dict[str, Any]:
        """The unit's recorded figures over the past 12 weeks, oldest first."""
        return self._call(None, "GET", f"/api/resilience/units/{unit_id}/history")

    def secure_plan(self, unit_id: int) -> dict[str, Any]:
        """What it takes to make the unit's service safe (moves, extra FTE, the next worker)."""
        return self._call(None, "GET", f"/api/resilience/units/{unit_id}/secure")

    def what_if(self, scenario: dict[str, Any]) -> dict[str, Any]:
        """Try a scenario (lose_worker_ids, add, leavers, moves): touched units before and after."""
        return self._call(None, "POST", "/api/resilience/what-if", json=scenario)

    def compare_structure(self, unit_id: int, mode: str, pod_size: int | None = None) -> dict[str, Any]:
        """A team or service as it is and reorganised (`merge_pods`, or `split_into_pods` of `pod_size`)."""
        return self._call(
            None, "POST", "/api/resilience/structure", json={"unit_id": unit_id, "mode": mode, "pod_size": pod_size}
        )

    def forecast_progress(self) -> dict[str, Any]:
        """How far the forecast being worked out has got (``computing`` false when none is)."""
        return self._call(None, "GET", "/api/resilience/progress")

    # imports and exports
    def start_import(self, kind: str, source: str | Path | bytes, *, dry_run: bool = False) -> ImportJob:
        """Upload a CSV file (a path, or its bytes) to be imported as `kind`; the job runs on the server."""
        if isinstance(source, bytes):
            name, content = f"{kind}.csv", source
        else:
            name, content = Path(source).name, Path(source).read_bytes()
        return self._call(
            ImportJob,
            "POST",
            f"/api/imports/{kind}",
            files={"file": (name, content, "text/csv")},
            data={"dry_run": "true" if dry_run else "false"},
        )

    def start_annex_a_import(self, sources: Sequence[str | Path], *, dry_run: bool = False) -> ImportJob:
        """Upload Ofsted Annex A lists (an .xlsx workbook, or CSV files named 'List 7 ...') to be
        imported as families; the job runs on the server."""
        files = [("files", (Path(s).name, Path(s).read_bytes(), "application/octet-stream")) for s in sources]
        return self._call(
            ImportJob, "POST", "/api/imports/annex-a", files=files, data={"dry_run": "true" if dry_run else "false"}
        )

    def import_status(self, job_id: str) -> ImportJob:
        return self._call(ImportJob, "GET", f"/api/imports/{job_id}")

    def wait_for_import(
        self,
        job_id: str,
        *,
        progress: Callable[[ImportJob], None] | None = None,
        poll_s: float = 0.5,
        timeout_s: float = 600.0,
    ) -> ImportJob:
        """The import once done or failed (check `.status` and `.errors`)."""
        return wait_until_finished(
            lambda: self.import_status(job_id),
            what=f"Import {job_id}",
            progress=progress,
            poll_s=poll_s,
            timeout_s=timeout_s,
        )

    def export_annex_a(self, *, unit_id: int | None = None) -> bytes:
        """The Annex A lists' allocation columns as an .xlsx workbook, optionally for one unit."""
        return self._send("GET", "/api/exports/annex-a.xlsx", params=dict(unit_id=unit_id)).content

    def export(self, name: str, *, unit_id: int | None = None) -> str:
        """The CSV text of an export (`allocations` or `loads`), optionally for one unit."""
        return self._send("GET", f"/api/exports/{name}.csv", params=dict(unit_id=unit_id)).text

    # transport
    def _send(self, method: str, path: str, *, params: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        query = {k: _plain(v) for k, v in (params or {}).items() if v is not None}
        try:
            response = self.http.request(method, path, params=query, headers=headers, **kwargs)
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            raise KeelError(
                None, f"cannot reach the Keel server at {self.http.base_url}: {str(exc) or type(exc).__name__}"
            ) from exc
        if response.is_error:
            raise KeelError.from_response(response)
        return response

    def _call(self, model: type[M] | None, method: str, path: str, **kwargs: Any) -> Any:
        """The route's JSON, validated as `model` (or a plain dict when the route's JSON is untyped)."""
        response = self._send(method, path, **kwargs)
        try:
            body = response.json()
            if model is not None:
                return model.model_validate(body)
            if isinstance(body, dict):
                return body
        except ValueError:
            pass
        raise KeelError(
            None,
            f"the answer to {method} {path} from {self.http.base_url} is not Keel's "
            f"({response.status_code}, {response.headers.get('content-type', 'no type')})",
        )


def _json(fields: dict[str, Any]) -> Any:
    """A request body: enums as values, dates as ISO text."""
    return to_jsonable_python(fields)


def _plain(value: Any) -> Any:
    """Enum members as their values, dates as ISO text: what the API reads in a query or body."""
    value = getattr(value, "value", value)
    return value.isoformat() if isinstance(value, date) else value
