"""A region's councils: the figures each publishes and the region's view of them."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from backend.models.limits import CODE_LENGTH

Ratio = Annotated[float, Field(ge=0, le=100)]


Share = Annotated[float, Field(ge=0, le=1)]


# A council or service code as the region publishes it (not checked against this council's own codes)
RegionCode = Annotated[str, Field(min_length=1, max_length=CODE_LENGTH)]


MOST_IN_A_COUNCIL = 100_000  # workers, teams or families: more than any council has; summed over a
# region's councils (at most 1,000) it stays within the database's integer column
Count = Annotated[int, Field(ge=0, le=MOST_IN_A_COUNCIL)]


class RegionService(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: RegionCode
    stage: str = Field(max_length=40)
    load_ratio: Ratio | None
    n1_secure: bool
    n2_secure: bool
    teams: Count
    risk_by_week: list[Share] = Field(max_length=52)


class RegionCouncil(BaseModel):
    """One council's figures: its stage (the worst of its services), load, N-k of its teams and
    highest service collapse risk by week. Nothing about a family, a child or a worker."""

    model_config = ConfigDict(extra="ignore")
    code: RegionCode
    name: str = Field(min_length=1, max_length=120)
    condition: str | None = Field(default=None, max_length=40)
    workers: Count
    stage: str | None = Field(max_length=40)
    load_ratio: Ratio | None
    teams: Count
    teams_n1_secure: Count
    teams_n2_secure: Count
    statutory_unallocated: Count
    weeks: list[date] = Field(max_length=52)
    risk_by_week: list[Share] = Field(max_length=52)
    stage_by_week: list[str | None] = Field(max_length=52)
    near_term_risk: Share
    services: list[RegionService] = Field(max_length=200)


class RegionStage(BaseModel):
    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=80)


class RegionForecastIn(BaseModel):
    """What `keel region forecast --out FILE` writes; extra fields (digests, timings) are dropped."""

    model_config = ConfigDict(extra="ignore")
    stages: list[RegionStage] = Field(max_length=20, description="The stages of difficulty, least first")
    councils: list[RegionCouncil] = Field(min_length=1, max_length=1000)


class RegionView(BaseModel):
    """The newest published forecast of the region, with the regional summary worked out again from
    the councils (so it always matches them)."""

    published_at: datetime
    published_by: str | None
    summary: dict[str, Any]
    stages: list[RegionStage]
    weeks: list[date]
    councils: list[RegionCouncil]
