"""The ``keel`` command's entry point: ``keel solve`` goes straight to the optimizer's command
(``backend/services/planning/command.py``: no web or database import, so it starts in a fraction of
a second); everything else, and ``solve`` with a server or a help flag, goes to the Typer app of
``backend/cli.py``."""

import os
import sys

FAST = "solve"


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == [FAST] and not os.environ.get("KEEL_SERVER") and not {"--help", "-h"} & set(args):
        from backend.services.planning.command import solve_command

        sys.exit(solve_command(args[1:]))
    from backend.cli import app

    app()


if __name__ == "__main__":
    main()
