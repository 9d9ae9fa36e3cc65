"""Sign in (cookie for the browser, bearer token for API clients), sign out, who am I."""


from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel, Field

from backend.api.deps import CSRF_COOKIE, SESSION_COOKIE, SessionDep, SignedInDep
from backend.config import get_settings
from backend.models import UserPublic
from backend.schemas import SignedInPublic
from backend.services.auth import SignInRefused, SignInThrottled, sign_in, sign_out

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


@router.post("/login", response_model=SignedInPublic)
def login(credentials: Credentials, session: SessionDep, response: Response) -> SignedInPublic:
    try:
        user, record, token = sign_in(session, credentials.username, credentials.password,
                                      get_settings().session_hours)
    except SignInThrottled as exc:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(exc),
                            headers={"Retry-After": str(exc.retry_after)}) from exc
    except SignInRefused as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Wrong username or password") from exc
    max_age = int(get_settings().session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict")
    response.set_cookie(CSRF_COOKIE, record.csrf_token, max_age=max_age, samesite="strict")
    return SignedInPublic(token=token, csrf_token=record.csrf_token, expires_at=record.expires_at,
                          user=UserPublic.model_validate(user, from_attributes=True))


@router.post("/logout", status_code=204)
def logout(signed_in: SignedInDep, session: SessionDep, response: Response) -> None:
    sign_out(session, signed_in.record)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


@router.get("/me", response_model=UserPublic)
def read_me(signed_in: SignedInDep) -> UserPublic:
    return UserPublic.model_validate(signed_in.user, from_attributes=True)
