"""How many password checks a client address and an account may have: the rules against guessing
and spraying that still never lock the real owner out.

Every attempt is charged *before* its password is checked, by one atomic upsert per counter in the
database (`INSERT ... ON CONFLICT DO UPDATE SET attempts = attempts + 1 ... RETURNING`), so the counts
hold under concurrency and across server processes, and a burst of simultaneous guesses cannot all
slip through before the first failure is written.

- **Per client address**: at most ADDRESS_ATTEMPTS charged attempts in a WINDOW_S window (a success
  gives its charge back). Past that, the address gets 429 with Retry-After until its window ends,
  whatever usernames it tries: one address cannot spray passwords across accounts.
- **Per account**: the first ACCOUNT_FREE_ATTEMPTS in a window are checked at once. After that the
  account is slowed down, never locked: one check per delay, the delay doubling from 1 s up to
  ACCOUNT_MAX_DELAY_S (30 s); other tries get 429 with Retry-After. A correct password resets it.
- **The owner is not locked out**: an address with no other attempt in its window (the owner's own
  machine, not the guesser's) skips the account delay, so someone else's guesses cost the owner
  nothing. An owner whose own address is failing too (a mistyped password, or a guesser behind the
  same address) shares the slowed checks: Retry-After is never more than ACCOUNT_MAX_DELAY_S.
- A guesser with many addresses gets one unslowed try per fresh address and window; that, not a lock,
  is the price of never locking the owner out.

Unknown usernames are counted and answered exactly like real ones, so the throttle says nothing
about which accounts exist. Counters are keyed by the username as typed and by the address."""

import math
import time
from dataclasses import dataclass

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from backend.db import rows_matched
from backend.models import SignInCount
from backend.models._types import table_of

WINDOW_S = 15 * 60
ADDRESS_ATTEMPTS = 20
ACCOUNT_FREE_ATTEMPTS = 5
ACCOUNT_MAX_DELAY_S = 30

_counts = table_of(SignInCount)
clock = time.time  # Unix seconds; tests move it


class SignInThrottled(Exception):
    def __init__(self, retry_after: int, *, address_now_throttled: bool = False) -> None:
        super().__init__(f"Too many sign-in attempts; try again in {retry_after} seconds")
        self.retry_after = retry_after
        self.address_now_throttled = address_now_throttled  # the first refusal of this address's window


@dataclass(frozen=True)
class Charge:
    """The counters one admitted attempt was charged to (to give back on success)."""

    account_key: str
    address_key: str


def _charge(session: Session, key: str, now: float) -> tuple[int, float, float]:
    """One more attempt on `key`, atomically; a counter whose window has passed starts again at 1.
    Returns (attempts in the window, window start, next_check_at)."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    new_window = _counts.c.window_start <= now - WINDOW_S
    first = insert(_counts).values(key=key, attempts=1, window_start=now, next_check_at=0.0)
    statement = first.on_conflict_do_update(
        index_elements=[_counts.c.key],
        set_={
            "attempts": case((new_window, 1), else_=_counts.c.attempts + 1),
            "window_start": case((new_window, now), else_=_counts.c.window_start),
            "next_check_at": case((new_window, 0.0), else_=_counts.c.next_check_at),
        },
    ).returning(_counts.c.attempts, _counts.c.window_start, _counts.c.next_check_at)
    attempts, window_start, next_check_at = session.execute(statement).one()
    session.commit()
    return attempts, window_start, next_check_at


def _claim_next_check(session: Session, key: str, delay_s: float, now: float) -> bool:
    """Take the account's next slowed-down check if it is due; only one attempt can win each slot."""
    claimed = session.execute(
        update(_counts).where(_counts.c.key == key, _counts.c.next_check_at <= now).values(next_check_at=now + delay_s)
    )
    session.commit()
    return rows_matched(claimed) == 1


def _seconds_until(moment: float, now: float) -> int:
    return max(1, math.ceil(moment - now))


def admit(session: Session, username: str, address: str, now: float | None = None) -> Charge:
    """Charge one sign-in attempt to the address and the account, or raise SignInThrottled."""
    now = clock() if now is None else now
    charge = Charge(account_key=f"account:{username}"[:120], address_key=f"address:{address}"[:120])
    by_address, address_window, _ = _charge(session, charge.address_key, now)
    if by_address == 1:
        session.execute(delete(SignInCount).where(col(SignInCount.window_start) <= now - 2 * WINDOW_S))
        session.commit()
    if by_address > ADDRESS_ATTEMPTS:
        raise SignInThrottled(
            _seconds_until(address_window + WINDOW_S, now), address_now_throttled=by_address == ADDRESS_ATTEMPTS + 1
        )
    by_account, _, next_check_at = _charge(session, charge.account_key, now)
    if by_address == 1 or by_account <= ACCOUNT_FREE_ATTEMPTS:
        return charge
    delay = min(2.0 ** (by_account - ACCOUNT_FREE_ATTEMPTS - 1), ACCOUNT_MAX_DELAY_S)
    if _claim_next_check(session, charge.account_key, delay, now):
        return charge
    raise SignInThrottled(_seconds_until(max(next_check_at, now + 1), now))


def refund_success(session: Session, charge: Charge) -> None:
    """A correct password: the account starts afresh and the address gets its charge back
    (in the caller's transaction)."""
    session.execute(delete(SignInCount).where(col(SignInCount.key) == charge.account_key))
    session.execute(
        update(_counts)
        .where(_counts.c.key == charge.address_key, _counts.c.attempts > 0)
        .values(attempts=_counts.c.attempts - 1)
    )


def forget_account(session: Session, username: str) -> None:
    """An administrator set a new password: earlier failures no longer slow the account down."""
    session.execute(delete(SignInCount).where(col(SignInCount.key) == f"account:{username}"[:120]))
