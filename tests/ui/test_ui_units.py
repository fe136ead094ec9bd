"""The UI's pure parts: URL state, safe highlight HTML, the timeline, facet merging."""

from __future__ import annotations

import re

import pytest

from ui import render, strings
from ui.api_client import ApiClient
from ui.detail import search_summary
from ui.facets import merged
from ui.state import PAGE_SIZE, ViewState, page_count


def query(**values: str | list[str]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


def from_query(values: dict[str, list[str]]) -> ViewState:
    return ViewState.from_query(lambda name: values.get(name, []))


def test_state_round_trips_through_the_url() -> None:
    state = from_query(
        query(q="приговор", lang=["ru", "be"], year="2024", date_from="2024-01-01",
              sort="date_desc", page="3", doc="abc")
    )
    assert state.filters == {"lang": ("ru", "be"), "year": ("2024",)}
    assert from_query({k: v if isinstance(v, list) else [v]
                       for k, v in state.to_query().items()}) == state


def test_defaults_stay_out_of_the_url_and_bad_values_fall_back() -> None:
    state = from_query(query(sort="sideways", page="-2", lang=["", "en", "en"]))
    assert (state.sort, state.page, state.filters) == ("relevance", 1, {"lang": ("en",)})
    assert state.to_query() == {"lang": ["en"]}


def test_dates_are_passed_through_for_the_api_to_judge() -> None:
    state = from_query(query(date_from="2024-13-45"))
    assert ("date_from", "2024-13-45") in state.api_params()


def test_api_params_repeat_filters_and_page() -> None:
    state = ViewState(q="x", filters={"lang": ("ru", "be")}, page=2)
    assert state.api_params() == (
        ("q", "x"), ("lang", "ru"), ("lang", "be"),
        ("sort", "relevance"), ("page", "2"), ("size", str(PAGE_SIZE)), ("fold", "true"),
    )


def test_changing_the_search_returns_to_page_one_but_opening_a_document_does_not() -> None:
    state = ViewState(q="x", page=4)
    assert state.toggled("lang", "ru", True).page == 1
    assert state.toggled("lang", "ru", True).toggled("lang", "ru", False).filters == {}
    assert state.opened("d1").page == 4
    assert state.opened("d1").closed() == state
    assert state.cleared().has_filters is False


def test_page_count_stops_at_the_api_window() -> None:
    assert page_count(0) == 1
    assert page_count(PAGE_SIZE + 1) == 2
    assert page_count(10**9) == 10_000 // PAGE_SIZE


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("a <mark>b</mark> c", "a <mark>b</mark> c"),
        ("<MARK>b</MARK>", "<mark>b</mark>"),
        ("x <script>alert(1)</script>", "x &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("already &lt;b&gt; escaped &amp;", "already &lt;b&gt; escaped &amp;"),
        ('<mark onclick="x">b</mark>', '&lt;mark onclick="x"&gt;b</mark>'),
    ],
)
def test_only_mark_tags_survive_in_highlights(given: str, shown: str) -> None:
    assert render.safe_highlight(given) == shown


def test_snippets_carry_their_page_number() -> None:
    html = render.snippets_html([{"page": 2, "text": "… <mark>political prisoners</mark> …"}])
    assert "p. 2:" in html and "<mark>political prisoners</mark>" in html


def test_timeline_fills_empty_months_and_folds_long_spans_into_years() -> None:
    unit, labels, counts = render.timeline(
        [{"key": "2024-11", "count": 2}, {"key": "2025-02", "count": 1}]
    )
    assert unit == "month"
    assert labels == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert counts == [2, 0, 0, 1]
    unit, labels, counts = render.timeline(
        [{"key": "1999-01", "count": 1}, {"key": "2003-06", "count": 4}]
    )
    assert (unit, labels, counts) == ("year", ["1999", "2000", "2001", "2002", "2003"],
                                      [1, 0, 0, 0, 4])


def test_selected_facet_values_stay_listed() -> None:
    rows = merged(
        [{"value": "en", "count": 5}, {"value": "ru", "count": 0}, {"value": "be", "count": 0}],
        ["be", "uk"],
    )
    assert rows == [("en", 5), ("be", 0), ("uk", None)]
    assert render.facet_label("lang", "be", 0) == "Беларуская (0)"
    assert render.facet_label("lang", "xx", None) == "xx"


def test_language_names_fall_back_to_the_code() -> None:
    assert strings.language_name("ru") == "Русский"
    assert strings.language_name("sw") == "sw"


def test_file_sizes_are_human() -> None:
    assert render.file_size(300) == "300 bytes"
    assert render.file_size(2048) == "2.0 KB"
    assert render.file_size(5 * 1024**3) == "5.0 GB"


def test_document_ids_are_quoted_into_paths() -> None:
    client = ApiClient("http://api:8000/")
    assert client.original_url("a/b c") == "http://api:8000/documents/a%2Fb%20c/original"


def test_query_terms_leave_out_operators_and_excluded_words() -> None:
    assert render.query_terms('"political prisoners" AND Belarus NOT Minsk -sanctions OR x') == [
        "political", "prisoners", "belarus"
    ]


