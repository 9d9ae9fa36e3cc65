"""Signing in with the council's OpenID Connect provider (docs/single-sign-on.md): the
authorization-code flow with PKCE (Authlib's OAuth 2 client), the ID token checked with joserfc
(signature from the provider's keys, issuer, audience, expiry, nonce). The provider account is matched
to a Keel user by issuer and subject, or a user is made on the first sign-in; the role, and a manager's
unit or a worker's record, come from the provider's claims at every sign-in. Without a mapped role the
sign-in is refused with a reason a person can act on."""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import delete, select
from sqlmodel import Session, col

from backend.config import ServerSettings
from backend.models import ExternalIdentity, OidcSignIn, Unit, User, UserRole, Worker
from backend.models._types import utcnow
from backend.services import audit

SIGN_IN_WITHIN = timedelta(minutes=10)  # from leaving Keel to coming back from the provider
METADATA_FOR_S = 3600.0
ROLE_ORDER = (UserRole.admin, UserRole.senior_leader, UserRole.team_manager, UserRole.social_worker)
NO_PASSWORD = "!oidc"  # never matches an argon2 hash: such a user signs in only through the provider


class SingleSignOnRefused(Exception):
    """The sign-in cannot go on; the message is shown to the person, with what to do."""


@dataclass(frozen=True)
class Claims:
    issuer: str
    subject: str
    values: dict[str, Any]


_metadata: dict[str, tuple[float, dict[str, Any]]] = {}


def _provider(settings: ServerSettings) -> dict[str, Any]:
    """The provider's discovery document (endpoints, keys' address), kept for METADATA_FOR_S."""
    issuer = settings.oidc_issuer.rstrip("/")
    kept = _metadata.get(issuer)
    if kept is None or time.monotonic() - kept[0] > METADATA_FOR_S:
        try:
            answer = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=10)
            answer.raise_for_status()
        except httpx.HTTPError as exc:
            raise SingleSignOnRefused("The council's sign-in service cannot be reached: try again later") from exc
        kept = _metadata[issuer] = (time.monotonic(), answer.json())
    return kept[1]


