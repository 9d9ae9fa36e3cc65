"""Password hashing with argon2 (argon2-cffi's PasswordHasher, OWASP-recommended parameters)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


DEMO_PASSWORD = "keel-demo"  # every demo account's password, printed by `keel serve`: known to everyone
ADMIN_PASSWORD_LENGTH = 12


def password_weakness(password: str, username: str) -> str | None:
    """Why `password` is too weak for an administrator, in words for the person choosing it; None if
    it will do."""
    if not password.strip():
        return "the password is empty"
    if password == DEMO_PASSWORD:
        return "that is the demo council's password, which everyone knows"
    if len(password) < ADMIN_PASSWORD_LENGTH:
        return f"the password has {len(password)} characters; use at least {ADMIN_PASSWORD_LENGTH}"
    if username and username.lower() in password.lower():
        return "the password contains the username"
    if len(set(password)) < 5:
        return "the password repeats too few different characters"
    return None
