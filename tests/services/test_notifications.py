"""E-mail notices through a real SMTP server (aiosmtpd) started by the tests: a worker hears of a family
allocated to them, a manager of an away worker's families without cover and, each morning, of the
statutory families without a worker; each person's choices are kept; a notice is sent once; a mail
server that does not answer is tried again and every failure is logged."""

import email
import email.policy
import logging
import threading
import time
from datetime import date, timedelta
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from backend.config import get_settings
from backend.models import Child, Family, User
from backend.services import notification_jobs
from backend.services.jobs import JOBS
from tests.api.council import manager_team
from tests.api.signin import bearer
from tests.support.local_server import free_port


class Inbox:
    """The aiosmtpd handler: every message the server accepted."""

    def __init__(self):
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


def mail_settings(monkeypatch, port: int, **extra: str) -> None:
    for name, value in {
        "KEEL_SMTP_HOST": "127.0.0.1",
        "KEEL_SMTP_PORT": str(port),
        "KEEL_SMTP_SECURITY": "none",
        "KEEL_MAIL_FROM": "Keel <keel@example.org>",
        **extra,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


@pytest.fixture
def smtp(monkeypatch):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    mail_settings(monkeypatch, port, KEEL_DAILY_NOTICE_HOUR="0")
    yield inbox
    controller.stop()
    get_settings.cache_clear()


def wait_until(condition, what: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout_s:.0f} s for {what}"
        time.sleep(0.02)


def mail_jobs(engine, *statuses: str) -> list:
    with engine.connect() as connection:
        return connection.execute(select(JOBS).where(JOBS.c.kind == "mail", JOBS.c.status.in_(statuses))).all()


def sweep(engine) -> None:
    """One notice sweep, as a server process's job poll asks for it, and every mail it decided."""
    job = notification_jobs.request_sweep(engine)
    assert job is not None
    wait_until(lambda: not notification_jobs._sweeps.get(engine, job.id).active, "the sweep")
    assert notification_jobs._sweeps.get(engine, job.id).status == "done"
    wait_until(lambda: not [j for j in mail_jobs(engine, "queued", "running") if j.not_before is None], "the mail jobs")


def choose(client, username: str, **choices) -> None:
    answer = client.patch("/api/me/notifications", headers=bearer(client, username), json=choices)
    assert answer.status_code == 200, answer.text


def referral(session, unit_id: int, name: str, status: str = "cin") -> int:
    family = Family(code=f"N-{name[:8].upper()}", name=name, unit_id=unit_id, received_on=date.today())
    session.add(family)
    session.flush()
    session.add(Child(family_id=family.id, first_name="Robin", birth_year=2016, status=status))
    session.commit()
    return family.id


def allocate(client, family_id: int, worker_id: int) -> None:
    answer = client.post(
        f"/api/families/{family_id}/allocation",
        headers=bearer(client, "manager"),
        json={"worker_id": worker_id, "reason": "Knows the school"},
    )
    assert answer.status_code in (200, 201), answer.text


def a_family_for_the_worker(client, session, name: str) -> None:
    """The demo worker wants notices at sam.worker@example.org, and the manager allocates them a new family."""
    worker = session.exec(select(User).where(User.username == "worker")).scalars().one()
    choose(client, "worker", email="sam.worker@example.org")
    allocate(client, referral(session, manager_team(session), name), worker.worker_id)


def test_a_worker_hears_of_a_family_allocated_to_them_once_and_only_if_they_chose_to(client, session, engine, smtp):
    worker = session.exec(select(User).where(User.username == "worker")).scalars().one()
    team = manager_team(session)
    assert client.get("/api/me/notifications", headers=bearer(client, "worker")).json() == {
        "email": "",
        "allocations": True,
        "cover": True,
        "uncovered": True,
        "daily": True,
        "mail_enabled": True,
    }
    choose(client, "worker", email="sam.worker@example.org")
    allocate(client, referral(session, team, "Adeyemi family"), worker.worker_id)
    sweep(engine)
    told = smtp.to("sam.worker@example.org")
    assert [m["Subject"] for m in told] == ["Keel: Adeyemi family is allocated to you"]
    assert "as key worker" in told[0].get_content() and "Knows the school" in told[0].get_content()
    assert told[0]["From"] == "Keel <keel@example.org>"
    sweep(engine)
    assert len(smtp.to("sam.worker@example.org")) == 1  # told once

    choose(client, "worker", allocations=False)
    allocate(client, referral(session, team, "Brennan family"), worker.worker_id)
    sweep(engine)
    assert len(smtp.to("sam.worker@example.org")) == 1  # chose not to hear of allocations


def test_a_manager_hears_of_an_away_workers_families_without_cover_and_each_morning_of_statutory_work(
    client, session, engine, smtp
):
    worker = session.exec(select(User).where(User.username == "worker")).scalars().one()
    team = manager_team(session)
    choose(client, "manager", email="manager@example.org")
    allocate(client, referral(session, team, "Carter family"), worker.worker_id)
    waiting = referral(session, team, "Dlamini family", status="cp")
    away = client.post(
        "/api/absences",
        headers=bearer(client, "manager"),
        json={
            "worker_id": worker.worker_id,
            "start_date": date.today().isoformat(),
            "end_date": (date.today() + timedelta(days=5)).isoformat(),
            "kind": "sickness",
        },
    )
    assert away.status_code == 201, away.text
    sweep(engine)
    subjects = {m["Subject"]: m.get_content() for m in smtp.to("manager@example.org")}
    uncovered = next(body for subject, body in subjects.items() if subject.endswith("families have no cover"))
    assert "Carter family" in uncovered and "cover plan" in uncovered
    daily = next(body for subject, body in subjects.items() if "statutory families without a worker" in subject)
    assert "Dlamini family: no worker, waiting 0 days" in daily
    assert session.get(Family, waiting) is not None
    sweep(engine)
    assert len(smtp.to("manager@example.org")) == len(subjects)  # once per absence, once a morning


def test_a_mail_server_that_does_not_answer_is_tried_again_and_each_failure_logged(
    client, session, engine, monkeypatch, caplog
):
    closed = free_port()  # nothing listens here yet
    mail_settings(monkeypatch, closed)
    try:
        a_family_for_the_worker(client, session, "Evans family")
        with caplog.at_level(logging.WARNING, logger="keel.jobs"):
            sweep(engine)
        (waiting,) = mail_jobs(engine, "queued")
        assert waiting.attempts == 1 and "try 1 of 5; trying again" in waiting.message
        assert "mail server did not take the message" in caplog.text

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=closed)
        controller.start()
        try:
            with engine.begin() as connection:  # the minute's wait is over
                connection.execute(update(JOBS).where(JOBS.c.id == waiting.id).values(not_before=None))
            notification_jobs._mail.dispatch(engine)
            wait_until(lambda: inbox.to("sam.worker@example.org"), "the second try")
        finally:
            controller.stop()
        sent = notification_jobs.mail_job(engine, waiting.id)
        wait_until(lambda: notification_jobs.mail_job(engine, waiting.id).status == "done", "the job's end")
        assert notification_jobs.mail_job(engine, waiting.id).attempts == 2 and sent is not None
    finally:
        get_settings.cache_clear()


def test_the_last_failure_is_kept_and_logged_as_an_error_never_lost(client, session, engine, monkeypatch, caplog):
    mail_settings(monkeypatch, free_port())
    monkeypatch.setattr(notification_jobs.MailJob, "max_tries", 1)
    try:
        a_family_for_the_worker(client, session, "Fofanah family")
        with caplog.at_level(logging.WARNING, logger="keel.jobs"):
            sweep(engine)
        (failed,) = mail_jobs(engine, "failed")
        assert failed.inputs["to"] == "sam.worker@example.org" and "mail server did not take" in failed.message
        assert any(r.levelno == logging.ERROR and "failed after 1 tries" in r.getMessage() for r in caplog.records)
    finally:
        get_settings.cache_clear()


def test_no_mail_is_decided_while_the_mail_server_is_not_set(engine, monkeypatch):
    monkeypatch.delenv("KEEL_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    assert notification_jobs.request_sweep(engine) is None
