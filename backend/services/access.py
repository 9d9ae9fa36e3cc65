"""Who may see what. Enforced on the server for every route:
social worker - own worker record and the families they hold (or their pod holds); team manager - their team (and its
pods); senior leader - every unit (read); admin - everything, plus users, settings and imports."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from backend.models import User, UserRole
from backend.services.council_picture import CouncilPicture


class UnitTree(Protocol):
    """What a scope is worked out from: the units, and the units below one. A caseload picture is
    one; so are the unit stamps (services/state.py), which a write's check reads without working
    out the whole council's picture."""

    @property
    def units(self) -> Mapping[int, object]: ...

    def subtree(self, unit_id: int) -> Iterable[int]: ...


@dataclass(frozen=True)
class AccessScope:
    role: UserRole
    unit_ids: frozenset[int] | None  # None: every unit
    worker_id: int | None = None  # social workers: themselves

    def sees_unit(self, unit_id: int) -> bool:
        if self.role == UserRole.social_worker:
            return False
        return self.unit_ids is None or unit_id in self.unit_ids

    def sees_worker(self, caseload: CouncilPicture, worker_id: int) -> bool:
        return self.sees_worker_of(worker_id, caseload.workers[worker_id].unit_id)

    def sees_worker_of(self, worker_id: int, unit_id: int) -> bool:
        """The worker `worker_id`, whose unit is `unit_id`."""
        if self.role == UserRole.social_worker:
            return worker_id == self.worker_id
        return self.unit_ids is None or unit_id in self.unit_ids

    def sees_family(self, caseload: CouncilPicture, family_id: int) -> bool:
        if self.role == UserRole.social_worker:
            return self.worker_id is not None and (
                self.worker_id in (caseload.key_worker.get(family_id), caseload.cover_worker.get(family_id))
                or family_id in caseload.pod_families(self.worker_id)
            )
        return self.unit_ids is None or caseload.families[family_id].unit_id in self.unit_ids


def scope_for(user: User, tree: UnitTree) -> AccessScope:
    if user.role in (UserRole.senior_leader, UserRole.admin):
        return AccessScope(user.role, None)
    if user.role == UserRole.team_manager:
        units = tree.subtree(user.unit_id) if user.unit_id is not None and user.unit_id in tree.units else set()
        return AccessScope(user.role, frozenset(units))
    return AccessScope(user.role, frozenset(), worker_id=user.worker_id)


class UnitNotVisible(LookupError):
    """No such unit, or one the user may not see: the same answer either way, so nothing leaks."""


def visible_subtree(tree: UnitTree, access: AccessScope, unit_id: int | None) -> set[int] | None:
    """The unit and the units below it, for a `unit_id` filter; None when no filter was asked for."""
    if unit_id is None:
        return None
    if unit_id not in tree.units or not access.sees_unit(unit_id):
        raise UnitNotVisible(unit_id)
    return set(tree.subtree(unit_id))
