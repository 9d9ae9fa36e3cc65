"""The OR-Library generalized-assignment instances: CP-SAT (the bound, a first solution), then a
compiled local search (``bench/gap_search.py``), or with ``--method lns`` Keel's CP-SAT core alone.

    python -m bench.gap --quick      # types D and E, 100-200 jobs, 10 s each (~2 min)
    python -m bench.gap              # the same at 10 s and 60 s (~15 min)
    python -m bench.gap --types abcde --limits 10
    python -m bench.gap --quick --method lns   # CP-SAT and its large-neighbourhood search only

The time limit covers everything after reading an instance, numba's compilation included: the first
instance a process solves pays for it (about 5 s on a fresh cache, 0.2 s from numba's cache).

Prints a markdown table: per instance the value and gap to the best known at each time limit,
then the mean gap per type. Not a test: numbers, not verdicts.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from bench.gap_model import read_gap, solve_gap

DATA = Path("/work/shared/gap")


def instances(root: Path, types: str) -> list[tuple[str, str, int]]:
    """(path, type, best known) of the 100-200 job instances of the given types."""
    rows = []
    with open(root / "bestknown.csv") as handle:
        for row in csv.DictReader(handle):
            path = row["Path"]
            name = path.split("/")[-1]
            kind = name[0].lower()
            if row["Dataset"] == "cattrysse1994" or kind not in types:
                continue
            if int(row["Item number"]) not in (100, 200):
                continue
            if kind in "abc" and row["Dataset"] != "chu1997":
                continue
            rows.append((path, kind.upper(), int(row["Best known solution value"])))
    seen, unique = set(), []
    for path, kind, best in rows:  # chu1997's E instances are Yagiura's: keep one copy
        name = path.split("/")[-1]
        if name not in seen and (root / path).exists():
            seen.add(name)
            unique.append((path, kind, best))
    return sorted(unique, key=lambda r: (r[1], r[0].split("/")[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="D and E at 10 s only")
    parser.add_argument("--types", default="de")
    parser.add_argument("--limits", default=None, help="comma-separated seconds, e.g. 10,60")
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--method", default="local", choices=["local", "lns"])
    args = parser.parse_args(argv)
    limits = [float(x) for x in (args.limits or ("10" if args.quick else "10,60")).split(",")]
    rows = instances(Path(args.data), args.types.lower())
    head = "| instance | type | agents x jobs | best known |" + "".join(
        f" value {t:g}s | gap {t:g}s | status {t:g}s |" for t in limits
    )
    print(head)
    print("|" + "---|" * (4 + 3 * len(limits)))
    gaps: dict[tuple[str, float], list[float]] = {}
    for path, kind, best in rows:
        inst = read_gap(Path(args.data) / path, path)
        cells = [path, kind, f"{inst.agents} x {inst.jobs}", str(best)]
        for limit in limits:
            result = solve_gap(inst, limit, method=args.method)
            gap = (result.value - best) / best if result.value is not None else float("nan")
            gaps.setdefault((kind, limit), []).append(gap)
            cells += [str(result.value), f"{100 * gap:.2f}%", result.status]
        print("| " + " | ".join(cells) + " |", flush=True)
    print()
    print("| type | instances |" + "".join(f" mean gap {t:g}s |" for t in limits))
    print("|" + "---|" * (2 + len(limits)))
    for kind in sorted({k for k, _ in gaps}):
        means = [sum(gaps[kind, t]) / len(gaps[kind, t]) for t in limits]
        print(f"| {kind} | {len(gaps[kind, limits[0]])} |" + "".join(f" {100 * m:.2f}% |" for m in means))
    everything = [g for t in limits[:1] for k in {k for k, _ in gaps} for g in gaps[k, t]]
    print(f"\nMean gap over all at {limits[0]:g}s: {100 * sum(everything) / len(everything):.3f}%")


if __name__ == "__main__":
    main()
