"""docs/visits.md's table of settings is the settings' defaults."""

import re
from pathlib import Path

from backend.workload import WorkloadSettings

DOC = (Path(__file__).resolve().parents[2] / "docs" / "visits.md").read_text(encoding="utf-8")


def test_every_visit_setting_is_documented_with_its_default():
    documented = dict(re.findall(r"^\| `([\w.]+)` \| (\d+) \|", DOC, flags=re.M))
    defaults = WorkloadSettings().to_dict()
    expected = {}
    for name in ("visit_first_year_days", "visit_later_days", "visit_working_days"):
        expected |= {f"{name}.{status}": str(days) for status, days in defaults[name].items()}
    for name in ("first_visit_days", "visits_due_working_days"):
        expected[name] = str(defaults[name])
    assert documented == expected
