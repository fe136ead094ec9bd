"""The catalog's schema as versioned migrations (alembic), applied when a catalog opens.

A schema change is a new file in ``versions/`` (``down_revision`` = the previous head),
written with alembic's portable operations so that it runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poshuk.core.db import Database, lock_key, sqlalchemy_url, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent


def _config(connection: object | None = None) -> Config:
    from alembic.config import Config  # here: only processes that open a catalog pay for it

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


@cache
def head() -> str:
    """The newest revision."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(db: Database) -> str | None:
    """The revision the catalog is at; None for a new one, or one from before migrations."""
    if "alembic_version" not in db.tables():
        return None
    row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def upgrade(db: Database) -> None:
    """Bring the catalog to the newest revision."""
    if current(db) == head():
        return
    import sqlalchemy
    from alembic import command

    # one process migrates at a time (an ingest and a server started together); the
    # others wait, then find the catalog already at the head
    with _one_at_a_time(db):
        if current(db) == head():
            return
        args: dict[str, Any] = {"timeout": 30} if db.dialect == "sqlite" else {}
        engine = sqlalchemy.create_engine(sqlalchemy_url(db.url), connect_args=args)
        try:
            with engine.begin() as connection:
                if db.dialect == "postgresql":  # held until this transaction ends
                    connection.exec_driver_sql(
                        f"SELECT pg_advisory_xact_lock({lock_key('migrate')})")
                command.upgrade(_config(connection), "head")
        finally:
            engine.dispose()


@contextmanager
def _one_at_a_time(db: Database) -> Iterator[None]:
    """SQLite: a lock file beside the catalog. PostgreSQL: the migration's own
    transaction takes an advisory lock (above), and its DDL is transactional."""
    if db.dialect != "sqlite":
        yield
        return
    path = sqlite_path(db.url)
    with open(path.with_name(path.name + ".migrating"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
