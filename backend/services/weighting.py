"""The weighting settings in force: the highest version stored, or the defaults."""

from sqlalchemy import select
from sqlmodel import Session

from backend.models import WeightingSettings
from backend.workload import WorkloadSettings


def current_settings(session: Session) -> tuple[int, WorkloadSettings]:
    """(version, settings); version 0 means nothing is stored and the defaults apply."""
    row = session.scalars(
        select(WeightingSettings).order_by(WeightingSettings.version.desc()).limit(1)
    ).first()
    if row is None:
        return 0, WorkloadSettings()
    return row.version, WorkloadSettings.from_dict(row.values)
