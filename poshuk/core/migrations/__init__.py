"""The catalog's schema as versioned migrations (alembic), applied when a catalog opens.

A schema change is a new file in ``versions/`` (``down_revision`` = the previous head),
written with alembic's portable operations so that it runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import fcntl
import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

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


def _current(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no table: a new catalog, or one from before migrations
        return None
    return row[0] if row else None


def upgrade(path: Path, db: sqlite3.Connection) -> None:
    """Bring the SQLite catalog at ``path`` to the newest revision (``db`` is an open
    connection to it, used to see whether anything is to do)."""
    if _current(db) == head():
        return
    import sqlalchemy
    from alembic import command

    # one process migrates at a time (an ingest and a server started together); the
    # others wait, then find the catalog already at the head
    with open(path.with_name(path.name + ".migrating"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _current(db) == head():
            return
        engine = sqlalchemy.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})
        try:
            with engine.begin() as connection:
                command.upgrade(_config(connection), "head")
        finally:
            engine.dispose()
