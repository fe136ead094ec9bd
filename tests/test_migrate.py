"""``poshuk migrate``: a catalog made by a real ingest (plus an account, a saved search and
audit entries) moves from SQLite to PostgreSQL with every table's rows and checksum
equal, is searched and read through the migrated catalog, refuses to overwrite a filled
target, and any later difference is reported; the way back to SQLite works too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from poshuk.core.accounts import Accounts
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.db import connect, sqlite_url
from poshuk.core.db_copy import compare_all, copy_catalog
from poshuk.core.saved_searches import SavedSearches
from tests.api.conftest import serve
from tests.pg import PgServer
from tests.processes import ROOT, cli

NEWS = ROOT / "tests" / "fixtures" / "news"


def poshuk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "poshuk.cli", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=600, env={**os.environ, "POSHUK_HOME": str(home), "COLUMNS": "200"},
    )


def test_an_ingested_catalog_moves_to_postgresql_and_back(pg_server: PgServer,
                                                          tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"POSHUK_HOME": str(home), "POSHUK_ENGINE": "tantivy", "POSHUK_WORKERS": "1"}
    cli(env, "ingest", str(NEWS))
    cli(env, "users", "add", "ana", "--admin")
    source = sqlite_url(home / "catalog.sqlite3")
    catalog = Catalog(source)
    SavedSearches(catalog.db).save("prisoners", "q=prisoners", owner="ana")
    before = catalog.stats()
    catalog.close()
    assert before["documents"] == 2
    target = pg_server.new_database()

    done = poshuk("migrate", "--from", source, "--to", target, home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    for table in ("documents", "pages", "entity_names", "minhash_bands", "users", "tokens",
                  "audit", "saved_searches", "collections"):
        line = next(line for line in done.stdout.splitlines() if f" {table} " in line)
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        assert cells[0] == table and int(cells[1]) > 0, line  # rows were there to copy
        assert (cells[1], cells[3], cells[5]) == (cells[2], cells[4], "ok"), line
    assert "DIFFERENT" not in done.stdout

    back = sqlite_url(tmp_path / "back.sqlite3")
    assert all(check.same for check in copy_catalog(target, back))

    db = connect(target)  # a row changed behind the copy's back is found
    db.execute("UPDATE pages SET text = text || '.' WHERE number = 1")
    db.close()
    different = [check.table for check in compare_all(source, target) if not check.same]
    assert different == ["pages"]

    migrated = Catalog(target)
    assert migrated.stats() == before
    assert [s.name for s in SavedSearches(migrated.db).list("ana")] == ["prisoners"]
    auth = {"Authorization": f"Bearer {Accounts(migrated.db).issue_token('ana')}"}
    migrated.close()
    settings = Settings(home=home, catalog_url=target, engine="tantivy")
    with serve(settings) as base_url:
        with httpx.Client(base_url=base_url, headers=auth, timeout=60) as client:
            hits = client.get("/search", params={"q": "Hrodna"}).json()["hits"]
            assert hits, "the migrated catalog's archive finds nothing"
            shown = client.get(f"/documents/{hits[0]['id']}")
        assert shown.status_code == 200 and "Hrodna" in str(shown.json())

    again = poshuk("migrate", "--from", source, "--to", target, home=home)
    assert again.returncode != 0 and "already holds rows" in again.stdout

