"""Keel's tables, one module per aggregate. Importing this package registers every table."""

from backend.models.absences import Absence, AbsenceKind
from backend.models.allocations import Allocation, AllocationKind
from backend.models.audit import AuditEvent
from backend.models.families import Child, ChildStatus, Family
from backend.models.settings import WeightingSettings
from backend.models.sign_in import SignInCount
from backend.models.unit_history import UnitDailyFigures
from backend.models.units import AllocatesTo, Unit, UnitKind
from backend.models.users import AuthSession, User, UserPublic, UserRole
from backend.models.workers import CapacityReduction, Role, Worker

__all__ = [
    "Absence", "AbsenceKind", "AllocatesTo", "AuthSession", "Allocation", "AllocationKind", "AuditEvent", "CapacityReduction",
    "Child", "ChildStatus", "Family", "Role", "SignInCount", "Unit", "UnitDailyFigures", "UnitKind", "User",
    "UserPublic", "UserRole",
    "WeightingSettings", "Worker",
]
