"""Fixtures shared by every test package (more may follow below)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from poshuk import esnode
from poshuk.core.catalog import Catalog
from poshuk.core.db import sqlite_url
from tests import pg


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The project checkout: the parent of ``tests/``."""
    return Path(__file__).resolve().parent.parent


# Real documents and data written by others, beside the checkout (read-only; another place
# through POSHUK_SHARED_DIR). Only measurements against this outside corpus read it; core
# tests use ``tests/fixtures/``.
SHARED = Path(
    os.environ.get("POSHUK_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared"
)


def require_shared(what: str = "") -> Path:
    """``../shared/<what>``; skip when it is absent, or fail under ``REQUIRE_SHARED=1``
    (set by ``.ci/run``)."""
    path = SHARED / what
    if path.exists():
        return path
    problem = f"../shared/{what} is absent: the outside corpus these measurements need"
    if os.environ.get("REQUIRE_SHARED") == "1":
        pytest.fail(f"REQUIRE_SHARED=1 but {problem}")
    pytest.skip(problem)


def shared_cases(what: str, cases: list[Any]) -> list[Any]:
    """Parametrisation from ``../shared/<what>``: the cases, or one placeholder when it is
    absent, so the test itself skips (or fails) through ``require_shared``. An empty list
    with the corpus present fails at collection (``empty_parameter_set_mark``)."""
    if (SHARED / what).exists():
        return cases
    return [pytest.param(None, id="no-shared")]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared``, for tests that measure against the outside corpus."""
    return require_shared()


def _require_es(problem: str) -> None:
    """Skip without a node, or fail under ``REQUIRE_ES=1`` (set by ``.ci/run``)."""
    if os.environ.get("REQUIRE_ES") == "1":
        pytest.fail(f"REQUIRE_ES=1 but no Elasticsearch node: {problem}")
    pytest.skip(f"no Elasticsearch node: {problem}")


def _require_local_es() -> None:
    """The local distribution and a JDK for it, or skip (fail under ``REQUIRE_ES=1``)."""
    if not esnode.is_installed():
        _require_es("the local distribution is not installed (scripts/setup.sh installs it)")
    try:
        esnode.find_jdk()
    except esnode.NodeError as err:
        _require_es(str(err))


@pytest.fixture(scope="session")
def es_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real node: ``POSHUK_ES_URL`` if set, else one started for this run (and stopped)."""
    if given := os.environ.get("POSHUK_ES_URL"):
        yield given
        return
    _require_local_es()
    with esnode.temporary_node(f"pytest-{os.getpid()}") as node:
        yield node.url


def unique_alias(prefix: str = "t") -> str:
    """An index alias no other test uses (the template's indices are ``<alias>-v1-*``)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def drop_indices(url: str, alias: str) -> None:
    """Delete every index made for ``alias`` (by name: the node refuses wildcard deletes)."""
    with httpx.Client(base_url=url, timeout=30) as client:
        found = client.get(f"/{alias}-*", params={"expand_wildcards": "all"})
        for name in found.json() if found.status_code == 200 else []:
            client.delete(f"/{name}")


@pytest.fixture(scope="session")
def es_cluster() -> Iterator[esnode.LocalCluster]:
    """Three nodes of the local distribution joined into one cluster, for the tests that
    kill nodes (never the shared ``POSHUK_ES_URL``, which others rely on). Started only
    when a test asks for it: ~1.2 GB of heap on a shared machine."""
    _require_local_es()
    with esnode.temporary_cluster(f"pytest-cluster-{os.getpid()}", n=3) as cluster:
        yield cluster


def _require_pg(problem: str) -> None:
    """Skip without PostgreSQL, or fail under ``REQUIRE_PG=1`` (set by ``.ci/run``)."""
    if os.environ.get("REQUIRE_PG") == "1":
        pytest.fail(f"REQUIRE_PG=1 but PostgreSQL cannot start: {problem}")
    pytest.skip(f"no PostgreSQL: {problem}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.PgServer]:
    """A real PostgreSQL server for this run, with the migrated catalog as a template."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(pg.temporary_server())
        except pg.PgUnavailable as err:
            _require_pg(str(err))
        server.sql(f"CREATE DATABASE {pg.TEMPLATE}")
        Catalog(server.url(pg.TEMPLATE)).close()
        yield server


CATALOGS = ["sqlite", "postgresql"]


@pytest.fixture(params=CATALOGS)
def catalog_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty catalog's URL on each backend: a SQLite file, or a fresh PostgreSQL
    database (dropped afterwards)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "catalog.sqlite3")
        return
    server: pg.PgServer = request.getfixturevalue("pg_server")
    url = server.new_database()
    yield url
    server.drop_database(url)


# `make test` runs two pytest-xdist workers (`--dist loadgroup`). A session server that is
# costly to build (an archive ingested and served on one engine, the 3-node cluster) would
# be built once per worker; grouping every test that uses one keeps it to one build.
_COSTLY_PARAMETRISED = ("engine_env", "archive", "demo_api")  # tests/ui, tests/api, tests/http


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks into the test ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        params = getattr(item, "callspec", None)
        found = [f"{name}-{params.params[name]}" for name in _COSTLY_PARAMETRISED
                 if params is not None and name in params.params]
        if "es_cluster" in getattr(item, "fixturenames", ()):
            found.append("es_cluster")
        if found:
            item.add_marker(pytest.mark.xdist_group(found[0]))
