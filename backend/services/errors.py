"""The two ways a service refuses a change: it clashes with the data (409) or is invalid (422)."""


class Conflict(Exception):
    """The change clashes with other records (a taken code, a linked worker, a lock-out)."""


class Invalid(ValueError):
    """The change is malformed or points at nothing; `field` names the input at fault, if one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
