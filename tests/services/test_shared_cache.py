"""Values computed inside `held_back` (a transaction's answers, before it commits) are seen by their
own thread and by no other until published."""

import threading

from backend.services.shared_cache import HeldBack, SharedCache, held_back


def _elsewhere(ask):
    """`ask()` on another thread (where nothing is held back), its answer."""
    found = []
    thread = threading.Thread(target=lambda: found.append(ask()))
    thread.start()
    thread.join()
    return found[0]


def test_a_held_back_value_is_seen_by_its_thread_alone_until_published():
    cache: SharedCache[str] = SharedCache(8)
    cache.put(["kept"], "for everyone")
    held = HeldBack()
    with held_back(held):
        assert cache.get("new", lambda _flight: "held") == "held"
        assert cache.get("new", lambda _flight: "computed twice") == "held"  # its own thread sees it
        assert cache.cached("new") == "held"
        assert cache.newest_first() == ["held", "for everyone"]
        assert cache.get("kept", lambda _flight: "not computed") == "for everyone"  # kept values are shared
        assert _elsewhere(lambda: cache.cached("new")) is None
        assert _elsewhere(lambda: cache.newest_first()) == ["for everyone"]
    assert cache.cached("new") is None and cache.computations == 1  # the put alone
    assert cache.get("new", lambda _flight: "after") == "after"  # never published: computed again
    cache.clear()
    with held_back(held):
        cache.get("again", lambda _flight: "held")
    held.publish()
    assert _elsewhere(lambda: cache.cached("again")) == "held"
    assert len(held) == 0
