"""Signing in with the council's OpenID Connect provider (docs/single-sign-on.md): the browser is
sent to the provider and comes back to the callback, which opens a Keel session as the password sign-in
does (HttpOnly cookie and CSRF cookie). A refusal is a page in words, with the way back to sign in."""

import html
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse

from backend.api.deps import CSRF_COOKIE, SESSION_COOKIE, SessionDep
from backend.config import get_settings
from backend.schemas.auth import SignInMethods
from backend.services import audit, oidc
from backend.services.auth import open_session

router = APIRouter(prefix="/api/auth", tags=["auth"])
STATE_COOKIE = "keel_oidc_state"


@router.get("/methods", response_model=SignInMethods)
def read_sign_in_methods() -> SignInMethods:
    settings = get_settings()
    return SignInMethods(passwords=settings.local_passwords, single_sign_on=settings.oidc_enabled)


def _callback_address(request: Request) -> str:
    base = get_settings().public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/api/auth/oidc/callback"


def _refused(message: str) -> HTMLResponse:
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused - Keel</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>You cannot sign in to Keel yet</h1><p id="reason">{html.escape(message)}</p>
<p><a href="/login">Back to sign in</a></p></main></body></html>"""
    response = HTMLResponse(page, status_code=status.HTTP_403_FORBIDDEN)
    response.delete_cookie(STATE_COOKIE)
    return response


@router.get("/oidc/login", include_in_schema=False)
def start_single_sign_on(request: Request, session: SessionDep):
    settings = get_settings()
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Sign-in with the council's account is not set up")
    try:
        address, state = oidc.start(session, settings, _callback_address(request))
    except oidc.SingleSignOnRefused as exc:
        return _refused(str(exc))
    response = RedirectResponse(address, status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=int(oidc.SIGN_IN_WITHIN.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies(request.url.scheme),
        path="/api/auth/oidc",
    )
    return response


@router.get("/oidc/callback", include_in_schema=False)
def finish_single_sign_on(
    request: Request,
    session: SessionDep,
    code: Annotated[str, Query(max_length=2000)] = "",
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str, Query(max_length=200)] = "",
):
    settings = get_settings()
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Sign-in with the council's account is not set up")
    address = request.client.host if request.client else "unknown"
    try:
        if error or not code:
            raise oidc.SingleSignOnRefused("The council's sign-in service did not sign you in: sign in again")
        if not state or request.cookies.get(STATE_COOKIE) != state:
            raise oidc.SingleSignOnRefused("This sign-in was started in another browser or has expired: sign in again")
        claims = oidc.finish(session, settings, _callback_address(request), code=code, state=state)
        user = oidc.user_for(session, settings, claims)
    except oidc.SingleSignOnRefused as exc:
        session.rollback()
        audit.record(
            session,
            None,
            "auth.sign_in_refused",
            "user",
            None,
            reason=str(exc),
            source=f"oidc:{address}",
            actor_name="anonymous",
        )
        session.commit()
        return _refused(str(exc))
    record, token = open_session(session, user, settings.session_hours, f"oidc:{address}")
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    max_age, secure = int(settings.session_hours * 3600), settings.secure_cookies(request.url.scheme)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict", secure=secure)
    response.set_cookie(CSRF_COOKIE, record.csrf_token, max_age=max_age, samesite="strict", secure=secure)
    response.delete_cookie(STATE_COOKIE, path="/api/auth/oidc")
    return response
