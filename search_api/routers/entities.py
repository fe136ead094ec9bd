"""Entity pages: which people, organisations and places the archive names, in how many
documents, under which spellings, when, and with whom.

The index holds the entity keys (the ``entity`` facet), so counts, the timeline and the
co-occurring entities are facet and histogram answers of either engine; the names people
read come from the catalog (``Catalog.entity_names``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from poshuk.core.engines import SearchRequest
from poshuk.core.names import stems
from poshuk.core.query import MatchAll
from search_api import params
from search_api.auth import CallerDep, record
from search_api.deps import ServicesDep
from search_api.entity_names import display_name, labels
from search_api.errors import NotFound
from search_api.schemas import EntitiesOut, EntityPageOut

router = APIRouter(prefix="/entities", tags=["entities"])

EntityType = Literal["person", "organisation", "location"]
_ALL_ENTITIES = 10_000  # the most named entities listed (a facet of that size)
_CO_OCCURRING = 20
_KNOWN = ("type", "q", "size")


def _matches(key: str, words: tuple[str, ...]) -> bool:
    name = key.split(":", 1)[-1]
    return all(word in name for word in words)


@router.get("", response_model=EntitiesOut)
def list_entities(
    services: ServicesDep,
    request: Request,
    caller: CallerDep,
    type: Annotated[EntityType | None, Query(description="person, organisation or location")]
    = None,
    q: Annotated[str, Query(max_length=200, description="part of a name, any script")] = "",
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, object]:
    """Entities with the number of documents naming each, most named first; ``q`` matches
    any spelling (``Lukashenko`` finds ``Лукашэнка``)."""
    params.check_known(request.query_params.keys(), _KNOWN)
    result = services.engine().search(
        SearchRequest(MatchAll(), scope=caller.scope(), size=1, facet_size=_ALL_ENTITIES,
                      highlights=False)
    )
    words = stems(q)
    found = [
        fv for fv in result.facets.get("entity", [])
        if (type is None or fv.value.startswith(f"{type}:")) and _matches(fv.value, words)
    ]
    shown = found[:size]
    names = labels(services, [fv.value for fv in shown], caller.collections())
    record(services, caller, "entities", query=q or None, count=len(found))
    return {
        "total": len(found),
        "entities": [
            {"id": fv.value, "type": fv.value.split(":", 1)[0], "name": names[fv.value],
             "documents": fv.count}
            for fv in shown
        ],
    }


@router.get("/{entity_id}", response_model=EntityPageOut)
def get_entity(
    services: ServicesDep,
    caller: CallerDep,
    entity_id: Annotated[str, Path(min_length=3, max_length=200,
                                   description="an id from /entities, e.g. person:navick")],
) -> dict[str, object]:
    """One entity: its spellings, documents per month, and the entities named with it."""
    result = services.engine().search(
        SearchRequest(MatchAll(), scope={"entity": [entity_id], **caller.scope()}, size=100,
                      facet_size=_CO_OCCURRING + 1, sort="date_desc", highlights=False)
    )
    if result.total == 0:
        raise NotFound(f"no document names the entity {entity_id!r}; ids come from /entities")
    co_occurring = [fv for fv in result.facets.get("entity", []) if fv.value != entity_id]
    co_occurring = [fv for fv in co_occurring if fv.count > 0][:_CO_OCCURRING]
    readable = caller.collections()
    forms = services.catalog.entity_names([entity_id], readable)[entity_id]
    names = labels(services, [fv.value for fv in co_occurring], readable)
    record(services, caller, "entities", query=entity_id, count=result.total)
    return {
        "id": entity_id,
        "type": entity_id.split(":", 1)[0],
        "name": display_name(forms, entity_id),
        "variants": [{"text": form, "documents": n}
                     for form, n in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))],
        "documents": result.total,
        "timeline": [{"key": b.key, "count": b.count} for b in result.date_histogram],
        "co_occurring": [{"id": fv.value, "name": names[fv.value], "documents": fv.count}
                         for fv in co_occurring],
        "recent": [{"id": h.id, "title": h.title, "date": h.date} for h in result.hits[:20]],
    }
