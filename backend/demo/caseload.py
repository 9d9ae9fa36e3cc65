"""Families, children and allocation history of the synthetic council, calibrated to
docs/design.md §1: children ~79% CIN, ~10% CP, ~9% CLA (a few assessment and care leavers); each case holder
filled to a target share of capacity that tells a council's story (``_Caseload._target_ratios``:
most teams steady or busy, one service under strain, a team with headroom, fragile pods); work that
needs a language or disability skill only where two workers of the team hold it; a few unallocated
families (one CP); closures over the last 12 weeks at the referral rate (~16 children a working day
per ~217 FTE).
"""

import random
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone

from backend.demo import names
from backend.workload import WorkloadSettings, family_points, worker_capacity

STATUS_SHARES = {"cin": 0.79, "cp": 0.10, "cla": 0.09, "assessment": 0.015, "care_leaver": 0.005}
FAMILY_SIZES = (1, 2, 3, 4, 5)
FAMILY_SIZE_WEIGHTS = (0.5, 0.28, 0.14, 0.06, 0.02)
CHILD_REFERRALS_PER_WORKING_DAY_PER_FTE = 16 / 217  # ~16 a day for an average council of ~217 FTE
CLOSURE_WINDOW_DAYS = 84
NOT_LEADING_CP_OR_COURT = ("asye", "family_support")
# A holding pod's load against its members' capacity today: red, as the Isle of Wight's pods were.
POD_LOAD = (1.08, 1.14)
# The pod team works with larger sibling groups (family help), so its consultants are accountable
# for more children than consultant_children_limit allows, as the Isle of Wight's were.
POD_FAMILY_SIZE_WEIGHTS = (0.1, 0.3, 0.3, 0.18, 0.12)
POD_STATUS_SHARES = {"cin": 0.8, "cp": 0.12, "cla": 0.08}  # family help: mostly children in need


def at_nine(day: date) -> datetime:
    """A deterministic timestamp for rows made on `day` (09:00 UTC)."""
    return datetime.combine(day, time(9, 0), tzinfo=timezone.utc)


def team_of(units: list[dict]) -> dict[int, int]:
    """Unit id -> the id of the team it is or belongs to (a pod's team; services map to themselves)."""
    return {u["id"]: (u["parent_id"] if u["kind"] == "pod" else u["id"]) for u in units}


def allowed_statuses(worker: dict) -> list[str]:
    """Statuses a worker may lead: CP needs the skill and a role that may lead it; family support
    holds CIN only."""
    if worker["role"] == "family_support":
        return ["cin"]
    may_lead = worker["role"] not in NOT_LEADING_CP_OR_COURT and "child_protection" in worker["skills"]
    return [s for s in STATUS_SHARES if s != "cp" or may_lead]


def generate_caseload(rng: random.Random, council) -> None:
    _Caseload(rng, council).generate()


