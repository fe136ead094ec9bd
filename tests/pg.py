"""A real PostgreSQL server for tests, from Debian's ``postgresql`` package: initdb into a
temporary directory, a free port on loopback, its unix socket in that directory, and
``fsync=off`` (a test server need not survive a power cut). Run as root, the server runs as
the ``postgres`` user (initdb and postgres refuse root). Each test gets its own database,
copied from a template the catalog's migrations built once (``CREATE DATABASE … TEMPLATE``
takes milliseconds)."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support import free_port

BIN = Path(os.environ.get("POSHUK_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "poshuk_template"


class PgUnavailable(RuntimeError):
    """PostgreSQL cannot be started here (not installed, no user to run it as …)."""


class PgServer:
    def __init__(self, folder: Path, port: int, process: subprocess.Popen[bytes]) -> None:
        self.folder, self.port, self.process = folder, port, process

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def new_database(self, template: str = TEMPLATE) -> str:
        """A fresh database copied from ``template``; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def new_database_with_admin(self, name: str, password: str) -> str:
        """A fresh database whose catalog has one administrator, ``name``."""
        from poshuk.core.accounts import Accounts
        from poshuk.core.catalog import Catalog

        url = self.new_database()
        catalog = Catalog(url)
        accounts = Accounts(catalog.db)
        accounts.add_user(name, admin=True)
        accounts.set_password(name, password)
        catalog.close()
        return url

    def drop_database(self, url: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _run_as() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when this process is root; None: as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as err:
        raise PgUnavailable("running as root and there is no 'postgres' user") from err
    return user.pw_uid, user.pw_gid


def _log_tail(log: Path) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-15:])
    except OSError:
        return "(no log)"


@contextmanager
def temporary_server() -> Iterator[PgServer]:
    """Start a server in a temporary directory; stopped and removed afterwards."""
    if not (BIN / "postgres").exists():
        raise PgUnavailable(f"no {BIN}/postgres (scripts/setup.sh installs Debian's postgresql)")
    owner = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="poshuk-pg-"))
    as_user: dict[str, int] = {} if owner is None else {"user": owner[0], "group": owner[1]}
    process: subprocess.Popen[bytes] | None = None
    try:
        if owner is not None:
            os.chown(folder, *owner)
        data, log = folder / "data", folder / "server.log"
        done = subprocess.run(
            [str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "--no-locale", "-E", "UTF8", "--no-sync"],
            capture_output=True, text=True, timeout=120, cwd=folder, **as_user,  # type: ignore[arg-type]
        )
        if done.returncode != 0:
            raise PgUnavailable(f"initdb failed: {done.stderr.strip()[-500:]}")
        port = free_port()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(BIN / "postgres"), "-D", str(data), "-p", str(port),
                 "-k", str(folder), "-c", "listen_addresses=127.0.0.1",
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=200",
                 "-c", "shared_buffers=32MB"],
                stdout=out, stderr=subprocess.STDOUT, cwd=folder, **as_user,  # type: ignore[arg-type]
            )
        server = PgServer(folder, port, process)
        _wait_ready(server, log)
        yield server
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # "fast" shutdown
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(server: PgServer, log: Path, timeout: float = 60) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise PgUnavailable(f"postgres exited with {server.process.returncode}:\n"
                                f"{_log_tail(log)}")
        try:
            psycopg.connect(server.url(), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            time.sleep(0.2)
    raise PgUnavailable(f"postgres did not accept connections within {timeout:.0f} s:\n"
                        f"{_log_tail(log)}")
