"""Rate limits: anonymous callers and failed authentication are slowed down with 429 and
``Retry-After``; a token never reaches the audit trail or the log."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from poshuk.core.accounts import Accounts
from poshuk.core.audit import AuditLog
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from search_api.auth import ANONYMOUS_LIMIT, FAILED_AUTH_LIMIT
from tests.api.conftest import serve


def archive_with_an_account(home: Path) -> str:
    catalog = Catalog(home / "catalog.sqlite3")
    token = Accounts(catalog.db).add_user("ana")
    catalog.close()
    return token


def test_failed_authentication_is_limited(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                          ) -> None:
    token = archive_with_an_account(tmp_path)
    allowed = int(FAILED_AUTH_LIMIT.split("/")[0])
    with serve(Settings(home=tmp_path)) as base_url, httpx.Client(base_url=base_url) as client:
        assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        bad = [client.get("/me", headers={"Authorization": f"Bearer wrong{n}"}).status_code
               for n in range(allowed + 1)]
        blocked = client.get("/me", headers={"Authorization": f"Bearer {token}"})
        signin = client.post("/session", json={"name": "ana", "password": "whatever it is"})
    assert bad == [401] * allowed + [429]
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert signin.status_code == 429
    entries = list(AuditLog(tmp_path / "catalog.sqlite3").entries(action="sign_in_failed"))
    assert len(entries) == allowed
    assert all(token not in str(e) and "wrong" not in str(e) for e in entries)
    assert token not in caplog.text


def test_anonymous_requests_are_limited(tmp_path: Path) -> None:
    archive_with_an_account(tmp_path)
    allowed = int(ANONYMOUS_LIMIT.split("/")[0])
    with serve(Settings(home=tmp_path)) as base_url, httpx.Client(base_url=base_url) as client:
        codes = [client.get("/me").status_code for _ in range(allowed + 1)]
    assert codes[:allowed] == [200] * allowed and codes[-1] == 429


def test_the_single_user_tool_is_not_limited(tmp_path: Path) -> None:
    Catalog(tmp_path / "catalog.sqlite3").close()
    allowed = int(ANONYMOUS_LIMIT.split("/")[0])
    with serve(Settings(home=tmp_path)) as base_url, httpx.Client(base_url=base_url) as client:
        codes = {client.get("/me").status_code for _ in range(allowed + 1)}
    assert codes == {200}
