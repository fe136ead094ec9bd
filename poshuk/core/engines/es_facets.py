"""Facet counts and the monthly histogram on Elasticsearch: how they are asked for in one
search (filter aggregations, disjunctive per selected facet) and read back."""

from __future__ import annotations

from typing import Any

from poshuk.core.engines.base import FacetValue, HistogramBucket, SearchRequest, order_facet
from poshuk.core.engines.es_query import MATCH_ALL, Query


def aggregations(
    request: SearchRequest, filters: dict[str, Query], facets: tuple[str, ...]
) -> dict[str, Any]:
    """Unselected facets and the histogram share one filter aggregation with every
    facet filter; each selected facet gets one with every filter but its own."""
    size = request.facet_size
    shared: dict[str, Any] = {
        name: {"terms": {"field": name, "size": size}}
        for name in facets if name not in filters
    }
    shared["_histogram"] = {
        "date_histogram": {
            "field": "date", "calendar_interval": "month", "format": "yyyy-MM",
            "min_doc_count": 1,
        }
    }
    aggs: dict[str, Any] = {"_all": _filtered(list(filters.values()), shared)}
    for name in filters:
        others = [q for f, q in filters.items() if f != name]
        aggs[f"_{name}"] = _filtered(others, {name: {"terms": {"field": name, "size": size}}})
    return aggs

def read_aggregations(
    request: SearchRequest, aggs: dict[str, Any], facets: tuple[str, ...]
) -> tuple[dict[str, list[FacetValue]], list[HistogramBucket]]:
    counts: dict[str, dict[str, int]] = {}
    for wrapper in aggs.values():
        for name, agg in wrapper.items():
            if isinstance(agg, dict) and "buckets" in agg:
                counts[name] = {
                    str(b.get("key_as_string", b["key"])): int(b["doc_count"])
                    for b in agg["buckets"]
                }
    found = {
        name: order_facet(counts.get(name, {}), request.filters.get(name, []),
                          request.facet_size)
        for name in facets
    }
    months = counts.get("_histogram", {})
    return found, [HistogramBucket(key, months[key]) for key in sorted(months)]


def _filtered(filters: list[Query], aggs: dict[str, Any]) -> dict[str, Any]:
    return {"filter": {"bool": {"filter": filters}} if filters else MATCH_ALL, "aggs": aggs}
