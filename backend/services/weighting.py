"""The weighting settings in force (the highest version stored, or the defaults) and changing them."""

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import User, WeightingVersion
from backend.schemas.settings import WeightingPublic
from backend.services import audit
from backend.services.changes import bump_unit_versions
from backend.services.errors import Invalid
from backend.visits import visit_rule_problems
from backend.workload import WorkloadSettings

_ADAPTER = TypeAdapter(WorkloadSettings)


def current_settings(session: Session) -> tuple[int, WorkloadSettings]:
    """(version, settings); version 0 means nothing is stored and the defaults apply."""
    row = session.scalars(select(WeightingVersion).order_by(col(WeightingVersion.version).desc()).limit(1)).first()
    if row is None:
        return 0, WorkloadSettings()
    return row.version, WorkloadSettings.from_dict(row.values)


def current_weighting(session: Session) -> WeightingPublic:
    """The settings in force, with who set them, when and why ("defaults" before any change)."""
    version, settings = current_settings(session)
    row = session.scalars(select(WeightingVersion).where(col(WeightingVersion.version) == version)).first()
    return WeightingPublic(
        version=version,
        values=settings.to_dict(),
        note=row.note if row else "defaults",
        created_at=row.created_at if row else None,
        created_by_id=row.created_by_id if row else None,
    )


def checked_settings(current: WorkloadSettings, given: Mapping[str, Any]) -> WorkloadSettings:
    """`current` with the `given` values laid over it (mappings merged key by key), type-checked and
    range-checked; raises Invalid naming every field that is wrong."""
    unknown = sorted(set(given) - set(current.to_dict()))
    if unknown:
        raise Invalid(f"unknown settings: {', '.join(unknown)}", "values")
    merged = current.to_dict()
    for name, value in given.items():
        both_mappings = isinstance(merged[name], dict) and isinstance(value, Mapping)
        merged[name] = {**merged[name], **value} if both_mappings else value
    try:
        settings = _ADAPTER.validate_python(merged)
    except ValidationError as error:
        raise Invalid([f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()], "values") from None
    problems = settings_problems(settings)
    if problems:
        raise Invalid(problems, "values")
    return settings


def settings_problems(s: WorkloadSettings) -> list[str]:
    """What makes these settings unusable (written so that NaN fails every check)."""
    problems = []
    numbers = {
        "full_capacity_points": s.full_capacity_points,
        "stable_element_points": s.stable_element_points,
        "sibling_factor": s.sibling_factor,
        "court_points": s.court_points,
        "plo_points": s.plo_points,
        "complexity_flag_points": s.complexity_flag_points,
        "complexity_cap_points": s.complexity_cap_points,
        **{f"child_points.{k}": v for k, v in s.child_points.items()},
        **{f"role_factors.{k}": v for k, v in s.role_factors.items()},
        **{f"travel_band_points[{i}]": v for i, v in enumerate(s.travel_band_points)},
        **{f"asye_steps[{i}]": f for i, (_, f) in enumerate(s.asye_steps)},
    }
    problems += [f"{name} must be between 0 and 1000" for name, v in numbers.items() if not 0 <= v <= 1000]
    for name in (
        "sibling_factor",
        *(f"role_factors.{k}" for k in s.role_factors),
        *(f"asye_steps[{i}]" for i in range(len(s.asye_steps))),
    ):
        if not numbers[name] <= 1.5:
            problems.append(f"{name} must be a factor of at most 1.5")
    if not s.full_capacity_points > s.stable_element_points:
        problems.append("full_capacity_points must exceed stable_element_points")
    if not 0 < s.green_below <= s.amber_up_to <= s.surge_limit <= 3:
        problems.append("bands must satisfy 0 < green_below <= amber_up_to <= surge_limit <= 3")
    if len(s.travel_band_points) != 3:
        problems.append("travel_band_points needs one value for each travel band 0, 1 and 2")
    limit = s.consultant_children_limit
    if limit is not None and not 1 <= limit <= 1000:
        problems.append("consultant_children_limit must be between 1 and 1000, or null for no limit")
    months = [m for m, _ in s.asye_steps]
    if months != sorted(months) or any(not 0 < m <= 60 for m in months):
        problems.append("asye_steps months must rise, each between 1 and 60")
    return problems + visit_rule_problems(s)


def change_settings(session: Session, actor: User, given: Mapping[str, Any], note: str) -> tuple[int, WorkloadSettings]:
    """Store a new version of the weighting settings (audited); every unit's plans become stale,
    since every family's points and worker's capacity may change."""
    version, current = current_settings(session)
    settings = checked_settings(current, given)
    row = WeightingVersion(version=version + 1, values=settings.to_dict(), note=note, created_by_id=actor.id)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "settings.update",
        "weighting_settings",
        row.id,
        before=current.to_dict(),
        after=settings.to_dict(),
        reason=note,
    )
    bump_unit_versions(session)
    session.commit()
    return row.version, settings
