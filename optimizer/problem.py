"""A question reduced to one assignment problem: which families are free, and to whom they may go.

``recommend``, ``rebalance`` and ``cover`` each build a ``Problem``; ``decompose.py`` splits it into
independent pieces; ``model.py`` turns a piece into a CP-SAT model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from optimizer.rules import Context, may_take, needs_qualified_lead
from optimizer.soft_terms import balance_group
from optimizer.types import Family, Snapshot


@dataclass(frozen=True)
class Problem:
    ctx: Context
    families: tuple[str, ...]  # free families: the model decides their worker
    options: dict[str, tuple[str, ...]]  # free family -> workers it may have after
    holder: dict[str, str | None]  # free family -> the worker it stays with if not moved
    must_place: frozenset[str]  # free families that may not be left without a worker
    workers: tuple[str, ...]  # workers whose load the model tracks
    base: dict[str, int]  # worker -> points from families that are not free
    before: dict[str, int]  # worker -> points before the plan
    group: dict[str, str]  # worker -> balance group (team, or "*" across units)
    terms: tuple[str, ...]  # soft terms in lexicographic order
    move_budget: int | None
    hint: dict[str, str | None]  # warm start: free family -> worker (feasible by construction)
    restricted: bool = False  # some families that might help were kept fixed: bounds are this model's

    def restrict(self, families: set[str], workers: set[str]) -> Problem:
        """The part of this problem on these families and workers (an independent component).
        Families keep their order (by id, as ``build`` sorts them)."""
        kept = sorted(f for f in families if f in self.options)
        return replace(
            self,
            families=tuple(kept),
            options={f: self.options[f] for f in kept},
            holder={f: self.holder[f] for f in kept},
            must_place=self.must_place & families,
            workers=tuple(w for w in self.workers if w in workers),
            hint={f: self.hint[f] for f in kept},
        )

    def keep(self, kept: set[str]) -> Problem:
        """This problem with the ``kept`` families no longer free: each stays with its holder."""
        base = dict(self.base)
        for f in kept:
            holder = self.holder[f]
            if holder is None:
                raise ValueError(f"family {f} has no holder to stay with")
            base[holder] += self.ctx.families[f].points
        free = {f for f in self.families if f not in kept}
        return replace(
            self.restrict(free, set(self.workers)),
            base=base,
            restricted=self.restricted or bool(kept),
        )


def children_base(problem: Problem) -> dict[str, int]:
    """Holder with a children limit (a pod) -> children of the families it carries that are not
    free in this problem (they stay with it whatever the plan does)."""
    ctx = problem.ctx
    if not ctx.pods:
        return {}
    free = set(problem.families)
    base = {w: 0 for w in problem.workers if ctx.children_cap(w) is not None}
    for family in ctx.snapshot.families:
        if family.carrier in base and family.id not in free:
            base[family.carrier] += family.children
    return base


def children_before(ctx: Context) -> dict[str, int]:
    """Holder -> children of the families it carries before the plan."""
    found: dict[str, int] = {}
    for family in ctx.snapshot.families:
        if family.carrier is not None:
            found[family.carrier] = found.get(family.carrier, 0) + family.children
    return found


def loads_before(snapshot: Snapshot) -> dict[str, int]:
    loads = {w.id: 0 for w in snapshot.workers}
    for family in snapshot.families:
        if family.carrier is not None:
            loads[family.carrier] += family.points
    return loads


def scope_index(ctx: Context) -> dict[str, tuple[str, ...]]:
    """Family unit -> the workers in scope for it (unit_scope's rule, worked out per unit)."""
    everyone = tuple(sorted(ctx.workers))
    index = {}
    for unit in ctx.lines:
        if ctx.snapshot.settings.cross_unit:
            index[unit] = everyone
            continue
        line = ctx.lines[unit]
        upward = set(line[: line.index(ctx.team_of(unit)) + 1])
        index[unit] = tuple(
            w for w in everyone if unit in ctx.lines[ctx.workers[w].unit] or ctx.workers[w].unit in upward
        )
    return index


def eligible(ctx: Context, family_id: str, scope: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The workers who may take the family as new work, by the pair rules (sorted by id)."""
    family = ctx.families[family_id]
    return tuple(w for w in scope[family.unit] if may_take(ctx, family, ctx.workers[w]))


def rule_kind(ctx: Context, family: Family) -> tuple[object, ...]:
    """What the pair rules read of a family: families of one kind have the same eligible workers.
    Across units no pair rule reads the family's unit."""
    unit = None if ctx.snapshot.settings.cross_unit else family.unit
    return (unit, family.requires, needs_qualified_lead(family), family.co_worker)


def eligible_by_kind(ctx: Context, scope: dict[str, tuple[str, ...]]) -> Callable[[Family], tuple[str, ...]]:
    """``eligible`` for a family, worked out once for each kind of family (``rule_kind``)."""
    by_kind: dict[tuple[object, ...], tuple[str, ...]] = {}

    def takers(family: Family) -> tuple[str, ...]:
        kind = rule_kind(ctx, family)
        if kind not in by_kind:
            by_kind[kind] = eligible(ctx, family.id, scope)
        return by_kind[kind]

    return takers


def build(
    ctx: Context,
    free: list[str],
    holder: dict[str, str | None],
    must_place: set[str],
    terms: tuple[str, ...],
    hint: dict[str, str | None] | None = None,
    options: dict[str, tuple[str, ...]] | None = None,
) -> Problem:
    """A problem over the free families; everything else keeps its worker."""
    before = loads_before(ctx.snapshot)
    free = sorted(free)
    free_set = set(free)
    if options is None:
        takers = eligible_by_kind(ctx, scope_index(ctx))
        options = {}
        for f in free:
            allowed = set(takers(ctx.families[f]))
            current = holder.get(f)
            if current is not None:
                allowed.add(current)
            options[f] = tuple(sorted(allowed))
    base = dict(before)
    for family in ctx.snapshot.families:
        if family.id in free_set and family.carrier is not None:
            base[family.carrier] -= family.points
    workers = tuple(sorted(ctx.workers))
    return Problem(
        ctx=ctx,
        families=tuple(free),
        options=options,
        holder={f: holder.get(f) for f in free},
        must_place=frozenset(must_place & free_set),
        workers=workers,
        base=base,
        before=before,
        group={w: balance_group(ctx, w) for w in workers},
        terms=terms,
        move_budget=ctx.snapshot.settings.move_budget,
        hint=dict(hint) if hint is not None else {f: holder.get(f) for f in free},
    )
