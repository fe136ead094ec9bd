"""Saved searches in the catalog, on both backends: per owner, replaced by name, listed
case-insensitively, deleted only by their owner."""

from __future__ import annotations

from poshuk.core.catalog import Catalog
from poshuk.core.saved_searches import SavedSearches


def test_saved_searches_belong_to_their_owner(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    searches = SavedSearches(catalog.db)
    first = searches.save("zeta", "q=court", owner="ana")
    searches.save("Alpha", "q=appeal", owner="ana")
    searches.save("beta", "q=verdict", owner="ana")
    searches.save("zeta", "q=other", owner="bo")
    again = searches.save("zeta", "q=court&lang=be", owner="ana")
    assert again.id == first.id and again.query == "q=court&lang=be"
    assert [s.name for s in searches.list("ana")] == ["Alpha", "beta", "zeta"]
    assert [s.query for s in searches.list("bo")] == ["q=other"]
    assert not searches.delete(first.id, owner="bo")
    assert searches.delete(first.id, owner="ana")
    assert [s.name for s in searches.list("ana")] == ["Alpha", "beta"]
    catalog.close()
