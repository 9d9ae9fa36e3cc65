"""Reading one cell: each parser takes the trimmed, non-blank text of a cell and returns its value,
or raises BadValue with a reason a person can act on. Blank cells never reach a parser."""

import math
import re
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from backend.models.limits import EARLIEST_YEAR, LATEST_YEAR

Parser = Callable[[str], Any]

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
CONTROL = re.compile(r"[\x00-\x1f]")
TOKEN = re.compile(r"[a-z0-9][a-z0-9_:\-]*")
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})


class BadValue(ValueError):
    """The cell's text is not a value of its column; the message says why."""


def text(max_length: int) -> Parser:
    def parse(raw: str) -> str:
        if len(raw) > max_length:
            raise BadValue(f"is {len(raw)} characters long; at most {max_length} fit")
        if CONTROL.search(raw):
            raise BadValue("contains a line break or control character")
        return raw

    return parse


def a_date(raw: str) -> date:
    """ISO 2026-11-24 or UK 24/11/2026 (day first, never guessed as US month first)."""
    if found := ISO_DATE.fullmatch(raw):
        year, month, day = (int(g) for g in found.groups())
    elif found := UK_DATE.fullmatch(raw):
        day, month, year = (int(g) for g in found.groups())
    else:
        raise BadValue(f"{raw!r} is not a date: write 2026-11-24 or 24/11/2026")
    try:
        value = date(year, month, day)
    except ValueError:
        raise BadValue(f"{raw!r} is not a real date (day {day}, month {month}, year {year})") from None
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise BadValue(f"{raw!r}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def yes_no(raw: str) -> bool:
    word = raw.lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise BadValue(f"{raw!r} is not yes or no (yes/no, y/n, true/false, 1/0)")


def number_in(low: float, high: float, *, low_open: bool = False) -> Parser:
    """A decimal number in [low, high] (or (low, high] when low_open)."""

    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise BadValue(f"{raw!r} is not a number") from None
        too_low = value <= low if low_open else value < low
        if not math.isfinite(value) or too_low or value > high:
            interval = f"{'above' if low_open else 'at least'} {low:g} and at most {high:g}"
            raise BadValue(f"{raw} is out of range: it must be {interval}")
        return value

    return parse


def whole_number(low: int, high: int) -> Parser:
    def parse(raw: str) -> int:
        if not re.fullmatch(r"[+-]?\d{1,9}", raw):
            raise BadValue(f"{raw!r} is not a whole number")
        value = int(raw)
        if not low <= value <= high:
            raise BadValue(f"{value} is out of range: it must be from {low} to {high}")
        return value

    return parse


def choice(enum: type[Enum]) -> Parser:
    """One of an enum's values; case, spaces and hyphens are forgiven ("Annual leave")."""
    allowed = [member.value for member in enum]

    def parse(raw: str) -> Enum:
        word = re.sub(r"[\s\-]+", "_", raw.lower())
        if word not in allowed:
            raise BadValue(f"{raw!r} is not one of {', '.join(allowed)}")
        return enum(word)

    return parse


def tokens(raw: str) -> list[str]:
    """A `;`-separated list of lower-case words (court;plo;interpreter:polish), sorted, no repeats."""
    words = {word.strip().lower() for word in raw.split(";")} - {""}
    wrong = sorted(w for w in words if not TOKEN.fullmatch(w) or len(w) > 60)
    if wrong:
        raise BadValue(
            f"{', '.join(repr(w) for w in wrong)}: write each item as one word of letters, "
            "digits, _ : or - (e.g. domestic_abuse), items separated by ;"
        )
    return sorted(words)
