"""Sending one e-mail over SMTP with the server's settings (host, port, security, sign-in, sender)."""

import smtplib
import ssl
from email.message import EmailMessage

from backend.config import ServerSettings, get_settings

SMTP_TIMEOUT_S = 20


class MailNotSent(Exception):
    """The mail server could not be reached or refused the message; the message says why."""


def _connect(settings: ServerSettings) -> smtplib.SMTP:
    if settings.smtp_security == "tls":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_S, context=context)
    return smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_S)


def send(to: str, subject: str, body: str) -> None:
    settings = get_settings()
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.mail_from, to, subject
    message.set_content(body)
    try:
        with _connect(settings) as smtp:
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailNotSent(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
