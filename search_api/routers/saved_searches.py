from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field

from poshuk.core.accounts import Caller
from search_api.auth import CallerDep
from search_api.deps import ServicesDep
from search_api.errors import NotFound, responses
from search_api.schemas import SavedSearchOut

router = APIRouter(prefix="/saved-searches", tags=["saved searches"])
SQLITE_MAX_INT = 2**63 - 1  # ids are SQLite integers; a larger one is a 422, not an overflow


class SavedSearchIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    query: Annotated[str, Field(max_length=4000, description="the UI's query string")]


def _owner(caller: Caller, what: str = "keep saved searches") -> str:
    """Whose saved searches (or watches): the user's ('' in the single-user tool);
    anonymous callers of an archive with accounts keep none."""
    if caller.user is None and not caller.admin:
        raise HTTPException(401, f"sign in to {what}",
                            headers={"WWW-Authenticate": "Bearer"})
    return caller.user or ""


@router.get("", response_model=list[SavedSearchOut])
def list_saved(services: ServicesDep, caller: CallerDep) -> list[dict[str, object]]:
    """Your saved searches, by name."""
    return [asdict(saved) for saved in services.saved_searches.list(_owner(caller))]


@router.post("", status_code=201, response_model=SavedSearchOut,
             responses=responses(400, 413, 422))
def save(services: ServicesDep, caller: CallerDep, body: SavedSearchIn) -> dict[str, object]:
    """Save a search under a name (a name already taken is overwritten)."""
    name = body.name.strip() or body.name
    return asdict(services.saved_searches.save(name, body.query, _owner(caller)))


@router.delete("/{search_id}", status_code=204, responses=responses(404, 422))
def delete(
    services: ServicesDep, caller: CallerDep,
    search_id: Annotated[int, Path(ge=1, le=SQLITE_MAX_INT)],
) -> None:
    """Delete one of your saved searches by its id."""
    if not services.saved_searches.delete(search_id, _owner(caller)):
        raise NotFound(f"no saved search with id {search_id}; GET /saved-searches lists them")
