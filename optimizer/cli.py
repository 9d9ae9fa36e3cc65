"""``keel solve SNAPSHOT.json``: answer a snapshot's question and print the plan, on the optimizer
alone (standard library + OR-Tools), so the command starts without the web or database stack.

``backend/launch.py`` sends ``keel solve`` here and every other command to the Typer app; the
messages and exit codes are the ones ``backend/cli.py`` gives (``keel: ...`` on stderr, exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys


def _fail(message: str) -> int:
    print(f"keel: {message}", file=sys.stderr)
    return 2


def solve_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="keel solve",
        description="Answer a question (recommend, rebalance, cover, resilience) on a JSON snapshot; print the plan.",
    )
    parser.add_argument("snapshot", help="Snapshot JSON file (docs/design.md §8), or - for stdin")
    parser.add_argument("--indent", type=int, default=2, help="Indentation of the printed plan")
    args = parser.parse_args(argv)
    try:
        if args.snapshot == "-":
            text = sys.stdin.read()
        else:
            with open(args.snapshot, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        return _fail(f"cannot read {args.snapshot}: {exc.strerror}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _fail(f"{args.snapshot} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    from optimizer.api import solve_json
    from optimizer.contract import SnapshotError

    try:
        plan = solve_json(data)
    except SnapshotError as exc:
        return _fail(f"invalid snapshot: {exc.path}: {exc.message}")
    print(json.dumps(plan, indent=args.indent or None, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(solve_command(sys.argv[1:]))
