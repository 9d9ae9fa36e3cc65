"""A `keel serve` process tunes the interpreter for many requests at once (backend/main.py): the
garbage collector's thresholds and the interpreter's switch interval. A test's app does not."""

import asyncio
import gc
import sys
from concurrent.futures import ThreadPoolExecutor

import backend.main as main
from backend.services import warming
from backend.services.jobs import SERVE_JOBS


def _run_lifespan() -> tuple[float, tuple[int, int, int]]:
    async def once() -> tuple[float, tuple[int, int, int]]:
        async with main.lifespan(main.create_app()):
            return sys.getswitchinterval(), gc.get_threshold()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: a browser test may leave one running here
        return thread.submit(asyncio.run, once()).result()


def test_a_serving_process_shares_the_interpreter_in_short_turns(monkeypatch):
    switch, thresholds = sys.getswitchinterval(), gc.get_threshold()
    for name in ("serve_jobs", "warm_up"):
        monkeypatch.setattr(main, name, lambda *args: None)
    monkeypatch.setattr(warming, "enable", lambda *args: None)
    monkeypatch.setattr(main.forecast_process, "shutdown", lambda *args: None)
    try:
        # the serving values differ from this process's, so the two checks below can tell them apart
        assert sys.getswitchinterval() != main.SWITCH_INTERVAL_S and gc.get_threshold() != main.GC_THRESHOLDS
        monkeypatch.delenv(SERVE_JOBS, raising=False)
        assert _run_lifespan() == (switch, thresholds)  # a test's app leaves the interpreter as it is
        monkeypatch.setenv(SERVE_JOBS, "1")
        assert _run_lifespan() == (main.SWITCH_INTERVAL_S, main.GC_THRESHOLDS)
    finally:
        sys.setswitchinterval(switch)
        gc.set_threshold(*thresholds)
        gc.unfreeze()
