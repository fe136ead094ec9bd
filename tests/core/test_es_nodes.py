"""Several Elasticsearch addresses and the index layout: what one node can show (the
three-node fault test is tests/test_es_cluster.py)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from poshuk.core.config import Settings, es_urls
from poshuk.core.engines import EngineUnavailable, SearchRequest
from poshuk.core.engines.es_engine import ElasticsearchEngine
from poshuk.core.query import parse_query
from tests.core.test_engine import _doc
from tests.support import free_port
from tests.test_cli import poshuk


def test_es_url_takes_several_nodes() -> None:
    assert es_urls(" http://a:9200/, https://b:9243 ,,http://c:9200") == [
        "http://a:9200", "https://b:9243", "http://c:9200"]
    settings = Settings(es_url="http://es01:9200,http://es02:9200")
    assert settings.es_urls == ["http://es01:9200", "http://es02:9200"]
    for bad in ("", " , ", "es01:9200", "ftp://es01:21", "http://a:9200,b:9200"):
        with pytest.raises(ValidationError, match="node"):
            Settings(es_url=bad)


def test_a_bad_node_list_is_a_clear_cli_error(tmp_path: Path) -> None:
    result = poshuk("status", "--es-url", "es01:9200", home=tmp_path, check=False)
    assert result.returncode == 2
    assert "bad setting" in result.stdout and "http://host:port" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_node_that_is_down_is_passed_over(es_url: str, alias: str, tmp_path: Path) -> None:
    """The first address answers nothing: every request still succeeds on the next one."""
    down = f"http://127.0.0.1:{free_port()}"
    engine = ElasticsearchEngine(f"{down},{es_url}", alias, writable=True)
    engine.add([_doc(f"d{i}", [f"statement {i} on the appeal"]) for i in range(20)])
    engine.commit()
    request = SearchRequest(parse_query("appeal"), highlights=False)
    assert [engine.search(request).total for _ in range(10)] == [20] * 10
    assert engine.health() == "green"
    status = poshuk("status", "--engine", "elasticsearch", "--es-url", f"{down},{es_url}",
                    home=tmp_path, env={"POSHUK_ES_INDEX": alias}).stdout
    assert "20 documents indexed, cluster green" in status


def test_no_node_answering_is_unavailable_at_once(alias: str) -> None:
    ports = [free_port(), free_port()]
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="not answering"):
        ElasticsearchEngine(",".join(f"http://127.0.0.1:{p}" for p in ports), alias)
    assert time.monotonic() - started < 10


def test_shards_and_replicas_shape_a_new_index(es_url: str, alias: str) -> None:
    ElasticsearchEngine(es_url, alias, writable=True, shards=2, replicas=0)
    found = httpx.get(f"{es_url}/{alias}/_settings", timeout=30).json()
    [settings] = [body["settings"]["index"] for body in found.values()]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("2", "0")


def test_records_become_searchable_at_commit_and_not_before(es_url: str, alias: str) -> None:
    """As on tantivy: the node does not refresh on its own, so a pass's records appear
    together, at the pipeline's commit (and in one segment, not one a second)."""
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([_doc("d1", ["statement on the appeal"])])
    time.sleep(1.5)  # longer than the node's default refresh interval
    request = SearchRequest(parse_query("appeal"), highlights=False)
    assert engine.search(request).total == 0
    engine.commit()
    assert engine.search(request).total == 1
    # an index made before the setting gets it when opened for writing
    httpx.put(f"{es_url}/{alias}/_settings", json={"index": {"refresh_interval": "1s"}},
              timeout=30).raise_for_status()
    ElasticsearchEngine(es_url, alias, writable=True)
    found = httpx.get(f"{es_url}/{alias}/_settings", timeout=30).json()
    [settings] = [body["settings"]["index"] for body in found.values()]
    assert settings["refresh_interval"] == "-1"
