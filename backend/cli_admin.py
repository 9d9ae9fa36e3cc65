"""`keel admin create NAME`: an administrator in the local database, above all the first one of a new
installation. The password is asked for twice, or read for scripts from KEEL_ADMIN_PASSWORD or (with
--password-stdin) the first line of standard input; a weak one is refused with the reason."""

import os
import sys
from typing import Annotated

import typer

from backend.cli_output import fail

admin_app = typer.Typer(help="Administer the local database: create an administrator.", no_args_is_help=True)

PASSWORD_VARIABLE = "KEEL_ADMIN_PASSWORD"


def _new_password(username: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(PASSWORD_VARIABLE) is not None:
        return os.environ[PASSWORD_VARIABLE]
    if not sys.stdin.isatty():
        fail(
            f"give the password in {PASSWORD_VARIABLE} or on standard input with --password-stdin "
            "(there is no terminal to ask on)"
        )
    return typer.prompt(f"Password for {username}", hide_input=True, confirmation_prompt=True, err=True)


@admin_app.command("create")
def create_admin(
    username: Annotated[str, typer.Argument(help="The administrator's username (what they sign in with)")],
    name: Annotated[str, typer.Option("--name", help="Their full name, as people read it")] = "Administrator",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input")
    ] = False,
) -> None:
    """Create an administrator in the local database (migrating it first), e.g. the first one."""
    from sqlmodel import Session

    from backend.cli import migrate
    from backend.db import get_engine
    from backend.models import UserRole
    from backend.security import password_weakness
    from backend.services.errors import Conflict
    from backend.services.users import create_user

    username = username.strip()
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        fail("a username is 1 to 80 characters without spaces")
    password = _new_password(username, password_stdin)
    weakness = password_weakness(password, username)
    if weakness:
        fail(f"{weakness}; administrator {username} not created")
    migrate()
    with Session(get_engine()) as session:
        try:
            user = create_user(
                session,
                None,
                {"username": username, "full_name": name.strip() or username, "role": UserRole.admin},
                password,
            )
        except Conflict as exc:
            fail(f"{exc}; administrator not created")
        session.commit()
        typer.echo(f"Administrator {user.username} ({user.full_name}) created: sign in at /login.")
