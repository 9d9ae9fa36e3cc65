"""Managing the people who sign in: create, change role or links, reset passwords, deactivate.
Every change is audited; a password change or deactivation ends the user's sessions."""

from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from backend.models import AuthSession, Unit, User, UserRole, Worker
from backend.security import hash_password
from backend.services.changes import apply_changes, record_creation
from backend.services.errors import Conflict, Invalid
from backend.services.sign_in_throttle import forget_account

SECRET = frozenset({"password_hash"})


def check_links(
    session: Session,
    role: UserRole,
    unit_id: int | None,
    worker_id: int | None,
    user_id: int | None = None,
    *,
    linking: bool = True,
) -> None:
    """The role's links exist; when `linking` (a new link, or an account coming back into use), the
    worker record is not already another active account's."""
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise Invalid(f"unit {unit_id} does not exist", "unit_id")
    if worker_id is not None and session.get(Worker, worker_id) is None:
        raise Invalid(f"worker {worker_id} does not exist", "worker_id")
    if role == UserRole.team_manager and unit_id is None:
        raise Invalid("a team manager needs the unit (team) they manage", "unit_id")
    if role == UserRole.social_worker and worker_id is None:
        raise Invalid("a social worker's account needs their worker record", "worker_id")
    if worker_id is not None and linking:
        holder = session.scalars(
            select(User).where(col(User.worker_id) == worker_id, col(User.active), col(User.id) != (user_id or -1))
        ).first()
        if holder is not None:
            worker = session.get_one(Worker, worker_id)
            raise Conflict(
                f"{worker.name}'s worker record ({worker.code}) is already linked to the account "
                f"of {holder.full_name} ({holder.username})"
            )


def read_page(
    session: Session, *, offset: int, limit: int, role: UserRole | None = None, active: bool | None = None
) -> tuple[list[User], int]:
    """A page of users by username, and how many match in all."""
    query = select(User)
    if role is not None:
        query = query.where(col(User.role) == role)
    if active is not None:
        query = query.where(col(User.active) == active)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(session.scalars(query.order_by(col(User.username)).offset(offset).limit(limit))), count


def create_user(session: Session, actor: User | None, fields: dict[str, Any], password: str) -> User:
    if session.scalars(select(User).where(User.username == fields["username"])).first() is not None:
        raise Conflict(f"the username {fields['username']} is taken")
    check_links(session, fields["role"], fields.get("unit_id"), fields.get("worker_id"))
    user = User(**fields, password_hash=hash_password(password))
    record_creation(session, actor, user, entity="user", hidden=SECRET)
    session.commit()
    return user


def update_user(
    session: Session, actor: User, user: User, changes: dict[str, Any], password: str | None, reason: str
) -> dict[str, Any]:
    merged = {name: changes.get(name, getattr(user, name)) for name in ("role", "unit_id", "worker_id")}
    if user.id == actor.id and (changes.get("active") is False or merged["role"] != UserRole.admin):
        raise Conflict("you may not deactivate yourself or take away your own admin role")
    linking = changes.get("worker_id", user.worker_id) != user.worker_id or (
        changes.get("active") is True and not user.active
    )
    check_links(session, merged["role"], merged["unit_id"], merged["worker_id"], user.id, linking=linking)
    if password is not None:
        changes = {**changes, "password_hash": hash_password(password)}
        forget_account(session, user.username)
    changed = apply_changes(session, actor, user, changes, entity="user", reason=reason, hidden=SECRET)
    if "password_hash" in changed or changed.get("active") is False or "role" in changed:
        end_sessions(session, user.id)
    session.commit()
    return changed


def end_sessions(session: Session, user_id: int) -> None:
    session.execute(
        update(AuthSession)
        .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked).is_(False))
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
