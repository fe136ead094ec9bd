"""``/docs``: Swagger UI under a CSP of its own. The API's CSP lets nothing run; this page
may run Swagger UI's bundle (from its CDN) and its one inline script, named by hash, and
fetch only this server's ``/openapi.json``."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_CDN = "https://cdn.jsdelivr.net"


def page_csp(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {_CDN} {hashes}; style-src {_CDN} 'unsafe-inline'; "
        "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
        "frame-ancestors 'none'"
    )


def install_docs(app: FastAPI, path: str = "/docs") -> None:
    """Serve Swagger UI at ``path`` (create the app with ``docs_url=None``)."""
    html = bytes(get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json",
                                     title=f"{app.title} API").body).decode()
    headers = {"Content-Security-Policy": page_csp(html)}

    @app.get(path, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)
