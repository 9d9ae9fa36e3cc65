"""Keel's server settings (`ServerSettings`): one pydantic-settings class, read from the environment
(prefix-free) or `.env`. Not the weighting settings (models/settings.py, `WorkloadSettings`) nor a
snapshot's (`optimizer.types.Settings`)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "keel.db"


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = f"sqlite:///{DEFAULT_SQLITE}"
    host: str = "127.0.0.1"
    port: int = 8000
    session_hours: float = 8.0
    plan_lifetime_hours: float = Field(default=2.0, gt=0)  # how long a finished plan can be read and accepted
    demo_seed: int = 0
    static_dir: Path = Path(__file__).resolve().parent / "static"
    # Requests served at once (threads for the API's handlers). Each holds one database connection,
    # so the pool is this plus the background work (plan solves, imports, the forecast, answers worked
    # out again after a change) plus spare.
    request_threads: int = 16
    # Of those, changes (absences, allocations, referrals...) at once: each works out its team's
    # answers before it commits, on the interpreter the reads need too (backend/api/admission.py)
    changing_requests: int = Field(default=1, ge=1)
    background_connections: int = 6
    # The forecast's N-k and Monte Carlo (and what-ifs) run in a separate low-priority process, so
    # requests keep the interpreter (services/forecast_process.py); false runs them in the server's.
    forecast_process: bool = Field(default=True, validation_alias="KEEL_FORECAST_PROCESS")

    @property
    def pool_size(self) -> int:
        return self.request_threads + self.background_connections

    # production: the demo council's logins are refused and `--demo-if-empty` will not load it
    environment: Literal["development", "production"] = Field(default="development", validation_alias="KEEL_ENV")
    # the address people use (https://keel.example.gov.uk); https makes the session cookie Secure
    public_url: str = Field(default="", validation_alias="KEEL_PUBLIC_URL")
    # Secure session cookies whatever public_url says (unset: from public_url or the request's scheme)
    cookie_secure: bool | None = Field(default=None, validation_alias="KEEL_COOKIE_SECURE")

    # E-mail notices (docs/notifications.md): off while the mail server's host is empty
    smtp_host: str = Field(default="", validation_alias="KEEL_SMTP_HOST")
    smtp_port: int = Field(default=587, ge=1, le=65535, validation_alias="KEEL_SMTP_PORT")
    # starttls: upgrade a plain connection (port 587); tls: TLS from the start (465); none: local relays only
    smtp_security: Literal["starttls", "tls", "none"] = Field(default="starttls", validation_alias="KEEL_SMTP_SECURITY")
    smtp_username: str = Field(default="", validation_alias="KEEL_SMTP_USERNAME")
    smtp_password: SecretStr = Field(default=SecretStr(""), validation_alias="KEEL_SMTP_PASSWORD")
    mail_from: str = Field(default="Keel <keel@localhost>", validation_alias="KEEL_MAIL_FROM")
    daily_notice_hour: int = Field(
        default=7, ge=0, le=23, validation_alias="KEEL_DAILY_NOTICE_HOUR"
    )  # server's local time

    # Single sign-on with the council's OpenID Connect provider (docs/single-sign-on.md): on when the
    # issuer is set. Roles come from a claim (a list of groups or one value) through `oidc_roles`:
    # "group=role,group=role" with roles admin, senior_leader, team_manager, social_worker.
    oidc_issuer: str = Field(default="", validation_alias="KEEL_OIDC_ISSUER")
    oidc_client_id: str = Field(default="", validation_alias="KEEL_OIDC_CLIENT_ID")
    oidc_client_secret: SecretStr = Field(default=SecretStr(""), validation_alias="KEEL_OIDC_CLIENT_SECRET")
    oidc_scopes: str = Field(default="openid profile email", validation_alias="KEEL_OIDC_SCOPES")
    oidc_role_claim: str = Field(default="groups", validation_alias="KEEL_OIDC_ROLE_CLAIM")
    oidc_roles: str = Field(default="", validation_alias="KEEL_OIDC_ROLES")
    oidc_unit_claim: str = Field(default="keel_unit", validation_alias="KEEL_OIDC_UNIT_CLAIM")  # a manager's unit code
    oidc_worker_claim: str = Field(default="keel_worker", validation_alias="KEEL_OIDC_WORKER_CLAIM")  # a worker's code
    # false: only the provider signs people in (the password routes answer 403)
    local_passwords: bool = Field(default=True, validation_alias="KEEL_LOCAL_PASSWORDS")

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer.strip())

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_host.strip())

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def secure_cookies(self, request_scheme: str) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.public_url.lower().startswith("https://") or request_scheme == "https"


@lru_cache
def get_settings() -> ServerSettings:
    return ServerSettings()
