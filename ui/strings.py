"""Every user-visible string of the UI, in one module (English; ru/be translations later)."""

from __future__ import annotations

from typing import Final

APP_TITLE: Final = "Poshuk"
TAGLINE: Final = (
    "Search archives of human-rights documents: statements, reports, verdicts, letters."
)

# search box
SEARCH_LABEL: Final = "Search the archive"
SEARCH_PLACEHOLDER: Final = 'e.g. "political prisoners" Lukashenko -sanctions'
SEARCH_HELP: Final = (
    "Words match any grammatical form and either script (Latin or Cyrillic). "
    '`"quoted words"` match a phrase; `AND`, `OR` and `NOT` combine terms '
    "(`AND` is the default); `-word` excludes documents containing a word. "
    "Leave the box empty to browse with the filters alone. "
    "The full syntax is under “Search syntax” below."
)
SEARCH_SYNTAX: Final = (
    'Syntax: `"exact phrase"` · `word AND word` · `word OR word` · `NOT word` or `-word` · '
    '`prefix*` · `fuzzy~` · `"a b"~5` · `title:` `entity:` `citation:` `lang:` `type:` '
    "`date:2024-01..2024-06`"
)
SYNTAX_HEADER: Final = "Search syntax"
SYNTAX_TABLE: Final = """
| you type | finds |
| --- | --- |
| `political prisoners` | documents with both words, in any form and script |
| `"political prisoners"` | the exact phrase |
| `"court verdict"~5` | both words at most five words apart, in this order |
| `amnesty OR pardon` | either word |
| `prisoners -Minsk`, `prisoners NOT Minsk` | the first without the second |
| `(appeal OR complaint) "Article 342"` | grouping |
| `palitv*` | words starting with `palitv` |
| `Navitsky~`, `Navitsky~1` | the word with up to two (one) typing errors: `Navitski` |
| `title:verdict`, `title:"open letter"` | words in the title only |
| `entity:"Andrei Navitski"` | documents mentioning that person, organisation or place |
| `citation:BY-CC-342` | documents citing that provision |
| `lang:be`, `type:verdict`, `source:Viasna`, `year:2024` | one value of a filter |
| `date:2024-01..2024-06`, `date:2024`, `date:..2023-12` | documents dated in a range |

`AND`, `OR` and `NOT` are operators only in capitals. A query the archive cannot read
(an unclosed quote or bracket, a bad date) is explained under the box, with a ^ under
the character where the problem is.
"""
QUERY_PROBLEM: Final = "Check the query at the ^ mark:"
QUERY_MISTAKE: Final = "Your query has a mistake: {detail}"
SEARCH_BUTTON: Final = "Search"
SORT_LABEL: Final = "Sort by"
SORT_OPTIONS: Final = {
    "relevance": "Relevance",
    "date_desc": "Newest first",
    "date_asc": "Oldest first",
}
DATE_FROM: Final = "Dated from"
DATE_TO: Final = "Dated until"
DATE_HELP: Final = "Document date, inclusive. Leave empty for no limit."
MENTIONED_FROM: Final = "Mentions from"
MENTIONED_TO: Final = "Mentions until"
MENTIONED_HELP: Final = (
    "Documents whose text names a date in this period (e.g. the August 2020 protests), "
    "whatever their own date. Inclusive; leave empty for no limit."
)
DATE_FORMAT: Final = "YYYY-MM-DD"

# facets (sidebar)
FILTERS_HEADER: Final = "Filters"
FACET_TITLES: Final = {  # one per facet of the index template (a test holds them equal)
    "collection": "Collection",
    "lang": "Language",
    "type": "Document type",
    "source": "Source",
    "year": "Year",
    "entity": "People, organisations, places",
    "citation": "Legal citations",
}
FACET_MORE: Final = "{n} more"
CLEAR_FILTERS: Final = "Clear all filters"
ARCHIVE_STATUS: Final = "{documents} documents indexed · engine {engine}"
API_AT: Final = "API: {url}"

