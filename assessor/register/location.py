"""Where the register lives (a URL) and how to connect to it, on SQLite or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from assessor.register.errors import RegisterError
from assessor.settings import register_path

REGISTER_ENV = "ASSESSOR_REGISTER"
BUSY_TIMEOUT_MS = 30_000  # how long an SQLite writer waits for another analyst's save to finish
WRITE_OPTION = "register_write"  # execution option marking a writing transaction (see ``writer``)


def register_url(url: str | None = None) -> str:
    """The register's SQLAlchemy URL: ``url``, else ``$ASSESSOR_REGISTER``, else the SQLite file beside the caches.

    A plain path means an SQLite file; ``postgresql://`` is served by the psycopg 3 driver.
    """
    url = url or os.environ.get(REGISTER_ENV) or str(register_path())
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url


def connect(url: str | None = None) -> Engine:
    """An engine for the register; SQLite gets WAL, a busy timeout and write-locking transactions."""
    resolved = register_url(url)
    try:
        parsed = make_url(resolved)
        if parsed.get_backend_name() != "sqlite":
            return create_engine(resolved, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:  # a malformed URL, an unknown database or a missing driver
        raise RegisterError(f"not a usable register URL: {url or resolved} ({exc})") from exc
    if parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegisterError(f"cannot open the register {parsed.database}: cannot create {folder}") from exc
    engine = create_engine(resolved, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, for transactions that write: on SQLite they take the write lock when they begin."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _configure_sqlite(dbapi_connection, _record) -> None:
    # Let SQLAlchemy issue BEGIN itself (below) instead of the driver's deferred, lazy BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(connection) -> None:
    # A writer takes the write lock at the start, so two writers queue on the busy timeout instead of one
    # failing when both try to upgrade a read lock; readers never block anyone (WAL).
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN DEFERRED")
