"""One definition per shape: the facets of the index template (``_meta``) are the query
language's fields and the search parameters, with nothing listed by hand beside them."""

from __future__ import annotations

import inspect

import pytest

from poshuk.core.query import Keyword, parse_query
from poshuk.core.schema import load_schema
from search_api.search_params import KNOWN, search_request

FACETS = load_schema().facets


@pytest.mark.parametrize("facet", FACETS)
def test_each_facet_is_a_field_of_the_query_language(facet: str) -> None:
    node = parse_query(f'{facet}:"x"')
    assert isinstance(node, Keyword) and node.field == facet


def test_each_facet_is_a_repeatable_search_parameter() -> None:
    parameters = inspect.signature(search_request).parameters
    for facet in FACETS:
        assert facet in KNOWN and facet in parameters
        assert "list[str]" in str(parameters[facet].annotation)
