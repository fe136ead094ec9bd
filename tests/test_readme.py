"""Every search example in the README's "Search syntax" table finds something in the demo
archive, the archive the README tells a newcomer to build."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.demo import build_demo_archive
from ingest.pipeline import Pipeline
from poshuk.core import thesaurus
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines.base import SearchRequest
from poshuk.core.engines.tantivy_engine import TantivyEngine
from poshuk.core.query import parse_query

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_queries() -> list[str]:
    """The code spans in the first column ("you type") of the "Search syntax" table."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Search syntax"):]
    section = section[: section.index("\n\n", section.index("| you type"))]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [query for row in rows[2:] for query in re.findall(r"`([^`]+)`", row.split(" | ")[0])]


QUERIES = readme_queries()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TantivyEngine]:
    root = tmp_path_factory.mktemp("demo")
    settings = Settings(home=root / "home")
    catalog = Catalog(settings.catalog_path)
    engine = TantivyEngine(settings.index_dir, writable=True)
    build_demo_archive(root / "files")
    Pipeline(catalog, BlobStore(settings.blob_dir), engine).ingest([root / "files"])
    catalog.close()
    yield engine
    engine.close()


def test_the_table_lists_the_examples() -> None:
    assert len(QUERIES) >= 20, QUERIES


@pytest.mark.parametrize("query", QUERIES)
def test_every_readme_example_finds_a_demo_document(demo: TantivyEngine, query: str) -> None:
    # as /search does by default: a concept also searches its terms in the other languages
    request = SearchRequest(thesaurus.expand(parse_query(query)), size=1, highlights=False)
    result = demo.search(request)
    assert result.total >= 1, f"{query!r} finds nothing in the demo archive"