def test_search_words_are_marked_in_page_text_safely() -> None:
    pattern = render.term_pattern("приговор заключённых")
    body, count = render.marked("Приговора нет. <b>заключенных</b> & приговорили", pattern)
    assert count == 3
    assert body == (
        "<mark>Приговора</mark> нет. &lt;b&gt;<mark>заключенных</mark>&lt;/b&gt; &amp; "
        "<mark>приговорили</mark>"
    )
    assert render.marked("a < b", None) == ("a &lt; b", 0)


def test_a_figure_is_shown_as_written_with_its_clause_and_pages_escaped() -> None:
    figure = {
        "value": 1275, "counted": "people", "text": "at least 1,275 people",
        "qualifier": "at least", "unit": None, "pages": [1, 3],
        "context": "at least 1,275 people remain imprisoned <on> politically motivated …",
    }
    assert render.figure_html(figure) == (  # type: ignore[arg-type]
        "<b>at least 1,275 people</b> remain imprisoned &lt;on&gt; politically motivated … "
        "(p. 1, 3)"
    )
    bare = {"value": 45, "counted": "", "text": "45%", "qualifier": None, "unit": "%",
            "pages": [], "context": ""}
    assert render.figure_html(bare) == "<b>45%</b>"  # type: ignore[arg-type]


def test_language_label_shows_the_name_and_the_confidence() -> None:
    assert render.language_label("be", 0.974) == "Беларуская (97%)"
    assert render.language_label("uk", None) == "Українська"


def test_a_timeline_bar_filters_to_its_month_or_year() -> None:
    state = ViewState(q="x", page=3)
    march = state.month("2024-02")
    assert (march.date_from, march.date_to, march.page, march.q) == (
        "2024-02-01", "2024-02-29", 1, "x")
    year = state.month("2023")
    assert (year.date_from, year.date_to) == ("2023-01-01", "2023-12-31")


def test_a_saved_search_link_reproduces_the_search_but_not_the_open_document() -> None:
    state = ViewState(q="a b", filters={"lang": ("ru", "be")}, sort="date_desc", page=2,
                      doc="abc", pg=3, cooc=True)
    again = ViewState.from_link(state.search_link())
    assert again == ViewState(q="a b", filters={"lang": ("ru", "be")}, sort="date_desc",
                              page=2, cooc=True)


def test_the_page_shown_as_an_image_is_in_the_url_only_with_its_document() -> None:
    assert from_query(query(doc="d", pg="4")).pg == 4
    assert ViewState(doc="d", pg=4).to_query()["pg"] == "4"
    assert "pg" not in ViewState(pg=4).to_query()
    assert ViewState(doc="d", pg=4).closed().pg == 1


def test_a_query_error_is_shown_with_a_caret_under_its_character() -> None:
    from ui.search_view import query_problem

    detail = "q: unbalanced bracket: close it with ) (at character 3)"
    assert query_problem("a (b", detail) == "a (b\n  ^"
    assert query_problem("a", "date_from: not a date") is None


def test_field_filters_are_not_words_to_mark() -> None:
    terms = render.query_terms('приговор lang:ru entity:"Ales B" title:verdict verd* -x')
    assert terms == ["приговор", "verdict", "verd"]


def test_a_mentioned_date_opens_the_documents_talking_about_its_period() -> None:
    day = ViewState.mentioning("2024-07-02")
    assert (day.mentioned_from, day.mentioned_to, day.sort) == ("2024-07-02", "2024-07-02",
                                                                "date_desc")
    month = ViewState.mentioning("2024-02")
    assert (month.mentioned_from, month.mentioned_to) == ("2024-02-01", "2024-02-29")
    year = ViewState.mentioning("2020")
    assert ("mentioned_from", "2020-01-01") in year.api_params()
    assert ("mentioned_to", "2020-12-31") in year.api_params()
    again = ViewState.from_link(year.search_link())
    assert again == year and again.has_filters
    assert not again.cleared().has_filters


@pytest.mark.parametrize(
    "text",
    ["![x](http://127.0.0.1:9/beacon.png)", "<img src=x onerror=alert(1)>", "**bold**",
     "[link](javascript:alert(1))", "$x^2$", ":red[red] :material/home:", "a\\*b", "# h"],
)
def test_markdown_escaping_leaves_no_markup(text: str) -> None:
    escaped = render.md(text)
    # what is left unescaped cannot open a link, image, tag, emphasis, math or directive
    bare = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[\[\]<>*`$~]|^#|\*\*|:material/", bare), escaped
    shown = re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "")
    assert shown == text  # and it reads back as the same text


def test_markdown_escaping_leaves_ordinary_text_alone() -> None:
    for text in ("Суд Заводского района г. Минска (2)", "my_file.pdf", "A & B: 3-4"):
        assert render.md(text) == text


def test_the_detail_views_say_which_search_back_returns_to() -> None:
    state = ViewState(q="приговор", filters={"lang": ("ru", "be")}, date_from="2020-01-01")
    summary = search_summary(state)
    assert summary == "«приговор» · Language: ru, be · Dated from 2020-01-01"
    assert search_summary(ViewState()) == strings.SEARCH_EVERYTHING
