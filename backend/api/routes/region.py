"""A region of councils (issue #17): the newest published forecast, for regional and senior leaders;
publishing one, for administrators. Aggregates only: no family, child or worker of any council."""

from fastapi import APIRouter, HTTPException, Path, status

from backend.api.deps import Admin, RegionReader, SessionDep
from backend.schemas.region import RegionCouncil, RegionForecastIn, RegionView
from backend.services import region

router = APIRouter(prefix="/api/region", tags=["region"])

NOTHING_YET = "No regional forecast has been published: run `keel region forecast FOLDER --publish`"


@router.get("", response_model=RegionView)
def read_region(session: SessionDep, reader: RegionReader) -> RegionView:
    """Every council by week: stage, N-k of its teams, highest service collapse risk."""
    try:
        return region.latest(session)
    except region.NoRegionForecast:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOTHING_YET) from None


@router.get("/councils/{code}", response_model=RegionCouncil)
def read_region_council(
    session: SessionDep, reader: RegionReader, code: str = Path(min_length=1, max_length=40)
) -> RegionCouncil:
    """One council's services: stage, load, N-k, collapse risk by week."""
    try:
        return region.council(session, code)
    except region.NoRegionForecast:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such council in the published forecast") from None


@router.post("/forecasts", status_code=status.HTTP_201_CREATED, response_model=RegionView)
def publish_region_forecast(session: SessionDep, admin: Admin, forecast: RegionForecastIn) -> RegionView:
    """Publish a forecast made by `keel region forecast --out FILE` (its aggregates are kept; anything
    else in the file is dropped)."""
    region.publish(session, forecast, admin)
    return region.latest(session)
