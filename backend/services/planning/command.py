"""``keel solve FILE``: the optimizer's own command, reached without any web or database import so
that it starts in a fraction of a second (backend/launch.py)."""


def solve_command(args: list[str]) -> int:
    from optimizer.cli import solve_command as solve

    return solve(args)
