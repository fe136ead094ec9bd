"""Passage vectors kept when Elasticsearch records are written again.

Ingest re-adding a document and ``poshuk reindex`` both write the whole ``kind=doc``
record anew, which would drop the vectors ``poshuk embed`` stored on it (hours of model
time on two cores for a large archive). Before a chunk of records is written, the
vectors already in the index for those documents are read back and put on the new
records when they were made from the same content (the document's sha256); a document
whose content changed is written without them, and ``poshuk embed`` sees it as stale."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from poshuk.core.engines.es_query import DOC_RECORDS, keyword_in
from poshuk.core.model import Document
from poshuk.core.schema import VectorFields


def kept_vectors(client: Elasticsearch, read_from: str, fields: VectorFields,
                 docs: list[Document]) -> dict[str, dict[str, Any]]:
    """For each of ``docs`` whose record in ``read_from`` (an index or alias; absent is
    fine) carries vectors of its present content: the fields to write with it again."""
    if not docs:
        return {}
    sha = {doc.id: doc.sha256 for doc in docs}
    query = {"bool": {"filter": [DOC_RECORDS, keyword_in("id", list(sha)),
                                 {"exists": {"field": fields.model_field}}]}}
    kept = [fields.model_field, fields.content_field, fields.field]
    found = client.options(ignore_status=404).search(
        index=read_from, query=query, size=len(sha), track_total_hits=False,
        # Elasticsearch 9 leaves vectors out of _source unless asked for them
        source={"includes": ["id", *kept], "exclude_vectors": False},
    )
    rows = found.get("hits", {}).get("hits", [])
    return {row["_source"]["id"]: {name: row["_source"][name] for name in kept}
            for row in rows
            if row["_source"].get(fields.content_field) == sha[row["_source"]["id"]]
            and row["_source"].get(fields.field)}