class _Caseload:
    def __init__(self, rng: random.Random, council):
        self.rng, self.council, self.as_of = rng, council, council.as_of
        self.settings = WorkloadSettings()
        self.units = {u["id"]: u for u in council.units}
        self.team_ids = team_of(council.units)
        self.managers: dict[int, int] = {}  # team id -> its manager's user id
        for user in council.users:
            if user["role"] == "team_manager":
                self.managers.setdefault(user["unit_id"], user["id"])
        self.case_holders = [w for w in council.workers if w["role"] != "team_manager"]
        self.colleagues = defaultdict(list)
        for worker in self.case_holders:
            self.colleagues[self.team_ids[worker["unit_id"]]].append(worker)
        reductions = defaultdict(list)
        for r in council.capacity_reductions:
            reductions[r["worker_id"]].append(r)
        self.capacity = {
            w["id"]: worker_capacity(
                w["role"], w["fte"], w["start_date"], self.as_of, reductions[w["id"]], self.settings
            )
            for w in self.case_holders
        }
        self.absent_now = {
            a["worker_id"]: a
            for a in council.absences
            if a["start_date"] <= self.as_of <= a["end_date"] and a["kind"] in ("sickness", "parental")
        }
        holding_teams = {u["id"] for u in council.units if u.get("allocates_to") == "pods"}
        self.holding_pods: dict[int, list[dict]] = {
            u["id"]: [w for w in self.case_holders if w["unit_id"] == u["id"]]
            for u in council.units
            if u["kind"] == "pod" and u["parent_id"] in holding_teams
        }

    # --- the whole caseload ---------------------------------------------------------------
    def generate(self) -> None:
        targets = self._target_ratios()
        self.status_counts: Counter[str] = Counter()
        self.carried: defaultdict[int, float] = defaultdict(
            float
        )  # points each worker carries today (key, less cover, plus cover)
        self.cover_wanted: list[tuple] = []
        for worker in self.case_holders:
            if worker["id"] not in targets:
                continue
            capacity, ratio = self.capacity[worker["id"]], targets[worker["id"]]
            self._fill_worker(
                worker, capacity * ratio, capacity * (ratio + 0.02 if ratio > 1 else 1.0), self._pod_partners(worker)
            )
        for pod_id, members in sorted(self.holding_pods.items()):
            self._fill_pod(pod_id, members)
        self._arrange_cover()
        self._add_unallocated()
        self._add_closed()

    def _pod_partners(self, worker: dict) -> list[dict] | None:
        """A pod member's families are co-worked by the pod: the consultant's by the members, the
        members' by the consultant."""
        if self.units[worker["unit_id"]]["kind"] != "pod":
            return None
        pod = [
            w
            for w in self.colleagues[self.team_ids[worker["unit_id"]]]
            if w["unit_id"] == worker["unit_id"] and w["id"] != worker["id"]
        ]
        if worker["role"] == "consultant":
            return pod
        return [w for w in pod if w["role"] == "consultant"] or pod

    def _target_ratios(self) -> dict[int, float]:
        """Worker id -> target load ratio, telling the council's story: one service under strain
        (its teams 92-99%, two workers per team at 104-112%), the other teams steady (70-80%) or
        busy (82-90%), a team with headroom (66-84%), and pods fragile (the consultant, who leads the
        court work, at 100-108%, the members at 90-97%)."""
        rng = self.rng
        services = sorted({self.units[t]["parent_id"] for t in self.colleagues})
        strained = services[len(services) // 2] if len(services) > 1 else None
        plain_teams = [
            t for t in self.colleagues if not any(self.units[w["unit_id"]]["kind"] == "pod" for w in self.colleagues[t])
        ]
        calm = [t for t in plain_teams if self.units[t]["parent_id"] != strained]
        headroom = set(rng.sample(calm, min(len(calm), max(1, len(plain_teams) // 8))))
        targets = {}
        for team_id, workers in self.colleagues.items():
            for worker in workers:  # on parental leave: their families were handed on when it began
                if (self.absent_now.get(worker["id"]) or {}).get("kind") == "parental":
                    targets[worker["id"]] = 0.0
            workers = [w for w in workers if w["id"] not in targets]
            if any(w["unit_id"] in self.holding_pods for w in workers):
                continue  # its pods hold its families as a whole (_fill_pod)
            if team_id not in plain_teams:
                for worker in workers:
                    lead = worker["role"] == "consultant"
                    targets[worker["id"]] = rng.uniform(1.0, 1.08) if lead else rng.uniform(0.9, 0.97)
                continue
            under_strain = self.units[team_id]["parent_id"] == strained
            over = {w["id"] for w in rng.sample(workers, min(2, len(workers)))} if under_strain else set()
            low, high = (
                (0.66, 0.84)
                if team_id in headroom
                else (0.92, 0.99)
                if under_strain
                else rng.choice(((0.7, 0.8), (0.7, 0.8), (0.7, 0.8), (0.82, 0.9)))
            )
            for worker in workers:
                targets[worker["id"]] = rng.uniform(1.04, 1.12) if worker["id"] in over else rng.uniform(low, high)
        return targets

    def _fill_pod(self, pod_id: int, members: list[dict]) -> None:
        """A pod that holds families, as the Isle of Wight's were: filled to POD_LOAD of its members'
        capacity, with larger sibling groups, so its consultant is accountable for more children than
        the limit allows and the
        loss of any member leaves the others above the surge limit. Families are drawn as for the
        consultant (who may lead child protection and court work)."""
        lead = next((w for w in members if w["role"] == "consultant"), members[0])
        capacity = sum(self.capacity[w["id"]] for w in members)
        target, load, misses = capacity * self.rng.uniform(*POD_LOAD), 0.0, 0
        while misses < 4:
            status = self.rng.choices(tuple(POD_STATUS_SHARES), tuple(POD_STATUS_SHARES.values()))[0]
            status, flags, travel, children = self._draw(lead, status, size_weights=POD_FAMILY_SIZE_WEIGHTS)
            points = family_points(children, flags, travel, self.settings)
            if load + points > target + points / 2:
                misses += 1
                continue
            load += points
            self.status_counts[status] += 1
            received = self.as_of - timedelta(days=self._age_days(status))
            # The family is the team's (its queue, its manager), held by the pod.
            family = self._add_family(
                self.team_ids[pod_id], status, flags, travel, children, received, patch=lead["patch"]
            )
            self._allocate(
                family,
                None,
                "key",
                min(self.as_of, received + timedelta(days=self.rng.randint(0, 5))),
                "allocated at referral: to the pod",
                pod_id=pod_id,
            )

    def _next_status(self, worker: dict) -> str:
        """The status the council-wide family mix lacks most (STATUS_SHARES), among those the
        worker may lead, with a little jitter so caseloads differ."""
        placed = sum(self.status_counts.values()) + 1
        return max(
            allowed_statuses(worker),
            key=lambda s: STATUS_SHARES[s] * placed - self.status_counts[s] + self.rng.uniform(0, 1.5),
        )

    # --- one family -----------------------------------------------------------------------
    def _draw(
        self, worker: dict | None, status: str | None = None, size_weights: tuple[float, ...] = FAMILY_SIZE_WEIGHTS
    ) -> tuple[str, list[str], int, list[str]]:
        """A family's (status, flags, travel band, child statuses) suited to its key worker."""
        rng = self.rng
        if status is None:
            if worker is None:
                raise ValueError("a family drawn without a key worker needs its status")
            status = self._next_status(worker)
        drawn = status  # a str from here on, for the closure below

        def shared(skill: str) -> bool:
            return worker is not None and self._shared(worker, skill, drawn)

        skills = worker["skills"] if worker else []
        leads_court = worker is not None and "court" in skills and worker["role"] not in NOT_LEADING_CP_OR_COURT
        flags = []
        if leads_court and shared("court") and rng.random() < (0.3 if status in ("cp", "cla") else 0.03):
            flags.append("court")
        if status == "cp" and rng.random() < 0.08:
            flags.append("plo")
        flags += rng.sample(names.COMPLEXITY_FLAGS, rng.choices((0, 1, 2, 3), (0.76, 0.18, 0.05, 0.01))[0])
        specialist = "court" not in flags  # court work is not also given a second specialist skill
        if specialist and "disability" in skills and shared("disability") and rng.random() < 0.3:
            flags.append("disability")
        language = next((s for s in skills if specialist and s in names.LANGUAGES and shared(s)), None)
        if language and rng.random() < 0.3:
            flags.append(f"interpreter:{language}")
        size = 1 if status == "care_leaver" else rng.choices(FAMILY_SIZES, size_weights)[0]
        travel = rng.choices((0, 1, 2), (0.75, 0.22, 0.03))[0]
        return status, sorted(flags), travel, [status] * size

    def _shared(self, worker: dict, skill: str, status: str) -> bool:
        """Whether another case holder of the worker's team has the skill too and may lead the
        status: work that needs a skill goes to a team only where one absence would not strand it."""
        team = self.colleagues[self.team_ids[worker["unit_id"]]]
        return sum(skill in w["skills"] and status in allowed_statuses(w) for w in team) >= 2

    def _add_family(
        self,
        unit_id: int,
        status: str,
        flags: list[str],
        travel: int,
        child_statuses: list[str],
        received_on: date,
        closed_on: date | None = None,
        patch: str | None = None,
    ) -> dict:
        rng, council = self.rng, self.council
        unit = self.units[unit_id]
        service_areas = council.service_areas[self.units[self.team_ids[unit_id]]["parent_id"]]
        home = patch or unit["area"]
        family_id = len(council.families) + 1
        family = {
            "id": family_id,
            "code": f"F{family_id:05d}",
            "name": f"Family of {rng.choice(names.FIRST_NAMES)[0]}. {rng.choice(names.SURNAMES)}",
            "unit_id": unit_id,
            "area": home if travel == 0 else rng.choice(service_areas),
            "travel_band": travel,
            "received_on": received_on,
            "closed_on": closed_on,
            "flags": flags,
            "version": 1,
        }
        council.families.append(family)
        for child_status in child_statuses:
            age = rng.randint(18, 21) if child_status == "care_leaver" else rng.randint(0, 17)
            council.children.append(
                {
                    "id": len(council.children) + 1,
                    "family_id": family_id,
                    "first_name": rng.choice(names.CHILD_NAMES),
                    "birth_year": self.as_of.year - age,
                    "status": child_status,
                }
            )
        return family

    def _allocate(
        self,
        family: dict,
        worker_id: int | None,
        kind: str,
        starts_on: date,
        reason: str,
        ends_on: date | None = None,
        pod_id: int | None = None,
    ) -> None:
        allocations = self.council.allocations
        allocations.append(
            {
                "id": len(allocations) + 1,
                "family_id": family["id"],
                "worker_id": worker_id,
                "pod_id": pod_id,
                "kind": kind,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "reason": reason,
                "decided_by_id": self.managers.get(self.team_ids[family["unit_id"]]),
                "recommendation": None,
                "created_at": at_nine(starts_on),
            }
        )

    def _age_days(self, status: str) -> int:
        rng = self.rng
        if status == "assessment":
            return rng.randint(1, 40)
        if status in ("cin", "cp"):
            return min(720, (30 if status == "cp" else 7) + int(rng.expovariate(1 / 220)))
        return rng.randint(300 if status == "care_leaver" else 60, 725)

    # --- open, allocated families ---------------------------------------------------------
    def _fill_worker(self, worker: dict, target: float, ceiling: float, co_workers: list[dict] | None = None) -> None:
        """Families until the load is as near the target as a family allows, never above ceiling."""
        load, misses = 0.0, 0
        while misses < 4:
            status, flags, travel, children = self._draw(worker)
            points = family_points(children, flags, travel, self.settings)
            if load + points > min(target + points / 2, ceiling):
                misses += 1
                continue
            load += points
            self._open_family(worker, status, flags, travel, children, co_workers=co_workers)

    def _open_family(
        self,
        worker: dict,
        status: str,
        flags: list[str],
        travel: int,
        children: list[str],
        co_workers: list[dict] | None = None,
    ) -> dict:
        rng, as_of = self.rng, self.as_of
        self.status_counts[status] += 1
        received = as_of - timedelta(days=self._age_days(status))
        family = self._add_family(worker["unit_id"], status, flags, travel, children, received, patch=worker["patch"])
        start = min(as_of, received + timedelta(days=rng.randint(0, 5)))
        team = [w for w in self.colleagues[self.team_ids[worker["unit_id"]]] if w["id"] != worker["id"]]
        able = [w for w in team if status in allowed_statuses(w)]
        if able and (as_of - start).days > 60 and rng.random() < 0.3:
            change = start + timedelta(days=rng.randint(14, (as_of - start).days - 1))
            self._allocate(family, rng.choice(able)["id"], "key", start, "allocated at referral")
            self._allocate(
                family,
                worker["id"],
                "key",
                change,
                rng.choice(("transfer: workload", "transfer: worker moved team", "transfer: continuity of patch")),
            )
        else:
            self._allocate(family, worker["id"], "key", start, "allocated at referral")
        if team and (as_of - start).days > 40 and rng.random() < 0.08:
            cover_start = start + timedelta(days=rng.randint(0, (as_of - start).days - 30))
            self._allocate(
                family,
                rng.choice(team)["id"],
                "cover",
                cover_start,
                "cover: annual leave",
                ends_on=cover_start + timedelta(days=rng.randint(7, 20)),
            )
        if co_workers and rng.random() < 0.6:
            self._allocate(family, co_workers[family["id"] % len(co_workers)]["id"], "co_work", start, "co-work: pod")
        elif team and (status == "cp" or "court" in flags) and rng.random() < 0.3:
            self._allocate(family, rng.choice(team)["id"], "co_work", start, "co-work: complex case")
        points = family_points(children, flags, travel, self.settings)
        self.carried[worker["id"]] += points
        absence = self.absent_now.get(worker["id"])
        if able and absence and rng.random() < 0.5:
            self.cover_wanted.append((family, points, worker, status, max(start, absence["start_date"]), absence))
        return family

    def _arrange_cover(self) -> None:
        """The cover managers arranged for today's absences: each family (statutory first) goes to
        the able colleague, present and staying until the absence ends, with the most headroom; it
        carries the family's points meanwhile, so cover never takes anyone above their capacity.
        Families nobody has headroom for stay uncovered (the board flags them)."""
        away = {a["worker_id"] for a in self.council.absences if a["start_date"] <= self.as_of <= a["end_date"]}
        wanted = sorted(self.cover_wanted, key=lambda c: (c[3] not in ("cp", "cla"), c[0]["id"]))
        for family, points, worker, status, start, absence in wanted:
            team = [
                w
                for w in self.colleagues[self.team_ids[worker["unit_id"]]]
                if w["id"] != worker["id"]
                and w["id"] not in away
                and status in allowed_statuses(w)
                and (w.get("leaving_date") is None or w["leaving_date"] >= absence["end_date"])
                and self.carried[w["id"]] + points <= self.capacity[w["id"]]
            ]
            if not team:
                continue
            cover = min(team, key=lambda w: ((self.carried[w["id"]] + points) / self.capacity[w["id"]], w["id"]))
            self.carried[cover["id"]] += points
            self.carried[worker["id"]] -= points
            self._allocate(
                family, cover["id"], "cover", start, f"cover: {absence['kind']}", ends_on=absence["end_date"]
            )

    # --- unallocated and closed families --------------------------------------------------
    def _add_unallocated(self) -> None:
        rng, as_of = self.rng, self.as_of
        teams = [u["id"] for u in self.council.units if u["kind"] == "team"]
        open_count = len(self.council.families)
        for i in range(max(3, round(0.012 * open_count))):
            status = "cp" if i == 0 else rng.choice(("assessment", "cin"))
            team_id = rng.choice(teams)
            _, flags, travel, children = self._draw(None, status)
            received = as_of - timedelta(days=rng.randint(0, 10))
            family = self._add_family(team_id, status, flags, travel, children, received)
            known = [w for w in self.colleagues[team_id] if status in allowed_statuses(w)]
            if i % 3 == 1 and known:  # re-referral: an earlier episode with a worker still here
                self._allocate(
                    family, rng.choice(known)["id"], "key", received - timedelta(days=400), "allocated at referral"
                )
                self._allocate(family, None, "key", received - timedelta(days=200), "case closed")
        for team_id in teams:  # every team's queue holds at least one new single-child assessment
            self._add_family(team_id, "assessment", [], 0, ["assessment"], as_of - timedelta(days=rng.randint(0, 3)))

    def _add_closed(self) -> None:
        """Families closed in the last 12 weeks, as many as referrals arrive in that time."""
        rng, as_of = self.rng, self.as_of
        case_fte = sum(w["fte"] for w in self.case_holders)
        mean_children = sum(s * p for s, p in zip(FAMILY_SIZES, FAMILY_SIZE_WEIGHTS))
        per_day = CHILD_REFERRALS_PER_WORKING_DAY_PER_FTE * case_fte / mean_children
        holders = [w for w in self.case_holders if self.units[w["unit_id"]]["kind"] == "team"]
        durations = {"assessment": (20, 45), "cin": (60, 420), "cp": (150, 600), "cla": (300, 700)}
        able = {s: [w for w in holders if s in allowed_statuses(w)] or holders for s in durations}
        for _ in range(round(per_day * CLOSURE_WINDOW_DAYS * 5 / 7)):
            status = rng.choices(tuple(durations), (0.35, 0.6, 0.03, 0.02))[0]
            worker = rng.choice(able[status])
            _, flags, travel, children = self._draw(worker, status)
            closed = as_of - timedelta(days=rng.randint(1, CLOSURE_WINDOW_DAYS))
            received = max(as_of - timedelta(days=730), closed - timedelta(days=rng.randint(*durations[status])))
            family = self._add_family(
                worker["unit_id"], status, flags, travel, children, received, closed, worker["patch"]
            )
            self._allocate(
                family, worker["id"], "key", min(closed, received + timedelta(days=2)), "allocated at referral"
            )
            self._allocate(family, None, "key", closed, "case closed")
