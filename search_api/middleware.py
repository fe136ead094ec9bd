"""Two pure-ASGI middlewares that every request passes through.

* ``SecurityHeaders``: ``nosniff``, no referrer, and a CSP that lets nothing load or
  frame (``default-src 'none'``) on every response; a route that serves a page (``/docs``)
  or an original sets its own CSP, which is kept.
* ``BodyLimit``: a body declared larger than its limit is refused with 413 before a byte
  of it is read, and one that streams past the limit (chunked, or lying about its length)
  is cut off with 413 as soon as it crosses it; multipart temp files are closed by the
  form parser when reading stops. The rest of a refused body (up to 16 MiB) is read and
  dropped first, so that the client reads the 413 instead of a reset connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_CSP = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": API_CSP,
}
_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
LINGER_BYTES = 16 << 20  # the most of a refused body read (and dropped) before the 413
LINGER_S = 5.0


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Exceeded(Exception):
    pass


class BodyLimit:
    """``limit(method, path)`` is the largest body, in bytes, a request may send."""

    def __init__(self, app: ASGIApp, limit: Callable[[str, str], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["method"], scope["path"])
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        size = int(declared) if declared.isdigit() else None
        if size is not None and size > limit:
            if size <= LINGER_BYTES and b"expect" not in headers:
                await _drain(receive, size)
            await _too_large(send, limit)
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _Exceeded
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app makes of the cut-off body, the answer is 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _Exceeded:
            pass
        if exceeded and not started:
            await _drain(receive, LINGER_BYTES)
            await _too_large(send, limit)


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop what the client is still sending, at most ``budget`` bytes for
    :data:`LINGER_S` seconds, before the 413 (a lingering close, as web servers do): a
    connection closed with unread bytes is reset, and the reset can destroy the answer
    before the client has read it. A declared body beyond :data:`LINGER_BYTES`, or one
    waiting for ``100-continue``, is answered at once."""

    async def drain() -> None:
        left = budget
        while left > 0:
            message = await receive()
            if message["type"] != "http.request":
                return
            left -= len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(drain(), LINGER_S)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"detail": f"the request body is larger than its limit of {limit:,} bytes"}
    ).encode()
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    })
    await send({"type": "http.response.body", "body": body})
