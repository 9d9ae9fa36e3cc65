"""The small demo council in API tests: the manager's team, and new referrals waiting in a unit."""

from datetime import date

from sqlalchemy import select

from backend.models import Child, Family, User


def manager_team(session) -> int:
    return session.scalars(select(User).where(User.username == "manager")).one().unit_id


def add_referrals(session, unit_id: int, count: int = 3) -> list[int]:
    """New, unallocated CIN families in the unit (one child each): easy to place."""
    ids = []
    for n in range(count):
        family = Family(
            code=f"TEST{unit_id}-{n}", name=f"Test family {n}", unit_id=unit_id, received_on=date.today(), flags=[]
        )
        session.add(family)
        session.flush()
        session.add(Child(family_id=family.id, first_name="Sam", birth_year=2015, status="cin"))
        ids.append(family.id)
    session.commit()
    return ids
