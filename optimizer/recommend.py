"""recommend: place the families that have no worker; nobody else moves."""

from __future__ import annotations

import time

from optimizer import soft_terms as st
from optimizer.outcome import answer
from optimizer.problem import Problem, build
from optimizer.rules import Context
from optimizer.types import Plan, Snapshot

TERMS = (st.UNALLOCATED_STATUTORY, st.UNALLOCATED, st.OVERLOAD, st.PEAK_LOAD, st.SPREAD, st.LOCALITY)


def problem(ctx: Context) -> Problem:
    waiting = [f.id for f in ctx.snapshot.families if f.worker is None]
    return build(ctx, waiting, holder={}, must_place=set(), terms=TERMS)


def recommend(snapshot: Snapshot) -> Plan:
    started = time.monotonic()
    return answer(problem(Context.of(snapshot)), "recommend", started)
