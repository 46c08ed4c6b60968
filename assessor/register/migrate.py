"""Create or upgrade the register's schema with the Alembic migrations shipped in this package."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from assessor.register.location import writer

MIGRATIONS = Path(__file__).parent / "migrations"
_lock = threading.Lock()  # two registers opened at once in one process migrate one after the other


def alembic_config() -> Config:
    """Alembic's config, built in code: users need no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The schema revision the database is at (None when empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; nothing to do when it is already there."""
    with _lock:
        if current(engine) == head():
            return
        config = alembic_config()
        with writer(engine).begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
