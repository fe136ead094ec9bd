"""The parameters that say *which* documents (query, filters, dates, sort), shared by
``/search``, ``/export`` and ``/cooccurrence`` as one dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from poshuk.core.engines import SearchRequest, SortOrder
from poshuk.core.query import parse_query
from search_api import params
from search_api.auth import CallerDep

Q_HELP = (
    'words, "phrases", AND/OR/NOT, (grouping), -word, prefix*, fuzzy~, "a b"~5, '
    "title:, entity:, citation:, lang:, type:, source:, year:, collection:, "
    "date:2024-01..2024-06"
)
Values = Annotated[list[str] | None, Query(description="repeatable; values are OR-ed")]
KNOWN = ("q", "lang", "type", "source", "entity", "citation", "year", "collection",
         "date_from", "date_to",
         "mentioned_from", "mentioned_to", "fold", "sort")
_MENTIONED_HELP = "ISO date, inclusive: documents that mention a date in the range"


def search_request(
    q: Annotated[str, Query(max_length=2000, description=Q_HELP)] = "",
    lang: Values = None,
    type: Values = None,
    source: Values = None,
    entity: Values = None,
    citation: Values = None,
    year: Values = None,
    collection: Values = None,
    date_from: Annotated[str | None, Query(description="ISO date, inclusive")] = None,
    date_to: Annotated[str | None, Query(description="ISO date, inclusive")] = None,
    mentioned_from: Annotated[str | None, Query(description=_MENTIONED_HELP)] = None,
    mentioned_to: Annotated[str | None, Query(description=_MENTIONED_HELP)] = None,
    fold: Annotated[bool, Query(description="one hit per group of near-duplicate copies")]
    = False,
    sort: SortOrder = "relevance",
) -> SearchRequest:
    start = params.parse_date("date_from", date_from)
    end = params.parse_date("date_to", date_to)
    params.check_range(start, end)
    talked_from = params.parse_date("mentioned_from", mentioned_from)
    talked_to = params.parse_date("mentioned_to", mentioned_to)
    params.check_range(talked_from, talked_to, ("mentioned_from", "mentioned_to"))
    params.check_years(year or [])
    filters = {
        "lang": lang, "type": type, "source": source,
        "entity": entity, "citation": citation, "year": year, "collection": collection,
    }
    return SearchRequest(
        query=parse_query(q),
        filters={name: values for name, values in filters.items() if values},
        date_from=start,
        date_to=end,
        mentioned_from=talked_from,
        mentioned_to=talked_to,
        fold_copies=fold,
        sort=sort,
    )


def readable_request(
    criteria: Annotated[SearchRequest, Depends(search_request)], caller: CallerDep
) -> SearchRequest:
    """The request limited, inside the engine query, to what the caller may read."""
    criteria.scope = {**criteria.scope, **caller.scope()}
    return criteria


SearchRequestDep = Annotated[SearchRequest, Depends(readable_request)]
