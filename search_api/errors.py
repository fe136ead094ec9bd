"""API errors: each carries its HTTP status; one handler turns them into ``{"detail"}``.

    ApiError            (500, never raised on purpose)
     ├── BadRequest     400: the request is well-formed but asks for something impossible
     ├── NotFound       404
     ├── Conflict       409: the document is in a state that forbids it (still queued)
     ├── TooLarge       413: a request body over its size limit
     └── Unavailable    503: the index engine cannot answer right now (or is busy)

Engine exceptions: ``EngineUnavailable`` 503, ``SearchTimedOut`` 504 (over its budget).
Every error body is ``ErrorOut``: ``{"detail": "<one sentence saying what to fix>"}``,
validation errors (422) included; ``responses()`` documents them in the OpenAPI schema.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from poshuk.core.engines import EngineUnavailable, SearchTimedOut
from poshuk.core.query_limits import QuerySyntaxError
from search_api.middleware import SECURITY_HEADERS
from search_api.schemas import ErrorOut

log = logging.getLogger("poshuk.api")

ECHO_LIMIT = 80  # characters of a rejected value quoted back in an error
_DESCRIPTIONS = {
    400: "the request asks for something impossible or cannot be read (a query with a "
         "syntax error, dates in the wrong order, a malformed body)",
    401: "the bearer token is invalid, expired or revoked (or the sign-in failed)",
    403: "the caller's role does not allow this",
    404: "no such document, entity or saved search (or one the caller may not read)",
    409: "the document is still queued for parsing: try again once its status is ok or failed",
    413: "the request body is over its size limit",
    422: "a parameter or the body does not have the documented type or range",
    429: "too many requests from this address (anonymous, or failed sign-ins); see Retry-After",
    503: "the index engine cannot answer right now; retry later",
}


class ApiError(Exception):
    status = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(ApiError):
    status = 400


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class TooLarge(ApiError):
    status = 413


class Unavailable(ApiError):
    status = 503


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all shaped as ``ErrorOut``."""
    return {s: {"model": ErrorOut, "description": _DESCRIPTIONS[s]} for s in statuses}


def excerpt(value: object) -> str:
    """``repr(value)`` cut to ``ECHO_LIMIT`` characters: an error never echoes a large
    body back."""
    text = repr(value)
    if len(text) <= ECHO_LIMIT:
        return text
    return f"{text[:ECHO_LIMIT]}… ({len(text)} characters)"


def _describe(error: Mapping[str, Any]) -> str:
    """``query.size: Input should be less than or equal to 100 (got '10000')``."""
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
    message = str(error.get("msg", "invalid value"))
    if error.get("input") is not None:
        return f"{where}: {message} (got {excerpt(error['input'])})"
    return f"{where}: {message}"


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _allowed(request: Request) -> str:
    """Every method some route answers at this path (Starlette names only the first's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = _allowed(request)
        return response

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.detail)

    @app.exception_handler(QuerySyntaxError)
    async def query_error(_: Request, exc: QuerySyntaxError) -> JSONResponse:
        return _error(400, f"q: {exc}")

    @app.exception_handler(EngineUnavailable)
    async def engine_error(_: Request, exc: EngineUnavailable) -> JSONResponse:
        return _error(503, f"search is unavailable: {exc}")

    @app.exception_handler(SearchTimedOut)
    async def timed_out(_: Request, exc: SearchTimedOut) -> JSONResponse:
        return _error(504, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        described = [_describe(error) for error in exc.errors()[:5]]
        more = len(exc.errors()) - len(described)
        return _error(422, "; ".join(described) + (f"; and {more} more" if more > 0 else ""))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        # Answered outside the middlewares (by Starlette's outermost one): add the headers.
        response = _error(500, "internal error; the server log has the details")
        response.headers.update(SECURITY_HEADERS)
        return response
