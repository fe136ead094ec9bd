"""Hostile queries against a real ``poshuk serve`` process (one API process, so a crash
is not hidden by a restart) on each engine: the written corpus in ``hostile_queries`` and
queries generated from the query grammar, sent to /search, /export and /cooccurrence.
Every answer is below 500 and within the search budget, and afterwards the same process
is alive and answers a normal search correctly."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from poshuk.core.model import Citation, Document, Entity, Page
from poshuk.serving import wait_until_serving
from tests.api.conftest import engine_settings
from tests.api.hostile_queries import HOSTILE
from tests.conftest import drop_indices
from tests.support import free_port

BUDGET_S = 10.0  # POSHUK_SEARCH_BUDGET_S of the server under test
ENDPOINTS = ("/search", "/export", "/cooccurrence")
MARKER = "zubrovka"  # a word in every third document, to check answers stay right
WORDS = ("prisoner court verdict minsk appeal article statement hunger strike amnesty "
         "палітвязень суд прысуд політзаключённый приговор navitski навіцкі").split()


def corpus(n: int = 60, seed: int = 13) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(20, 60))]
        if i % 3 == 0:
            words.insert(rng.randrange(len(words)), MARKER)
        pages = [Page(1, " ".join(words)), Page(2, " ".join(rng.sample(WORDS, 8)))]
        docs.append(Document(
            id=f"hostile{i:03d}", sha256=f"{i:064x}", file_name=f"h{i}.txt",
            media_type="text/plain", size=100, title=f"Statement {i}",
            date=dt.date(2019 + i % 6, 1 + i % 12, 1 + i % 28),
            language=rng.choice(["en", "ru", "be"]),
            type="statement", source="Viasna", pages=pages,
            entities=[Entity("person", "Andrei Navitski")] if i % 2 else [],
            citations=[Citation("BY-CC-342", "BY-CC-342")] if i % 5 == 0 else [],
        ))
    return docs


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    client: httpx.Client
    marked: set[str]  # ids of the documents holding MARKER

    def get(self, path: str, q: str | bytes) -> httpx.Response:
        """``q`` as text (UTF-8) or as raw bytes, percent-encoded as they are."""
        encoded = quote_from_bytes(q if isinstance(q, bytes) else q.encode("utf-8"), safe="")
        return self.client.get(f"{path}?q={encoded}")


def _start(home: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "poshuk.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=(home / "serve.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    if wait_until_serving(base, process, 60):
        return process, base
    process.kill()
    raise AssertionError("poshuk serve did not start: " + (home / "serve.log").read_text())


def serve_env(settings: Settings, docs: list[Document], budget_s: float) -> dict[str, str]:
    """``docs`` in the catalog and the index of ``settings``, and the environment of a
    ``poshuk serve`` on them with a search budget of ``budget_s``."""
    catalog = Catalog(settings.catalog_path)
    catalog.add_many(docs)
    catalog.close()
    engine = open_engine(settings, writable=True)
    engine.add(docs)
    engine.commit()
    engine.close()
    return {**os.environ, "POSHUK_HOME": str(settings.home), "POSHUK_ENGINE": settings.engine,
            "POSHUK_ES_URL": settings.es_url, "POSHUK_ES_INDEX": settings.es_index,
            "POSHUK_SEARCH_BUDGET_S": str(budget_s)}


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("hostile")
    settings = engine_settings(str(request.param), home, request)
    docs = corpus()
    process, base = _start(home, serve_env(settings, docs, BUDGET_S))
    marked = {doc.id for doc in docs if MARKER in doc.pages[0].text}
    try:
        with httpx.Client(base_url=base, timeout=BUDGET_S * 3) as client:
            yield Server(process, client, marked)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if settings.engine == "elasticsearch":
            drop_indices(settings.es_url, settings.es_index)


def assert_survives(server: Server, path: str, q: str | bytes) -> None:
    started = time.perf_counter()
    response = server.get(path, q)
    elapsed = time.perf_counter() - started
    assert response.status_code < 500, (path, q[:80], response.text[:300])
    assert elapsed < BUDGET_S, (path, q[:80], f"{elapsed:.1f} s over the budget")
    if response.status_code == 400:
        assert response.json()["detail"].startswith("q: "), response.text[:300]
    assert server.process.poll() is None, f"the server died on {path} {q[:80]!r}"


def assert_answers_correctly(server: Server) -> None:
    assert server.process.poll() is None
    body = server.client.get("/search", params={"q": MARKER, "size": 100}).json()
    assert {hit["id"] for hit in body["hits"]} == server.marked
    assert body["total"] == len(server.marked)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_query_is_refused_or_answered_in_budget(server: Server, name: str) -> None:
    for path in ENDPOINTS:
        assert_survives(server, path, HOSTILE[name])


def test_the_findings_of_the_issue_are_400s_naming_the_limit(server: Server) -> None:
    for name, limit in [("dashes before a word", "max_depth"), ("brackets", "max_depth"),
                        ("fuzzy flood", "max_expanding"), ("prefix flood", "max_expanding")]:
        for path in ENDPOINTS:
            response = server.get(path, HOSTILE[name])
            assert response.status_code == 400 and f"limit {limit}=" in response.text, name
    for name in ("stars inside a word", "invalid utf-8", "nul byte"):
        assert server.get("/search", HOSTILE[name]).status_code == 400, name


# --- generated from the grammar (poshuk.core.query) ------------------------------------

_LETTERS = st.sampled_from(list("abcxyzабвгўіё0129-'./ä́") + ["\u200b", "*", "~", ":"])
_WORD = st.one_of(st.sampled_from([*WORDS, MARKER, "or", "AND", "OR", "NOT"]),
                  st.text(_LETTERS, min_size=1, max_size=12))
_ATOM = st.one_of(
    _WORD,
    st.builds(lambda w: w + "*", _WORD),
    st.builds(lambda w, d: f"{w}~{d}", _WORD, st.sampled_from(["", "0", "1", "2", "3", "99"])),
    st.builds(lambda ws, s: '"' + " ".join(ws) + '"' + s, st.lists(_WORD, max_size=4),
              st.sampled_from(["", "~2", "~100", "~101"])),
    st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(
        ["title", "entity", "citation", "lang", "type", "source", "year", "date", "nope"]),
        st.one_of(_WORD, st.sampled_from(["2024", "2024-01..2024-06", "..2023", "2024-13",
                                          '"Andrei Navitski"', "..", "(x OR y)"]))),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b, op: f"{a} {op} {b}", children, children,
                  st.sampled_from(["", "AND", "OR", "NOT", "-", "+", "--"])),
        st.builds(lambda a: f"({a})", children),
        st.builds(lambda a, n: "-" * n + a, children, st.integers(0, 40)),
        st.builds(lambda a: f"title:({a})", children),
    )


QUERIES = st.one_of(
    st.recursive(_ATOM, _combine, max_leaves=40),
    st.text(max_size=300),  # anything at all
    st.builds(lambda a, n: a * n, st.recursive(_ATOM, _combine, max_leaves=4),
              st.integers(1, 400)).map(lambda q: q[:2000]),
)


@settings(max_examples=60, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=QUERIES, path=st.sampled_from(ENDPOINTS))
def test_generated_queries_never_break_the_server(server: Server, q: str, path: str) -> None:
    assert_survives(server, path, q)


def test_the_server_still_answers_a_normal_search_correctly(server: Server) -> None:
    assert_answers_correctly(server)
