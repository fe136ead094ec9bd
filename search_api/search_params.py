"""The parameters that say *which* documents (query, filters, dates, sort), shared by
``/search``, ``/export`` and ``/cooccurrence`` as one dependency."""

from __future__ import annotations

import inspect
from typing import Annotated

from fastapi import Depends, Query

from poshuk.core import thesaurus
from poshuk.core.engines import SearchMode, SearchRequest, SortOrder
from poshuk.core.query import FIELDS, parse_query
from poshuk.core.schema import load_schema
from search_api import params
from search_api.auth import CallerDep

Q_HELP = (
    'words, "phrases", AND/OR/NOT, (grouping), -word, prefix*, fuzzy~, "a b"~5, '
    + ", ".join(f"{name}:" for name in FIELDS if name != "date")
    + ", date:2024-01..2024-06"
)
Values = Annotated[list[str] | None, Query(description="repeatable; values are OR-ed")]
FACETS = load_schema().facets  # one repeatable filter parameter per facet
KNOWN = ("q", *FACETS, "date_from", "date_to", "mentioned_from", "mentioned_to", "fold", "sort",
         "expand", "mode")
_MENTIONED_HELP = "ISO date, inclusive: documents that mention a date in the range"
_EXPAND_HELP = "also search, ranked lower, the other languages' terms of a concept the query names"
_MODE_HELP = ("lexical: the words; semantic: meaning, across languages (passage vectors: needs "
              "`poshuk embed`); hybrid: both, fused by reciprocal rank")


def search_request(
    q: Annotated[str, Query(max_length=2000, description=Q_HELP)] = "",
    date_from: Annotated[str | None, Query(description="ISO date, inclusive")] = None,
    date_to: Annotated[str | None, Query(description="ISO date, inclusive")] = None,
    mentioned_from: Annotated[str | None, Query(description=_MENTIONED_HELP)] = None,
    mentioned_to: Annotated[str | None, Query(description=_MENTIONED_HELP)] = None,
    fold: Annotated[bool, Query(description="one hit per group of near-duplicate copies")]
    = False,
    sort: SortOrder = "relevance",
    expand: Annotated[bool, Query(description=_EXPAND_HELP)] = True,
    mode: Annotated[SearchMode, Query(description=_MODE_HELP)] = "lexical",
    **facets: list[str] | None,
) -> SearchRequest:
    start = params.parse_date("date_from", date_from)
    end = params.parse_date("date_to", date_to)
    params.check_range(start, end)
    talked_from = params.parse_date("mentioned_from", mentioned_from)
    talked_to = params.parse_date("mentioned_to", mentioned_to)
    params.check_range(talked_from, talked_to, ("mentioned_from", "mentioned_to"))
    params.check_years(facets.get("year") or [])
    return SearchRequest(
        query=thesaurus.expand(parse_query(q)) if expand else parse_query(q),
        filters={name: values for name, values in facets.items() if values},
        date_from=start,
        date_to=end,
        mentioned_from=talked_from,
        mentioned_to=talked_to,
        fold_copies=fold,
        sort=browse_order(q, sort),
        mode=mode,
        text=q,
    )


# FastAPI reads parameters from the signature: the facets' are added from the schema.
_fixed = [p for p in inspect.signature(search_request).parameters.values()
          if p.kind is not inspect.Parameter.VAR_KEYWORD]
search_request.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [*_fixed[:1],
     *(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Values)
       for name in FACETS),
     *(p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in _fixed[1:])],
    return_annotation=SearchRequest,
)


def browse_order(q: str, sort: SortOrder) -> SortOrder:
    """With no query words every document scores the same, so "relevance" would be no
    visible order: browsing the archive shows the newest first instead."""
    return "date_desc" if sort == "relevance" and not q.strip() else sort


def readable_request(
    criteria: Annotated[SearchRequest, Depends(search_request)], caller: CallerDep
) -> SearchRequest:
    """The request limited, inside the engine query, to what the caller may read."""
    criteria.scope = {**criteria.scope, **caller.scope()}
    return criteria


SearchRequestDep = Annotated[SearchRequest, Depends(readable_request)]
