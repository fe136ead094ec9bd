"""API errors: each carries its HTTP status; one handler turns them into ``{"detail"}``.

    ApiError            (500, never raised on purpose)
     ├── BadRequest     400: the request is well-formed but asks for something impossible
     ├── NotFound       404
     ├── TooLarge       413: an upload over the size limit
     └── Unavailable    503: the index engine cannot answer right now (or is busy)

Engine exceptions: ``EngineUnavailable`` 503, ``SearchTimedOut`` 504 (over its budget).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from poshuk.core.engines import EngineUnavailable, SearchTimedOut
from poshuk.core.query import QuerySyntaxError

log = logging.getLogger("poshuk.api")


class ApiError(Exception):
    status = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(ApiError):
    status = 400


class NotFound(ApiError):
    status = 404


class TooLarge(ApiError):
    status = 413


class Unavailable(ApiError):
    status = 503


def _describe(error: Mapping[str, Any]) -> str:
    """``query.size: Input should be less than or equal to 100 (got '10000')``."""
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
    message = str(error.get("msg", "invalid value"))
    if error.get("input") is not None:
        return f"{where}: {message} (got {error['input']!r})"
    return f"{where}: {message}"


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(QuerySyntaxError)
    async def query_error(_: Request, exc: QuerySyntaxError) -> JSONResponse:
        return JSONResponse({"detail": f"q: {exc}"}, status_code=400)

    @app.exception_handler(EngineUnavailable)
    async def engine_error(_: Request, exc: EngineUnavailable) -> JSONResponse:
        return JSONResponse({"detail": f"search is unavailable: {exc}"}, status_code=503)

    @app.exception_handler(SearchTimedOut)
    async def timed_out(_: Request, exc: SearchTimedOut) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=504)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(_describe(error) for error in exc.errors())
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(
            {"detail": "internal error; the server log has the details"}, status_code=500
        )
