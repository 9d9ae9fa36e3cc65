"""Computed values shared by every request until the data changes (the key holds the data stamp).

Two rules make a busy server hold up: a value is computed once per key however many requests ask
for it at the same moment (the others wait for that one computation: "single flight"), and only
the `size` most recently used keys are kept. A failed computation is not cached: every request that
waited for it gets the same error, and the next request tries again.

`latest` gives the newest value whose key matches, for readers that may show a slightly older
answer while a new one is computed (the leaders' forecast), never for the caseload itself.

Inside `held_back(values)`, what this thread computes is kept in `values`, seen by this thread
alone, until `values.publish()`: answers worked out inside a transaction that has not yet committed
(services.warming) are kept for everyone only once it has."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

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
    """`same(key)`, if given, says which keys hold versions of one value (a unit's answer at each of
    its stamps): keeping one drops the others, so older versions never push current values out."""

    def __init__(self, size: int, same: Callable[[Any], Hashable] | None = None):
        self.size = size
        self._same = same
        self._versions: dict[Hashable, Hashable] = {}  # same(key) -> the key kept
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._computing: dict[Hashable, Flight] = {}
        self._lock = threading.Lock()
        self.computations = 0  # how many times a value was computed (tests and benchmarks read it)

    def get(self, key: Hashable, compute: Callable[[Flight], V]) -> V:
        held = _held_here()
        if held is not None:
            return held.get(self, key, compute)
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
            self._keep(key, value)
            self._computing.pop(key, None)
        flight.result.set_result(value)
        return value

    def put(self, keys: Iterable[Hashable], value: V) -> None:
        """Keep `value`, computed elsewhere (counted as one computation), under each of `keys`."""
        with self._lock:
            self.computations += 1
            for key in keys:
                self._keep(key, value)

    def _keep(self, key: Hashable, value: V) -> None:
        if self._same is not None:
            older = self._versions.get(same := self._same(key))
            if older is not None and older != key:
                self._values.pop(older, None)
            self._versions[same] = key
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.size:
            gone, _ = self._values.popitem(last=False)
            if self._same is not None and self._versions.get(self._same(gone)) == gone:
                del self._versions[self._same(gone)]

    def newest_first(self) -> list[V]:
        held = _held_here()
        with self._lock:
            kept = list(reversed(self._values.values()))
        return kept if held is None else [*held.newest_first(self), *kept]

    def cached(self, key: Hashable) -> V | None:
        held = _held_here()
        found = held.cached(self, key) if held is not None else None
        if found is not None:
            return found
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)  # in use: kept before values nobody asks for
            return found

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
            self._versions.clear()


def versions_of(parts: int) -> Callable[[Any], Hashable]:
    """For keys `(*parts, stamp)` whose stamp is a unit's (services.state: `UnitStamps.of`, its
    database first): the same `parts` in the same database are versions of one value."""
    return lambda key: (*key[:parts], key[parts][0])


class HeldBack:
    """Values computed on one thread (`held_back`), kept in their caches only when `publish`ed."""

    def __init__(self) -> None:
        self._values: dict[tuple[int, Hashable], tuple[SharedCache, Any]] = {}

    def get(self, cache: SharedCache[V], key: Hashable, compute: Callable[[Flight], V]) -> V:
        found = cache.cached(key)  # held here, else kept for everyone
        if found is None:
            found = compute(Flight())
            self._values[(id(cache), key)] = (cache, found)
        return found

    def cached(self, cache: SharedCache[V], key: Hashable) -> V | None:
        held = self._values.get((id(cache), key))
        return held[1] if held is not None else None

    def newest_first(self, cache: SharedCache[V]) -> list[V]:
        return [value for held, value in reversed(self._values.values()) if held is cache]

    def publish(self) -> None:
        """Keep every value in its cache, for everyone."""
        for (_, key), (cache, value) in self._values.items():
            cache.put([key], value)
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


_here = threading.local()


def _held_here() -> HeldBack | None:
    return getattr(_here, "held", None)


@contextmanager
def held_back(values: HeldBack) -> Iterator[HeldBack]:
    """What this thread computes through any SharedCache in this block goes to `values`, not to the
    caches: other threads neither see it nor wait for it."""
    before = _held_here()
    _here.held = values
    try:
        yield values
    finally:
        _here.held = before


def holding_back() -> bool:
    """Whether this thread is in `held_back` (its computations kept from other threads)."""
    return _held_here() is not None
