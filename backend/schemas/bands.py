"""The load bands a read view reports: their limits (the weighting settings in force) and counts."""

from pydantic import BaseModel


class BandLimits(BaseModel):
    """The bands of the weighting settings in force: green below `green_below`, amber up to
    `amber_up_to` (included), red up to `surge_limit` (included), surge above it (load ratios)."""

    green_below: float
    amber_up_to: float
    surge_limit: float


class BandCounts(BaseModel):
    green: int = 0
    amber: int = 0
    red: int = 0
    surge: int = 0