# results
RESULTS_SUMMARY: Final = "**{total}** {noun} · {took_ms:.0f} ms"
BROWSING_ORDER: Final = " · newest first (no search words to rank by)"
DOCUMENT_ONE: Final = "document"
DOCUMENT_MANY: Final = "documents"
NO_RESULTS: Final = (
    "No documents match. Try fewer words, another spelling, or clear some filters."
)
HISTOGRAM_TITLE: Final = "Documents per month"
HISTOGRAM_TITLE_YEAR: Final = "Documents per year"
HISTOGRAM_Y: Final = "documents"
HISTOGRAM_HELP: Final = "Click a bar, or pick it below, to show only the documents of that period."
TIMELINE_PICK: Final = "Show only the documents of"
TIMELINE_ANY: Final = "any time"
TIMELINE_OPTION: Final = "{key} ({count})"
TIMELINE_SHOWN: Final = "{start} to {end} (as filtered now)"
LOADING: Final = "Searching the archive…"
EXPORT_HEADER: Final = "Export"
EXPORT_CSV: Final = "CSV ({total} documents)"
EXPORT_JSON: Final = "JSON ({total} documents)"
EXPORT_HELP: Final = (
    "Every document this search finds, not only this page: id, title, date, language, "
    "type, source, entities, citations, figures, link."
)
COOC_TOGGLE: Final = "Who and what appears together"
COOC_EMPTY: Final = (
    "No people, organisations or places are recorded in these documents yet: they "
    "appear here once entity extraction has run on the archive."
)
COOC_SUMMARY: Final = "In {documents} documents{partial}:"
COOC_PARTIAL: Final = " (the first of the result set)"
COOC_PAIRS: Final = "Appear together"
COOC_ENTITIES: Final = "Most mentioned"
COOC_PAIR: Final = "{a} + {b}"
COOC_COLUMNS: Final = ("entities", "documents")

# saved searches (sidebar)
SAVED_HEADER: Final = "Saved searches"
SAVED_NONE: Final = "None yet: name the current search below to keep it."
SAVED_NAME: Final = "Name for this search"
SAVED_BUTTON: Final = "Save search"
SAVED_DELETE: Final = "Delete “{name}”"
SAVED_DONE: Final = "Saved as “{name}”."

# watched searches (sidebar, What's new, the Watch buttons)
WATCHES_HEADER: Final = "Watches"
WATCHES_NONE: Final = "None yet: the Watch buttons (saved searches, citations, entities) add one."
WATCH_ENTRY: Final = "{name} · {new} new"
WATCH_BUTTON: Final = "Watch"
WATCH_HELP: Final = "Be told when a new document matches {what}"
WATCH_DONE: Final = "Watching “{name}”: new documents will show under Watches."
WATCH_NEW_TITLE: Final = "What's new: {name}"
WATCH_NEW_NONE: Final = "Nothing has matched this watch yet."
WATCH_NEW_COUNT: Final = "{new} new of {total} matched; they count as seen now."
WATCH_NEW_BADGE: Final = "NEW"
WATCH_BACK: Final = "Back to the search"
SNIPPET_PAGE: Final = "p. {page}:"
UNTITLED: Final = "(untitled: {id})"
PREVIOUS: Final = "← Previous"
NEXT: Final = "Next →"
PAGE_OF: Final = "Page {page} of {pages}"

# errors
API_UNREACHABLE: Final = (
    "The search service at {url} is not reachable ({detail}). "
    "Start it with `poshuk serve`, or point the UI at it with `poshuk ui --api URL`."
)
API_REJECTED: Final = "The search service refused this request: {detail}"
API_FAILED: Final = "The search service failed (HTTP {status}): {detail}"

