"""Display names of entity keys: the index knows ``person:navick``; people read
``Andrei Navitski``."""

from __future__ import annotations

from search_api.deps import Services

__all__ = ["Labeller", "display_name", "labels"]


def display_name(forms: dict[str, int], key: str) -> str:
    """The name to show for an entity: its most frequent Latin-script spelling (readable to
    every user of a multilingual archive), else its most frequent spelling, else the key."""
    if not forms:
        return key.split(":", 1)[-1]
    ranked = sorted(forms, key=lambda form: (-forms[form], form))
    latin = [form for form in ranked if form.isascii()]
    return (latin or ranked)[0]


def labels(
    services: Services, keys: list[str], collections: list[str] | None
) -> dict[str, str]:
    """Display names for entity keys (used by the search response's entity facet too),
    from the spellings seen in ``collections`` only (None: every collection)."""
    names = services.catalog.entity_names(keys, collections)
    return {key: display_name(names.get(key, {}), key) for key in keys}


class Labeller:
    """Display names for a stream of documents (an export, a count): each key is looked
    up in the catalog once, among the spellings of ``collections`` (None: every one)."""

    def __init__(self, services: Services, collections: list[str] | None) -> None:
        self.services = services
        self.collections = collections
        self.known: dict[str, str] = {}

    def __call__(self, keys: list[str]) -> list[str]:
        missing = [key for key in keys if key not in self.known]
        if missing:
            self.known.update(labels(self.services, missing, self.collections))
        return [self.known[key] for key in keys]
