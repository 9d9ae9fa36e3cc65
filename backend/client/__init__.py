"""A Python client for Keel's API (httpx): `KeelClient`, its one exception `KeelError`, and the
import job model."""

from backend.client.errors import KeelError
from backend.client.jobs import ImportJob, ImportRowError
from backend.client.keel import KeelClient

__all__ = ["ImportJob", "ImportRowError", "KeelClient", "KeelError"]
