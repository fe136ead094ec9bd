"""How API failures are shown: a message that says what happened, never a traceback."""

from __future__ import annotations

import streamlit as st

from ui import strings
from ui.api_client import ApiError
from ui.render import md


def show(err: ApiError, api_url: str) -> None:
    if err.unreachable:
        message = strings.API_UNREACHABLE.format(url=md(api_url), detail=md(err.detail))
        st.error(message, icon=":material/cloud_off:")
    elif err.status < 500:
        st.error(strings.API_REJECTED.format(detail=md(err.detail)), icon=":material/error:")
    else:
        message = strings.API_FAILED.format(status=err.status, detail=md(err.detail))
        st.error(message, icon=":material/error:")
