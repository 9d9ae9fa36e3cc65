"""Keel's tables, one module per aggregate. Importing this package registers every table."""

from backend.models.absences import Absence, AbsenceKind
from backend.models.allocations import Allocation, AllocationKind
from backend.models.audit import AuditEvent
from backend.models.families import Child, ChildStatus, Family
from backend.models.jobs import BackgroundJob
from backend.models.notifications import Notice, NotificationChoices
from backend.models.region import RegionForecast
from backend.models.settings import WeightingVersion
from backend.models.sign_in import SignInCount
from backend.models.sign_in_oidc import ExternalIdentity, OidcSignIn
from backend.models.unit_history import UnitDailyFigures
from backend.models.units import AllocatesTo, Unit, UnitKind
from backend.models.users import AuthSession, User, UserRole
from backend.models.workers import CapacityReduction, Role, Worker

__all__ = [
    "Absence",
    "AbsenceKind",
    "AllocatesTo",
    "AuthSession",
    "Allocation",
    "AllocationKind",
    "AuditEvent",
    "BackgroundJob",
    "CapacityReduction",
    "Child",
    "ChildStatus",
    "ExternalIdentity",
    "Family",
    "Notice",
    "NotificationChoices",
    "OidcSignIn",
    "RegionForecast",
    "Role",
    "SignInCount",
    "Unit",
    "UnitDailyFigures",
    "UnitKind",
    "User",
    "UserRole",
    "WeightingVersion",
    "Worker",
]
