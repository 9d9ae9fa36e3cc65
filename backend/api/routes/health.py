"""Health: is the database reachable, and which schema version does it hold?"""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from backend import migrate
from backend.db import engine_of
from backend.api.deps import SessionDep

router = APIRouter(prefix="/api/health", tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    schema_version: str | None
    schema_head: str


@router.get("", response_model=Health)
def read_health(session: SessionDep) -> Health:
    head = migrate.head_revision()
    try:
        version = migrate.current_revision(engine_of(session))
    except SQLAlchemyError:
        return Health(status="error", database="unreachable", schema_version=None, schema_head=head)
    status = "ok" if version == head else "migration_needed"
    return Health(status=status, database="ok", schema_version=version, schema_head=head)
