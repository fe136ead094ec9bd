"""Signing in and out, who am I, and which collections I may read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from search_api.auth import CallerDep, address_of, rate_limits, record
from search_api.deps import ServicesDep

router = APIRouter(tags=["accounts"])


class SessionIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]


@router.post("/session", status_code=201)  # refusals: search_api.main.ROUTERS
def sign_in(services: ServicesDep, request: Request, body: SessionIn) -> dict[str, object]:
    """Exchange a name and password (set with ``poshuk users password NAME``) for a token
    that expires after some hours; send it as ``Authorization: Bearer TOKEN``."""
    address = address_of(request)
    limits = rate_limits(request)
    limits.check(limits.failed, address, spend=False)
    accounts = services.accounts
    if not accounts.check_password(body.name, body.password):
        limits.check(limits.failed, address)
        services.audit.append("sign_in_failed", user=body.name[:64], address=address)
        raise HTTPException(401, "wrong name or password")
    token = accounts.issue_token(body.name, "session")
    services.audit.append("sign_in", user=body.name, address=address)
    return {"token": token, "user": body.name}


@router.delete("/session", status_code=204)
def sign_out(services: ServicesDep, request: Request, caller: CallerDep) -> None:
    """The token this request carries stops working."""
    _, _, token = request.headers.get("authorization", "").partition(" ")
    if caller.user and token:
        services.accounts.revoke_token(token.strip())
        record(services, caller, "sign_out")


@router.get("/me")
def me(services: ServicesDep, caller: CallerDep) -> dict[str, object]:
    """The caller: name (null when anonymous), admin, and each readable collection with
    the caller's role on it (``public`` for a public one held by no role)."""
    collections = []
    for found in services.accounts.collections():
        if not caller.may("reader", found.name):
            continue
        role = ("admin" if caller.admin else caller.roles.get(found.name)) or "public"
        collections.append({"name": found.name, "public": found.public, "role": role,
                            "may_upload": caller.may("editor", found.name),
                            "may_manage": caller.may("manager", found.name)})
    return {
        "user": caller.user,
        "admin": caller.admin,
        "accounts": services.accounts.has_users(),
        "collections": collections,
        "may_audit": caller.admin or any(c["may_manage"] for c in collections),
    }


@router.get("/collections")
def list_collections(services: ServicesDep, caller: CallerDep) -> list[dict[str, object]]:
    """The collections the caller may read, with their number of documents."""
    return [
        {"name": c.name, "public": c.public, "description": c.description,
         "documents": c.documents}
        for c in services.accounts.collections() if caller.may("reader", c.name)
    ]
