"""A region's published forecast on this Keel: publish (administrators, or `keel region forecast
--publish`), and read (regional and senior leaders). Aggregates only (backend/region/summary.py):
whatever else a file carries is dropped on the way in."""

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import RegionForecast, User
from backend.region.summary import region_summary
from backend.schemas.region import RegionCouncil, RegionForecastIn, RegionStage, RegionView
from backend.services import audit


class NoRegionForecast(LookupError):
    """Nothing published yet."""


def publish(session: Session, forecast: RegionForecastIn, by: User | None) -> RegionForecast:
    """Store the forecast (its councils only) and audit who published it."""
    body = forecast.model_dump(mode="json")
    row = RegionForecast(
        published_by_id=by.id if by else None,
        councils=len(forecast.councils),
        workers=sum(c.workers for c in forecast.councils),
        body=body,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        by,
        "region.publish",
        "region_forecast",
        row.id,
        after={"councils": row.councils, "workers": row.workers},
    )
    session.commit()
    return row


def latest(session: Session) -> RegionView:
    row = session.scalars(
        select(RegionForecast).order_by(col(RegionForecast.published_at).desc(), col(RegionForecast.id).desc()).limit(1)
    ).first()
    if row is None:
        raise NoRegionForecast
    councils = [RegionCouncil.model_validate(c) for c in row.body["councils"]]
    by = session.get(User, row.published_by_id) if row.published_by_id else None
    weeks = max((c.weeks for c in councils), key=len, default=[])
    return RegionView(
        published_at=row.published_at,
        published_by=by.full_name if by else None,
        summary=region_summary([c.model_dump() for c in councils]),
        stages=[RegionStage.model_validate(s) for s in row.body["stages"]],
        weeks=weeks,
        councils=councils,
    )


def council(session: Session, code: str) -> RegionCouncil:
    found = next((c for c in latest(session).councils if c.code == code), None)
    if found is None:
        raise NoRegionForecast(code)
    return found
