"""Two real ``poshuk serve`` processes (two data dirs, as on two machines) share one
PostgreSQL catalog, one Elasticsearch index, one blob store and one audit key: a sign-in,
a saved search, an upload and the audit entries made through one are seen through the
other at once, and the audit chain both appended to still verifies."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from poshuk.core.audit import AuditLog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from tests.conftest import drop_indices, unique_alias
from tests.pg import PgServer
from tests.processes import serve, stop

WORD = "vyshkovichi"  # only in the uploaded file
PASSWORD = "a long passphrase for ana"


@pytest.fixture
def two_servers(pg_server: PgServer, es_url: str, tmp_path: Path
                ) -> Iterator[tuple[str, str, dict[str, str]]]:
    url = pg_server.new_database_with_admin("ana", PASSWORD)
    alias = unique_alias("shared")
    open_engine(Settings(home=tmp_path, engine="elasticsearch", es_url=es_url,
                         es_index=alias), writable=True).close()  # the empty index
    env = {"POSHUK_CATALOG_URL": url, "POSHUK_ENGINE": "elasticsearch", "POSHUK_ES_URL": es_url,
           "POSHUK_ES_INDEX": alias, "POSHUK_BLOBS": str(tmp_path / "blobs"),
           "POSHUK_AUDIT_KEY_FILE": str(tmp_path / "audit.key"), "POSHUK_API_WORKERS": "1",
           "POSHUK_WORKERS": "1", "POSHUK_OCR": "false"}
    first = serve(tmp_path / "a", env, tmp_path / "a.log")
    try:
        second = serve(tmp_path / "b", env, tmp_path / "b.log")
    except BaseException:
        stop(first[0])
        raise
    try:
        yield first[1], second[1], env
    finally:
        stop(first[0])
        stop(second[0])
        drop_indices(es_url, alias)
        pg_server.drop_database(url)


def test_what_one_server_writes_the_other_sees_at_once(
    two_servers: tuple[str, str, dict[str, str]], tmp_path: Path
) -> None:
    a_url, b_url, env = two_servers
    signed = httpx.post(f"{a_url}/session", json={"name": "ana", "password": PASSWORD})
    assert signed.status_code == 201, signed.text
    auth = {"Authorization": f"Bearer {signed.json()['token']}"}
    with httpx.Client(base_url=a_url, headers=auth, timeout=60) as a, \
            httpx.Client(base_url=b_url, headers=auth, timeout=60) as b:
        assert b.get("/me").json()["user"] == "ana"  # a session A issued works on B

        saved = a.post("/saved-searches", json={"name": "villages", "query": f"q={WORD}"})
        assert saved.status_code == 201, saved.text
        assert [s["query"] for s in b.get("/saved-searches").json()] == [f"q={WORD}"]

        uploaded = a.post("/documents", files={"file": (
            "statement.txt", f"Statement of the residents of {WORD} about the search.\n")})
        assert uploaded.status_code == 202, uploaded.text
        doc_id = uploaded.json()["id"]
        assert b.get(f"/documents/{doc_id}").json()["status"] in ("queued", "ok")
        deadline = time.monotonic() + 120
        while b.get(f"/documents/{doc_id}").json()["status"] == "queued":
            assert time.monotonic() < deadline, "the upload was not parsed within 120 s"
            time.sleep(0.5)
        found = []
        while time.monotonic() < deadline and not found:
            found = [hit["id"] for hit in b.get("/search", params={"q": WORD}).json()["hits"]]
            time.sleep(0.3)
        assert found == [doc_id]

        b.get("/search", params={"q": "residents"})  # audited by B
        actions = [(e["action"], e["document_id"]) for e in a.get("/audit").json()]
        assert ("sign_in", None) in actions and ("upload", doc_id) in actions
        assert actions[-1][0] == "search"
    log = AuditLog(env["POSHUK_CATALOG_URL"], Path(env["POSHUK_AUDIT_KEY_FILE"]))
    assert log.verify() == []  # both servers appended to one unbroken chain
    log.close()
