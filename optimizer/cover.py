"""cover: temporary cover of an absent worker's families within others' headroom.

The absent worker stays key worker; each of their families gets a covering colleague who may take
new work over the absence: first the families whose visit falls due by the absence's last day
(``visit_due``, overdue included), then statutory (CP, CLA) families. Other families do not move.
"""

from __future__ import annotations

import time

from optimizer import soft_terms as st
from optimizer.outcome import answer
from optimizer.problem import Problem, build
from optimizer.rules import Context
from optimizer.types import Plan, Snapshot

TERMS = (
    st.UNALLOCATED_VISIT_DUE,
    st.UNALLOCATED_STATUTORY,
    st.UNALLOCATED,
    st.OVERLOAD,
    st.PEAK_LOAD,
    st.SPREAD,
    st.LOCALITY,
)


def problem(ctx: Context) -> Problem:
    absent = ctx.absent_worker
    held = [f.id for f in ctx.snapshot.families if f.worker == absent and f.cover is None]
    return build(ctx, held, holder={}, must_place=set(), terms=TERMS)


def cover(snapshot: Snapshot) -> Plan:
    started = time.monotonic()
    return answer(problem(Context.of(snapshot)), "cover", started)
