"""Health: is the database reachable, and which schema version does it hold?"""

from fastapi import APIRouter
from sqlalchemy.exc import SQLAlchemyError

from backend import migrate
from backend.api.deps import SessionDep
from backend.db import engine_of
from backend.schemas.health import Health

router = APIRouter(prefix="/api/health", tags=["health"])


@router.get("", response_model=Health)
def read_health(session: SessionDep) -> Health:
    head = migrate.head_revision()
    try:
        version = migrate.current_revision(engine_of(session))
    except SQLAlchemyError:
        return Health(status="error", database="unreachable", schema_version=None, schema_head=head)
    status = "ok" if version == head else "migration_needed"
    return Health(status=status, database="ok", schema_version=version, schema_head=head)
