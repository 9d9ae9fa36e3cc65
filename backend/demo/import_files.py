"""Synthetic CSV files to import (docs/csv-import.md), for trying imports and for benchmarks and
tests: invented names only, families of 1-5 children as in the demo council (~1.75 children a
family), dates written half ISO and half UK style, most families with a key worker."""

import csv
import io
import random
from datetime import date, timedelta

from backend.csv_io.columns import header, optional_columns
from backend.demo import names
from backend.demo.caseload import FAMILY_SIZE_WEIGHTS, FAMILY_SIZES, STATUS_SHARES

ALLOCATED_SHARE = 0.8


def families_csv(
    count: int, workers: list[tuple[str, str]], teams: list[str], *, as_of: date, seed: int = 0, prefix: str = "IMP"
) -> bytes:
    """`count` families coded {prefix}000001...; `workers` are (code, team code) of case holders to
    be key workers (a family allocated to one is in their team); `teams` take the unallocated."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c for c in header("families") if c not in optional_columns("families")])
    statuses, shares = list(STATUS_SHARES), list(STATUS_SHARES.values())
    for n in range(1, count + 1):
        worker, team = rng.choice(workers) if workers and rng.random() < ALLOCATED_SHARE else ("", rng.choice(teams))
        received = as_of - timedelta(days=rng.randint(0, 700))
        status = rng.choices(statuses, shares)[0]
        size = 1 if status == "care_leaver" else rng.choices(FAMILY_SIZES, FAMILY_SIZE_WEIGHTS)[0]
        family = [
            f"{prefix}{n:06d}",
            f"Family of {rng.choice(names.FIRST_NAMES)[0]}. {rng.choice(names.SURNAMES)}",
            team,
            rng.choice(names.AREAS),
            rng.choices((0, 1, 2), (0.75, 0.22, 0.03))[0],
            received.isoformat() if n % 2 else received.strftime("%d/%m/%Y"),
            "",
            ";".join(rng.sample(names.COMPLEXITY_FLAGS, rng.choices((0, 1, 2), (0.76, 0.19, 0.05))[0])),
            worker,
        ]
        for child in rng.sample(names.CHILD_NAMES, size):
            age = rng.randint(18, 21) if status == "care_leaver" else rng.randint(0, 17)
            writer.writerow(family + [child, as_of.year - age, status])
    return out.getvalue().encode("utf-8")
