"""Reading what the `keel` command printed, from a subprocess or from Typer's CliRunner."""


def exit_code(result) -> int:
    """`returncode` of a subprocess.CompletedProcess, `exit_code` of a CliRunner result."""
    return result.returncode if hasattr(result, "returncode") else result.exit_code


def one_line_error(result, code: int) -> str:
    """The single line on stderr of a command that failed with `code`, and no traceback anywhere."""
    assert exit_code(result) == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def table_rows(output: str) -> list[str]:
    """The body rows of the Rich tables in the output."""
    return [line for line in output.splitlines() if line.startswith("│")]
