"""E-mail notices sent from the job system (services/jobs.py), never inside a request:
- a *notice sweep* job, asked for every SWEEP_EVERY_S by each server process's job poll while mail is
  on (`KEEL_SMTP_HOST`), decides the notices due (services/notices.py) and records each with its mail
  job in one transaction (a notice's key is unique: decided once, by whichever process);
- a *mail* job sends one message; a mail server that does not answer or refuses is tried again
  after RETRY_AFTER, MAIL_TRIES times in all, each failure logged; the last failure is kept as a
  failed job and logged as an error, never lost silently.
People choose their notices and address in their own settings (`my_settings`, `update_my_settings`)."""

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from backend.config import get_settings
from backend.models import Notice, NotificationChoices
from backend.models._types import table_of
from backend.services import jobs, mail, notices
from backend.services.jobs import Job, JobRegistry, TryAgainLater

SWEEP_EVERY_S = 60.0
RETRY_AFTER = timedelta(minutes=1)
MAIL_TRIES = 5


@dataclass(kw_only=True)
class MailJob(Job):
    to: str
    subject: str
    body: str

    crash_message = "The e-mail could not be sent"
    max_tries = MAIL_TRIES

    def inputs(self) -> dict[str, Any]:
        return {"to": self.to, "subject": self.subject, "body": self.body}


@dataclass(kw_only=True)
class SweepJob(Job):
    crash_message = "The notices due could not be worked out"


def _send(engine: Engine, job: MailJob) -> None:
    try:
        mail.send(job.to, job.subject, job.body)
    except mail.MailNotSent as exc:
        raise TryAgainLater(f"The mail server did not take the message ({exc})", RETRY_AFTER) from exc
    job.message = f"Sent to {job.to}"


_mail: JobRegistry[MailJob] = JobRegistry(
    "mail", MailJob, _send, workers=1, kept_per_requester=1000, lifetime=lambda: timedelta(days=30)
)  # the record of what was sent


def _sweep(engine: Engine, job: SweepJob) -> None:
    now = datetime.now(timezone.utc)
    with Session(engine) as session:
        drafts = notices.due(session, date.today(), now, get_settings().daily_notice_hour)
        known = set(session.scalars(select(col(Notice.key)).where(col(Notice.key).in_([d.key for d in drafts]))))
    recorded = sum(_record(engine, draft) for draft in drafts if draft.key not in known)
    _mail.dispatch(engine)
    job.message = f"{recorded} notices to send"


def _record(engine: Engine, draft: notices.Draft) -> bool:
    """The notice and its mail job, both or neither; False when another process recorded it first."""
    message = MailJob(requested_by=draft.user_id, to=draft.to, subject=draft.subject, body=draft.body)
    try:
        with engine.begin() as connection:
            connection.execute(
                table_of(Notice)
                .insert()
                .values(
                    key=draft.key,
                    user_id=draft.user_id,
                    topic=draft.topic,
                    job_id=message.id,
                    created_at=datetime.now(timezone.utc),
                )
            )
            _mail.add(connection, message)
    except IntegrityError:
        return False
    return True


_sweeps: JobRegistry[SweepJob] = JobRegistry(
    "notices", SweepJob, _sweep, workers=1, kept_per_requester=5, lifetime=lambda: timedelta(hours=1)
)


def request_sweep(engine: Engine) -> SweepJob | None:
    """Ask for a notice sweep unless mail is off or one is already waiting."""
    if not get_settings().mail_enabled:
        return None
    return _sweeps.waiting(engine, "sweep") or _sweeps.submit(engine, SweepJob(requested_by=None, queue="sweep"))


_last_asked = {"at": float("-inf")}


def _each_minute(engine: Engine) -> None:
    """At a server process's job poll: a sweep at most every SWEEP_EVERY_S from this process."""
    if time.monotonic() - _last_asked["at"] >= SWEEP_EVERY_S:
        _last_asked["at"] = time.monotonic()
        request_sweep(engine)


jobs.on_poll(_each_minute)


def mail_job(engine: Engine, job_id: str) -> MailJob | None:
    return _mail.get(engine, job_id)


def my_settings(session: Session, user_id: int) -> NotificationChoices:
    return session.get(NotificationChoices, user_id) or NotificationChoices(user_id=user_id)


def update_my_settings(session: Session, user_id: int, changes: dict[str, Any]) -> NotificationChoices:
    settings = my_settings(session, user_id)
    for name, value in changes.items():
        setattr(settings, name, value.strip() if isinstance(value, str) else value)
    session.add(settings)
    session.commit()
    session.refresh(settings)
    return settings
