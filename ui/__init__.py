"""Poshuk's Streamlit front end. It talks to ``search_api`` over HTTP only; nothing imports it.

Entry point: ``streamlit run ui/app.py -- --api http://127.0.0.1:8000`` (or ``poshuk ui``).
"""

from __future__ import annotations

__all__: list[str] = []
