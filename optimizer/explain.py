"""Reasons in a manager's words: why this worker, why not each other worker, why unallocated."""

from __future__ import annotations

from optimizer.problem import scope_index
from optimizer.rules import (
    ACCOUNTABLE_CHILDREN,
    SURGE_LIMIT,
    UNIT_SCOPE,
    Context,
    accountable_children,
    blocking_rules,
    day,
    percent,
)
from optimizer.soft_terms import Outcome, visit_due_in_window
from optimizer.types import Assignment, Unallocated, WhyNot

_SKILL_WORDS = {"child_protection": "child protection"}
MAX_ALTERNATIVES = 12  # a manager reads a team, not a service


def _skill(name: str) -> str:
    return _SKILL_WORDS.get(name, name.replace("_", " "))


class Explainer:
    def __init__(self, outcome: Outcome, question: str) -> None:
        self.o = outcome
        self.ctx: Context = outcome.ctx
        self.question = question
        self.before = outcome.loads(outcome.before)
        self.after = outcome.loads(outcome.after)
        self.scope = scope_index(self.ctx)
        self.children: dict[str, int] = {}  # pod -> children its consultants are accountable for after
        for family_id, holder in outcome.after.items():
            if holder in self.ctx.pods:
                self.children[holder] = self.children.get(holder, 0) + self.ctx.families[family_id].children
        self.members: dict[str, list[str]] = {}  # unit -> workers in it or below it, sorted
        for w in sorted(self.ctx.workers):
            for unit in self.ctx.ancestors(self.ctx.workers[w].unit):
                self.members.setdefault(unit, []).append(w)

    def _candidates(self, family_id: str) -> list[str]:
        """The workers a manager would compare: the family's team (its scope, when cross-unit)."""
        family = self.ctx.families[family_id]
        team = self.ctx.team_of(family.unit)
        return list(self.members.get(team, ())) or list(self.scope[family.unit])

    def _pct(self, worker_id: str, load: int) -> str:
        return percent(load, self.ctx.workers[worker_id].capacity)

    def _share(self, worker_id: str, load: int) -> float:
        capacity = self.ctx.workers[worker_id].capacity
        return load / capacity if capacity > 0 else float("inf")

    def why_not(self, family_id: str, worker_id: str, chosen: str | None) -> WhyNot:
        """The first thing that stops ``worker_id`` or makes them the weaker choice."""
        family, worker = self.ctx.families[family_id], self.ctx.workers[worker_id]
        blocked = blocking_rules(self.ctx, family, worker)
        if blocked:
            rule, reason = blocked[0]
            return WhyNot(worker_id, reason, rule)
        if_taken = self.after[worker_id] + family.points
        if if_taken > self.ctx.surge_cap(worker):
            return WhyNot(worker_id, f"would reach {self._pct(worker_id, if_taken)} of capacity", SURGE_LIMIT)
        if worker_id in self.ctx.pods:
            now = self.children.get(worker_id, 0)
            over = accountable_children(self.ctx, worker_id, now, now + family.children, True)
            if over:
                return WhyNot(worker_id, over, ACCOUNTABLE_CHILDREN)
        if chosen is None:
            return WhyNot(worker_id, "could take the family", None)
        mine = self.after[chosen]
        if self._share(worker_id, if_taken) > self._share(chosen, mine):
            return WhyNot(
                worker_id, f"higher load after ({self._pct(worker_id, if_taken)} vs {self._pct(chosen, mine)})", None
            )
        if chosen in family.known_to and worker_id not in family.known_to:
            return WhyNot(worker_id, "did not know the family", None)
        if self.question == "rebalance":
            return WhyNot(worker_id, "the team ends better balanced, or needs fewer moves, this way", None)
        return WhyNot(worker_id, "the team ends better balanced this way", None)

    def reasons(self, family_id: str, worker_id: str, eligible_loads: list[float]) -> list[str]:
        family, worker = self.ctx.families[family_id], self.ctx.workers[worker_id]
        said = []
        previous = self.o.before[family_id]
        absence = self.ctx.snapshot.absence
        if self.question == "cover" and self.ctx.absent_worker and absence is not None:
            said.append(f"Covers {self.ctx.absent_worker}'s absence until {day(absence.end)}")
            said += self._visit_due(family_id)
        elif previous is not None:
            said.append(
                f"Moves from {previous}, whose load goes from {self._pct(previous, self.before[previous])} "
                f"to {self._pct(previous, self.after[previous])} of capacity with this plan"
            )
        pod = self.ctx.pods.get(worker_id)
        if pod is not None:
            limit = f" of {pod.children_limit}" if pod.children_limit is not None else ""
            said.append(
                f"{pod.id} holds it as a pod; {pod.accountable} is the accountable "
                f"consultant ({self.children.get(pod.id, 0)}{limit} children)"
            )
        if family.requires:
            who = f"{pod.id} has" if pod is not None else "Has"
            said.append(f"{who} " + " and ".join(_skill(s) for s in sorted(family.requires)) + " skill")
        if worker_id in family.known_to:
            said.append("Knew the family before")
        if family.area and worker.patch == family.area:
            said.append(f"Works in the family's area ({family.area})")
        mine = self._share(worker_id, self.after[worker_id])
        load = f"load after {self._pct(worker_id, self.after[worker_id])} of capacity"
        if pod is not None:
            load = (
                f"{pod.id} is at {self._pct(worker_id, self.after[worker_id])} of its present members' capacity after"
            )
        if all(mine <= other for other in eligible_loads):
            load += " (lowest among eligible)"
        said.append(load[0].upper() + load[1:])
        return said

    def _visit_due(self, family_id: str) -> list[str]:
        """ "Visit due 4 Dec" when the family's visit falls due by the end of the cover window."""
        due = self.ctx.families[family_id].visit_due
        if due is None or not visit_due_in_window(self.ctx, family_id):
            return []
        return [f"Visit {'overdue since' if due < self.ctx.window_start else 'due'} {day(due)}"]

    def assignment(self, family_id: str) -> Assignment:
        """Where a placed family goes, and why."""
        worker_id = self.o.after[family_id]
        if worker_id is None:
            raise ValueError(f"{family_id} is not placed: it has no assignment to explain")
        previous = self.o.before[family_id]
        alternatives, eligible_loads = [], []
        points = self.ctx.families[family_id].points
        for other in self._candidates(family_id):
            if other in (worker_id, previous):
                continue
            why = self.why_not(family_id, other, worker_id)
            if why.rule is None:
                eligible_loads.append(self._share(other, self.after[other] + points))
            alternatives.append(why)
        return Assignment(
            family=family_id,
            worker=worker_id,
            kind="cover" if self.question == "cover" else "key",
            previous=previous,
            reasons=tuple(self.reasons(family_id, worker_id, eligible_loads)),
            alternatives=tuple(alternatives[:MAX_ALTERNATIVES]),
        )

    def unallocated(self, family_id: str) -> Unallocated:
        family = self.ctx.families[family_id]
        holder = self.ctx.absent_worker if self.question == "cover" else None
        blocks = [self.why_not(family_id, w, None) for w in self._candidates(family_id) if w != holder]
        rules = sorted({b.rule for b in blocks if b.rule})
        if not blocks:
            return Unallocated(family_id, (f"No worker in scope for unit {family.unit}",), (UNIT_SCOPE,), holder)
        free = [b for b in blocks if b.rule is None]
        if free:
            lead = (
                "Eligible workers exist but placing it would break the move budget or leave "
                "a higher-priority family out"
                if self.question == "rebalance"
                else "Eligible workers exist but every placement found leaves a higher-priority family out"
            )
        else:
            lead = "No eligible worker"
        detail = [f"{b.worker}: {b.reason}" for b in blocks[:MAX_ALTERNATIVES]]
        visit = self._visit_due(family_id) if self.question == "cover" else []
        return Unallocated(family_id, (lead, *visit, *detail), tuple(rules), holder)
