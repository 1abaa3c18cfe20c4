"""Where things live on this machine, and how a connection profile becomes a database URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cme_desktop import APP_ID

DATABASE_ENV = "CME_DATABASE_URL"
DATA_DIR_ENV = "CME_DATA_DIR"


def data_dir() -> Path:
    """The coordinator's data folder (platformdirs), or CME_DATA_DIR when set (tests, portable installs)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_ID, appauthor=False))


def local_database_path() -> Path:
    return data_dir() / "cme-desk.sqlite3"


def demo_database_path() -> Path:
    return data_dir() / "cme-desk-demo.sqlite3"


def log_path() -> Path:
    return data_dir() / "cme-desk.log"


@dataclass(frozen=True)
class ConnectionProfile:
    """A shared PostgreSQL server as entered in Settings > Database. The password is not part of it."""

    host: str
    database: str
    user: str
    port: int = 5432
    sslmode: str = "prefer"

    @property
    def keyring_name(self) -> str:
        """The name the password is stored under in the OS keyring."""
        return f"database-password:{self.user}@{self.host}:{self.port}/{self.database}"


def resolve_database_url(explicit: str | None, demo: bool = False) -> str:
    """--database, else CME_DATABASE_URL, else the demo or the coordinator's own SQLite file."""
    if explicit:
        return explicit
    if os.environ.get(DATABASE_ENV):
        return os.environ[DATABASE_ENV]
    path = demo_database_path() if demo else local_database_path()
    return f"sqlite+pysqlite:///{path}"
