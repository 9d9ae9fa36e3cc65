"""Reading a PATCH body: only the fields the caller sent, and never null where null is not allowed."""

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from backend.api.refusals import unprocessable


def sent_changes(body: BaseModel, nullable: Iterable[str] = (), exclude: Iterable[str] = ("reason",)) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True, exclude=set(exclude))
    nulls = sorted(name for name, value in changes.items() if value is None and name not in set(nullable))
    if nulls:
        raise unprocessable(f"{', '.join(nulls)} cannot be null", nulls[0])
    return changes
