"""Each unit's figures, one row per unit and day (issue 12, history): what a leader sees as the
trend of the past weeks beside the forecast. Recorded at start and each day from the forecast, and
backfilled from the allocation history (then the forecast's own figures, N-k, risk and stage, are
left empty: they were not worked out on that day)."""

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class UnitDailyFigures(SQLModel, table=True):
    __tablename__ = "unit_daily_figures"
    __table_args__ = (UniqueConstraint("unit_id", "day", name="uq_unit_daily_figures_unit_day"),)

    id: int = Field(default=None, primary_key=True)  # None only until the row is flushed
    unit_id: int = Field(foreign_key="unit.id", index=True)
    day: date = Field(index=True)
    load_ratio: float | None = None
    present_capacity: float = 0.0  # case points of the workers present that day
    unallocated: int = 0
    oldest_wait_days: int = 0  # calendar days the oldest unallocated family has waited
    statutory_waiting: int = 0  # unallocated CP/CLA/private fostering families
    referrals_in: int = 0  # families received that day
    allocations_made: int = 0  # key allocations that began that day
    n1_secure: bool | None = None
    n2_secure: bool | None = None
    risk: float | None = None  # near-term collapse risk
    stage: str | None = Field(default=None, max_length=40)
    source: str = Field(default="forecast", max_length=20)  # "forecast" | "backfill"
