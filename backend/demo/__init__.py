"""The synthetic demo council: generate it (pure), load it into a database, measure it, and take
plan-contract snapshots of it."""

from backend.demo.figures import council_figures
from backend.demo.generate import Council, generate_council
from backend.demo.load import load_council
from backend.demo.snapshot import council_snapshot, snapshot_of

__all__ = ["Council", "council_figures", "council_snapshot", "generate_council", "load_council", "snapshot_of"]
