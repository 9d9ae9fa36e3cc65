"""Running the `keel` command in the test process (Typer's CliRunner) and reading what it printed,
from a CliRunner result or from a subprocess (the one smoke test that starts a real process)."""

from typer.testing import CliRunner

from backend.config import get_settings
from backend.db import get_engine

# The remote commands read these from the environment: unset, so a developer's own never leak in.
NO_SERVER = {"KEEL_SERVER": None, "KEEL_USER": None, "KEEL_TOKEN": None, "KEEL_PASSWORD": None}


def invoke_keel(*args: str, database_url: str | None = None, columns: int = 160, **env: str | None):
    """`keel ARGS` in this process, on `database_url` when given. The settings and the engine are
    cached per process: they are dropped before and after, so the command reads its own
    DATABASE_URL and the tests after it read theirs."""
    from backend.cli import app

    environ = {**NO_SERVER, "COLUMNS": str(columns), **env}
    if database_url is not None:
        environ["DATABASE_URL"] = database_url
    _forget_database()
    try:
        return CliRunner().invoke(app, list(args), env=environ)
    finally:
        _forget_database()


def _forget_database() -> None:
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


def exit_code(result) -> int:
    """`returncode` of a subprocess.CompletedProcess, `exit_code` of a CliRunner result."""
    return result.returncode if hasattr(result, "returncode") else result.exit_code


def no_traceback(result) -> None:
    """Nothing crashed: no traceback printed (a subprocess), no exception escaped (CliRunner, which
    catches it instead of printing it; `typer.Exit` ends as SystemExit)."""
    assert "Traceback" not in result.stdout + result.stderr
    escaped = getattr(result, "exception", None)
    assert escaped is None or isinstance(escaped, SystemExit), repr(escaped)


def one_line_error(result, code: int) -> str:
    """The single line on stderr of a command that failed with `code`, and no traceback anywhere."""
    assert exit_code(result) == code, result.stdout + result.stderr
    no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def table_rows(output: str) -> list[str]:
    """The body rows of the Rich tables in the output."""
    return [line for line in output.splitlines() if line.startswith("│")]
