"""The Atom feed (RFC 4287) of a watch: its newest matches the owner may still read.

Its URL holds a secret (only its hash is stored) instead of a token, since feed readers
cannot send one; rotating the secret revokes every copy of the old URL.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from poshuk.core.accounts import Accounts
from poshuk.core.watches import Watch, Watches

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def feed_entries(watches: Watches, accounts: Accounts, watch: Watch) -> list[dict[str, Any]]:
    """The newest matches, with their documents, that the owner may read now."""
    caller = accounts.caller(watch.owner or None)
    entries = []
    for match in watches.matches(watch.id, limit=FEED_ENTRIES):
        doc = watches.db.execute(
            "SELECT id, title, file_name, date, type, source, collection FROM documents "
            "WHERE id = ?", (match.doc_id,)).fetchone()
        if doc is None or not caller.may("reader", doc["collection"]):
            continue
        entries.append({"match": match, "doc": doc})
    return entries


def atom(watch: Watch, entries: list[dict[str, Any]], self_url: str, base_url: str) -> bytes:
    """The feed document; ``self_url`` is where it is read, ``base_url`` the API's."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:poshuk:watch:{watch.id}:{watch.created_at}")
    _text(feed, "title", f"Poshuk watch: {watch.name}")
    _text(feed, "subtitle", watch.query)
    updated = entries[0]["match"].matched_at if entries else watch.created_at
    _text(feed, "updated", updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Poshuk")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url,
                                             "type": "application/atom+xml"})
    _text(feed, "generator", "Poshuk")
    for item in entries:
        match, doc = item["match"], item["doc"]
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:poshuk:watch:{watch.id}:document:{doc['id']}")
        _text(entry, "title", doc["title"] or doc["file_name"] or doc["id"])
        _text(entry, "updated", match.matched_at)
        ET.SubElement(entry, f"{{{ATOM}}}link", {
            "rel": "alternate", "href": f"{base_url.rstrip('/')}/documents/{doc['id']}"})
        _text(entry, "summary", ", ".join(
            str(v) for v in (doc["date"], doc["type"], doc["source"]) if v))
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
