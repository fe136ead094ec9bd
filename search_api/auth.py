"""Who is calling: one dependency turns ``Authorization: Bearer TOKEN`` (or its absence)
into a :class:`~poshuk.core.accounts.Caller`, with rate limits for anonymous callers and
for failed authentication (429 with ``Retry-After``). Tokens are never logged.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from poshuk.core.accounts import Caller, Role
from search_api.deps import Services, ServicesDep

ANONYMOUS_LIMIT = "300/minute"  # per address, for requests without a token
FAILED_AUTH_LIMIT = "10/minute"  # per address: bad tokens and failed sign-ins


class RateLimits:
    def __init__(self, anonymous: str = ANONYMOUS_LIMIT, failed: str = FAILED_AUTH_LIMIT) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.anonymous: RateLimitItem = parse(anonymous)
        self.failed: RateLimitItem = parse(failed)

    def check(self, item: RateLimitItem, address: str, *, spend: bool = True) -> None:
        """429 once ``address`` has used up ``item``; ``spend=False`` only looks."""
        allowed = (self.limiter.hit(item, address) if spend
                   else self.limiter.test(item, address))
        if not allowed:
            reset, _left = self.limiter.get_window_stats(item, address)
            wait = max(1, int(reset - time.time()) + 1)
            raise HTTPException(
                429, f"too many requests from {address}; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )


_limits_lock = threading.Lock()


def rate_limits(request: Request) -> RateLimits:
    """The app's limits (kept in its state, made on first use)."""
    with _limits_lock:
        found: RateLimits | None = getattr(request.app.state, "rate_limits", None)
        if found is None:
            found = request.app.state.rate_limits = RateLimits()
        return found


def address_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def get_caller(request: Request, services: ServicesDep) -> Caller:
    address = address_of(request)
    limits = rate_limits(request)
    header = request.headers.get("authorization")
    store = services.accounts
    if header is None:
        caller = store.caller(None, address)
        if not caller.admin:
            limits.check(limits.anonymous, address)
        return caller
    scheme, _, token = header.partition(" ")
    limits.check(limits.failed, address, spend=False)
    user = store.user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        limits.check(limits.failed, address)
        services.audit.append("sign_in_failed", address=address,
                                   detail="invalid, expired or revoked token")
        raise HTTPException(
            401, "the token is invalid, expired or revoked; ask for a new one "
            "(poshuk users token NAME) or sign in again",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return store.caller(user, address)


CallerDep = Annotated[Caller, Depends(get_caller)]


def require(caller: Caller, role: Role, collection: str, what: str) -> None:
    """403 unless ``caller`` holds ``role`` on ``collection``."""
    if not caller.may(role, collection):
        raise HTTPException(403, f"{what} needs the {role} role on collection {collection!r}")


def record(services: Services, caller: Caller, action: str, **fields: Any) -> None:
    """One audit entry for what ``caller`` just did."""
    services.audit.append(action, user=caller.user, address=caller.address or None,
                               **fields)


def request_query(request: Request) -> tuple[str | None, str | None]:
    """What a search asked, for the audit: its text and its other parameters."""
    params = request.query_params
    rest = "&".join(f"{k}={v}" for k, v in params.multi_items() if k != "q")
    return params.get("q"), rest or None
