"""The thesaurus expansion of a search: what the API searched besides the words as typed
("also searching: галадоўка, голодовка") and the switch that turns it off."""

from __future__ import annotations

import html
from collections.abc import Iterable

import streamlit as st

from ui.api_client import Expansion, Params, SearchResponse

SWITCH = "expand_thesaurus"  # session key of the switch (on until turned off)
LABEL = "Search other languages too"
HELP = (
    "A word that names a concept of the thesaurus (hunger strike, pardon, penal colony …) "
    "also searches its terms in English, Russian, Belarusian, Ukrainian and Polish, "
    "ranked below the words as typed."
)
ALSO = "also searching:"


def params(given: Params) -> Params:
    """``given`` with the switch's ``expand`` parameter."""
    return (*given, ("expand", "true" if st.session_state.get(SWITCH, True) else "false"))


def also_html(expanded: Iterable[Expansion]) -> str:
    """One line per expanded word: the word, then the terms searched besides; escaped."""
    return "<br>".join(
        f"<b>{html.escape(item['term'])}</b> — {ALSO} {html.escape(', '.join(item['also']))}"
        for item in expanded if item.get("also")
    )


def show(result: SearchResponse) -> None:
    """The switch, and what was added while it is on."""
    st.toggle(LABEL, value=True, key=SWITCH, help=HELP)
    shown = also_html(result.get("expanded", []))
    if shown:
        st.caption(shown, unsafe_allow_html=True)
