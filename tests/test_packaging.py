"""The repository promises: compose file, README's two commands, CI script."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_postgres_with_healthcheck_and_the_app():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "app"}
    assert services["db"]["image"].startswith("postgres")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["app"]["environment"]["DATABASE_URL"].startswith("postgresql")
    assert (ROOT / services["app"]["build"] / "Dockerfile").is_file()


def test_readme_opens_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert [line.split()[0:2] for line in block] == [["make", "run"], ["make", "test"]]


def test_ci_script_calls_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get update" in script
    assert script.strip().splitlines()[-1] == "make test"


def test_compose_has_no_default_database_password():
    compose = (ROOT / "compose.yaml").read_text()
    uses = [line for line in compose.splitlines() if "POSTGRES_PASSWORD" in line and not line.lstrip().startswith("#")]
    assert len(uses) == 2 and all("${POSTGRES_PASSWORD:?" in line for line in uses)
    assert "change-me" not in compose and ":-" not in "".join(uses)


def test_the_image_runs_as_an_unprivileged_user_from_the_lock_file():
    steps = [
        line.split(None, 1)
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    final_stage = steps[max(i for i, step in enumerate(steps) if step[0] == "FROM") :]
    users = [step[1].strip() for step in final_stage if step[0] == "USER"]
    assert users and users[-1] not in ("root", "0")
    installs = [step[1] for step in final_stage if step[0] == "RUN" and "pip install" in step[1]]
    assert "--require-hashes -r requirements.lock" in installs[0] and "--no-deps" in installs[-1]


def test_the_lock_file_pins_every_dependency_of_pyproject_within_its_range():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pinned = {
        canonicalize_name(line.split("==")[0]): line.split("==")[1].split()[0]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(text) for text in project["dependencies"]]
    assert wanted
    for requirement in wanted:
        version = pinned.get(canonicalize_name(requirement.name))
        assert version and requirement.specifier.contains(version), (
            f"{requirement} is not pinned in requirements.lock: regenerate it (command at its top)"
        )
