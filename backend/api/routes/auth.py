"""Sign in (a cookie for the browser, or a bearer token for API clients), sign out, who am I."""

from fastapi import APIRouter, HTTPException, Request, Response, status

from backend.api.deps import CSRF_COOKIE, SESSION_COOKIE, SessionDep, SignedInDep
from backend.api.responses import Responses, refusal
from backend.config import get_settings
from backend.models import AuthSession, User
from backend.schemas.auth import Credentials, SignedInPublic, TokenPublic
from backend.schemas.users import UserPublic
from backend.services.auth import SignInBusy, SignInRefused, SignInThrottled, sign_in, sign_out

router = APIRouter(prefix="/api/auth", tags=["auth"])

SIGN_IN_REFUSALS: Responses = {
    401: refusal("Wrong username or password (the same answer for unknown usernames)"),
    403: refusal("Keel passwords are switched off (KEEL_LOCAL_PASSWORDS=false): sign in with the council's account"),
    429: refusal("Too many attempts from this address or on this account; see Retry-After"),
    503: refusal("Too many sign-ins at once; see Retry-After (about a second)"),
}


def _signed_in(request: Request, session: SessionDep, credentials: Credentials) -> tuple[User, AuthSession, str]:
    address = request.client.host if request.client else "unknown"
    settings = get_settings()
    if not settings.local_passwords:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Keel passwords are switched off here: sign in with your council account"
        )
    try:
        return sign_in(
            session,
            credentials.username,
            credentials.password,
            settings.session_hours,
            address,
            refuse_demo_password=settings.production,
        )
    except SignInBusy as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "Too many sign-ins at once; try again in a moment",
            headers={"Retry-After": str(exc.retry_after)},
        ) from exc
    except SignInThrottled as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, str(exc), headers={"Retry-After": str(exc.retry_after)}
        ) from exc
    except SignInRefused as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong username or password") from exc


@router.post("/login", response_model=SignedInPublic, responses=SIGN_IN_REFUSALS)
def login(credentials: Credentials, session: SessionDep, request: Request, response: Response) -> SignedInPublic:
    """Sign in from the browser: an HttpOnly session cookie, and a CSRF token (also in a cookie the page
    reads) to send as the X-CSRF-Token header with every change."""
    user, record, token = _signed_in(request, session, credentials)
    settings = get_settings()
    max_age = int(settings.session_hours * 3600)
    secure = settings.secure_cookies(request.url.scheme)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict", secure=secure)
    response.set_cookie(CSRF_COOKIE, record.csrf_token, max_age=max_age, samesite="strict", secure=secure)
    return SignedInPublic(
        csrf_token=record.csrf_token,
        expires_at=record.expires_at,
        user=UserPublic.model_validate(user, from_attributes=True),
    )


@router.post("/token", response_model=TokenPublic, responses=SIGN_IN_REFUSALS)
def create_token(credentials: Credentials, session: SessionDep, request: Request) -> TokenPublic:
    """Sign in from a script or the `keel` command: a bearer token, and no cookie."""
    user, record, token = _signed_in(request, session, credentials)
    return TokenPublic(
        token=token, expires_at=record.expires_at, user=UserPublic.model_validate(user, from_attributes=True)
    )


@router.post("/logout", status_code=204)
def logout(signed_in: SignedInDep, session: SessionDep, response: Response) -> None:
    sign_out(session, signed_in.record)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


@router.get("/me", response_model=UserPublic)
def read_me(signed_in: SignedInDep) -> UserPublic:
    return UserPublic.model_validate(signed_in.user, from_attributes=True)
