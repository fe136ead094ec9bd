"""The UI's facets are the index template's (``_meta``), each with a label."""

from __future__ import annotations

from poshuk.core.schema import load_schema
from ui import strings
from ui.state import FACETS


def test_every_facet_has_a_label_and_every_label_a_facet() -> None:
    facets = load_schema().facets
    assert FACETS == facets
    assert [f for f in facets if not strings.FACET_TITLES.get(f)] == [], "facets with no label"
    assert set(strings.FACET_TITLES) == set(facets), "labels of facets that do not exist"
