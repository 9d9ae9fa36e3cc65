"""Keel's settings: one pydantic-settings class, read from the environment (prefix-free) or `.env`."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "keel.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{DEFAULT_SQLITE}"
    host: str = "127.0.0.1"
    port: int = 8000
    session_hours: float = 8.0
    plan_lifetime_hours: float = Field(2.0, gt=0)  # how long a finished plan can be read and accepted
    demo_seed: int = 0
    static_dir: Path = Path(__file__).resolve().parent / "static"


@lru_cache
def get_settings() -> Settings:
    return Settings()