# document view
BACK: Final = "← Back to search"
BACK_TO_RESULTS: Final = "Back to the results"
YOUR_SEARCH: Final = "Your search"
SEARCH_EVERYTHING: Final = "(everything, newest first)"
METADATA_HEADER: Final = "Details"
FIELD_DATE: Final = "Date"
FIELD_LANGUAGES: Final = "Language"
FIELD_TYPE: Final = "Type"
FIELD_SOURCE: Final = "Source"
FIELD_FILE: Final = "File name"
FIELD_MEDIA: Final = "Media type"
FIELD_SIZE: Final = "Size"
FIELD_SHA256: Final = "SHA-256"
FIELD_PARSER: Final = "Parser"
FIELD_STATUS: Final = "Status"
FIELD_ID: Final = "Document id"
DATE_SOURCES: Final = {
    "metadata": "from the file's metadata",
    "heading": "from the document heading",
    "text": "found in the text",
    "none": "no date found",
}
UNKNOWN: Final = "—"
DOWNLOAD: Final = "Download original ({name})"
WARNINGS_HEADER: Final = "Ingest warnings"
FAILED: Final = "This file could not be parsed: {error}"
PAGES_HEADER: Final = "Text"
PAGE_TITLE: Final = "Page {number}"
PAGE_LANGUAGE: Final = "Language of this page: {language}"
PAGE_MATCHES: Final = "words of your search marked: {n}"
PAGE_OCR: Final = "text recognised from the scan (OCR)"
PAGE_OCR_CONFIDENCE: Final = (
    "text recognised from the scan (OCR, {confidence:.0f}% word confidence)"
)
CONTAINER_HEADER: Final = "Container"
UNPACKED_FROM: Final = "Unpacked from:"
CONTAINS: Final = "Files unpacked from this one ({n}):"
CHILDREN_TRUNCATED: Final = "… and {n} more."
EMPTY_PAGE: Final = "(no text on this page)"
NO_PAGES: Final = "No text was extracted from this file."
SHOW_ALL_PAGES: Final = "Show all {n} pages"
PAGES_TRUNCATED: Final = "Showing the first {shown} of {total} pages."
ENTITIES_HEADER: Final = "Mentioned"
ENTITY_TYPES: Final = {
    "person": "People",
    "organisation": "Organisations",
    "location": "Places",
}
CITATIONS_HEADER: Final = "Legal citations"
DATES_HEADER: Final = "Dates mentioned"
DATES_HELP: Final = "Each date opens the documents that mention it."
FIGURES_HEADER: Final = "Figures"
FILTER_BY: Final = "Search all documents with {value}"
COPIES: Final = "{n} copies"
PARTS: Final = "part {parts}"
ON_PAGES: Final = "p. {pages}"
ENTITY_PAGE_HELP: Final = "Open this entity's page"
ENTITY_ABOUT: Final = "About {name}"
ENTITY_DOCUMENTS: Final = "{type} · named in {n} documents"
ENTITY_SEARCH: Final = "Search the documents naming {name}"
ENTITY_VARIANTS: Final = "Spellings and forms"
ENTITY_TIMELINE: Final = "Documents over time"
ENTITY_CO_OCCURRING: Final = "Named together with"
ENTITY_RECENT: Final = "Latest documents"
ENTITY_TYPE_NAMES: Final = {"person": "Person", "organisation": "Organisation",
                            "location": "Place"}
DUPLICATES_HEADER: Final = "Near-duplicates"
DUPLICATE_GROUP: Final = "This document belongs to near-duplicate group `{group}`."
SIMILAR_HEADER: Final = "Similar documents"
NO_SIMILAR: Final = "No similar documents found."
SIMILAR_ORDER: Final = "The ten most similar, newest first."
SIMILAR_ACROSS: Final = "Similar documents in any language"
SIMILAR_ACROSS_HELP: Final = ("Documents close in meaning, whatever their language "
                              "(from the passage vectors of `poshuk embed`)")
NO_VECTORS: Final = "Not available on this server: {detail}"
PRECEDENTS_HEADER: Final = "Citing the same provisions"
PRECEDENTS_HELP: Final = "Other documents citing {citations}, newest first."
NO_PRECEDENTS: Final = "No other document cites these provisions."
NO_CITATIONS: Final = "No legal citations were found in this document."
PRECEDENT_EARLIER: Final = "earlier"
PRECEDENT_LATER: Final = "later"
ALL_CITING: Final = "All {n} documents citing these, by date"
CITATION_HELP: Final = "All documents citing {value}, newest first"
PAGE_VIEW_TAB: Final = "Page images"
TEXT_TAB: Final = "Text"
PAGE_IMAGE_CAPTION: Final = "Page {number} of {pages}, rendered from the original"
PREVIOUS_PAGE: Final = "← Page"
NEXT_PAGE: Final = "Page →"
PREVIOUS_HIT: Final = "← Previous hit"
NEXT_HIT: Final = "Next hit →"
HIT_PAGES: Final = "Your search's words are on pages: {pages}"
NO_HIT_PAGES: Final = "None of your search's words is on these pages."

LANGUAGE_NAMES: Final = {
    "en": "English",
    "ru": "Русский",
    "be": "Беларуская",
    "uk": "Українська",
    "pl": "Polski",
    "lt": "Lietuvių",
    "lv": "Latviešu",
    "et": "Eesti",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "ka": "ქართული",
    "hy": "Հայերեն",
    "az": "Azərbaycan",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "tg": "Тоҷикӣ",
    "uz": "Oʻzbek",
    "tr": "Türkçe",
    "cs": "Čeština",
    "sk": "Slovenčina",
    "bg": "Български",
    "mk": "Македонски",
    "sr": "Српски",
    "ro": "Română",
    "und": "Unknown language",
}


def language_name(code: str | None) -> str:
    """A language's own name for a code, falling back to the code itself."""
    if not code:
        return UNKNOWN
    return LANGUAGE_NAMES.get(code, code)
