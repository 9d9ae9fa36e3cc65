"""The committed TypeScript client (frontend/src/api/schema.d.ts) matches the backend's OpenAPI document."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.e2e.conftest import FRONTEND


def test_typed_client_is_not_stale():
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / ".bin" / "openapi-typescript").exists():
        pytest.fail("Node.js and frontend/node_modules are needed: run `npm ci` in frontend/.", pytrace=False)
    done = subprocess.run(
        [node, "scripts/check-api.mjs"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        env={**os.environ, "KEEL_PYTHON": sys.executable},
    )
    assert done.returncode == 0, done.stderr or done.stdout
