"""Loading the synthetic demo council into a database."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.models import Unit, User


def database_is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        units = session.scalar(select(func.count()).select_from(Unit))
        users = session.scalar(select(func.count()).select_from(User))
    return not units and not users


def load_demo(engine: Engine, size: str | int, seed: int, as_of: date) -> dict[str, int]:
    from backend.demo import generate_council, load_council

    council = generate_council(size, seed=seed, as_of=as_of)
    with Session(engine) as session:
        counts = load_council(session, council)
        session.commit()
    return counts
