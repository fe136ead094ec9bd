"""Poshuk's web UI (Streamlit): ``streamlit run ui/app.py -- --api http://127.0.0.1:8000``.

The API URL comes from ``--api``, else ``POSHUK_API_URL``, else http://127.0.0.1:8000.
Routing is by query parameter: ``?doc=ID`` shows a document, ``?entity_page=ID`` an entity's
page, anything else a search
(see ``ui/state.py``), so every view has a link that reproduces it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ (not the project root) on sys.path
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(1, _ROOT)

import streamlit as st  # noqa: E402

from ui import (  # noqa: E402
    account,
    audit_view,
    document_view,
    entity_view,
    render,
    search_view,
    strings,
    watches,
)
from ui.api_client import ApiClient  # noqa: E402
from ui.state import current  # noqa: E402

DEFAULT_API_URL = "http://127.0.0.1:8000"


def api_url(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--api", default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    url = args.api or os.environ.get("POSHUK_API_URL") or DEFAULT_API_URL
    return str(url).rstrip("/")


def main() -> None:
    st.set_page_config(
        page_title=strings.APP_TITLE, page_icon=":material/search:", layout="wide"
    )
    st.html(render.CSS)
    client = ApiClient(api_url(), account.token())
    me = account.sidebar(client)
    state = current()
    if st.query_params.get("audit") and me.get("may_audit"):
        audit_view.show(client)
    elif st.query_params.get("watch"):
        watches.show(client, st.query_params["watch"])
    elif state.doc:
        document_view.show(client, state)
    elif state.entity:
        entity_view.show(client, state)
    else:
        search_view.show(client, state)


main()