def _client(settings: ServerSettings, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(
        settings.oidc_client_id,
        settings.oidc_client_secret.get_secret_value(),
        scope=settings.oidc_scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=10,
    )


def start(session: Session, settings: ServerSettings, redirect_uri: str) -> tuple[str, str]:
    """The provider's address to send the browser to, and the state to keep in its cookie."""
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    session.execute(delete(OidcSignIn).where(col(OidcSignIn.created_at) < utcnow() - SIGN_IN_WITHIN))
    session.add(OidcSignIn(state=state, code_verifier=verifier, nonce=nonce))
    session.commit()
    with _client(settings, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            _provider(settings)["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    return url, state


def finish(session: Session, settings: ServerSettings, redirect_uri: str, *, code: str, state: str) -> Claims:
    """The provider's claims about the person, once the code is exchanged and the ID token checked."""
    pending = session.get(OidcSignIn, state)
    if pending is None or pending.created_at < utcnow() - SIGN_IN_WITHIN:
        raise SingleSignOnRefused("This sign-in has expired or was already used: sign in again")
    session.delete(pending)  # used once
    session.commit()
    provider = _provider(settings)
    try:
        with _client(settings, redirect_uri) as client:
            token = client.fetch_token(
                provider["token_endpoint"],
                code=code,
                code_verifier=pending.code_verifier,
                grant_type="authorization_code",
            )
        keys = KeySet.import_key_set(httpx.get(provider["jwks_uri"], timeout=10).json())
        id_token = jwt.decode(token["id_token"], keys)
        jwt.JWTClaimsRegistry(
            leeway=60,
            iss={"essential": True, "value": provider["issuer"]},
            aud={"essential": True, "value": settings.oidc_client_id},
            sub={"essential": True},
            nonce={"essential": True, "value": pending.nonce},
        ).validate(id_token.claims)
    except (httpx.HTTPError, JoseError, KeyError, ValueError) as exc:
        raise SingleSignOnRefused("The council's sign-in service did not confirm who you are: sign in again") from exc
    return Claims(provider["issuer"], str(id_token.claims["sub"]), dict(id_token.claims))


def role_from(claims: Claims, settings: ServerSettings) -> UserRole | None:
    """The highest Keel role any of the person's groups (or the claim's one value) maps to."""
    mapping: dict[str, UserRole] = {}
    for pair in filter(None, (p.strip() for p in settings.oidc_roles.split(","))):
        group, _, role = pair.partition("=")
        if role.strip() in UserRole.__members__:
            mapping[group.strip()] = UserRole(role.strip())
    given = claims.values.get(settings.oidc_role_claim)
    groups = [given] if isinstance(given, str) else list(given or []) if isinstance(given, list) else []
    roles = {mapping[g] for g in groups if isinstance(g, str) and g in mapping}
    return next((role for role in ROLE_ORDER if role in roles), None)


def user_for(session: Session, settings: ServerSettings, claims: Claims) -> User:
    """The Keel user for the provider account, made on the first sign-in; role, unit and worker set
    from the claims every time. Raises SingleSignOnRefused when no role (or no team or worker) follows."""
    role = role_from(claims, settings)
    if role is None:
        raise SingleSignOnRefused(
            "Your council account has no Keel role. Ask your Keel administrator to add "
            "you to the group for your role, then sign in again."
        )
    unit = _by_code(session, Unit, claims.values.get(settings.oidc_unit_claim))
    worker = _by_code(session, Worker, claims.values.get(settings.oidc_worker_claim))
    if role == UserRole.team_manager and unit is None:
        raise SingleSignOnRefused("Your council account names no Keel team to manage. Ask your Keel administrator.")
    if role == UserRole.social_worker and worker is None:
        raise SingleSignOnRefused(
            "Your council account is not linked to a worker in Keel. Ask your Keel administrator."
        )
    identity = session.scalars(
        select(ExternalIdentity).where(
            col(ExternalIdentity.issuer) == claims.issuer, col(ExternalIdentity.subject) == claims.subject
        )
    ).first()
    user = session.get(User, identity.user_id) if identity else None
    if user is not None and not user.active:
        raise SingleSignOnRefused("Your Keel account is switched off. Ask your Keel administrator.")
    before = None if user is None else {"role": user.role.value, "unit_id": user.unit_id, "worker_id": user.worker_id}
    if user is None:
        user = User(
            username=_free_username(session, claims),
            full_name=str(claims.values.get("name") or claims.values.get("preferred_username") or claims.subject)[:120],
            role=role,
            password_hash=NO_PASSWORD,
        )
    user.role = role
    user.unit_id = unit.id if unit is not None and role == UserRole.team_manager else user.unit_id
    user.worker_id = worker.id if worker is not None else user.worker_id
    session.add(user)
    session.flush()
    after = {"role": role.value, "unit_id": user.unit_id, "worker_id": user.worker_id}
    if identity is None:
        session.add(ExternalIdentity(issuer=claims.issuer, subject=claims.subject, user_id=user.id))
        audit.record(
            session,
            None,
            "user.create",
            "user",
            user.id,
            after=after,
            reason="first sign-in with the council's account",
            source="oidc",
            actor_name="single sign-on",
        )
    elif before != after:
        audit.record(
            session,
            None,
            "user.update",
            "user",
            user.id,
            before=before,
            after=after,
            reason="role or team from the council's account",
            source="oidc",
            actor_name="single sign-on",
        )
    return user


def _by_code(session: Session, table, code: Any):
    if not isinstance(code, str) or not code.strip():
        return None
    return session.scalars(select(table).where(table.code == code.strip())).first()


def _free_username(session: Session, claims: Claims) -> str:
    wanted = str(claims.values.get("preferred_username") or claims.values.get("email") or claims.subject)[:70]
    name, n = wanted, 1
    while session.scalars(select(col(User.id)).where(col(User.username) == name)).first() is not None:
        n += 1
        name = f"{wanted}-{n}"
    return name
