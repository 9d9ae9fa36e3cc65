"""Keel's settings: one pydantic-settings class, read from the environment (prefix-free) or `.env`."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "keel.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_SQLITE}"
    host: str = "127.0.0.1"
    port: int = 8000
    session_hours: float = 8.0
    demo_seed: int = 0
    static_dir: Path = Path(__file__).resolve().parent / "static"
    # Requests served at once (threads for the API's handlers). Each holds one database connection,
    # so the pool is this plus the background work (plan solves, imports, the forecast) plus spare.
    request_threads: int = 16
    background_connections: int = 6

    @property
    def pool_size(self) -> int:
        return self.request_threads + self.background_connections


@lru_cache
def get_settings() -> Settings:
    return Settings()
