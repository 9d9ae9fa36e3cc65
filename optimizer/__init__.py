"""Keel's caseload optimizer: pure (standard library + OR-Tools), plain data in, plan out.

Entry points: ``solve(snapshot) -> Plan`` and ``solve_json(dict) -> dict`` (see ``api.py``);
``parse_snapshot`` and ``SnapshotError`` (see ``contract.py``).
"""

from optimizer.api import solve, solve_json
from optimizer.contract import SnapshotError, parse_snapshot

__all__ = ["SnapshotError", "parse_snapshot", "solve", "solve_json"]
