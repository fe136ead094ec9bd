"""Searching across languages: the thesaurus expansion (what the API searched besides the
words as typed, "also searching: галадоўка, голодовка", and the switch that turns it off)
and the switch that ranks by meaning too (``mode=hybrid``: passage vectors, which the
server has once ``poshuk embed`` ran; without them the API's 409 says so)."""

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
MEANING_SWITCH = "rank_by_meaning"  # session key (off until turned on)
MEANING_LABEL = "Rank by meaning too"
MEANING_HELP = (
    "Also finds passages that say the same in other words or another language, ranked "
    "together with the word matches (the server needs `poshuk embed` first). Exports and "
    "the co-occurrence table stay word matches."
)


def params(given: Params, *, ranked: bool = False) -> Params:
    """``given`` with the switches' ``expand`` parameter, and for a ``ranked`` list (the
    search itself, not an export or a count) their ``mode``; meaning needs words: browsing
    without a query stays a word search."""
    out = (*given, ("expand", "true" if st.session_state.get(SWITCH, True) else "false"))
    words = any(name == "q" and value.strip() for name, value in given)
    if ranked and words and st.session_state.get(MEANING_SWITCH, False):
        out += (("mode", "hybrid"),)
    return out


def switches() -> None:
    """Both switches, beside the search box: reachable even when a search was refused."""
    typed, meaning = st.columns(2)
    typed.toggle(LABEL, value=True, key=SWITCH, help=HELP)
    meaning.toggle(MEANING_LABEL, value=False, key=MEANING_SWITCH, help=MEANING_HELP)


def also_html(expanded: Iterable[Expansion]) -> str:
    """One line per expanded word: the word, then the terms searched besides; escaped."""
    return "<br>".join(
        f"<b>{html.escape(item['term'])}</b> — {ALSO} {html.escape(', '.join(item['also']))}"
        for item in expanded if item.get("also")
    )


def show(result: SearchResponse) -> None:
    """What the thesaurus added, while its switch is on."""
    shown = also_html(result.get("expanded", []))
    if shown:
        st.caption(shown, unsafe_allow_html=True)
