"""``poshuk embed``: passage vectors for semantic and hybrid search (the ``semantic``
extra). Not run at ingest: the packaged model embeds a few 200-word passages a second on
two cores, far slower than ingest, so it is its own resumable stage."""

from __future__ import annotations

import json

import typer

from poshuk.cli_options import DataDir, EngineOpt, EsUrl, _fail, _settings, console
from poshuk.core import semantic
from poshuk.core.catalog import Catalog
from poshuk.core.engines import EngineUnavailable, open_engine
from poshuk.progress import progress

SEMANTIC_MISSING = "the semantic extra is not installed: pip install 'poshuk[semantic]'"


def embed(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
) -> None:
    """Embed every document without current vectors (resumable: stop it and run it again;
    a model change makes every vector stale)."""
    if not semantic.available():
        raise _fail(SEMANTIC_MISSING)
    from poshuk.core.embedding import embed_catalog
    from poshuk.core.engines.vectors import open_vectors

    settings = _settings(data_dir, engine, es_url)
    try:
        index = open_engine(settings)
        store = open_vectors(settings, index, writable=True)
    except (EngineUnavailable, RuntimeError) as err:
        raise _fail(str(err)) from err
    catalog = Catalog(settings.catalog_path)
    try:
        with progress(console, "embed", catalog.count_ok(), "docs", disable=as_json) as advance:
            summary = embed_catalog(catalog, store, semantic.Embedder(), advance)
        vectors = store.count()
    finally:
        store.close()
        index.close()
        catalog.close()
    rate = summary.passages / summary.seconds if summary.seconds else 0.0
    result = {"embedded": summary.documents, "already_current": summary.skipped,
              "passages": summary.passages, "passages_per_s": round(rate, 1),
              "documents_with_vectors": vectors, "model": store.model}
    if as_json:
        print(json.dumps(result))
    else:
        console.print(
            f"embedded {summary.documents} documents ({summary.passages} passages, "
            f"{rate:.1f}/s), {summary.skipped} already current; {vectors} documents have "
            f"vectors from {store.model}"
        )


def register(app: typer.Typer) -> None:
    app.command()(embed)
