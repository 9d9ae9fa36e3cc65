"""``python -m optimizer.resilience.compiled build [--force]`` compiles the Monte Carlo's hot modules
when their sources changed; ``status`` says which modules this Python would run, and why."""

from __future__ import annotations

import argparse

from optimizer.resilience.compiled import in_use


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m optimizer.resilience.compiled", description=__doc__)
    parser.add_argument("command", choices=["build", "status"])
    parser.add_argument("--force", action="store_true", help="build even when the build is current")
    args = parser.parse_args()
    if args.command == "build":
        from optimizer.resilience.compiled.build import build

        print(build(force=args.force))
    else:
        print(in_use())


if __name__ == "__main__":
    main()
