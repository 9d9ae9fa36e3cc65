"""Units (services, teams, pods): their read view and the administrator's change of a team's setting."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from backend.models import AllocatesTo, UnitKind
from backend.schemas.bands import BandCounts, BandLimits
from backend.schemas.fields import Reason


class UnitSummary(BaseModel):
    id: int
    code: str
    name: str
    kind: UnitKind
    parent_id: int | None
    workers: int
    case_holders: int = Field(description="Workers employed on the date who hold cases (not team managers)")
    present: int = Field(description="Case holders at work on the date (not away)")
    capacity: float = Field(description="Case capacity of the case holders present on the date")
    load: float = Field(description="Points the unit's workers carry (cover counts for the covering worker)")
    load_ratio: float | None = Field(description="Load against the capacity of the case holders present")
    establishment_capacity: float = Field(description="Case capacity of every case holder employed, away or not")
    establishment_ratio: float | None = Field(description="Load against the establishment's capacity")
    bands: BandCounts
    band_limits: BandLimits
    away: int = Field(description="Case holders away on the date")
    uncovered_families: int = Field(description="Families of away key workers without cover")
    unallocated_families: int
    unallocated_points: float
    oldest_unallocated_received: date | None
    over_capacity: int = Field(description="Case holders whose load is above their capacity")
    agency_share: float | None = Field(description="Share of case holders who are agency staff (0-1)")
    allocates_to: AllocatesTo = Field(
        AllocatesTo.workers, description="A team's setting: families go to workers or to its pods"
    )
    holds_families: bool = Field(False, description="A pod that holds families as a whole (its team allocates to pods)")
    pod_families: int = Field(0, description="A holding pod: open families it holds")
    children_accountable: int | None = Field(
        None, description="A holding pod: children of its families, for whom its consultants are accountable"
    )
    children_limit: float | None = Field(
        None, description="A holding pod: consultant_children_limit x its consultants at work (None: no limit)"
    )
    consultants_present: int | None = Field(None, description="A holding pod: its consultants at work on the date")
    sickness_rate: float = Field(
        0.032, description=("Share of working days lost to sickness that the collapse-risk forecast uses for this unit")
    )
    sickness_rate_from: Literal["workforce census", "national default"] = Field(
        "national default",
        description="Where the rate comes from: the unit's workers' census days, or "
        "the national figure (8 days per FTE a year)",
    )


class UnitsPublic(BaseModel):
    data: list[UnitSummary]
    count: int


class UnitUpdate(BaseModel):
    allocates_to: AllocatesTo = Field(description="A team's families go to its workers, or to its pods as a whole")
    reason: Reason = ""
