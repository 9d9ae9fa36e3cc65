"""The two ways a service refuses a change: it clashes with the data (409) or is invalid (422)."""


class Conflict(Exception):
    """The change clashes with other records (a taken code, a linked worker, a lock-out)."""


class Invalid(ValueError):
    """The change is malformed or points at nothing; `field` names the input at fault, if one is.
    Several problems with one input are given as `problems`, one sentence each."""

    def __init__(self, message: str | list[str], field: str | None = None) -> None:
        self.problems = [message] if isinstance(message, str) else list(message)
        super().__init__("; ".join(self.problems))
        self.field = field
