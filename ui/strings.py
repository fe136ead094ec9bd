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
    "Leave the box empty to browse with the filters alone."
)
SEARCH_SYNTAX: Final = (
    'Syntax: `"exact phrase"` · `word AND word` · `word OR word` · `NOT word` or `-word`'
)
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
DATE_FORMAT: Final = "YYYY-MM-DD"

# facets (sidebar)
FILTERS_HEADER: Final = "Filters"
FACET_TITLES: Final = {
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
DOCUMENT_ONE: Final = "document"
DOCUMENT_MANY: Final = "documents"
NO_RESULTS: Final = (
    "No documents match. Try fewer words, another spelling, or clear some filters."
)
HISTOGRAM_TITLE: Final = "Documents per month"
HISTOGRAM_TITLE_YEAR: Final = "Documents per year"
HISTOGRAM_Y: Final = "documents"
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
API_REJECTED: Final = "The search service could not answer this request: {detail}"
API_FAILED: Final = "The search service failed (HTTP {status}): {detail}"

# document view
BACK: Final = "← Back to search"
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
OPEN_ORIGINAL: Final = "Open the original from the API"
WARNINGS_HEADER: Final = "Ingest warnings"
FAILED: Final = "This file could not be parsed: {error}"
PAGES_HEADER: Final = "Text"
PAGE_TITLE: Final = "Page {number}"
PAGE_LANGUAGE: Final = "Language of this page: {language}"
PAGE_MATCHES: Final = "words of your search marked: {n}"
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
FILTER_BY: Final = "Search all documents with {value}"
CITING: Final = "Documents citing {value}"
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
    "ro": "Română",
    "und": "Unknown language",
}


def language_name(code: str | None) -> str:
    """A language's own name for a code, falling back to the code itself."""
    if not code:
        return UNKNOWN
    return LANGUAGE_NAMES.get(code, code)
