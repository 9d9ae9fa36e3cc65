"""Computed values shared by every request until the data changes (the key holds the data stamp).

Two rules make a busy server hold up: a value is computed once per key however many requests ask
for it at the same moment (the others wait for that one computation: "single flight"), and only
the `size` most recently used keys are kept. A failed computation is not cached: every request that
waited for it gets the same error, and the next request tries again.

`latest` gives the newest value whose key matches, for readers that may show a slightly older
answer while a new one is computed (the leaders' forecast), never for the caseload itself."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass
class Flight:
    """One computation under way; everyone who asks for its key waits on `result`. The computation
    may report how far it has got (`report`), for a page to show."""

    result: Future = field(default_factory=Future)
    phase: str | None = None
    step: int = 0
    steps: int = 0

    def report(self, phase: str, done: int, total: int) -> None:
        self.phase, self.step, self.steps = phase, done, total


class SharedCache(Generic[V]):
    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._computing: dict[Hashable, Flight] = {}
        self._lock = threading.Lock()
        self.computations = 0  # how many times a value was computed (tests and benchmarks read it)

    def get(self, key: Hashable, compute: Callable[[Flight], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._computing.get(key)
            owner = flight is None
            if flight is None:
                flight = self._computing[key] = Flight()
        if not owner:
            return flight.result.result()
        try:
            value = compute(flight)
        except BaseException as exc:
            with self._lock:
                self._computing.pop(key, None)
            flight.result.set_exception(exc)
            raise
        with self._lock:
            self.computations += 1
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
            self._computing.pop(key, None)
        flight.result.set_result(value)
        return value

    def put(self, keys: Iterable[Hashable], value: V) -> None:
        """Keep `value`, computed elsewhere (counted as one computation), under each of `keys`."""
        with self._lock:
            self.computations += 1
            for key in keys:
                self._values[key] = value
                self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def newest_first(self) -> list[V]:
        with self._lock:
            return list(reversed(self._values.values()))

    def cached(self, key: Hashable) -> V | None:
        with self._lock:
            return self._values.get(key)

    def computing(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._computing

    def flights(self) -> list[Flight]:
        """The computations under way, oldest first."""
        with self._lock:
            return list(self._computing.values())

    def latest(self, matches: Callable[[Hashable], bool]) -> V | None:
        """The most recently stored value whose key matches, or None."""
        with self._lock:
            for key in reversed(self._values):
                if matches(key):
                    return self._values[key]
        return None

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
