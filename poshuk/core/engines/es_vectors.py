"""Passage vectors in Elasticsearch: a nested ``dense_vector`` (one per passage) and the
model's name on each document record (``mappings/``: the template's ``vectors`` entry).

The rights filter sits inside the kNN query: its ``filter`` carries the request's scope
(the caller's collections), facet filters and dates, so the k nearest are drawn from the
documents the caller may read and nothing else is ever scored. Storing vectors re-sends
the whole document record (an update would lose the fields ``_source`` leaves out), with
the sha256 of the content they were made from: a document re-added by ingest or reindex
keeps them when that content is unchanged (``es_kept_vectors``) and loses them otherwise,
so ``poshuk embed`` sees it as stale and embeds it again."""

from __future__ import annotations

from typing import Any

import numpy as np

from poshuk.core.engines.base import SearchRequest
from poshuk.core.engines.es_bulk import es_source
from poshuk.core.engines.es_engine import ElasticsearchEngine
from poshuk.core.engines.es_query import DOC_RECORDS, keyword_in
from poshuk.core.model import Document
from poshuk.core.records import doc_record

NUM_CANDIDATES = 10  # HNSW candidates per shard per wanted document (recall against cost)


class ElasticsearchVectors:
    def __init__(self, engine: ElasticsearchEngine, model: str) -> None:
        self.engine = engine
        self.model = model
        self.fields = engine.shared.vectors

    def _records(self, ids: list[str]) -> dict[str, tuple[tuple[Any, Any], int, int]]:
        """Each indexed document's model name and content sha256 of its vectors, and the
        version of its record (sequence number, primary term), by id; a document not in
        the index is absent."""
        query = {"bool": {"filter": [DOC_RECORDS, keyword_in("id", ids)]}}
        found = self.engine._call(lambda: self.engine.client.search(
            index=self.engine.alias, query=query, size=len(ids), seq_no_primary_term=True,
            source={"includes": ["id", self.fields.model_field, self.fields.content_field]},
            track_total_hits=False,
        ))
        return {row["_source"]["id"]: ((row["_source"].get(self.fields.model_field),
                                        row["_source"].get(self.fields.content_field)),
                                       int(row["_seq_no"]), int(row["_primary_term"]))
                for row in found["hits"]["hits"]}

    def stale(self, docs: list[Document]) -> list[Document]:
        """Indexed documents without this model's vectors of their present content (one
        not indexed yet gets them once it is)."""
        records = self._records([doc.id for doc in docs]) if docs else {}
        return [doc for doc in docs
                if doc.id in records and records[doc.id][0] != (self.model, doc.sha256)]

    def put(self, embedded: list[tuple[Document, np.ndarray]]) -> None:
        """Written only over the very record version read here: a document deleted or
        re-added meanwhile is left alone (the write conflicts) rather than brought back
        or reverted; the next run sees it."""
        index = self.engine._write_index()
        records = self._records([doc.id for doc, _ in embedded]) if embedded else {}
        operations: list[dict[str, Any]] = []
        for doc, vectors in embedded:
            if doc.id not in records:
                continue
            _made, seq_no, term = records[doc.id]
            record = doc_record(doc)
            source = {
                **es_source(record),
                self.fields.model_field: self.model,
                self.fields.content_field: doc.sha256,
                self.fields.field: [{"vector": row.tolist()} for row in vectors],
            }
            operations += [{"index": {"_index": index, "_id": record["id"], "if_seq_no": seq_no,
                                      "if_primary_term": term}}, source]
        if operations:
            found = self.engine._call(lambda: self.engine.client.bulk(operations=operations))
            failed = [item["index"] for item in found["items"]
                      if "error" in item["index"] and item["index"].get("status") != 409]
            if failed:
                raise RuntimeError(f"Elasticsearch refused {len(failed)} vector records, "
                                   f"e.g. {str(failed[0])[:300]}")

    def commit(self) -> None:
        self.engine.commit()

    def count(self) -> int:
        query = {"bool": {"filter": [DOC_RECORDS,
                                     keyword_in(self.fields.model_field, [self.model])]}}
        found = self.engine._call(
            lambda: self.engine.client.count(index=self.engine.alias, query=query))
        return int(found["count"])

    def nearest(self, vector: np.ndarray, request: SearchRequest, size: int) -> list[str]:
        base, filters = self.engine._queries(request)
        knn = {
            "field": f"{self.fields.field}.vector",
            "query_vector": vector.tolist(),
            "k": size,
            "num_candidates": max(size * NUM_CANDIDATES, 100),
            # the caller's rights (scope), the facet filters and the dates, inside the kNN
            "filter": [*base, *filters.values()],
        }
        found = self.engine._search(body={"knn": knn, "size": size, "_source": ["id"]})
        return [row["_source"]["id"] for row in found["hits"]["hits"]]

    def close(self) -> None:
        pass
